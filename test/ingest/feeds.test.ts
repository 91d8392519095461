// Feeds: told apart from pages by content, parsed into entries (links, titles, dates), and polled with
// conditional GET against a server on 127.0.0.1 started here (nothing else is contacted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { feedRoot, looksLikeFeed, newFeedState, parseFeedBytes, parseFeedText, pollFeed } from '../../src/ingest/feeds.js';
import { DossierError } from '../../src/errors.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>
<!-- generated -->
<rss version="2.0"><channel><title>World news</title><link>https://news.example/</link>
<item><title>Talks in Istanbul &amp; after</title><link>/2022/03/28/talks</link><guid>t-1</guid><pubDate>Mon, 28 Mar 2022 09:30:00 GMT</pubDate></item>
<item><title>No date here</title><link>https://news.example/b</link></item>
<item><title>Only a body</title><description>&lt;p&gt;Kyiv said on Monday that talks would go on.&lt;/p&gt;</description><guid>t-3</guid></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><link href="https://wire.example/"/>
<entry><title>Lavrov on talks</title><link rel="alternate" href="https://wire.example/lavrov"/><id>urn:1</id>
<published>2022-03-28T10:00:00+02:00</published><updated>2022-03-29T00:00:00Z</updated></entry>
<entry><title>Updated only</title><link href="https://wire.example/u"/><id>urn:2</id><updated>2022-04-01T12:00:00Z</updated></entry>
</feed>`;

const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>RDF news</title><link>https://r.example/</link></channel>
<item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link></item></rdf:RDF>`;

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

test('feeds are told apart from pages by their root element or media type', () => {
  const cases: Array<[what: string, body: string, contentType: string | null, expected: boolean]> = [
    ['RSS 2.0 with stylesheet PI and comment', RSS, null, true],
    ['Atom', ATOM, null, true],
    ['RSS 1.0 (RDF)', RDF, null, true],
    ['RSS with a UTF-8 BOM', `\ufeff${RSS}`, null, true],
    ['RSS with leading blank lines', `\n\n  ${RSS}`, null, true],
    ['an HTML page', '<!doctype html><html><head><title>x</title></head><body><p>Hi</p></body></html>', null, false],
    ['XHTML served as XML', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'application/xml', false],
    ['a sitemap', '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', null, false],
    ['plain text mentioning rss', 'The <rss> element is described here.', null, false],
    ['empty', '', null, false],
    ['an RSS media type, whatever the body', 'garbage', 'application/rss+xml; charset=utf-8', true],
    ['an Atom media type', 'x', 'application/atom+xml', true],
    ['rdf without the rdf prefix is not a feed root', '<RDF></RDF>', null, false],
  ];
  for (const [what, body, type, expected] of cases) assert.equal(looksLikeFeed(bytes(body), type), expected, what);
  assert.equal(feedRoot(bytes(ATOM)), 'atom');
  assert.equal(feedRoot(bytes(RDF)), 'rdf');
  assert.equal(feedRoot(Buffer.from(`\ufeff${RSS}`, 'utf16le')), 'rss', 'UTF-16 with its BOM is decoded before sniffing');
});

test('RSS entries: absolute links, titles with entities decoded, RFC 822 dates as ISO, guid as key', () => {
  const feed = parseFeedText(RSS, 'https://news.example/feed.xml');
  assert.equal(feed.kind, 'rss');
  assert.equal(feed.title, 'World news');
  assert.equal(feed.site, 'https://news.example/');
  assert.deepEqual(feed.entries.map((e) => [e.link, e.title, e.published, e.key]), [
    ['https://news.example/2022/03/28/talks', 'Talks in Istanbul & after', '2022-03-28T09:30:00Z', 't-1'],
    ['https://news.example/b', 'No date here', null, 'https://news.example/b'],
    [null, 'Only a body', null, 't-3'],
  ]);
  assert.match(feed.entries[2].content ?? '', /Kyiv said on Monday/);
});

test('Atom entries: published wins over updated; updated when it is all there is', () => {
  const feed = parseFeedText(ATOM, 'https://wire.example/atom');
  assert.equal(feed.kind, 'atom');
  assert.deepEqual(feed.entries.map((e) => [e.link, e.published, e.key]), [
    ['https://wire.example/lavrov', '2022-03-28T08:00:00Z', 'urn:1'],
    ['https://wire.example/u', '2022-04-01T12:00:00Z', 'urn:2'],
  ]);
  assert.equal(parseFeedText(RDF).kind, 'rdf');
});

test('a declared legacy encoding is honoured; garbage is a coded error, never a crash', () => {
  const latin = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf'), Buffer.from([0xe9]), Buffer.from('</title><item><title>x</title><link>https://a.example/x</link></item></channel></rss>')]);
  assert.equal(parseFeedBytes(latin).title, 'Café');
  const bad: Array<[string, string]> = [['not xml at all', 'just words'], ['empty', '']];
  for (const [what, body] of bad) {
    assert.throws(() => parseFeedBytes(bytes(body)), (e: unknown) => e instanceof DossierError && /DOSSIER_(FEED_INVALID|INPUT_EMPTY)/.test(e.code), what);
  }
  // javascript: and mailto: links are never followed
  const feed = parseFeedText('<rss version="2.0"><channel><title>t</title><item><title>a</title><link>javascript:alert(1)</link></item></channel></rss>', 'https://x.example/f');
  assert.equal(feed.entries[0].link, null);
});

let server: Server;
let base = '';
let version = 1;
const seenHeaders: Array<{ ifNoneMatch?: string; ifModifiedSince?: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    seenHeaders.push({ ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
    const etag = `"v${version}"`;
    if (req.url === '/etag') {
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      const items = Array.from({ length: version }, (_, i) => `<item><title>Item ${i + 1}</title><link>${base}/a/${i + 1}</link><guid>g${i + 1}</guid></item>`).join('');
      return res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`);
    }
    if (req.url === '/modified') {
      const lm = 'Mon, 28 Mar 2022 10:00:00 GMT';
      if (req.headers['if-modified-since'] === lm) return res.writeHead(304).end();
      return res.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': lm }).end(ATOM);
    }
    if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>no feed</body></html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('polling: ETag sent back as If-None-Match, 304 is "not modified", only unseen entries are fresh', async () => {
  const state = newFeedState();
  const first = await pollFeed(`${base}/etag`, state, { allowPrivate: true });
  assert.equal(first.status, 'ok');
  assert.deepEqual(first.status === 'ok' && first.fresh.map((e) => e.key), ['g1']);
  assert.equal(state.etag, '"v1"');
  const again = await pollFeed(`${base}/etag`, state, { allowPrivate: true });
  assert.equal(again.status, 'not-modified');
  assert.equal(seenHeaders.at(-1)?.ifNoneMatch, '"v1"');
  version = 3;
  const later = await pollFeed(`${base}/etag`, state, { allowPrivate: true });
  assert.deepEqual(later.status === 'ok' && later.fresh.map((e) => e.key), ['g2', 'g3']);
});

test('polling: Last-Modified sent back as If-Modified-Since; a page that is no feed is a coded error', async () => {
  const state = newFeedState();
  assert.equal((await pollFeed(`${base}/modified`, state, { allowPrivate: true })).status, 'ok');
  assert.equal((await pollFeed(`${base}/modified`, state, { allowPrivate: true })).status, 'not-modified');
  assert.equal(seenHeaders.at(-1)?.ifModifiedSince, 'Mon, 28 Mar 2022 10:00:00 GMT');
  await assert.rejects(pollFeed(`${base}/page`, newFeedState(), { allowPrivate: true }), (e: unknown) => e instanceof DossierError && e.code === 'DOSSIER_FEED_INVALID');
  await assert.rejects(pollFeed(`${base}/etag`, newFeedState()), (e: unknown) => e instanceof DossierError && e.code === 'DOSSIER_FETCH_PRIVATE_ADDRESS');
});
