// Bad input to the engine: a coded error or a partial record with warnings, never a crash or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, checkPublished, DossierError } from '../../src/index.js';
import { assertSpansRoundTrip, assertValidAnalysis, hasShared } from '../helpers/contract.js';

const rejects: Array<[name: string, text: unknown, code: string]> = [
  ['empty text', '', 'DOSSIER_INPUT_EMPTY'],
  ['only whitespace', ' \n\t\u00a0\u2028 ', 'DOSSIER_INPUT_EMPTY'],
  ['not a string', 42, 'DOSSIER_INPUT_INVALID'],
  ['more than the engine accepts', 'word '.repeat(1_000_000), 'DOSSIER_INPUT_TOO_LARGE'],
];

for (const [name, text, code] of rejects) {
  test(`analyze rejects ${name} with ${code}`, () => {
    assert.throws(() => analyze({ text: text as string }), (err: unknown) => {
      assert.ok(err instanceof DossierError);
      assert.equal(err.code, code);
      assert.ok(err.message.length > 20, 'a human sentence');
      return true;
    });
  });
}

const dates: Array<[string, string | null]> = [
  ['2022-03-28', '2022-03-28'],
  ['2022-03-28T09:30:00Z', '2022-03-28T09:30:00Z'],
  ['2022-03-28 09:30', '2022-03-28T09:30'],
  ['2022-03-28T09:30:00+03:00', '2022-03-28T09:30:00+03:00'],
  ['28/03/2022', null],
  ['2022-13-45', null],
  ['yesterday', null],
  ['', null],
];
for (const [input, expected] of dates) {
  test(`published date ${JSON.stringify(input)} → ${expected ?? 'DOSSIER_BAD_DATE'}`, () => {
    if (expected) assert.equal(checkPublished(input), expected);
    else assert.throws(() => checkPublished(input), { code: 'DOSSIER_BAD_DATE' });
  });
}

// Odd but analysable texts: each must give a valid record whose spans round-trip.
const odd: Array<[name: string, text: string]> = [
  ['only punctuation', '?!… — ""“”'],
  ['one long word', 'x'.repeat(200_000)],
  ['unbalanced quotes', '"He said it would rain, she said. "Never, he claimed.'],
  ['CRLF line endings', 'Title line\r\n\r\n"It is over," he said.\r\nShe disagreed.\r\n'],
  ['astral characters', 'The 🇺🇦 flag 😀 was raised, officials said. “Yes 👍,” she said.'],
  ['control characters', 'Officials\u0007 said\u0000 the talks failed.'],
  ['lone surrogates', 'He said \ud800 that \udc00 it failed.'],
  ['many quotes', '"a" '.repeat(20_000)],
  ['a wall of newlines', '\n'.repeat(50_000) + 'He said so.'],
  ['numbers only', '1,119 1,790 3.82 2022 10-12 $1.13bn 50%'],
];
for (const [name, text] of odd) {
  test(`analyze survives ${name}`, { skip: hasShared ? false : 'needs ../shared/contract' }, () => {
    const a = analyze({ text });
    assertValidAnalysis(a);
    assertSpansRoundTrip(a);
    assert.equal(a.text, text);
  });
}
