// Figures and dates of the reference article and of its copy with every name, number and date changed:
// the same structure must come out of both (nothing may depend on the particular text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/index.js';
import { REFERENCE_PATH, ROOT } from '../helpers/contract.js';

type FigureRow = [text: string, value: number, qualifier: string, subject: string, measure: string, source: string];
type TimeRow = [text: string, type: string, value: string];

const CASES: Array<{ label: string; file: string; published: string; figures: FigureRow[]; times: TimeRow[] }> = [
  {
    label: 'reference', file: REFERENCE_PATH, published: '2022-03-28',
    figures: [
      ['At least 1,119', 1119, 'at_least', 'civilians', 'killed', 'UN estimates'],
      ['1,790', 1790, 'exact', 'civilians', 'injured', 'UN estimates'],
      ['More than 3.82 million', 3_820_000, 'more_than', 'Ukrainians', 'fled', 'the UN refugee agency'],
      ['millions more', 2_000_000, 'vague', 'Ukrainians', 'displaced', 'the UN refugee agency'],
    ],
    times: [['Monday', 'DATE', '2022-03-28'], ['2015', 'DATE', '2015'], ['eight long years', 'DURATION', 'P8Y'], ['Feb.24', 'DATE', '2022-02-24']],
  },
  {
    label: 'altered copy', file: path.join(ROOT, 'test', 'fixtures', 'altered-reference.txt'), published: '2023-05-11',
    figures: [
      ['At least 2,347', 2347, 'at_least', 'workers', 'lost', 'OECD estimates'],
      ['4,062', 4062, 'exact', 'workers', 'suspended', 'OECD estimates'],
      ['More than 1.25 million', 1_250_000, 'more_than', 'Germans', 'moved', 'the EU statistics office'],
      ['thousands more', 2000, 'vague', 'Germans', 'relocated', 'the EU statistics office'],
    ],
    times: [['Thursday', 'DATE', '2023-05-11'], ['2009', 'DATE', '2009'], ['eleven long years', 'DURATION', 'P11Y'], ['Jan.9', 'DATE', '2023-01-09']],
  },
];

for (const c of CASES) {
  const text = readFileSync(c.file, 'utf8');
  const a = analyze({ text, published: c.published });
  const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);

  test(`${c.label}: exactly the reported figures, each with qualifier, subject, measure and source`, () => {
    assert.deepEqual(a.figures.map(slice), c.figures.map((f) => f[0]), 'no figure missing, none extra (years and dates are not figures)');
    for (const [t, value, qualifier, subject, measure, source] of c.figures) {
      const f = a.figures.find((x) => slice(x) === t)!;
      const at = a.attributions.find((x) => x.id === f.attribution);
      assert.deepEqual([f.value, f.qualifier, f.subject, f.measure, at?.source ? slice(at.source) : null], [value, qualifier, subject, measure, source], t);
    }
  });

  test(`${c.label}: dates resolved against the publication date`, () => {
    for (const [t, type, value] of c.times) {
      const x = a.times.find((y) => slice(y) === t);
      assert.ok(x, `no time "${t}"`);
      assert.deepEqual([x.type, x.value], [type, value], t);
    }
  });
}
