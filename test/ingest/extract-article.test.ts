import { codeOf } from '../helpers/errors.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTitle, estimateDepth, extractArticle, isFurniture } from '../../src/ingest/extract-article.js';
import { dateFromUrl, findPublished, normalizeDate } from '../../src/ingest/find-published.js';
import { parseHTML } from 'linkedom';
import { DossierError } from '../../src/errors.js';

const BODY = [
  'The foreign minister said on Monday that talks would resume in Istanbul next week, after a pause of several days.',
  'Officials from both delegations confirmed the venue, and said the agenda would include humanitarian corridors and a ceasefire.',
  '"A meeting of the presidents will be necessary," he said, adding that it should be prepared carefully by both sides.',
  'At least 1,119 civilians have been killed and 1,790 injured, according to UN estimates published on the same day.',
];

function page(opts: { head?: string; before?: string; after?: string; paragraphs?: string[]; title?: string } = {}): string {
  const paras = (opts.paragraphs ?? BODY).map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html><head><title>${opts.title ?? 'Talks to resume in Istanbul | Example News'}</title>${opts.head ?? ''}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>${opts.before ?? ''}
<article><h1>Talks to resume in Istanbul</h1>${paras}</article>${opts.after ?? ''}
<footer>Copyright Example News 2022. All rights reserved.</footer></body></html>`;
}


test('an article page becomes the headline and its paragraphs, blank lines between', () => {
  const a = extractArticle(page({ head: '<meta property="og:site_name" content="Example News">' }));
  assert.equal(a.title, 'Talks to resume in Istanbul');
  assert.equal(a.text, ['Talks to resume in Istanbul', ...BODY].join('\n\n'));
  assert.equal(a.text.slice(a.bodyStart, a.bodyStart + 20), BODY[0].slice(0, 20));
  assert.deepEqual(a.warnings, []);
});

test('without <title> or og:title, the first <h1> is the headline, and it is not repeated', () => {
  const a = extractArticle(`<html><body><article><h1>Talks to resume</h1><p>${BODY.join('</p><p>')}</p></article></body></html>`);
  assert.equal(a.title, 'Talks to resume');
  assert.equal(a.text, ['Talks to resume', ...BODY].join('\n\n'));
  const b = extractArticle(page({ head: '<meta property="og:title" content="Talks to resume in Istanbul">' }));
  assert.equal(b.text.split('\n\n').filter((p) => p === 'Talks to resume in Istanbul').length, 1);
});

test('entities are decoded, whitespace collapsed, scripts and styles never reach the text', () => {
  const paragraphs = [
    'Prices rose by 5&nbsp;% &amp; wages &lt;fell&gt;, the minister&#8217;s office said in a statement on&#x20;Monday morning.',
    '  Line\n   broken   inside\ta paragraph<script>var secret = "SCRIPT TEXT";</script> is joined with single spaces, as readers see it.',
    ...BODY,
  ];
  const a = extractArticle(page({ paragraphs, head: '<style>.x{content:"STYLE TEXT"}</style><script>var s="HEAD SCRIPT"</script>' }));
  assert.ok(a.text.includes('Prices rose by 5 % & wages <fell>, the minister’s office said in a statement on Monday morning.'), a.text);
  assert.ok(a.text.includes('Line broken inside a paragraph is joined with single spaces'), a.text);
  assert.ok(!/SCRIPT TEXT|STYLE TEXT|HEAD SCRIPT/.test(a.text));
  for (const p of a.text.split('\n\n')) assert.equal(p, p.trim());
});

test('captions, credits and link teasers are left out of the body', () => {
  const a = extractArticle(page({
    paragraphs: [BODY[0], '<figure><img src="x.jpg"><figcaption>Delegates arrive in Istanbul. Credit: AFP</figcaption></figure>', BODY[1], 'Advertisement', BODY[2], BODY[3]],
  }));
  assert.ok(!a.text.includes('Delegates arrive'));
  assert.ok(!a.text.includes('Advertisement'));
  assert.ok(a.text.includes(BODY[3]));
});

test('furniture lines are told from body copy', () => {
  const cases: Array<[string, number, boolean]> = [
    ['Advertisement', 0, true],
    ['Related: Possible Water Plumes on Europa', 0, true],
    ['First Published: Tuesday, November 19, 2019 08:38 AM', 0, true],
    ['| UPDATED: 11:05, Tue, Nov 19, 2019', 0, true],
    ['Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM', 0, true],
    ['Nov. 20, 2019, 9:28 AM UTC', 0, true],
    ['(Reporting by Will Dunham; Editing by Tom Brown)', 0, true],
    ['Natalie Naccache | Bloomberg | Getty Images', 0, true],
    ['(Image: © NASA/ESA)', 0, true],
    ['By Justine Coleman - 11/18/19 11:04 PM EST', 0, true],
    ['By Reuters', 0, true],
    ['5 min read', 0, true],
    ['Andrew parties in unearthed pics despite claiming he avoids PDAs', 60, true],
    ['http://amzn.to/2iJFhRj', 22, false],
    ['By the end of the day, 1,119 civilians had been killed, the UN said.', 0, false],
    ['Updated figures are expected next week, officials said.', 0, false],
    ['"We are ready," he said on Monday.', 0, false],
    ['Reuters reported that talks would resume in Istanbul.', 0, false],
    ['Webb emerged, naked.', 0, false],
  ];
  for (const [text, linkChars, want] of cases) assert.equal(isFurniture({ text, linkChars }), want, text);
  const t0 = Date.now();
  isFurniture({ text: `By ${'A'.repeat(90)}!`, linkChars: 0 });
  isFurniture({ text: `By ${'Ab '.repeat(30)}!`, linkChars: 0 });
  assert.ok(Date.now() - t0 < 100, 'byline pattern backtracks');
});

test('pages without an article are refused, or read as visible text when there is enough of it', () => {
  const cases: Array<[string, string]> = [
    ['empty body', '<html><head><title>x</title></head><body></body></html>'],
    ['only navigation', '<html><body><nav><a href="/">Home</a><a href="/a">About</a></nav><footer>© 2022</footer></body></html>'],
    ['only scripts', '<html><body><script>document.write("hello world ".repeat(500))</script></body></html>'],
    ['doctype only', '<!doctype html>'],
  ];
  for (const [name, html] of cases) assert.equal(codeOf(() => extractArticle(html)), 'DOSSIER_HTML_NO_ARTICLE', name);
  const list = `<html><body><ul>${BODY.map((b) => `<li>${b}</li>`).join('')}</ul></body></html>`;
  const a = extractArticle(list);
  assert.ok(a.text.includes(BODY[2]));
});

test('deeply nested pages are read as flat text quickly, with a warning', () => {
  for (const levels of [5_000, 50_000]) {
    const html = `<html><body>${'<div>'.repeat(levels)}<p>${BODY.join('</p><p>')}</p>${'</div>'.repeat(levels)}</body></html>`;
    const t0 = Date.now();
    const a = extractArticle(html);
    assert.ok(Date.now() - t0 < 3000, `${levels} levels took ${Date.now() - t0} ms`);
    assert.equal(a.warnings[0]?.code, 'DOSSIER_HTML_TOO_DEEP');
    assert.equal(a.text, BODY.join('\n\n'));
  }
  // Unclosed tags that never nest in a real parser do not count as depth.
  assert.ok(estimateDepth(`<body>${'<p>para '.repeat(10_000)}</body>`) < 5);
  assert.ok(estimateDepth(`<ul>${'<li>item '.repeat(10_000)}</ul>`) < 5);
  assert.ok(estimateDepth(`<p>${'<br>'.repeat(10_000)}<img src=x>`) < 5);
  assert.equal(estimateDepth('<div><div><div></div></div></div>'), 3);
});

test('broken HTML does not crash and keeps its text', () => {
  const cases = [
    `<html><body><article><h1>Broken page<p>${BODY[0]}<p>${BODY[1]}<div><p>${BODY[2]}<b><i>${BODY[3]}`,
    `<html><body><article><p>${BODY.join('</b></i></span><p>')}</div></div></article></table></body>`,
    `<p>${BODY.join('<p>')}<!-- unclosed comment`,
    `<html><body><p>${BODY.join(' ')} <a href="x`,
    `<<<>>><p>${BODY.join('</p><p>')}</p><td><tr></table><//p>`,
  ];
  for (const html of cases) {
    const a = extractArticle(html);
    assert.ok(a.text.includes(BODY[0].slice(0, 40)), a.text);
  }
});

test('publication dates come from meta, JSON-LD, <time> or the URL, normalised to ISO 8601', () => {
  const cases: Array<[string, string, string | null, string | null, string | null]> = [
    ['article:published_time', '<meta property="article:published_time" content="2022-03-28T10:15:00+03:00">', null, '2022-03-28T10:15:00+03:00', 'meta'],
    ['og:published_time', '<meta property="og:published_time" content="2022-03-28T07:15:00Z">', null, '2022-03-28T07:15:00Z', 'meta'],
    ['itemprop datePublished meta', '<meta itemprop="datePublished" content="2022-03-28">', null, '2022-03-28', 'meta'],
    ['name=pubdate compact', '<meta name="pubdate" content="20220328">', null, '2022-03-28', 'meta'],
    ['publish-date', '<meta name="publish-date" content="2022-03-28 09:00:00">', null, '2022-03-28T09:00:00', 'meta'],
    ['sailthru.date', '<meta name="sailthru.date" content="Mon, 28 Mar 2022 10:00:00 GMT">', null, '2022-03-28T10:00:00Z', 'meta'],
    ['parsely-pub-date', '<meta name="parsely-pub-date" content="2022-03-28T10:00:00.000Z">', null, '2022-03-28T10:00:00Z', 'meta'],
    ['dc.date', '<meta name="DC.date" content="2022-03-28">', null, '2022-03-28', 'meta'],
    ['date', '<meta name="date" content="March 28, 2022">', null, '2022-03-28', 'meta'],
    ['offset without colon', '<meta property="article:published_time" content="2022-03-28T10:15:00-0400">', null, '2022-03-28T10:15:00-04:00', 'meta'],
    ['specific meta beats generic', '<meta name="date" content="2021-01-01"><meta property="article:published_time" content="2022-03-28">', null, '2022-03-28', 'meta'],
    ['unparseable meta is skipped', '<meta property="article:published_time" content="soon"><meta name="date" content="2022-03-28">', null, '2022-03-28', 'meta'],
    ['JSON-LD object', '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-03-28T10:00:00+02:00"}</script>', null, '2022-03-28T10:00:00+02:00', 'json-ld'],
    ['JSON-LD @graph', '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","dateCreated":"2020-01-01"},{"@type":"NewsArticle","datePublished":"2022-03-28"}]}</script>', null, '2022-03-28', 'json-ld'],
    ['JSON-LD array', '<script type="application/ld+json">[{"@type":"Organization"},{"@type":"Article","datePublished":"2022-03-28"}]</script>', null, '2022-03-28', 'json-ld'],
    ['JSON-LD broken', '<script type="application/ld+json">{"@type":"NewsArticle", "headline":"a\nb", "datePublished":"2022-03-28",}</script>', null, '2022-03-28', 'json-ld'],
    ['JSON-LD very broken', '<script type="application/ld+json">{"@type":"NewsArticle" "datePublished": "2022-03-28T08:00:00Z" oops</script>', null, '2022-03-28T08:00:00Z', 'json-ld'],
    ['time pubdate', '', '<time pubdate datetime="2022-03-28T10:00">Monday</time>', '2022-03-28T10:00:00', 'time-element'],
    ['time datetime', '', '<time datetime="2022-03-28">March 28</time>', '2022-03-28', 'time-element'],
    ['URL path', '', null, '2022-03-28', 'url'],
    ['nothing', '', null, null, null],
  ];
  for (const [name, head, body, published, from] of cases) {
    const url = name === 'URL path' ? 'https://example.com/world/2022/03/28/talks-resume/' : 'https://example.com/world/talks';
    const { document } = parseHTML(`<html><head>${head}</head><body>${body ?? ''}<p>text</p></body></html>`);
    const found = findPublished(document as never, url);
    assert.equal(found?.published ?? null, published, name);
    assert.equal(found?.publishedFrom ?? null, from, name);
  }
  const a = extractArticle(page({ head: '<meta property="article:published_time" content="2022-03-28T10:15:00+03:00">' }));
  assert.equal(a.published, '2022-03-28T10:15:00+03:00');
  assert.equal(a.publishedFrom, 'meta');
});

test('dates in URLs and loose date strings', () => {
  const urls: Array<[string, string | null]> = [
    ['https://x.com/2022/03/28/slug', '2022-03-28'],
    ['https://x.com/news/2022-03-28-slug.html', '2022-03-28'],
    ['https://x.com/20220328/slug', '2022-03-28'],
    ['https://x.com/2022/13/45/slug', null],
    ['https://x.com/story/123456789', null],
    ['not a url', null],
  ];
  for (const [url, date] of urls) assert.equal(dateFromUrl(url), date, url);
  const dates: Array<[string, string | null]> = [
    ['2022-03-28', '2022-03-28'],
    ['2022/3/8', '2022-03-08'],
    ['2022-02-30', null],
    ['1648462500', '2022-03-28T10:15:00Z'],
    ['28 March 2022', '2022-03-28'],
    ['yesterday', null],
    ['', null],
  ];
  for (const [raw, date] of dates) assert.equal(normalizeDate(raw), date, raw);
});

test('site names are stripped from titles only when they match', () => {
  const cases: Array<[string, string | null, string]> = [
    ['Talks to resume | Example News', 'Example News', 'Talks to resume'],
    ['Talks to resume - Example News', 'Example News', 'Talks to resume'],
    ['Example News: Talks to resume', 'Example News', 'Talks to resume'],
    ['Talks to resume | Example News', null, 'Talks to resume | Example News'],
    ['Russia - Ukraine talks to resume', 'Example News', 'Russia - Ukraine talks to resume'],
    ['  Talks\n to   resume ', null, 'Talks to resume'],
  ];
  for (const [title, site, want] of cases) assert.equal(cleanTitle(title, site), want, title);
});

test('random tag soup never crashes: an article or a coded error', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['<div>', '</div>', '<p>', '</p>', '<span class="caption">', '</span>', '<a href="/x">', '</a>', '<script>', '</script>',
    '<style>', '<!--', '-->', '<table><tr><td>', '</td>', '<br>', '<h1>', '</h1>', '&amp;', '&#x', '&bogus;', '<', '>', '"', "'",
    '<svg><path d="M0"/>', '</svg>', '<![CDATA[', ']]>', '<html>', '<body>', '<?xml ?>', '<template>', '<noscript>', '\u0000',
    'The minister said on Monday that talks would resume in Istanbul. ', 'Officials confirmed the venue, they said. '];
  for (let doc = 0; doc < 300; doc++) {
    let html = '';
    const n = 5 + rand(200);
    for (let i = 0; i < n; i++) html += pieces[rand(pieces.length)];
    try {
      const a = extractArticle(html);
      assert.ok(a.text.length > 0);
      assert.ok(!a.text.includes('\n\n\n'));
    } catch (err) {
      assert.ok(err instanceof DossierError, `doc ${doc}: ${String(err)}\n${html}`);
    }
  }
});
