import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datelines } from '../../src/extract/find-attributions.js';
import { tokenize } from '../../src/text/tokenize.js';

// [text, the text after each dateline's dash (none: no dateline)]
const ROWS: Array<[string, string[]]> = [
  ["NAIROBI, 4 May 2023 - Kenya's finance minister said so.", ["Kenya's finance minister said so."]],
  ['KYIV, March 28 (Reuters) - Ukraine said so.', ['Ukraine said so.']],
  ['LONDON (AP) — The prime minister said so.', ['The prime minister said so.']],
  ['Moscow, 28 March 2022 — Lavrov said so.', ['Lavrov said so.']],
  ['WASHINGTON — The senator said so.', ['The senator said so.']],
  ['UNITED NATIONS (AP) — Diplomats said so.', ['Diplomats said so.']],
  ['Headline of the story\n\nBEIRUT, Lebanon (AP) — Officials said so.', ['Officials said so.']],
  // names set off by dashes, a tight hyphen, a dash mid-line: no dateline
  ['Boris Johnson - the prime minister - said so.', []],
  ['Jean-Paul Duval said so.', []],
  ['The minister said - again - that it was over.', []],
  ['Trump, Clinton - and Sanders - said so.', []],
];

for (const [text, after] of ROWS) {
  test(`datelines: ${JSON.stringify(text)}`, () => {
    const lines = datelines(text, tokenize(text));
    assert.deepEqual(lines.map(([, to]) => text.slice(to).split('\n')[0]), after);
    for (const [from, to] of lines) assert.ok(from < to && /^[A-Z]/.test(text.slice(from)));
  });
}
