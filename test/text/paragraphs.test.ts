import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findParagraphs } from '../../src/text/paragraphs.js';

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
