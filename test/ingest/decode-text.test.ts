import { codeOf } from '../helpers/errors.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countInvalidUtf8, decodePlainText, sniffBinary } from '../../src/ingest/decode-text.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));


test('bad plain-text inputs are refused with a code', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['empty', bytes(''), 'DOSSIER_INPUT_EMPTY'],
    ['whitespace only', bytes(' \n\t\r\n  \u00a0\u3000'), 'DOSSIER_INPUT_EMPTY'],
    ['BOM only', bytes([0xef, 0xbb, 0xbf]), 'DOSSIER_INPUT_EMPTY'],
    ['NUL bytes', bytes('hello', [0, 0, 0], 'world'), 'DOSSIER_INPUT_BINARY'],
    ['PNG header', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'DOSSIER_INPUT_BINARY'],
    ['PDF', bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), 'DOSSIER_INPUT_BINARY'],
    ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'DOSSIER_INPUT_BINARY'],
    ['gzip', bytes([0x1f, 0x8b, 0x08, 0x00]), 'DOSSIER_INPUT_BINARY'],
    ['control characters', bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f], 'abc'), 'DOSSIER_INPUT_BINARY'],
    ['mostly invalid UTF-8', bytes([0xff, 0xfe - 1, 0xc0, 0xc1, 0xf5, 0xff, 0x80, 0x81], 'ab'), 'DOSSIER_INPUT_INVALID'],
  ];
  for (const [name, input, code] of cases) assert.equal(codeOf(() => decodePlainText(input)), code, name);
});

test('binary refusals say what the input looks like', () => {
  assert.match(sniffBinary(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ?? '', /PNG/);
  assert.match(sniffBinary(bytes('%PDF-1.4')) ?? '', /PDF/);
  assert.equal(sniffBinary(bytes('BZh? said the reporter.')), null, 'a sentence starting like bzip2 is text');
  assert.equal(sniffBinary(bytes('ID3 is a tag format, he said.')), null);
});

test('text is decoded exactly: BOM dropped, line endings and spaces kept', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['plain', bytes('Kyiv said.\n'), 'Kyiv said.\n'],
    ['BOM dropped', bytes([0xef, 0xbb, 0xbf], 'Kyiv said.'), 'Kyiv said.'],
    ['CRLF kept', bytes('One.\r\n\r\nTwo.\r\n'), 'One.\r\n\r\nTwo.\r\n'],
    ['tabs and NBSP kept', bytes('a\tb\u00a0c  d'), 'a\tb\u00a0c  d'],
    ['non-ASCII', bytes('Zelenskyy — «Київ» 😀'), 'Zelenskyy — «Київ» 😀'],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...Buffer.from('Hi there', 'utf16le')]), 'Hi there'],
  ];
  for (const [name, input, text] of cases) {
    const d = decodePlainText(input);
    assert.equal(d.text, text, name);
    assert.deepEqual(d.warnings, [], name);
  }
});

test('invalid UTF-8 is replaced with U+FFFD and a warning that counts the bytes', () => {
  const d = decodePlainText(bytes('Caf', [0xe9], ' au lait, na', [0xef, 0xbf], 've.'));
  assert.equal(d.text, 'Caf\ufffd au lait, na\ufffdve.');
  assert.equal(d.warnings.length, 1);
  assert.equal(d.warnings[0].code, 'DOSSIER_INPUT_INVALID_UTF8');
  assert.match(d.warnings[0].message, /3 bytes were replaced/);
});

test('countInvalidUtf8 counts the bytes of each maximal invalid subpart', () => {
  const cases: Array<[number[], number]> = [
    [[0x61, 0x62], 0],
    [[0xc3, 0xa9], 0],
    [[0xe9], 1],
    [[0xef, 0xbf], 2],
    [[0xed, 0xa0, 0x80], 3], // a UTF-16 surrogate encoded in UTF-8
    [[0xf0, 0x9f, 0x98, 0x80], 0],
    [[0xf0, 0x9f, 0x98], 3],
    [[0xc0, 0xaf], 2], // overlong
    [[0xff], 1],
  ];
  for (const [input, n] of cases) {
    assert.equal(countInvalidUtf8(new Uint8Array(input)), n, JSON.stringify(input));
    // Same count as the WHATWG decoder's replacement characters.
    const replaced = [...new TextDecoder().decode(new Uint8Array(input))].filter((c) => c === '\ufffd').length;
    assert.ok(replaced <= n && (n === 0) === (replaced === 0), JSON.stringify(input));
  }
});
