/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The web app in a real browser (Debian's Chromium through playwright-core) against the real server:
// the demo corpus is ingested into a temporary SQLite store, `buildServer` serves the built app from
// dist/web under its CSP, and each view is opened, read and photographed into test-output/screenshots/.
// One browser for the whole file. Skipped, with the reason, when Chromium or a build is missing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM = '/usr/bin/chromium';
const WEB = path.join(ROOT, 'dist/web/index.html');
const SERVER = path.join(ROOT, 'dist/src/serve/server.js');
const SHOTS = path.join(ROOT, 'test-output/screenshots');
const TOKEN = 'browser-test-token';

const missing = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed (apt-get install chromium)`
  : !existsSync(WEB) ? 'dist/web is not built (npm run build)'
    : !existsSync(SERVER) ? 'dist/src/serve is not built' : null;
if (missing) console.log(`# browser tests skipped: ${missing}`);

/** What the XSS article tries; every `__xss` assignment must never run. */
const XSS_TEXT = [
  'Hackers test the record',
  '',
  '"<script>window.__xss = 1; alert(1)</script> is only text here," the tester said on Monday.',
  '',
  'The tester said <img src=x onerror="window.__xss = 2; alert(2)"> and [x](javascript:alert(1)) were harmless.',
  '',
  'A link <a href="javascript:window.__xss = 3">click me</a> and </textarea><script>window.__xss = 4</script> end the test, the tester added.',
].join('\n');
const XSS_TITLE = '<img src=x onerror="window.__xss = 5">Title</b>';

describe('web app in Chromium', { skip: missing ?? false }, () => {
  let tmp = '';
  let base = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let close: () => Promise<void> = async () => {};
  let lavrovId = '';
  let xssId = '';
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  const api = async (p: string, init?: RequestInit): Promise<any> => {
    const res = await fetch(base + p, init);
    const body = await res.json();
    assert.ok(res.ok, `${p}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const ingest = (body: object) => api('/api/ingest', {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body),
  });

  /** Opens a route and waits until the view has rendered (main not busy, no loading note). */
  async function open(p: Page, hash: string): Promise<void> {
    await p.goto(`${base}/${hash}`);
    await p.waitForFunction(() => {
      const main = document.querySelector('main');
      return !!main && !main.hasAttribute('aria-busy') && !!main.querySelector('.view');
    });
  }

  /** No console error and no CSP violation so far; clears both for the next view. */
  async function clean(p: Page, view: string): Promise<void> {
    const violations = await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []);
    assert.deepEqual(violations, [], `${view}: CSP violations`);
    assert.deepEqual(consoleErrors, [], `${view}: console errors`);
    consoleErrors.length = 0;
    await p.evaluate(() => { (window as unknown as { __csp: string[] }).__csp = []; });
  }

  /** Counts the page's requests for whole articles until stop() (a view that needs none makes none). */
  function countArticleFetches(p: Page): { stop: () => number } {
    let n = 0;
    const seen = (r: { url: () => string }) => { if (/\/api\/articles\/[^/?]+$/.test(new URL(r.url()).pathname)) n++; };
    p.on('request', seen);
    return { stop: () => { p.off('request', seen); return n; } };
  }

  const shot = (p: Page, name: string, fullPage = false) => p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

  async function newPage(width: number, height: number): Promise<Page> {
    const p = await context.newPage();
    await p.setViewportSize({ width, height });
    p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    p.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    p.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    return p;
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = mkdtempSync(path.join(tmpdir(), 'dossier-web-'));
    const db = path.join(tmp, 'dossier.db');
    execFileSync(process.execPath, [path.join(ROOT, 'bin/dossier.js'), 'ingest', path.join(ROOT, 'examples'), '--db', db, '--workers', '1'], { stdio: 'pipe' });
    const { buildServer } = await import(SERVER) as typeof import('../../src/serve/server.js');
    const { openSqliteStore } = await import('../../src/store/sqlite-store.js');
    const store = await openSqliteStore(db);
    const app = await buildServer({ store, token: TOKEN });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    close = async () => { await app.close(); await store.close(); };

    const lavrovText = readFileSync(path.join(ROOT, 'examples/lavrov-2022-03-28.txt'), 'utf8');
    lavrovId = (await ingest({ text: lavrovText, published: '2022-03-28' })).results[0].articleId;
    xssId = (await ingest({ text: XSS_TEXT, title: XSS_TITLE, published: '2022-04-01' })).results[0].articleId;

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext();
    // CSP violations are reported as events in the page; an init script (run by the browser, not by
    // the page, so the CSP does not apply to it) records them.
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = await newPage(1280, 900);
  });

  after(async () => {
    await browser?.close();
    await close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('home lists the articles with their counts', async () => {
    await open(page, '#/');
    const rows = await page.locator('.articles-table tbody tr').count();
    assert.ok(rows >= 35, `expected the demo corpus, got ${rows} rows`);
    // the plain-text reference article is titled by its headline, as the server stored it
    const ref = page.locator(`.articles-table a[href="#/article/${lavrovId}"]`);
    assert.equal(await ref.innerText(), 'Putin-Zelenskyy meeting likely after key differences are settled: Top Russian diplomat');
    assert.equal(await page.locator('.articles-table', { hasText: 'untitled article' }).count(), 0);
    await shot(page, 'home');
    await clean(page, 'home');
  });

  test('article: Lavrov\'s quotes are marked; hovering one shows the resolved speaker without moving the text', async () => {
    await open(page, `#/article/${lavrovId}`);
    assert.match(await page.locator('h1').innerText(), /Putin-Zelenskyy meeting/);
    assert.match(await page.locator('.legend-speakers').innerText(), /Sergey Lavrov/);
    // the attribution of the direct quote resolved through "he"
    const heQuote = await page.evaluate(() => {
      const m = [...document.querySelectorAll<HTMLElement>('.mark-source')].find((x) => x.textContent === 'he');
      return m?.dataset.attribution ?? null;
    });
    assert.ok(heQuote, 'a source mark reads "he"');
    const mark = page.locator(`[data-mark="content:${heQuote}:0"][data-first]`);
    await mark.scrollIntoViewIfNeeded();
    const textBox = await page.locator('.article-text').boundingBox();
    await mark.hover();
    const pop = page.locator('.popover:not([hidden])');
    await pop.waitFor();
    const record = await pop.innerText();
    assert.match(record, /“he” → Sergey Lavrov/);
    assert.match(record, /Stance/);
    assert.match(record, /direct quote/);
    assert.deepEqual(await page.locator('.article-text').boundingBox(), textBox, 'the popover does not move the text');
    assert.equal(await mark.getAttribute('aria-describedby'), await pop.getAttribute('id'));
    await shot(page, 'article');
    await clean(page, 'article');
  });

  test('article: the marked text is the analysed text, and every mark covers exactly its span', async () => {
    const { analysis } = await api(`/api/articles/${lavrovId}`);
    await open(page, `#/article/${lavrovId}`);
    const got = await page.evaluate(() => {
      const root = document.querySelector('.article-text')!;
      const pieces = new Map<string, { text: string; start: number; end: number }>();
      for (const el of root.querySelectorAll<HTMLElement>('[data-mark]')) {
        const p = pieces.get(el.dataset.mark!) ?? { text: '', start: Number(el.dataset.start), end: Number(el.dataset.end) };
        p.text += el.textContent;
        pieces.set(el.dataset.mark!, p);
      }
      return { text: root.textContent, marks: [...pieces] };
    });
    assert.equal(got.text, analysis.text, 'segments cover the text once, in order');
    assert.ok(got.marks.length > 60);
    for (const [key, p] of got.marks) assert.equal(p.text, analysis.text.slice(p.start, p.end), `mark ${key}`);
    // overlaps exist in this article (figures and a condition inside quotes), so splitting was exercised
    assert.ok(got.marks.some(([key]) => key.startsWith('condition:')));
  });

  test('article: a mark reached with Tab shows the same popover; the panel jumps to a statement', async () => {
    await open(page, `#/article/${lavrovId}`);
    await page.mouse.move(1270, 890);
    await page.locator('main h1').click();
    let focused: string | null = null;
    for (let i = 0; i < 40 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.mark ?? null);
    }
    assert.ok(focused?.startsWith('content:'), `Tab reaches a quote mark first (got ${focused})`);
    const pop = page.locator('.popover:not([hidden])');
    await pop.waitFor();
    assert.match(await pop.innerText(), /Sergey Lavrov/);
    await page.keyboard.press('Escape');
    await pop.waitFor({ state: 'hidden' });

    const button = page.locator('.panel-statement').nth(3);
    const id = await button.getAttribute('data-attribution');
    await button.click();
    const active = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.mark ?? null);
    assert.equal(active, `content:${id}:0`);
    await clean(page, 'article keyboard');
  });

  test('article: a link to a span scrolls to the characters and flashes them', async () => {
    await open(page, `#/article/${lavrovId}?span=268-444`);
    const target = page.locator('.mark-target[data-first]');
    await target.waitFor();
    assert.match(await page.locator('.mark-target').allInnerTexts().then((t) => t.join('')), /^A meeting between Russian President/);
    await page.waitForFunction(() => document.activeElement?.classList.contains('mark-target'));
    assert.ok(await target.isVisible());
    await clean(page, 'article span');
  });

  test('person page: Lavrov\'s statements over time, each linking to its span; his claims', async () => {
    await open(page, '#/entity/Lavrov');
    assert.equal(await page.locator('h1').innerText(), 'Sergey Lavrov');
    const statements = page.locator('.entity-statements .statement');
    assert.ok(await statements.count() >= 15);
    const href = await statements.first().locator('a.span-link').getAttribute('href');
    assert.match(href ?? '', /^#\/article\/[^/?]+\?span=\d+-\d+$/);
    assert.match(await page.locator('.entity-facts').innerText(), /Russian Foreign Minister/);
    assert.ok(await page.locator('.entity-claims .claim-pair').count() >= 1);
    await shot(page, 'person');
    await clean(page, 'person');
  });

  test('story: figure charts are SVGs with focusable points linking to their reports', async () => {
    await open(page, '#/story/figures');
    const points = page.locator('svg.figure-chart a.point');
    assert.ok(await points.count() >= 2);
    assert.match((await points.first().getAttribute('href')) ?? '', /^#\/article\/.+\?span=\d+-\d+$/);
    // each point and each row names its source and its article: one series mixes incidents
    assert.match((await points.first().getAttribute('aria-label')) ?? '', / — .+, .+, in “.+”$/);
    const rowsWithArticle = await page.locator('.figure-table tbody tr .article-of').count();
    assert.equal(rowsWithArticle, await page.locator('.figure-table tbody tr').count());
    assert.ok(await page.locator('.figure-table td', { hasText: 'at least' }).count() >= 1);
    await points.first().focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('class')), 'point');
    await shot(page, 'story-figures');
    await clean(page, 'figures');
  });

  test('story: meetings show the conditional meeting with its condition, and venues', async () => {
    await open(page, '#/story/meetings');
    const conditional = page.locator('.col-conditional .meeting');
    assert.ok(await conditional.count() >= 1);
    assert.match(await conditional.first().innerText(), /if all key differences between the two countries are settled/);
    assert.match(await page.locator('.col-proposed').innerText(), /Istanbul/);
    // times as written with their date, and each venue once (a place is one story entity across articles)
    assert.ok(await page.locator('.meeting dt', { hasText: 'When' }).count() >= 1);
    assert.match(await page.locator('.meetings-grid').innerText(), /When\s+“[^”]+” \(/);
    const venues = await page.locator('.venues li strong, .venues li a.entity-link').allInnerTexts();
    assert.ok(venues.includes('Istanbul'), venues.join(', '));
    assert.equal(new Set(venues).size, venues.length, venues.join(', '));
    await shot(page, 'story-meetings');
    await clean(page, 'meetings');
  });

  test('story: claims beside the counter-claims; what Kyiv dismissed', async () => {
    const articleFetches = countArticleFetches(page);
    await open(page, '#/story/claims');
    assert.equal(articleFetches.stop(), 0, 'speakers and titles come with the claims');
    const dismissal = page.locator('.claim-pair', { hasText: 'Russia’s claims' });
    assert.ok(await dismissal.count() >= 1);
    assert.match(await dismissal.first().innerText(), /Kyiv/);
    assert.match(await dismissal.first().innerText(), /Putin-Zelenskyy meeting likely after key differences are settled/);
    assert.ok(await dismissal.first().locator('a.entity-link', { hasText: 'Sergey Lavrov' }).count() >= 1);
    await shot(page, 'story-claims');
    await clean(page, 'claims');
  });

  test('story: timeline of statements and events', async () => {
    const articleFetches = countArticleFetches(page);
    await open(page, '#/story/timeline');
    assert.equal(articleFetches.stop(), 0, 'titles, speakers and dates come with the answers');
    assert.ok(await page.locator('.timeline .statement').count() > 50);
    assert.ok(await page.locator('.timeline .event-item').count() > 5);
    // statements link to their speaker's page; events show their time as written
    assert.ok(await page.locator('.timeline .statement:not(.event-item) a.entity-link').count() > 30);
    assert.ok(await page.locator('.timeline .event-when').count() >= 1);
    assert.equal(await page.locator('.timeline', { hasText: 'untitled article' }).count(), 0);
    await shot(page, 'story-timeline');
    await clean(page, 'timeline');
  });

  test('search finds statements and articles with spans', async () => {
    await open(page, '#/search?q=Istanbul');
    assert.ok(await page.locator('.hit a.span-link').count() >= 1);
    await shot(page, 'search');
    await clean(page, 'search');
  });

  test('add: the token stays in sessionStorage, out of the URL and the page; a pasted text previews', async () => {
    await open(page, '#/add');
    await page.fill('#add-token', 'secret-token-value');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('dossier.writeToken')), 'secret-token-value');
    await page.fill('#add-text', '"We will talk in Istanbul," Lavrov said on Monday.');
    await page.getByRole('button', { name: /Preview/ }).click();
    await page.locator('.add-out .article-text').waitFor();
    assert.ok(await page.locator('.add-out .mark-content').count() >= 1);
    assert.ok(!page.url().includes('secret'), 'the token is not in the URL');
    assert.ok(!(await page.locator('body').innerText()).includes('secret-token-value'), 'the token is not in the page text');
    await shot(page, 'add', true);
    await clean(page, 'add');
  });

  test('an article full of markup shows it as text and runs none of it', async () => {
    await open(page, `#/article/${xssId}`);
    const text = await page.locator('.article-text').textContent();
    assert.ok(text?.includes('<script>window.__xss = 1; alert(1)</script>'), 'the <script> text is visible');
    assert.ok(text?.includes('<img src=x onerror="window.__xss = 2; alert(2)">'));
    assert.ok(text?.includes('[x](javascript:alert(1))'));
    assert.ok(text?.includes('</textarea>'));
    assert.equal(await page.locator('h1').innerText(), XSS_TITLE);
    await open(page, '#/');
    await open(page, '#/search?q=tester');
    await open(page, `#/article/${xssId}`);
    await page.locator('.mark-content').first().hover();
    await page.waitForTimeout(100);
    const injected = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      scripts: [...document.scripts].map((s) => s.src.replace(location.origin, '')),
      imgs: document.querySelectorAll('img').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href')!)).length,
      textareas: document.querySelectorAll('textarea').length,
    }));
    assert.equal(injected.xss, undefined, 'no payload ran');
    assert.deepEqual(injected.scripts.filter((s) => !/^\/assets\/index-[\w-]+\.js$/.test(s)), [], 'no injected <script>');
    assert.equal(injected.imgs, 0);
    assert.equal(injected.jsLinks, 0);
    assert.equal(injected.textareas, 0);
    assert.deepEqual(dialogs, [], 'no dialog opened');
    await clean(page, 'xss article');
  });

  test('phone width: the article reads without sideways scrolling', async () => {
    const phone = await newPage(390, 844);
    await open(phone, `#/article/${lavrovId}`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await shot(phone, 'article-phone');
    await open(phone, '#/story/meetings');
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
    await shot(phone, 'meetings-phone');
    await clean(phone, 'phone');
    await phone.close();
  });
});
