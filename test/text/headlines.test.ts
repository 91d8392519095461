import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textDoc } from './helpers.js';
import { mayEqualNormalized, normalizeLine } from '../../src/text/headlines.js';

const BODY = 'A meeting between the two presidents may take place if all key differences between the two countries are settled, the Russian foreign minister said on Monday.\n\n' +
  'Lavrov recalled that Putin has never refused to meet Zelenskyy, and stressed that such events have to be well-prepared.\n\n' +
  'Kyiv has repeatedly dismissed the claims.\n\nThe talks continue in Istanbul.';

// [text, given title, expected "role: line" list]
const CASES: [string, string | null, string[]][] = [
  [`Talks Likely After Differences Are Settled\n\n${BODY}`, null, ['title: Talks Likely After Differences Are Settled']],
  [`Meeting likely: Top Russian diplomat\n\nThere is a chance for peace, says Lavrov.\n\nMeeting likely: Top Russian diplomat\n\n${BODY}`, null,
    ['title: Meeting likely: Top Russian diplomat', 'standfirst: There is a chance for peace, says Lavrov.', 'repeat: Meeting likely: Top Russian diplomat']],
  [`Meeting likely: Top Russian diplomat\n\nThere is a chance for peace, says Lavrov.\n\n${BODY}`, null,
    ['title: Meeting likely: Top Russian diplomat', 'standfirst: There is a chance for peace, says Lavrov.']],
  // A long lede under the title is body copy, not a standfirst.
  [`Meeting likely: Top Russian diplomat\n\n${BODY}`, null, ['title: Meeting likely: Top Russian diplomat']],
  // Whitespace and case differences still make a repeat.
  [`Meeting Likely After Talks\n\n${BODY}\n\nmeeting  likely after talks`, null, ['title: Meeting Likely After Talks', 'repeat: meeting  likely after talks']],
  // A first paragraph that is a sentence is no headline.
  [BODY, null, []],
  // The given title wins, wherever it sits near the top.
  [`By Jane Doe\n\nTalks resume in Istanbul\n\n${BODY}`, 'Talks resume in Istanbul', ['title: Talks resume in Istanbul']],
  ['Short\n\nText.', null, []],
  ['', null, []],
];

test('findHeadlines: title, standfirst, repeat', () => {
  for (const [text, title, expected] of CASES) {
    const doc = textDoc(text, title ?? undefined);
    assert.deepEqual(doc.headlines.map((h) => `${h.role}: ${text.slice(h.start, h.end)}`), expected, text.slice(0, 60));
  }
});

test('mayEqualNormalized never rules out a line that normalises to a known one', () => {
  const lines = ['Talks Likely', '  \u00a0Talks  likely.', '\tTALKS', 'Σ Greek', 'İstanbul talks', '...', ' ', '', '“Quoted” title', 'talks!?', '\ufeffTalks'];
  for (const s of lines) {
    assert.ok(mayEqualNormalized(s, [normalizeLine(s)]), JSON.stringify(s));
    for (const k of lines.map(normalizeLine)) if (k === normalizeLine(s)) assert.ok(mayEqualNormalized(s, [k]), `${JSON.stringify(s)} ~ ${k}`);
  }
  // [line, known, may equal]
  const cases: Array<[string, string, boolean]> = [
    ['Other line', 'talks likely', false],
    ['  Talks', 'talks', true],
    ['"Talks"', 'talks', false],
    ['Élan', 'talks', true], // non-ASCII first character: always normalised and compared
  ];
  for (const [s, k, want] of cases) assert.equal(mayEqualNormalized(s, [k]), want, s);
});
