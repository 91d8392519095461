import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findParagraphs, paragraphsFromTokens } from '../../src/text/paragraphs.js';
import { tokenize } from '../../src/text/tokenize.js';

const CASES: [string, string[]][] = [
  ['one\n\ntwo', ['one', 'two']],
  ['one\ntwo', ['one\ntwo']],
  ['one\n \t\u00a0\ntwo', ['one', 'two']],
  ['  one  \n\n\n\n  two  ', ['one', 'two']],
  ['one\r\n\r\ntwo\r\nthree', ['one', 'two\r\nthree']],
  ['one\r\rtwo', ['one', 'two']],
  ['one\u2029two', ['one', 'two']],
  ['one\u2028two', ['one\u2028two']],
  ['one\u2028\u2028two', ['one', 'two']],
  ['', []],
  [' \n\n\t ', []],
  ['😀\n\n😀', ['😀', '😀']],
];

test('findParagraphs: blank lines separate blocks', () => {
  for (const [text, expected] of CASES) {
    const p = findParagraphs(text);
    const got: string[] = [];
    for (let i = 0; i < p.count; i++) got.push(text.slice(p.start[i], p.end[i]));
    assert.deepEqual(got, expected, JSON.stringify(text));
  }
});

test('paragraphsFromTokens finds the same paragraphs as findParagraphs', () => {
  const palette = ['a', 'B', '7', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u00a0', '\u200b', '\ufeff', '\u0000', '.', ',', '-', '@', "'", '’', '"', '“',
    '😀', '\ud800', '\udc00', '\u0301', '\u200d', 'http://x.y', 'e-mail', 'U.S.', 'a@b.com', '1,000', '\v', '\f'];
  let seed = 12345;
  const random = (k: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % k; };
  const texts = CASES.map(([text]) => text);
  for (let r = 0; r < 3000; r++) {
    let text = '';
    for (let k = random(40); k > 0; k--) text += palette[random(palette.length)];
    texts.push(text);
  }
  for (const text of texts) {
    const a = findParagraphs(text), b = paragraphsFromTokens(tokenize(text));
    assert.deepEqual([b.count, [...b.start], [...b.end]], [a.count, [...a.start], [...a.end]], JSON.stringify(text));
  }
});
