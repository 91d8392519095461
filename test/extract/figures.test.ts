// findFigures as a specification: [sentence, expected figures] rows, then the non-figures, the
// reference article end to end, and bad input that must never crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Figure } from '../../src/contract.js';
import { createDoc } from '../../src/doc.js';
import { findFigures } from '../../src/extract/find-figures.js';
import { findTimes } from '../../src/extract/find-times.js';
import { loadResources } from '../../src/resources.js';
import { analyze } from '../../src/index.js';
import { REFERENCE_PATH } from '../helpers/contract.js';

const resources = loadResources();

function figuresOf(text: string, published: string | null = '2022-03-28'): Figure[] {
  const doc = createDoc({ text, published });
  findTimes(doc, resources);
  findFigures(doc, resources);
  for (const f of doc.figures) {
    const span = text.slice(f.start, f.end);
    assert.ok(span.length > 0 && span.trim() === span, `span ${JSON.stringify(span)} is trimmed`);
    assert.ok((f as Figure & { rule?: string }).rule, 'every figure says which rule made it');
  }
  return doc.figures;
}

type Expect = { text: string; value: number; valueMax?: number; unit?: string | null; qualifier?: Figure['qualifier']; subject?: string | null; measure?: string | null };
const ROWS: Array<[sentence: string, expected: Expect[]]> = [
  ['At least 1,119 civilians have been killed in Ukraine and 1,790 injured.', [
    { text: 'At least 1,119', value: 1119, qualifier: 'at_least', subject: 'civilians', measure: 'killed' },
    { text: '1,790', value: 1790, qualifier: 'exact', subject: 'civilians', measure: 'injured' }]],
  ['More than 3.82 million Ukrainians have also fled to neighboring countries.', [
    { text: 'More than 3.82 million', value: 3820000, qualifier: 'more_than', subject: 'Ukrainians', measure: 'fled' }]],
  ['Officials said millions more were displaced.', [{ text: 'millions more', value: 2e6, qualifier: 'vague', measure: 'displaced' }]],
  ['Eight soldiers were wounded.', [{ text: 'Eight', value: 8, subject: 'soldiers', measure: 'wounded' }]],
  // Restatements in brackets are one figure; 'over' before places says where; 'A $' is 'a' and dollars.
  ['The oil facility was located just 39 kilometers (24 mi) from Kyiv.', [{ text: '39 kilometers', value: 39, unit: 'km' }]],
  ['He said 40 (forty) people died.', [{ text: '40', value: 40 }]],
  ['Casualties rose to 300 (up from 200) on Monday.', [{ text: '300', value: 300 }, { text: '200', value: 200 }]],
  ['32 drones were shot down over four Russian oblasts.', [{ text: '32', value: 32, subject: 'drones' }, { text: 'four', value: 4, qualifier: 'exact', subject: 'oblasts' }]],
  ['A $5 billion (£4 billion) package was agreed.', [{ text: '$5 billion', value: 5e9, unit: 'USD' }]],
  ['It cost A$5 million.', [{ text: 'A$5 million', value: 5e6, unit: 'AUD' }]],
  ['Twenty-five people were arrested.', [{ text: 'Twenty-five', value: 25, subject: 'people', measure: 'arrested' }]],
  ['A third of the population has left.', [{ text: 'A third', value: 1 / 3, unit: 'fraction', subject: 'population' }]],
  ['Dozens of people were detained.', [{ text: 'Dozens', value: 24, qualifier: 'vague', subject: 'people', measure: 'detained' }]],
  ['Hundreds were evacuated.', [{ text: 'Hundreds', value: 200, qualifier: 'vague', measure: 'evacuated' }]],
  ['Tens of thousands of troops were deployed.', [{ text: 'Tens of thousands', value: 20000, qualifier: 'vague', subject: 'troops', measure: 'deployed' }]],
  ['The US pledged $1.13bn in aid.', [{ text: '$1.13bn', value: 1.13e9, unit: 'USD', subject: 'aid', measure: 'pledged' }]],
  ['The fund holds £600m.', [{ text: '£600m', value: 6e8, unit: 'GBP' }]],
  ['A 2.5m budget was approved.', [{ text: '2.5m', value: 2.5e6 }]],
  ['He ran the 100m race.', [{ text: '100m', value: 100, unit: 'm' }]],
  ['Between 10 and 12 people died.', [{ text: 'Between 10 and 12', value: 10, valueMax: 12, qualifier: 'range', subject: 'people', measure: 'died' }]],
  ['Some 10 to 12 million people were affected.', [{ text: 'Some 10 to 12 million', value: 1e7, valueMax: 1.2e7, qualifier: 'range' }]],
  ['Another 10-12 tanks were destroyed.', [{ text: '10-12', value: 10, valueMax: 12, qualifier: 'range', subject: 'tanks', measure: 'destroyed' }]],
  ['Prices rose 12% in March.', [{ text: '12%', value: 12, unit: '%' }]],
  ['Inflation hit 5 per cent.', [{ text: '5 per cent', value: 5, unit: '%' }]],
  ['The town is 30 km from Kyiv.', [{ text: '30 km', value: 30, unit: 'km' }]],
  ['It cost 5 million euros.', [{ text: '5 million euros', value: 5e6, unit: 'EUR' }]],
  ['They paid 300 roubles.', [{ text: '300 roubles', value: 300, unit: 'RUB' }]],
  ['About 300 people gathered.', [{ text: 'About 300', value: 300, qualifier: 'about', subject: 'people', measure: 'gathered' }]],
  ['Nearly 4 million have fled.', [{ text: 'Nearly 4 million', value: 4e6, qualifier: 'less_than', measure: 'fled' }]],
  ['Up to 200 tanks were lost.', [{ text: 'Up to 200', value: 200, qualifier: 'at_most', subject: 'tanks', measure: 'lost' }]],
  ['An estimated 2,000 troops remain.', [{ text: 'An estimated 2,000', value: 2000, qualifier: 'about', subject: 'troops' }]],
  ['Fewer than 50 remain.', [{ text: 'Fewer than 50', value: 50, qualifier: 'less_than' }]],
  ['10 or more people were hurt.', [{ text: '10 or more', value: 10, qualifier: 'at_least', subject: 'people' }]],
  ['Russian strikes killed 12 people.', [{ text: '12', value: 12, subject: 'people', measure: 'killed' }]],
  ['One person died.', [{ text: 'One', value: 1, subject: 'person', measure: 'died' }]],
  ['Over 1,000 Russian soldiers were captured.', [{ text: 'Over 1,000', value: 1000, qualifier: 'more_than', subject: 'soldiers', measure: 'captured' }]],
  // Noun phrases after the number (from the PolNeAR figures gold set).
  ['It would raise taxes on 8 million low- and middle-income Americans.', [{ text: '8 million', value: 8e6, subject: 'Americans' }]],
  ['58 Fortune 500 companies would owe more.', [{ text: '58', value: 58, subject: 'companies' }]],
  // a model designation is part of the name; the noun after it is what is counted
  ['Seven Russian S-300 missiles hit the city.', [{ text: 'Seven', value: 7, subject: 'missiles' }]],
  ['The Netherlands has 24 F-16 fighter jets ready.', [{ text: '24', value: 24, subject: 'jets' }]],
  ['Ukraine received 12 F-16.', [{ text: '12', value: 12, subject: 'F-16' }]],
  // a number the article gives as a model's name names the model elsewhere in it too
  ['Emirates ordered 30 Boeing 787 jets. The 787 sales rose.', [{ text: '30', value: 30, subject: null }]],
  // a month is when, not what
  ['Russia has fewer than 4,000 troops there, down from 70,000 in March.', [{ text: 'fewer than 4,000', value: 4000, qualifier: 'less_than', subject: 'troops' }, { text: '70,000', value: 70000, subject: null }]],
  ['It defied five previous Security Council resolutions.', [{ text: 'five', value: 5, subject: 'resolutions' }]],
  // A unit where the noun should be: the unit is the figure's, what is counted follows it.
  ['They shelter trillions of dollars in profits offshore.', [{ text: 'trillions', value: 2e12, qualifier: 'vague', unit: 'USD', subject: 'profits' }]],
  ['He controls millions of tons of coal reserves.', [{ text: 'millions', value: 2e6, qualifier: 'vague', unit: 't', subject: 'reserves' }]],
  ['It bilked people out of thousands of dollars.', [{ text: 'thousands', value: 2000, qualifier: 'vague', unit: 'USD', subject: null }]],
  // Measures: a participle right after the phrase; a coordinated second noun.
  ['He started with $14 million borrowed from his father.', [{ text: '$14 million', value: 14e6, unit: 'USD', measure: 'borrowed' }]],
  ['Thousands of bond holders and small contractors lost fortunes.', [{ text: 'Thousands', value: 2000, qualifier: 'vague', subject: 'holders', measure: 'lost' }]],
  ['Politifact: Trump Is Right, ‘Thousands of Shootings’ in Chicago.', [{ text: 'Thousands', value: 2000, qualifier: 'vague', subject: 'Shootings' }]],
];

for (const [sentence, expected] of ROWS) {
  test(`figures: ${sentence}`, () => {
    const got = figuresOf(sentence);
    assert.equal(got.length, expected.length, JSON.stringify(got.map((f) => sentence.slice(f.start, f.end))));
    got.forEach((f, k) => {
      const e = expected[k];
      assert.equal(sentence.slice(f.start, f.end), e.text);
      assert.ok(Math.abs(f.value - e.value) < 1e-9 * Math.max(1, e.value), `value ${f.value}`);
      if (e.valueMax !== undefined) assert.equal(f.valueMax, e.valueMax);
      if (e.unit !== undefined) assert.equal(f.unit, e.unit);
      assert.equal(f.qualifier, e.qualifier ?? 'exact');
      if (e.subject !== undefined) assert.equal(f.subject, e.subject);
      if (e.measure !== undefined) assert.equal(f.measure, e.measure);
      assert.equal(f.id, `f${k + 1}`);
    });
  });
}

// None of these is a figure: a user distrusts absurd rows.
const NOT_FIGURES = [
  'The agreement was signed in 2015.', 'It is 2022.', 'The war started on Feb.24.', 'Talks resume March 28.', 'They met at 10:30.',
  'He came first.', 'The 2nd round of talks.', 'Call 555-1234 now.', 'The G7 summit opened.', 'COVID-19 cases rose.',
  'The Minsk II accords failed.', 'One of them spoke.', 'No one knows.', 'A meeting was held.', 'The two countries disagree.',
  'After World War Two ended.', 'He read page 5 aloud.', 'Article 5 of the treaty applies.', 'A 12-year-old boy was found.',
  'Its id is 0800 and code 1e308.', 'The 1990s were hard.', 'They waited for eight long years.', 'Within 48 hours it was over.',
  'He said so on Monday.', 'Version 1.2.3 shipped.', 'It happened on 9/11.', 'Open 24/7.', 'He flew an F-16 jet.',
  'Terence Crutcher, 40, was shot.', 'Crutcher, 40 ― a father ― was shot.', 'Finance chiefs of the Group of Twenty met.',
  'The crash could affect the 2024 elections.', 'Its 1990 accords still hold.', 'A 2018 analysis of the data found plumes.', 'Call 202-628-8500 or fax 202-628-8503.',
];
for (const sentence of NOT_FIGURES) {
  test(`not a figure: ${sentence}`, () => {
    const got = figuresOf(sentence);
    assert.deepEqual(got.map((f) => sentence.slice(f.start, f.end)), []);
  });
}

// Bad input: never a crash, never a hang, spans still round-trip.
const BAD = ['9'.repeat(400), '1,2,3,4,5,6', '10-12-2022', '1e308 1e309', '$$$ £ € 5', '- 5 - - 5 --', `${'1,000 '.repeat(5000)}`, '0.0.0.0', '3.', '.5', 'a third', 'between and', 'more than', '$', '99999999999999999999 people'];
for (const text of BAD) {
  test(`bad input survives: ${JSON.stringify(text.slice(0, 30))}`, () => {
    const t0 = performance.now();
    const got = figuresOf(text);
    assert.ok(performance.now() - t0 < 2000, 'no hang');
    for (const f of got) assert.ok(Number.isFinite(f.value));
  });
}

test('the reference article: figures with qualifier, subject, measure and attribution', () => {
  const text = readFileSync(REFERENCE_PATH, 'utf8');
  const a = analyze({ text, published: '2022-03-28' });
  const byText = (s: string): Figure | undefined => a.figures.find((f) => text.slice(f.start, f.end) === s);
  const f1119 = byText('At least 1,119');
  assert.ok(f1119);
  assert.deepEqual([f1119.value, f1119.qualifier, f1119.subject, f1119.measure], [1119, 'at_least', 'civilians', 'killed']);
  const f1790 = byText('1,790');
  assert.ok(f1790);
  assert.deepEqual([f1790.value, f1790.subject, f1790.measure], [1790, 'civilians', 'injured']);
  const f382 = byText('More than 3.82 million');
  assert.ok(f382);
  assert.deepEqual([f382.value, f382.qualifier, f382.subject, f382.measure], [3820000, 'more_than', 'Ukrainians', 'fled']);
  const millions = byText('millions more');
  assert.ok(millions);
  assert.deepEqual([millions.qualifier, millions.measure], ['vague', 'displaced']);
  assert.equal(a.figures.length, 4, 'nothing else in the article is a figure');
  // Both UN figures are tied to the "according to UN estimates" attribution once attributions exist.
  const according = a.attributions.find((x) => text.slice(x.cue.start, x.cue.end) === 'according to' && x.source && text.slice(x.source.start, x.source.end) === 'UN estimates');
  if (according) {
    assert.equal(f1119.attribution, according.id);
    assert.equal(f1790.attribution, according.id);
  }
});
