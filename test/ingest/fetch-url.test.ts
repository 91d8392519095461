import { codeOfAsync as codeOf } from '../helpers/errors.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fetchUrl, guardedLookup, USER_AGENT } from '../../src/ingest/fetch-url.js';
import { isPrivateAddress } from '../../src/ingest/private-address.js';
import { loadInput } from '../../src/ingest/load-input.js';

// Every request in this file goes to a server on 127.0.0.1 started here; nothing else is contacted.
let server: Server;
let base = '';
let lastUserAgent = '';
const open = new Set<ServerResponse>();

const PAGE = `<!doctype html><html><head><title>Talks go on</title></head><body><article><h1>Talks go on</h1>
<p>Russia's foreign minister said on Monday that talks with Ukraine would go on in Istanbul this week, after days of fighting.</p>
<p>"We are ready to meet," he said, adding that a meeting of the presidents would need careful preparation by both delegations.</p></article></body></html>`;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/page': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
  '/plain': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Kyiv said on Monday.\r\n'),
  '/latin1': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(Buffer.from('Caf\u00e9 talks.', 'latin1')),
  '/gzip': (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
  '/r1': (_req, res) => res.writeHead(301, { location: '/r2' }).end(),
  '/r2': (_req, res) => res.writeHead(302, { location: `${base}/page` }).end(),
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/to-ftp': (_req, res) => res.writeHead(302, { location: 'ftp://example.com/x' }).end(),
  '/no-location': (_req, res) => res.writeHead(302).end(),
  '/missing': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
  '/broken': (_req, res) => res.writeHead(500).end(),
  '/image': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  '/pdf': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
  '/big-declared': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(100 * 1024 * 1024) }).end(),
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const push = (): void => {
      while (sent < 400 && res.write(chunk)) sent++;
      if (sent < 400 && !res.destroyed) res.once('drain', push);
      else res.end();
    };
    push();
  },
  '/silent': (_req, res) => {
    open.add(res); // never answers
  },
  '/stall-body': (_req, res) => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('Kyiv said');
  },
  '/drip': (_req, res) => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('a')), 20);
    res.on('close', () => clearInterval(timer));
  },
};

before(async () => {
  server = createServer((req, res) => {
    lastUserAgent = String(req.headers['user-agent'] ?? '');
    const route = routes[(req.url ?? '').split('?')[0]];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});


test('non-public addresses are recognised, IPv4 and IPv6', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true], ['127.255.0.9', true], ['0.0.0.0', true], ['10.1.2.3', true], ['172.16.0.1', true],
    ['172.31.255.255', true], ['172.32.0.1', false], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['100.128.0.1', false], ['224.0.0.1', true], ['255.255.255.255', true],
    ['8.8.8.8', false], ['93.184.216.34', false], ['1.1.1.1', false],
    ['::1', true], ['::', true], ['[::1]', true], ['fc00::1', true], ['fd12:3456::1', true], ['fe80::1%eth0', true],
    ['ff02::1', true], ['::ffff:127.0.0.1', true], ['::ffff:7f00:1', true], ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false], ['64:ff9b::192.168.0.1', true], ['2002:c0a8:0101::1', true], ['2001:db8::1', true],
    ['2606:4700:4700::1111', false], ['2a00:1450:4001:80b::200e', false],
    ['not-an-ip', true], ['999.1.1.1', true],
  ];
  for (const [address, want] of cases) assert.equal(isPrivateAddress(address), want, address);
});

test('private addresses are refused without allowPrivate, before and at connect time', async () => {
  const port = (server.address() as AddressInfo).port;
  const cases = [`${base}/page`, `http://localhost:${port}/page`, `http://[::1]:${port}/page`, `http://[::ffff:127.0.0.1]:${port}/page`, `http://0.0.0.0:${port}/page`, `http://2130706433:${port}/page`];
  for (const url of cases) assert.equal(await codeOf(fetchUrl(url)), 'DOSSIER_FETCH_PRIVATE_ADDRESS', url);
  assert.equal(await codeOf(loadInput(`${base}/page`)), 'DOSSIER_FETCH_PRIVATE_ADDRESS');
});

test('the connect-time lookup refuses names that resolve to private addresses', async () => {
  const lookup = guardedLookup(false);
  const err = await new Promise<unknown>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
  assert.ok(err instanceof Error && /not a public internet address/.test(err.message));
  const allowed = await new Promise<unknown>((resolve) => guardedLookup(true)('localhost', {}, (e, address) => resolve(e ?? address)));
  assert.ok(typeof allowed === 'string' && isPrivateAddress(allowed));
});

test('pages are fetched with allowPrivate: HTML extracted, text kept, charset and gzip honoured', async () => {
  const a = await loadInput(`${base}/page`, { allowPrivate: true });
  assert.equal(a.title, 'Talks go on');
  assert.equal(a.url, `${base}/page`);
  assert.equal(lastUserAgent, USER_AGENT);
  assert.equal((await loadInput(`${base}/plain`, { allowPrivate: true })).text, 'Kyiv said on Monday.\r\n');
  assert.equal((await fetchUrl(`${base}/latin1`, { allowPrivate: true })).contentType, 'text/plain; charset=iso-8859-1');
  assert.equal((await loadInput(`${base}/latin1`, { allowPrivate: true })).text, 'Caf\u00e9 talks.');
  assert.equal((await loadInput(`${base}/gzip`, { allowPrivate: true })).title, 'Talks go on');
});

test('redirects are followed, bounded and re-checked; the article keeps the final URL', async () => {
  const a = await loadInput(`${base}/r1`, { allowPrivate: true });
  assert.equal(a.url, `${base}/page`);
  const cases: Array<[string, string]> = [
    ['/loop', 'DOSSIER_FETCH_TOO_MANY_REDIRECTS'],
    ['/to-ftp', 'DOSSIER_FETCH_BAD_URL'],
    ['/no-location', 'DOSSIER_FETCH_FAILED'],
  ];
  for (const [route, code] of cases) assert.equal(await codeOf(fetchUrl(`${base}${route}`, { allowPrivate: true })), code, route);
  assert.equal(await codeOf(fetchUrl(`${base}/r1`, { allowPrivate: true, maxRedirects: 1 })), 'DOSSIER_FETCH_TOO_MANY_REDIRECTS');
});

test('HTTP errors, wrong types, oversized bodies and slow servers give coded errors', async () => {
  const fast = { allowPrivate: true, headersTimeoutMs: 300, totalTimeoutMs: 1500 };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['/missing', {}, 'DOSSIER_FETCH_HTTP_STATUS'],
    ['/broken', {}, 'DOSSIER_FETCH_HTTP_STATUS'],
    ['/image', {}, 'DOSSIER_FETCH_UNSUPPORTED_TYPE'],
    ['/pdf', {}, 'DOSSIER_FETCH_UNSUPPORTED_TYPE'],
    ['/big-declared', {}, 'DOSSIER_FETCH_TOO_LARGE'],
    ['/big-chunked', { maxBytes: 1024 * 1024 }, 'DOSSIER_FETCH_TOO_LARGE'],
    ['/silent', {}, 'DOSSIER_FETCH_TIMEOUT'],
    ['/stall-body', {}, 'DOSSIER_FETCH_TIMEOUT'],
    ['/drip', { totalTimeoutMs: 400 }, 'DOSSIER_FETCH_TIMEOUT'],
  ];
  for (const [route, extra, code] of cases) {
    const t0 = Date.now();
    assert.equal(await codeOf(fetchUrl(`${base}${route}`, { ...fast, ...extra })), code, route);
    assert.ok(Date.now() - t0 < 2500, `${route} took ${Date.now() - t0} ms`);
  }
  const badUrls = ['not a url', 'ftp://example.com/', 'http://user:pw@example.com/', 'javascript:alert(1)'];
  for (const url of badUrls) assert.equal(await codeOf(fetchUrl(url)), 'DOSSIER_FETCH_BAD_URL', url);
  assert.equal(await codeOf(loadInput(`${base}/missing`, { allowPrivate: true })), 'DOSSIER_FETCH_HTTP_STATUS');
});
