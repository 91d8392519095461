import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInvariants, textDoc } from './helpers.js';

const INPUTS: [string, string][] = [
  ['empty', ''],
  ['only whitespace', ' \n\n\t \u00a0 \r\n '],
  ['only punctuation', '.,;:!?…—-–()[]{}"\'“”‘’«»„'],
  ['dots', '.'.repeat(10_000)],
  ['unbalanced quotes', '"He said "no\n\n“Then ‘what\n\n” ’ »'],
  ['CRLF', 'Title\r\n\r\nFirst sentence. Second one.\r\nThird line\r\n\r\nLast.'],
  ['tabs', 'Col1\tCol2\tCol3\n\tIndented. Next.'],
  ['no-break spaces', 'U.S.\u00a0President\u00a0Biden said\u00a0"no."\u00a0Then left.'],
  ['line separators', 'One line\u2028two line\u2029three. Four.'],
  ['astral', 'Emoji 😀👍🏽 and 𝒳 math and 👨‍👩‍👧 family. "Quote 😀" end.'],
  ['lone surrogates', 'bad \ud800 here \udc00 there.'],
  ['control characters', 'a\u0000b\u0007c. D\u001f'],
  ['combining marks', 'e\u0301 \u0301\u0301 cafe\u0301.'],
  ['zero-width', '\ufeffStart\u200b word\u200b.'],
  ['apostrophes only', "''''' ’’’ '' ''"],
  ['long URL', 'see http://' + 'a'.repeat(50_000) + '.com now.'],
  ['many abbreviations', 'Mr. Dr. Gen. Sen. Jan. Inc. St. U.S. '.repeat(2000)],
];

test('text stages never crash and keep their invariants on odd input', () => {
  for (const [name, text] of INPUTS) {
    const doc = textDoc(text);
    assert.doesNotThrow(() => checkInvariants(doc), name);
  }
});

test('1 MB of one word without spaces is fast', () => {
  const word = 'a'.repeat(1_000_000);
  const t0 = Date.now();
  const doc = textDoc(word);
  assert.equal(doc.tokens.count, 1);
  assert.equal(doc.sentences.count, 1);
  const mixed = 'ab.cd-ef\'gh’s.'.repeat(70_000);
  const doc2 = textDoc(mixed);
  checkInvariants(doc2);
  const many = '"x" '.repeat(250_000);
  checkInvariants(textDoc(many));
  checkInvariants(textDoc('« '.repeat(200_000) + '“ ”'.repeat(200_000)));
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});
