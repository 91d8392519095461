import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/text/tokenize.js';
import { TokenFlag, TokenKind } from '../../src/text/tokens.js';
import { tokenTexts } from './helpers.js';

// [input, expected tokens joined by ' | ']
const CASES: [string, string][] = [
  ['Russia’s claims', 'Russia | ’s | claims'],
  ["Russia's claims", "Russia | 's | claims"],
  ["don't go", "do | n't | go"],
  ['don’t go', 'do | n’t | go'],
  ["can't and won't", "ca | n't | and | wo | n't"],
  ["I'm sure they'll say we've", "I | 'm | sure | they | 'll | say | we | 've"],
  ["the parents' cars", "the | parents | ' | cars"],
  ["O'Brien said o'clock", "O'Brien | said | o'clock"],
  ['the ’90s and the 1970s', 'the | ’90s | and | the | 1970s'],
  ['started on Feb.24, 2022', 'started | on | Feb. | 24 | , | 2022'],
  ['on Jan. 5 and Sept. 11', 'on | Jan. | 5 | and | Sept. | 11'],
  ['the U.S. and U.K. sanctions', 'the | U.S. | and | U.K. | sanctions'],
  ['at 10:30 a.m. on 11/28/2000', 'at | 10:30 | a.m. | on | 11/28/2000'],
  ['At least 1,119 civilians', 'At | least | 1,119 | civilians'],
  ['More than 3.82 million', 'More | than | 3.82 | million'],
  ['a $1.13bn deal', 'a | $ | 1.13 | bn | deal'],
  ['up 5% to €20', 'up | 5 | % | to | € | 20'],
  ['.5 percent', '.5 | percent'],
  ['the 23rd time at 5pm', 'the | 23rd | time | at | 5 | pm'],
  ['Putin-Zelenskyy meeting', 'Putin | - | Zelenskyy | meeting'],
  ['the Russia-Ukraine war', 'the | Russia | - | Ukraine | war'],
  ['a 15-year term', 'a | 15 | - | year | term'],
  ['e-mail and non-human re-read', 'e-mail | and | non-human | re-read'],
  ['call 713-853-3989 now', 'call | 713-853-3989 | now'],
  ['on 2022-03-28', 'on | 2022 | - | 03 | - | 28'],
  ['war — and peace', 'war | — | and | peace'],
  ['war—and peace', 'war | — | and | peace'],
  ['pages 10–20', 'pages | 10 | – | 20'],
  ['wait -- what', 'wait | -- | what'],
  ['wait...what', 'wait | ... | what'],
  ['so… then', 'so | … | then'],
  ['see https://example.com/a?b=1.', 'see | https://example.com/a?b=1 | .'],
  ['(www.example.org/x)', '( | www.example.org/x | )'],
  ['mail john.smith@example.org now', 'mail | john.smith@example.org | now'],
  ['Mr. Smith and Dr. Jones', 'Mr. | Smith | and | Dr. | Jones'],
  ['Gen. Milley, Sen. Warren', 'Gen. | Milley | , | Sen. | Warren'],
  ['Acme Inc. in St. Louis', 'Acme | Inc. | in | St. | Louis'],
  ['Jennifer M. Anderson', 'Jennifer | M. | Anderson'],
  ['No. 10 and no.', 'No. | 10 | and | no | .'],
  ['“curly” and "straight"', '“ | curly | ” | and | " | straight | "'],
  ['‘single’ and \'plain\'', '‘ | single | ’ | and | \' | plain | \''],
  ['«bonjour» „ja“', '« | bonjour | » | „ | ja | “'],
  ['``PTB style\'\'', '`` | PTB | style | \'\''],
  ['hello!!! ok?!', 'hello | !!! | ok | ?!'],
  ['nice :-) yes', 'nice | :-) | yes'],
  ['b/c of and/or', 'b/c | of | and | / | or'],
  ['AT&T and R&D', 'AT&T | and | R&D'],
  ['G20 and COVID-19', 'G20 | and | COVID | - | 19'],
  ['naïve café', 'naïve | café'],
  ['tab\there', 'tab | here'],
  ['a\u00a0b', 'a | b'],
  ['x \u2028 y', 'x | y'],
  ['fire 🔥 emoji 👍🏽 and 👨‍👩‍👧', 'fire | 🔥 | emoji | 👍🏽 | and | 👨‍👩‍👧'],
  ['', ''],
];

test('tokenize: news quirks', () => {
  for (const [input, expected] of CASES) {
    assert.equal(tokenTexts(input, tokenize(input)).join(' | '), expected, input);
  }
});

// [input, token, kind]
const KINDS: [string, number, number][] = [
  ['Lavrov said', 0, TokenKind.WORD],
  ['1,119 people', 0, TokenKind.NUMBER],
  ['hi, there', 1, TokenKind.PUNCT],
  ['say "hi"', 1, TokenKind.QUOTE],
  ['$5', 0, TokenKind.SYMBOL],
  ['🔥', 0, TokenKind.OTHER],
];
test('tokenize: kinds', () => {
  for (const [input, i, kind] of KINDS) assert.equal(tokenize(input).kind[i], kind, input);
});

// [input, token index, flags that must be set, flags that must not be set]
const F = TokenFlag;
const FLAGS: [string, number, number, number][] = [
  ['one two', 1, F.SPACE_BEFORE, F.NEWLINE_BEFORE],
  ['one\ntwo', 1, F.SPACE_BEFORE | F.NEWLINE_BEFORE, F.PARAGRAPH_BEFORE],
  ['one\n\ntwo', 1, F.NEWLINE_BEFORE | F.PARAGRAPH_BEFORE, 0],
  ['one\n \t\ntwo', 1, F.PARAGRAPH_BEFORE, 0],
  ['one\r\ntwo', 1, F.NEWLINE_BEFORE, F.PARAGRAPH_BEFORE],
  ['one\r\n\r\ntwo', 1, F.PARAGRAPH_BEFORE, 0],
  ['one\u2029two', 1, F.PARAGRAPH_BEFORE, 0],
  ['one,', 1, 0, F.SPACE_BEFORE],
  ['Lavrov', 0, F.CAPITALIZED, F.ALL_CAPS],
  ['NATO', 0, F.CAPITALIZED | F.ALL_CAPS, 0],
  ['I', 0, F.CAPITALIZED, F.ALL_CAPS],
  ['U.S.', 0, F.ALL_CAPS, 0],
  ['lavrov', 0, 0, F.CAPITALIZED],
  ["don't", 1, F.CLITIC, F.SPACE_BEFORE],
  ['Russia’s', 1, F.CLITIC, 0],
  ['parents\' ', 1, F.CLITIC, 0],
];
test('tokenize: flags', () => {
  for (const [input, i, on, off] of FLAGS) {
    const f = tokenize(input).flags[i];
    assert.equal(f & on, on, `${JSON.stringify(input)} token ${i} should have ${on}, has ${f}`);
    assert.equal(f & off, 0, `${JSON.stringify(input)} token ${i} should not have ${off}, has ${f}`);
  }
});

test('tokenize: offsets round-trip and never touch whitespace', () => {
  const text = 'A  “quote,” he said.\n\n\tThe U.S.\u00a0said\r\nno — 1,119 ’90s. ';
  const t = tokenize(text);
  for (let i = 0; i < t.count; i++) {
    const s = text.slice(t.start[i], t.end[i]);
    assert.ok(s.length > 0 && s.trim() === s && !/^[\s\u00a0]|[\s\u00a0]$/.test(s), JSON.stringify(s));
    if (i > 0) assert.ok(t.start[i] >= t.end[i - 1]);
  }
  assert.equal(tokenTexts(text, t).join(''), text.replace(/[\s\u00a0]/g, ''));
});
