// `dossier ingest`, the question commands and export, run in-process through main() against a SQLite
// file in a temporary folder (and PostgreSQL for the core ingest, when it is up). Feeds and pages come
// from a server on 127.0.0.1 started here; nothing else is contacted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { formatSummary, type IngestSummary } from '../../src/cli/ingest-run.js';
import { formatDuration, progressLine, ProgressBar } from '../../src/cli/progress.js';
import { csvField, csvLine } from '../../src/cli/export.js';
import { renderTable } from '../../src/cli/query.js';
import { openStore } from '../../src/store/store.js';
import { freshPgSchema, pgReachable } from '../../src/bench/ingest-kill.js';
import { REFERENCE_PATH } from '../helpers/contract.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-ingest-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Run { status: number; stdout: string; stderr: string }

async function dossier(args: string[]): Promise<Run> {
  const stdout = new PassThrough(), stderr = new PassThrough(), stdin = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => { chunks.out += d.toString(); });
  stderr.on('data', (d: Buffer) => { chunks.err += d.toString(); });
  stdin.end('');
  const status = await main(args, { stdin, stdout, stderr, env: {} });
  return { status, stdout: chunks.out, stderr: chunks.err };
}

const REPORT_A = 'Russian Foreign Minister Sergey Lavrov said on Monday that a meeting between the presidents would be possible.\n\n"A meeting of the presidents will be necessary when we have clarity," Lavrov told reporters in Moscow.\n\nThe United Nations said at least 1,119 civilians had been killed since the invasion began.\n';
const REPORT_B = 'Ukrainian President Volodymyr Zelenskyy said on Tuesday that Kyiv was ready to discuss neutrality.\n\nSergei Lavrov, Russia\'s top diplomat, said talks in Istanbul could go ahead if the sides agreed.\n';
const PAGE = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="2022-03-30T08:00:00Z"></head><body><article><h1>${title}</h1>${body.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

let server: Server;
let base = '';
let watchVersion = 1;
const watchRequests: Array<string | undefined> = [];
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/watch.xml') {
      watchRequests.push(req.headers['if-none-match'] as string | undefined);
      const etag = `"w${watchVersion}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      const items = Array.from({ length: watchVersion }, (_, i) => `<item><title>Report ${i + 1}</title><link>${base}/w/${i + 1}</link><guid>w${i + 1}</guid></item>`).join('');
      return res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<rss version="2.0"><channel><title>Watch</title>${items}</channel></rss>`);
    }
    if (req.url?.startsWith('/w/')) {
      const n = req.url.slice(3);
      return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`Report number ${n}: officials in Kyiv said on Monday that talks would resume, according to the ministry.\n`);
    }
    if (req.url === '/feed.xml') {
      return res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"f1"' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Lavrov on the talks (feed title)</title><link>${base}/story-1</link><guid>s1</guid><pubDate>Tue, 29 Mar 2022 07:00:00 GMT</pubDate></item>
<item><title>Missing page</title><link>${base}/gone</link><guid>s2</guid></item></channel></rss>`);
    }
    if (req.url === '/story-1') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Page title', REPORT_B));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A folder with every kind of input, and things to skip. */
function corpusFolder(): string {
  const dir = path.join(tmp, 'corpus');
  mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  writeFileSync(path.join(dir, 'lavrov-2022-03-28.txt'), REPORT_A);
  writeFileSync(path.join(dir, 'kyiv-2022-04-05.txt'), 'Officials in Kyiv said on Tuesday that 410 bodies had been found in towns near the capital.\n');
  writeFileSync(path.join(dir, 'nested', 'page.html'), PAGE('Zelenskyy on neutrality', REPORT_B));
  writeFileSync(path.join(dir, 'nested', 'deeper', 'batch.jsonl'), [
    JSON.stringify({ id: 'j1', title: 'Copy of A', published: '2022-03-28', text: REPORT_A }),
    '',
    JSON.stringify({ id: 'j2', published: '2022-04-02', text: 'Kyiv dismissed Russia\'s claims on Saturday, the foreign ministry said.' }),
    '{not json',
    JSON.stringify({ id: 'j3', text: '   ' }),
  ].join('\n'));
  writeFileSync(path.join(dir, '.hidden.txt'), REPORT_A);
  writeFileSync(path.join(dir, '.git', 'config'), '[core]');
  writeFileSync(path.join(dir, 'notes.md'), '# notes');
  writeFileSync(path.join(dir, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  return dir;
}

test('ingest a folder: every kind of input, skips and failures with reasons, then a re-ingest is all duplicates', async () => {
  const dir = corpusFolder();
  const db = path.join(tmp, 'folder.db');
  const first = await dossier(['ingest', dir, '--db', db, '--json']);
  assert.equal(first.status, 0, first.stderr);
  const s = JSON.parse(first.stdout) as IngestSummary;
  // 2 txt + html + 2 good jsonl lines, one of them a copy of a txt (same content hash): 4 new, 1 duplicate
  assert.equal(s.ingested, 4, JSON.stringify(s));
  assert.equal(s.duplicates, 1);
  const failedCodes = Object.fromEntries(s.failures.map((g) => [g.code, g.count]));
  assert.deepEqual(failedCodes, { DOSSIER_JSONL_BAD_LINE: 1, DOSSIER_INPUT_EMPTY: 1, DOSSIER_INPUT_BINARY: 1 });
  const skipped = s.skips.flatMap((g) => g.examples.map((e) => path.basename(e.label)));
  assert.deepEqual(skipped.sort(), ['.git', '.hidden.txt', 'notes.md']);
  for (const g of [...s.failures, ...s.skips]) for (const e of g.examples) assert.ok(e.message.length > 0, 'every skip and failure says why');

  const store = await openStore(db);
  try {
    const articles = (await store.listArticles({ limit: 100 })).items;
    assert.equal(articles.length, 4);
    const txt = articles.find((a) => a.foundVia === 'file' && a.text.startsWith('Officials in Kyiv'))!;
    assert.equal(txt.published, '2022-04-05', 'a plain-text file takes the date in its name');
    assert.equal(txt.publishedFrom, 'file-name');
    const html = await store.getArticle(articles.find((a) => a.title === 'Zelenskyy on neutrality')!.id);
    assert.match(html?.html ?? '', /<article>/, 'the page snapshot is kept');
    assert.equal(html?.published?.slice(0, 10), '2022-03-30');
    assert.ok(articles.some((a) => a.foundVia === 'jsonl' && a.externalId === 'j2'));
  } finally {
    await store.close();
  }

  const again = await dossier(['ingest', dir, '--db', db, '--json']);
  const s2 = JSON.parse(again.stdout) as IngestSummary;
  assert.equal(s2.ingested, 0);
  assert.equal(s2.duplicates, 5);
  assert.ok(s2.seconds < s.seconds || s2.seconds < 2, 're-ingest does not analyse');
});

test('ingest a feed by URL: entries fetched, the feed\'s title, link and date kept (publishedFrom feed)', async () => {
  const db = path.join(tmp, 'feed.db');
  const refused = await dossier(['ingest', `${base}/feed.xml`, '--db', db, '--json']);
  assert.equal(refused.status, 1);
  assert.equal((JSON.parse(refused.stdout) as IngestSummary).failures[0].code, 'DOSSIER_FETCH_PRIVATE_ADDRESS');
  const r = await dossier(['ingest', `${base}/feed.xml`, '--db', db, '--allow-private', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as IngestSummary;
  assert.equal(s.ingested, 1);
  assert.deepEqual(s.failures.map((g) => g.code), ['DOSSIER_FETCH_HTTP_STATUS']);
  const store = await openStore(db);
  try {
    const [a] = (await store.listArticles()).items;
    assert.equal(a.foundVia, 'feed');
    assert.equal(a.title, 'Lavrov on the talks (feed title)');
    assert.equal(a.url, `${base}/story-1`);
    assert.equal(a.published, '2022-03-29T07:00:00Z');
    assert.equal(a.publishedFrom, 'feed');
  } finally {
    await store.close();
  }
});

test('--watch polls the feed with If-None-Match, ingests only new entries, and stops cleanly on SIGINT', { timeout: 60_000 }, async () => {
  const db = path.join(tmp, 'watch.db');
  const running = dossier(['ingest', `${base}/watch.xml`, '--db', db, '--allow-private', '--watch', '5', '--json']);
  // First pass: one entry. Then a second entry appears; the poll after 5 s picks it up; then Ctrl-C.
  await new Promise((r) => setTimeout(r, 1500));
  watchVersion = 2;
  const deadline = Date.now() + 30_000;
  while (watchRequests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 3000));
  process.emit('SIGINT');
  const r = await running;
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as IngestSummary;
  assert.equal(s.ingested, 2, r.stdout);
  assert.equal(s.interrupted, true);
  assert.equal(watchRequests[1], '"w1"', 'the second request sent the ETag back');
  assert.match(r.stderr, /watching 1 feed every 5 s/);
});

test('question commands and exports over an ingested store: spans round-trip, every row present', async () => {
  const db = path.join(tmp, 'folder.db');
  const store = await openStore(db);
  const texts = new Map<string, string>();
  for (const a of (await store.listArticles({ limit: 100 })).items) texts.set(a.id, a.text);
  const quoteCount = (await store.quotes({ limit: 1000 })).items.length;
  const figureCount = (await store.figures({ limit: 1000 })).items.length;
  await store.close();

  const quotes = await dossier(['quotes', '--by', 'Lavrov', '--db', db, '--jsonl']);
  assert.equal(quotes.status, 0, quotes.stderr);
  const rows = quotes.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { articleId: string; start: number; end: number; cue: { start: number; end: number; text: string } });
  assert.ok(rows.length >= 1, 'Lavrov said something');
  for (const q of rows) assert.equal(texts.get(q.articleId)!.slice(q.cue.start, q.cue.end), q.cue.text, 'the cue span is the cue text');

  const every = await dossier(['quotes', '--db', db, '--jsonl', '--limit', '7']);
  assert.equal(every.status, 0, every.stderr);
  const everyRow = every.stdout.trim().split('\n').map((l) => JSON.parse(l) as { articleId: string; attributionId: string; date: string | null });
  assert.equal(everyRow.length, quoteCount, 'with neither --by nor --about: every statement, every page');
  assert.equal(new Set(everyRow.map((q) => `${q.articleId}:${q.attributionId}`)).size, quoteCount);
  assert.ok(everyRow.every((q) => q.date), 'each dated');

  const table = await dossier(['quotes', '--by', 'Lavrov', '--db', db, '--width', '160']);
  assert.match(table.stdout, /article:span/);
  assert.match(table.stdout, /[0-9a-f]{20}:\d+-\d+/, 'every row names its article and span');

  for (const args of [['figures', '--measure', 'killed'], ['events'], ['claims'], ['search', 'Istanbul'], ['entities'], ['timeline', 'Lavrov'], ['entity', 'Lavrov']]) {
    const r = await dossier([...args, '--db', db]);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stdout.length > 0, args.join(' '));
  }
  const search = await dossier(['search', 'Istanbul', '--db', db, '--json']);
  assert.ok((JSON.parse(search.stdout) as { items: unknown[] }).items.length >= 1);

  const csv = await dossier(['export', '--format', 'csv', '--what', 'quotes', '--db', db]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(parseCsv(csv.stdout).length, quoteCount + 1, 'a header and every quote');
  const out = path.join(tmp, 'figures.jsonl');
  const fig = await dossier(['export', '--format', 'jsonl', '--what', 'figures', '--db', db, '--out', out]);
  assert.equal(fig.status, 0, fig.stderr);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).length, figureCount);
  const analyses = await dossier(['export', '--format', 'jsonl', '--what', 'analyses', '--db', db]);
  const docs = analyses.stdout.trim().split('\n').map((l) => JSON.parse(l) as { schema: string; text: string; articleId: string });
  assert.equal(docs.length, texts.size);
  for (const d of docs) assert.equal(d.schema, 'dossier/analysis@1');
});

test('merge and unmerge are explained and undoable', async () => {
  const db = path.join(tmp, 'folder.db');
  const merged = await dossier(['merge', 'Lavrov', 'Zelenskyy', '--reason', 'test', '--db', db, '--json']);
  assert.equal(merged.status, 0, merged.stderr);
  const m = JSON.parse(merged.stdout) as { id: string };
  const entity = await dossier(['entity', 'Lavrov', '--db', db]);
  assert.match(entity.stdout, new RegExp(m.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const undo = await dossier(['unmerge', m.id, '--db', db]);
  assert.equal(undo.status, 0, undo.stderr);
  const twice = await dossier(['unmerge', m.id, '--db', db]);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /already undone|no longer merged/);
});

test('reanalyze: nothing to do when the extractor is current; --all re-runs every stored article and re-links the story', async () => {
  const db = path.join(tmp, 'folder.db');
  const none = JSON.parse((await dossier(['reanalyze', '--db', db, '--json'])).stdout) as { reanalyzed: number; articles: number };
  assert.equal(none.reanalyzed, 0);
  const all = JSON.parse((await dossier(['reanalyze', '--all', '--db', db, '--json'])).stdout) as { reanalyzed: number; articles: number; relinked: number; failed: number };
  assert.deepEqual([all.reanalyzed, all.articles, all.relinked, all.failed], [4, 4, 4, 0]);
  const q = await dossier(['quotes', '--by', 'Lavrov', '--db', db, '--jsonl']);
  assert.ok(q.stdout.trim().split('\n').length >= 1, 'questions still answer after re-linking');
});

test('a plain-text article without a title is stored under its headline, which reanalysis does not turn into a given title', async () => {
  const dir = path.join(tmp, 'headline');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'lavrov-2022-03-28.txt'), readFileSync(REFERENCE_PATH));
  const db = path.join(tmp, 'headline.db');
  assert.equal((await dossier(['ingest', dir, '--db', db, '--json'])).status, 0);
  const headline = 'Putin-Zelenskyy meeting likely after key differences are settled: Top Russian diplomat';
  const stored = async (): Promise<[string | null, string | null]> => {
    const store = await openStore(db);
    try {
      const [a] = (await store.listArticles({ limit: 10 })).items;
      return [a.title, (await store.getAnalysis(a.id))!.title ?? null];
    } finally {
      await store.close();
    }
  };
  assert.deepEqual(await stored(), [headline, null], 'the title is stored; the analysis keeps the engine\'s (none given)');
  assert.equal((await dossier(['reanalyze', '--all', '--db', db, '--json'])).status, 0);
  assert.deepEqual(await stored(), [headline, null]);
});

test('usage errors name the problem and never create a store', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['ingest'], /needs at least one input/],
    [['ingest', 'x', '--watch', '1'], /--watch takes the polling interval/],
    [['ingest', 'x', '--workers', 'many'], /--workers must be/],
    [['ingest', 'x', '--published', 'soon'], /--published/],
    [['quotes', '--by', 'a', '--about', 'b'], /not both/],
    [['timeline'], /takes one NAME/],
    [['entities', '--type', 'THING'], /--type must be/],
    [['export', '--format', 'xml', '--what', 'quotes'], /--format must be jsonl or csv/],
    [['export', '--format', 'csv', '--what', 'analyses'], /--format jsonl/],
    [['merge', 'a'], /two entities/],
    [['quotes', '--by', 'x', '--json', '--jsonl'], /give one/],
  ];
  const cwdDb = path.resolve('dossier.db');
  for (const [args, says] of cases) {
    const r = await dossier(args);
    assert.equal(r.status, 2, `${args.join(' ')} → ${r.stderr}`);
    assert.match(r.stderr, says, args.join(' '));
  }
  assert.throws(() => readFileSync(cwdDb), 'no dossier.db was created by a usage error');
});

test('PostgreSQL: the same folder ingests to the same counts, and a re-ingest is all duplicates', async (t) => {
  const why = await pgReachable();
  if (why) return t.skip(`PostgreSQL unreachable (${why}); CI starts it`);
  const pg = await freshPgSchema();
  try {
    const dir = path.join(tmp, 'corpus');
    const first = JSON.parse((await dossier(['ingest', dir, '--db', pg.spec, '--json'])).stdout) as IngestSummary;
    assert.equal(first.ingested, 4);
    assert.equal(first.duplicates, 1);
    const again = JSON.parse((await dossier(['ingest', dir, '--db', pg.spec, '--json'])).stdout) as IngestSummary;
    assert.equal(again.ingested, 0);
    assert.equal(again.duplicates, 5);
    const q = await dossier(['quotes', '--by', 'Lavrov', '--db', pg.spec, '--jsonl']);
    assert.equal(q.status, 0, q.stderr);
    assert.ok(q.stdout.trim().length > 0);
  } finally {
    await pg.drop();
  }
});

test('progress line: counts, rate and ETA fitted to the terminal; nothing drawn off a terminal', () => {
  const cases: Array<[number, string]> = [[0, '0 s'], [9.4, '9 s'], [65, '1:05'], [3725, '1:02:05'], [-1, '?'], [Infinity, '?']];
  for (const [s, expected] of cases) assert.equal(formatDuration(s), expected);
  const line = progressLine({ done: 50, total: 200, ingested: 40, duplicates: 5, failed: 5 }, 10, 100);
  assert.match(line, /^\[#+-+\] 50\/200 25% · 5\.0\/s · ETA 30 s · new 40 dup 5 failed 5$/);
  assert.ok(progressLine({ done: 1, total: 2, ingested: 1, duplicates: 0, failed: 0 }, 1, 30).length < 30);
  let written = '';
  const bar = new ProgressBar({ write: (s: string) => { written += s; return true; }, isTTY: false });
  bar.update({ done: 1, total: 2, ingested: 1, duplicates: 0, failed: 0 }, true);
  assert.equal(written, '');
  const tty = new ProgressBar({ write: (s: string) => { written += s; return true; }, isTTY: true, columns: 80 });
  tty.update({ done: 1, total: 2, ingested: 1, duplicates: 0, failed: 0 }, true);
  tty.clear();
  assert.match(written, /^\r\[.*\x1b\[K\r\x1b\[K$/);
});

test('summary groups failures by code with examples; CSV fields are RFC 4180 quoted; tables fit', () => {
  const s: IngestSummary = {
    items: 10, ingested: 6, duplicates: 1, failed: 3, skipped: 1, indexFailed: 0, resumed: 0, seconds: 2, interrupted: false,
    failures: [{ code: 'DOSSIER_FETCH_HTTP_STATUS', count: 3, examples: [{ label: 'https://a/x', message: 'answered HTTP 404.' }] }],
    skips: [{ code: 'DOSSIER_INPUT_SKIPPED', count: 1, examples: [{ label: 'notes.md', message: 'not an article file' }] }],
  };
  const text = formatSummary(s, 'dossier.db');
  assert.match(text, /^6 ingested, 1 duplicate \(already stored\), 3 failed, 1 skipped — 10 articles in 2\.0 s \(5\.0\/s\) into dossier\.db\./);
  assert.match(text, /DOSSIER_FETCH_HTTP_STATUS ×3\n {4}https:\/\/a\/x: answered HTTP 404\.\n {4}… and 2 more/);
  const csvCases: Array<[unknown, string]> = [
    ['plain', 'plain'], ['a,b', '"a,b"'], ['say "no"', '"say ""no"""'], ['two\nlines', '"two\nlines"'], [' edge', '" edge"'],
    [null, ''], [undefined, ''], [42, '42'], [['x', 'y'], '"[""x"",""y""]"'],
  ];
  for (const [v, expected] of csvCases) assert.equal(csvField(v), expected, String(v));
  assert.equal(csvLine(['a', 'b,c']), 'a,"b,c"\r\n');
  const t = renderTable([{ title: 'id', max: 4 }, { title: 'text', flex: true }], [['1', 'x'.repeat(200)]], 60);
  for (const line of t.trimEnd().split('\n')) assert.ok(line.length <= 60, line);
  assert.equal(renderTable([{ title: 'a' }], []), '(nothing found)\n');
});

/** A small RFC 4180 reader, to check the export parses back to the rows written. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', i = 0, quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
