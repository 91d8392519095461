// findTimes as a specification: [sentence, publication date, expected times] rows in TIMEX3 form,
// TimeBank-like cases, the reference article end to end, no publication date, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Time } from '../../src/contract.js';
import { createDoc } from '../../src/doc.js';
import { findTimes } from '../../src/extract/find-times.js';
import { loadResources } from '../../src/resources.js';
import { analyze } from '../../src/index.js';
import { REFERENCE_PATH } from '../helpers/contract.js';

const resources = loadResources();

function timesOf(text: string, published: string | null): { times: Time[]; warnings: string[] } {
  const doc = createDoc({ text, published });
  findTimes(doc, resources);
  for (const t of doc.times) {
    const span = text.slice(t.start, t.end);
    assert.ok(span.length > 0 && span.trim() === span, `span ${JSON.stringify(span)} is trimmed`);
    assert.ok((t as Time & { rule?: string }).rule, 'every time says which rule made it');
  }
  return { times: doc.times, warnings: doc.warnings.map((w) => w.code) };
}

const MON = '2022-03-28'; // a Monday
// [sentence, published, [span text, type, value][]]
const ROWS: Array<[string, string, Array<[string, Time['type'], string]>]> = [
  ['The Russian foreign minister said on Monday.', MON, [['Monday', 'DATE', '2022-03-28']]],
  ['The talks were held on Thursday.', MON, [['Thursday', 'DATE', '2022-03-24']]],
  ['The delegations will meet on Tuesday.', MON, [['Tuesday', 'DATE', '2022-03-29']]],
  ['The agreement was signed in 2015.', MON, [['2015', 'DATE', '2015']]],
  ['The killing lasted for eight long years.', MON, [['eight long years', 'DURATION', 'P8Y']]],
  ['They stayed for three weeks.', MON, [['three weeks', 'DURATION', 'P3W']]],
  ['The deadline is 48 hours.', MON, [['48 hours', 'DURATION', 'PT48H']]],
  ['Fighting has gone on since 2014.', MON, [['2014', 'DATE', '2014']]],
  ['He visited Kyiv earlier this month.', MON, [['earlier this month', 'DATE', '2022-03']]],
  ['Crime fell in the 1990s.', MON, [['the 1990s', 'DATE', '199']]],
  ['Profits rose in the first quarter.', MON, [['the first quarter', 'DATE', '2022-Q1']]],
  ['The war started on Feb.24.', MON, [['Feb.24', 'DATE', '2022-02-24']]],
  ['It ends today.', MON, [['today', 'DATE', '2022-03-28']]],
  ['He arrived yesterday.', MON, [['yesterday', 'DATE', '2022-03-27']]],
  ['Talks stalled last week.', MON, [['last week', 'DATE', '2022-W12']]],
  ['Talks resume next month.', MON, [['next month', 'DATE', '2022-04']]],
  ['Growth slowed this year.', MON, [['this year', 'DATE', '2022']]],
  ['It is over now.', MON, [['now', 'DATE', 'PRESENT_REF']]],
  ['He recently resigned.', MON, [['recently', 'DATE', 'PAST_REF']]],
  ['It may change in the future.', MON, [['the future', 'DATE', 'FUTURE_REF']]],
  ['Inspectors come every week.', MON, [['every week', 'SET', 'P1W']]],
  ['Reports are published daily.', MON, [['daily', 'SET', 'P1D']]],
  ['He left two years ago.', MON, [['two years ago', 'DATE', '2020']]],
  ['Sales fell over the past two months.', MON, [['the past two months', 'DURATION', 'P2M']]],
  ['The deal was signed on Jan. 8, 1998, in Paris.', MON, [['Jan. 8, 1998', 'DATE', '1998-01-08']]],
  ['The blast came at 3 p.m. on Sunday.', MON, [['3 p.m. on Sunday', 'TIME', '2022-03-27T15:00']]],
  ['Shelling stopped at 3 p.m.', MON, [['3 p.m.', 'TIME', '2022-03-28T15:00']]],
  // a clock time that names no day happened on the one day its sentence names
  ['The attack came around 11:00 am (12:00 Moscow time) on March 15.', MON, [['11:00 am', 'TIME', '2022-03-15T11:00'], ['12:00', 'TIME', '2022-03-15T12:00'], ['March 15', 'DATE', '2022-03-15']]],
  ['The meeting on March 3 began at 10:00.', MON, [['March 3', 'DATE', '2022-03-03'], ['10:00', 'TIME', '2022-03-03T10:00']]],
  ['On Friday he said the 10:00 meeting today was off.', MON, [['Friday', 'DATE', '2022-03-25'], ['10:00', 'TIME', '2022-03-28T10:00'], ['today', 'DATE', '2022-03-28']]],
  ['Shelling resumed Friday morning.', MON, [['Friday morning', 'TIME', '2022-03-25TMO']]],
  ['The vote was held last Friday.', MON, [['last Friday', 'DATE', '2022-03-25']]],
  ['It rained last summer.', MON, [['last summer', 'DATE', '2021-SU']]],
  ['Output dropped in late November.', MON, [['late November', 'DATE', '2021-11']]],
  ['Results for the third quarter of 1989 were weak.', MON, [['the third quarter of 1989', 'DATE', '1989-Q3']]],
  ['The firm expects a loss in fiscal 1989.', MON, [['fiscal 1989', 'DATE', '1989']]],
  ['Sales rose 5% a year earlier.', MON, [['a year earlier', 'DATE', '2021']]],
  ['It was a five-year low.', MON, [['five-year', 'DURATION', 'P5Y']]],
  ['Stocks fell in today\'s trading.', MON, [['today', 'DATE', '2022-03-28']]],
  ['The talks took place over the weekend.', MON, [['the weekend', 'DATE', '2022-W12-WE']]],
  ['The group split in mid-1996.', MON, [['mid-1996', 'DATE', '1996']]],
  ['Talks are planned for May.', MON, [['May', 'DATE', '2022-05']]],
  ['The 20th century ended.', MON, [['The 20th century', 'DATE', '19']]],
  ['It lasted half an hour.', MON, [['half an hour', 'DURATION', 'PT30M']]],
  // TimeBank-like: DCT 1989-10-26 (a Thursday), financial copy.
  ['Net income rose in the third quarter.', '1989-10-26', [['the third quarter', 'DATE', '1989-Q3']]],
  ['The company said Friday it would sell the unit.', '1989-10-30', [['Friday', 'DATE', '1989-10-27']]],
  ['Earnings fell from a year ago.', '1989-10-26', [['a year ago', 'DATE', '1988']]],
  ['Sales for the nine months rose.', '1989-10-26', [['the nine months', 'DURATION', 'P9M']]],
  ['The period ended Sept. 30.', '1989-10-26', [['Sept. 30', 'DATE', '1989-09-30']]],
  ['The offer expires Nov. 6.', '1989-10-30', [['Nov. 6', 'DATE', '1989-11-06']]],
  // Reporting periods: after a quarter is named, "a year ago" is that quarter a year back.
  ['Net rose to $5 million in the third quarter from $3 million a year ago.', '1989-11-02', [['the third quarter', 'DATE', '1989-Q3'], ['a year ago', 'DATE', '1988-Q3']]],
  ['Third-quarter profit was $2 million. A year earlier, it lost $1 million.', '1989-11-02', [['Third-quarter', 'DATE', '1989-Q3'], ['A year earlier', 'DATE', '1988-Q3']]],
  ['Net was $2 million in the 1988 third quarter.', '1989-11-02', [['1988', 'DATE', '1988-Q3']]],
  ['In the second quarter, sales fell. In the 1988 period, they rose.', '1989-11-02', [['the second quarter', 'DATE', '1989-Q2'], ['1988', 'DATE', '1988-Q2']]],
  ['It earned $9 million in the third quarter, compared with $33 million last year.', '1989-10-30', [['the third quarter', 'DATE', '1989-Q3'], ['last year', 'DATE', '1988-Q3']]],
  ['Prices fell last year.', '1989-10-30', [['last year', 'DATE', '1988']]],
  // Tense decides the year of a bare month or a day-and-month.
  ['Since KKR bought RJR in February, bonds fell.', '1989-10-30', [['February', 'DATE', '1989-02']]],
  ['He will succeed Mr. Davison Feb. 1.', '1989-10-26', [['Feb. 1', 'DATE', '1990-02-01']]],
  ['The offer was extended to Nov. 20.', '1989-11-02', [['Nov. 20', 'DATE', '1989-11-20']]],
  ['The boy should go home by Jan. 14.', '2000-01-05', [['Jan. 14', 'DATE', '2000-01-14']]],
  ['He could arrive as soon as Tuesday.', '2000-04-03', [['Tuesday', 'DATE', '2000-04-04']]],
  ["They would look for ways around Wednesday's ruling.", '2000-01-07', [['Wednesday', 'DATE', '2000-01-05']]],
  // Spans and anaphora.
  ['Losses mounted over the past two quarters.', '1989-10-27', [['the past two quarters', 'DURATION', 'P2Q']]],
  ['He was promoted in 1995, and the following year he retired.', '1998-04-18', [['1995', 'DATE', '1995'], ['the following year', 'DATE', '1996']]],
  ['Sales for the year ended Sept. 30 rose.', '1989-11-02', [['the year', 'DURATION', 'P1Y'], ['Sept. 30', 'DATE', '1989-09-30']]],
  ['The cuts will be made by year-end.', '1989-11-02', [['year-end', 'DATE', '1989-12-31']]],
  ['It cited the current weakness in London.', '1989-10-30', [['current', 'DATE', 'PRESENT_REF']]],
  ['He was killed soon after the attack.', '1998-02-19', []],
];

for (const [sentence, published, expected] of ROWS) {
  test(`times (${published}): ${sentence}`, () => {
    const { times } = timesOf(sentence, published);
    assert.deepEqual(times.map((t) => [sentence.slice(t.start, t.end), t.type, t.value]), expected);
    times.forEach((t, k) => assert.equal(t.id, `t${k + 1}`));
  });
}

// Not times: counts, money, names, rates.
const NOT_TIMES = ['At least 1,119 civilians died.', 'It cost $2000.', 'He deployed 2000 troops.', 'Theresa May said no.', 'It may rain.', '10 to 12 people came.', 'Shares rose to $1.35 a share.', '$5 million a year', 'four flights a week', 'A 12-year-old boy.', 'He is 37 years old.', 'The G7 met.', 'Magna cut its quarterly dividend.', 'Sales were a quarter of the total.'];
for (const sentence of NOT_TIMES) {
  test(`not a time: ${sentence}`, () => {
    const { times } = timesOf(sentence, MON);
    assert.deepEqual(times.map((t) => sentence.slice(t.start, t.end)), []);
  });
}

test('without a publication date: absolute kept, relative left out with one warning', () => {
  const { times, warnings } = timesOf('They met on Monday and last week, signed in 2015 on Jan. 8, 1998, for eight years.', null);
  const text = 'They met on Monday and last week, signed in 2015 on Jan. 8, 1998, for eight years.';
  assert.deepEqual(times.map((t) => [text.slice(t.start, t.end), t.value]), [['2015', '2015'], ['Jan. 8, 1998', '1998-01-08'], ['eight years', 'P8Y']]);
  assert.deepEqual(warnings, ['DOSSIER_NO_PUBLICATION_DATE']);
});

test('the reference article: on Monday, 2015, eight long years, Feb.24', () => {
  const text = readFileSync(REFERENCE_PATH, 'utf8');
  const a = analyze({ text, published: '2022-03-28' });
  const got = new Map(a.times.map((t) => [text.slice(t.start, t.end), t.value]));
  assert.equal(got.get('Monday'), '2022-03-28');
  assert.equal(got.get('2015'), '2015');
  assert.equal(got.get('eight long years'), 'P8Y');
  assert.equal(got.get('Feb.24'), '2022-02-24');
});

const BAD = ['9'.repeat(400), '1,2,3,4,5,6', '10-12-2022', 'on on on Monday Monday', 'last last last', '\u0000 2015 \ud800', `${'March '.repeat(3000)}`, 'the the the 1990s', '99999 years ago', '3/3/3/3/3', 'Feb.'];
for (const text of BAD) {
  test(`bad input survives: ${JSON.stringify(text.slice(0, 30))}`, () => {
    const t0 = performance.now();
    timesOf(text, MON);
    timesOf(text, null);
    timesOf(text, 'not a date');
    assert.ok(performance.now() - t0 < 3000, 'no hang');
  });
}
