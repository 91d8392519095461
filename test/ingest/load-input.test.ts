import { codeOfAsync as codeOf } from '../helpers/errors.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { articleFromJsonObject, loadInput, looksLikeHtml } from '../../src/ingest/load-input.js';
import { DossierError } from '../../src/errors.js';

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dossier-ingest-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}


const ARTICLE = 'MOSCOW, March 28 (Reuters) - Russia\'s foreign minister said on Monday that talks would go on.\r\n\r\n"We are ready," he said.\r\n';
const PAGE = `<!DOCTYPE html><html><head><title>Talks go on</title><meta property="article:published_time" content="2022-03-28T10:00:00Z"></head>
<body><article><h1>Talks go on</h1><p>Russia's foreign minister said on Monday that talks with Ukraine would go on in Istanbul this week, after days of fighting.</p>
<p>"We are ready to meet," he said, adding that a meeting of the presidents would need careful preparation by both delegations.</p></article></body></html>`;

test('bad files are refused with a code', async () => {
  const big = path.join(dir, 'big.txt');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 20 * 1024 * 1024); // sparse: 20 MB on stat, nothing on disk
  closeSync(fd);
  mkdirSync(path.join(dir, 'a-directory'), { recursive: true });
  const cases: Array<[string, string, string]> = [
    ['empty file', file('empty.txt', ''), 'DOSSIER_INPUT_EMPTY'],
    ['whitespace only', file('blank.txt', '  \n\n\t \r\n'), 'DOSSIER_INPUT_EMPTY'],
    ['NUL bytes', file('nul.txt', Buffer.from([0x41, 0x00, 0x42, 0x00])), 'DOSSIER_INPUT_BINARY'],
    ['PNG header', file('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'DOSSIER_INPUT_BINARY'],
    ['PNG named .html', file('image.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'DOSSIER_INPUT_BINARY'],
    ['20 MB file', big, 'DOSSIER_INPUT_TOO_LARGE'],
    ['missing file', path.join(dir, 'nope.txt'), 'DOSSIER_INPUT_NOT_FOUND'],
    ['directory', path.join(dir, 'a-directory'), 'DOSSIER_INPUT_UNREADABLE'],
    ['HTML with no article', file('nav.html', '<html><body><nav><a href="/">Home</a></nav></body></html>'), 'DOSSIER_HTML_NO_ARTICLE'],
    ['ftp URL', 'ftp://example.com/a.txt', 'DOSSIER_FETCH_BAD_URL'],
  ];
  for (const [name, spec, code] of cases) {
    const t0 = Date.now();
    assert.equal(await codeOf(loadInput(spec)), code, name);
    assert.ok(Date.now() - t0 < 2000, `${name} took ${Date.now() - t0} ms`);
  }
  assert.equal(await codeOf(loadInput(file('small.txt', 'x'.repeat(100)), { maxBytes: 99 })), 'DOSSIER_INPUT_TOO_LARGE');
});

test('plain text comes through exactly as written, BOM dropped', async () => {
  const a = await loadInput(file('article.txt', ARTICLE));
  assert.equal(a.text, ARTICLE);
  assert.equal(a.published, null);
  const b = await loadInput(file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARTICLE)])));
  assert.equal(b.text, ARTICLE);
  // Offsets into the text are offsets into the file after its BOM.
  assert.equal(b.text.indexOf('Russia'), Buffer.from(ARTICLE).toString('utf8').indexOf('Russia'));
});

test('invalid UTF-8 gives a partial result with a warning', async () => {
  const a = await loadInput(file('latin1.txt', Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' in Kyiv, the minister said on Monday.')])));
  assert.equal(a.text, 'Caf\ufffd in Kyiv, the minister said on Monday.');
  assert.equal(a.warnings?.[0]?.code, 'DOSSIER_INPUT_INVALID_UTF8');
});

test('HTML is recognised by content or name and goes through the extractor', async () => {
  const a = await loadInput(file('page.txt', PAGE));
  assert.equal(a.title, 'Talks go on');
  assert.ok(a.text.startsWith('Talks go on\n\nRussia\'s foreign minister said on Monday'));
  assert.equal(a.published, '2022-03-28T10:00:00Z');
  assert.equal(a.publishedFrom, 'meta');
  const b = await loadInput(file('page.htm', PAGE.replace('<!DOCTYPE html>', '')));
  assert.equal(b.title, 'Talks go on');
  const sniff: Array<[string, string | null, string | null, boolean]> = [
    ['<!doctype html><p>x', null, null, true],
    ['  \n<HTML lang="en">', null, null, true],
    ['<!-- saved page --><html>', null, null, true],
    ['\ufeff<!DOCTYPE html>', null, null, true],
    ['Plain text about <html> tags', null, null, false],
    ['whatever', 'text/html; charset=utf-8', null, true],
    ['whatever', null, 'story.HTML', true],
    ['<p>a fragment', null, 'story.txt', false],
  ];
  for (const [content, type, name, want] of sniff) assert.equal(looksLikeHtml(Buffer.from(content), type, name), want, content);
});

test('HTML charset from <meta> is honoured', async () => {
  const latin1 = Buffer.from(PAGE.replace('<head>', '<head><meta charset="windows-1252">').replace('Istanbul', 'Istanbul caf\u00e9'), 'latin1');
  const a = await loadInput(file('latin1.html', latin1));
  assert.ok(a.text.includes('Istanbul café'), a.text);
  assert.deepEqual(a.warnings, []);
});

test('title and date given by the user win', async () => {
  const a = await loadInput(file('page2.html', PAGE), { title: 'My title', published: '2022-03-29' });
  assert.equal(a.title, 'My title');
  assert.equal(a.published, '2022-03-29');
  assert.equal(a.publishedFrom, 'given');
  assert.equal(await codeOf(loadInput(file('a2.txt', ARTICLE), { published: 'not a date' })), 'DOSSIER_BAD_DATE');
});

test('standard input is read from the stream given, capped', async () => {
  const a = await loadInput('-', { stdin: Readable.from([Buffer.from('Kyiv said '), Buffer.from('on Monday.')]) });
  assert.equal(a.text, 'Kyiv said on Monday.');
  let pulled = 0;
  const endless = new Readable({
    read() {
      pulled++;
      this.push(Buffer.alloc(64 * 1024, 0x61));
    },
  });
  assert.equal(await codeOf(loadInput('-', { stdin: endless, maxBytes: 1024 * 1024 })), 'DOSSIER_INPUT_TOO_LARGE');
  assert.ok(pulled < 40, `read ${pulled} chunks of an endless stream`);
  assert.equal(await codeOf(loadInput('-', { stdin: Readable.from([]) })), 'DOSSIER_INPUT_EMPTY');
});

test('JSONL objects are validated field by field', async () => {
  const cases: Array<[string, unknown, string]> = [
    ['a string', 'hello', 'DOSSIER_JSONL_BAD_LINE'],
    ['a number', 42, 'DOSSIER_JSONL_BAD_LINE'],
    ['null', null, 'DOSSIER_JSONL_BAD_LINE'],
    ['an array', [{ text: 'x' }], 'DOSSIER_JSONL_BAD_LINE'],
    ['no text', { id: 'a' }, 'DOSSIER_JSONL_NO_TEXT'],
    ['empty text', { id: 'a', text: '' }, 'DOSSIER_JSONL_NO_TEXT'],
    ['whitespace text', { text: '   ' }, 'DOSSIER_INPUT_EMPTY'],
    ['text not a string', { text: 12 }, 'DOSSIER_JSONL_BAD_LINE'],
    ['html not a string', { html: ['<p>'] }, 'DOSSIER_JSONL_BAD_LINE'],
    ['title not a string', { text: 'x', title: 5 }, 'DOSSIER_JSONL_BAD_LINE'],
    ['published not a string', { text: 'x', published: 20220328 }, 'DOSSIER_JSONL_BAD_LINE'],
    ['id an object', { text: 'x', id: { a: 1 } }, 'DOSSIER_JSONL_BAD_LINE'],
    ['url not a string', { url: true }, 'DOSSIER_JSONL_BAD_LINE'],
    ['bad date', { text: 'x', published: 'someday' }, 'DOSSIER_BAD_DATE'],
    ['url not http', { url: 'file:///etc/passwd' }, 'DOSSIER_FETCH_BAD_URL'],
    ['url to loopback', { url: 'http://127.0.0.1:9/x' }, 'DOSSIER_FETCH_PRIVATE_ADDRESS'],
    ['html without article', { html: '<html><body><nav>Home</nav></body></html>' }, 'DOSSIER_HTML_NO_ARTICLE'],
  ];
  for (const [name, value, code] of cases) {
    await assert.rejects(articleFromJsonObject(value), (err: unknown) => err instanceof DossierError && err.code === code, name);
  }
  const wrongType = await articleFromJsonObject({ text: 'x', title: 5 }).catch((e: DossierError) => e.message);
  assert.match(String(wrongType), /"title"/);
});

test('JSONL objects become articles, id kept as a string', async () => {
  const a = await articleFromJsonObject({ id: 7, text: ARTICLE, title: 'T', published: '2022-03-28' });
  assert.equal(a.id, '7');
  assert.equal(a.text, ARTICLE);
  assert.equal(a.title, 'T');
  assert.equal(a.published, '2022-03-28');
  assert.equal(a.publishedFrom, 'given');
  const b = await articleFromJsonObject({ id: 'p1', html: PAGE, url: 'https://example.com/2022/03/28/talks' });
  assert.equal(b.id, 'p1');
  assert.equal(b.title, 'Talks go on');
  assert.equal(b.url, 'https://example.com/2022/03/28/talks');
  assert.equal(b.publishedFrom, 'meta');
});
