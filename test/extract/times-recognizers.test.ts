// Microsoft Recognizers-Text English specs (../shared/data/recognizers-text) as table tests for
// findTimes: each case has an input, a reference date and the expected TIMEX. Those specs cover much
// that news copy never says ("I'll go back 22april"), so the test asserts a pass rate per spec file,
// measured and pinned a little below, rather than every case; the rate is printed for the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDoc } from '../../src/doc.js';
import { findTimes } from '../../src/extract/find-times.js';
import { loadResources } from '../../src/resources.js';
import { SHARED } from '../helpers/contract.js';

const DIR = path.join(SHARED, 'data', 'recognizers-text', 'DateTime', 'English');

interface SpecResult { Text: string; Value?: { Timex?: string; FutureResolution?: Record<string, string>; PastResolution?: Record<string, string> }; Resolution?: { values?: Array<{ timex?: string; value?: string }> } }
interface SpecCase { Input: string; Context?: { ReferenceDateTime?: string }; NotSupported?: string; NotSupportedByDesign?: string; Results: SpecResult[] }

/** The values a case accepts: its TIMEX, and the resolved past/future dates of an underspecified one. */
function accepted(r: SpecResult): string[] {
  const out: string[] = [];
  if (r.Value?.Timex) out.push(r.Value.Timex);
  for (const res of [r.Value?.PastResolution, r.Value?.FutureResolution]) if (res) for (const v of Object.values(res)) out.push(v.replace(' ', 'T').replace(/:00$/, ''));
  for (const v of r.Resolution?.values ?? []) { if (v.timex) out.push(v.timex); if (v.value) out.push(v.value.replace(' ', 'T').replace(/:00$/, '')); }
  return out;
}

// [spec file, minimum pass rate] — pinned from measured rates (see the report for the numbers).
// Measured: DateParser 46/110; DurationParser 18/50 (misses glued '3h', 'half hour', 'whole day');
// SetParser 12/32 (misses '3pm every day' = T15, 'each 4/15'); DatePeriodParser 65/144 (misses day
// ranges 'from 4 to 22 this month'); DateTimeModel 94/366 (misses 22/04, 'May twenty nine', a bare
// weekday as XXXX-WXX-5 where news resolves it to a date).
// Re-measured after the tense rules (day-and-month years by the clause's tense, the nearest when it shows
// none; "its quarterly dividend" not a set, as TimeBank reads it): SetParser 11/32 (the spec's "a
// quarterly meeting" is now attributive); DatePeriodParser 61/144 ("please schedule … february 4" in
// November now resolves to next February 4, where the spec accepts only the week's Monday, 2020-02-03).
const SPECS: Array<[string, number]> = [
  ['DateParser.json', 0.4],
  ['DurationParser.json', 0.33],
  ['SetParser.json', 0.34],
  ['DatePeriodParser.json', 0.42],
  ['DateTimeModel.json', 0.24],
];

for (const [file, minimum] of SPECS) {
  test(`Recognizers-Text ${file}: pass rate ≥ ${minimum}`, { skip: existsSync(path.join(DIR, file)) ? false : 'needs ../shared/data/recognizers-text' }, () => {
    const cases = JSON.parse(readFileSync(path.join(DIR, file), 'utf8').replace(/^\uFEFF/, '')) as SpecCase[];
    const resources = loadResources();
    let tried = 0, passed = 0;
    const misses: string[] = [];
    for (const c of cases) {
      if (/javascript/i.test(`${c.NotSupported ?? ''} ${c.NotSupportedByDesign ?? ''}`)) continue;
      if (c.Results.length !== 1) continue;
      const published = (c.Context?.ReferenceDateTime ?? '2016-11-07T00:00:00').slice(0, 10);
      const doc = createDoc({ text: c.Input, published });
      findTimes(doc, resources);
      for (const t of doc.times) {
        assert.equal(doc.text.slice(t.start, t.end).trim(), doc.text.slice(t.start, t.end), 'span never starts or ends in whitespace');
      }
      tried++;
      const want = accepted(c.Results[0]);
      if (doc.times.some((t) => want.includes(t.value))) passed++;
      else if (misses.length < 5) misses.push(`${c.Input} → want ${want[0]}, got ${doc.times.map((t) => t.value).join(',') || 'nothing'}`);
    }
    const rate = passed / Math.max(1, tried);
    process.stdout.write(`# ${file}: ${passed}/${tried} = ${(100 * rate).toFixed(1)}%  e.g. misses: ${misses.join(' | ')}\n`);
    assert.ok(rate >= minimum, `${file}: pass rate ${rate.toFixed(3)} below ${minimum}`);
  });
}
