import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenFlag } from '../../src/text/tokens.js';
import { checkInvariants, textDoc } from './helpers.js';

// [text, expected regions as "slice" with suffix " (unclosed)" / " (continued)"]
const CASES: [string, string[]][] = [
  ['He said "no" and left.', ['"no"']],
  ['He said "no."', ['"no."']],
  ['"Yes," he said.', ['"Yes,"']],
  ['deploying weapons that would “threaten Russia,” “oppressing people in the Donbas,” and “encouraging Nazi ideologies.”',
    ['“threaten Russia,”', '“oppressing people in the Donbas,”', '“encouraging Nazi ideologies.”']],
  ['He said "He told me \'no\' twice" yesterday.', ['"He told me \'no\' twice"', '\'no\'']],
  ['She said “he told me ‘never’ again.”', ['“he told me ‘never’ again.”', '‘never’']],
  ['Russia’s claims, don’t worry, the ’90s and rock’n’roll', []],
  ["the students' union and the parents’ fears", []],
  ['They called them ‘students’ and left.', ['‘students’']],
  ['«Bonjour», dit-il.', ['«Bonjour»']],
  ['„Ja“, sagte er.', ['„Ja“']],
  ['``Hello,\'\' he said.', ['``Hello,\'\'']],
  ['He said:"Yes" and went.', ['"Yes"']],
  ['("Quoted") text', ['"Quoted"']],
  ['"First part of the quote.\n\n"Second part of it," he said.',
    ['"First part of the quote. (continued)', '"Second part of it," (continued)']],
  ['“One.\n\n“Two.\n\n“Three,” he said.',
    ['“One. (continued)', '“Two. (continued)', '“Three,” (continued)']],
  ['He said "this never ends.\n\nNext paragraph.', ['"this never ends. (unclosed)']],
  ['Stray close” here.', []],
];

test('findQuoteRegions: pairs marks into regions', () => {
  for (const [text, expected] of CASES) {
    const doc = textDoc(text);
    const got = doc.quotes.map((q) => text.slice(q.start, q.end) + (q.unclosed ? ' (unclosed)' : '') + (q.continued ? ' (continued)' : ''));
    assert.deepEqual(got, expected, text);
    checkInvariants(doc);
  }
});

test('findQuoteRegions: unbalanced marks warn with a span, never throw', () => {
  for (const text of ['He said "this never ends.', 'Stray close” here.', '"""', '“ “ “', '” ” ”', "' ' '", '"a "b "c', '«««»']) {
    const doc = textDoc(text);
    checkInvariants(doc);
    for (const w of doc.warnings) {
      assert.equal(w.code, 'DOSSIER_QUOTE_UNBALANCED');
      assert.ok(w.span && w.span.end > w.span.start);
    }
  }
  const doc = textDoc('He said "this never ends.\n\nNext.');
  assert.equal(doc.warnings.length, 1);
  assert.deepEqual(doc.warnings[0].span && doc.text.slice(doc.warnings[0].span.start, doc.warnings[0].span.end), '"');
});

test('findQuoteRegions: sets QUOTE_OPEN and QUOTE_CLOSE on the marks only', () => {
  const text = 'He said “yes” and Russia’s ’90s.';
  const doc = textDoc(text);
  const t = doc.tokens;
  const marks: string[] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.flags[i] & TokenFlag.QUOTE_OPEN) marks.push('open ' + text.slice(t.start[i], t.end[i]));
    if (t.flags[i] & TokenFlag.QUOTE_CLOSE) marks.push('close ' + text.slice(t.start[i], t.end[i]));
  }
  assert.deepEqual(marks, ['open “', 'close ”']);
});
