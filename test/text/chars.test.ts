import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charClass, isRegexSpaceCode } from '../../src/text/chars.js';

test('isRegexSpaceCode agrees with the regex \\s on every UTF-16 code unit', () => {
  for (let c = 0; c < 65536; c++) assert.equal(isRegexSpaceCode(c), /\s/.test(String.fromCharCode(c)), c.toString(16));
});

test('charClass outside the text (-1, NaN) reads as before the lookup table', () => {
  // [code, class]: callers pass -1 past either end of the text
  const cases: Array<[number, number | undefined]> = [[-1, 4], [Number.NaN, undefined], [32, 4], [65, 1], [97, 2]];
  for (const [c, k] of cases) assert.equal(charClass(c), k, String(c));
});
