// The reference article, tried as a new user would: every reported statement, with its speaker.
// These rows are the product's acceptance test; they are written from reading the article, and the
// engine's rules never look at this text specially.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, type Analysis, type Attribution } from '../../src/index.js';
import { REFERENCE_PATH } from '../helpers/contract.js';

const text = readFileSync(REFERENCE_PATH, 'utf8');
const analysis: Analysis = analyze({ text, published: '2022-03-28' });
const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);
const entityName = (id: string | null | undefined): string | null => analysis.entities.find((e) => e.id === id)?.name ?? null;

// [cue as written, a phrase the content contains, source as written, speaker's entity name, kind, stance]
const STATEMENTS: Array<[cue: string, contentHas: string, source: string, speaker: RegExp, kind: Attribution['kind'], stance: string]> = [
  ['says', 'chance to achieve peace agreement', 'Russian Foreign Minister Sergey Lavrov', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['said', 'may take place if all key differences', 'the Russian foreign minister', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['told', 'A huge number of problems', 'Sergey Lavrov', /^Sergey Lavrov$/, 'direct', 'neutral'],
  ['recalled', 'Putin has never refused to meet Zelenskyy', 'Lavrov', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['stressed', 'such events have to be well-prepared', 'Lavrov', /^Sergey Lavrov$/, 'indirect', 'emphatic'],
  ['said', 'Ukraine must refrain from hosting foreign militaries', 'Lavrov', /^Sergey Lavrov$/, 'mixed', 'neutral'],
  ['said', 'A meeting of the presidents will be necessary', 'he', /^Sergey Lavrov$/, 'direct', 'neutral'],
  ['dismissed', 'claims', 'Kyiv', /^Kyiv$/, 'indirect', 'denying'],
  ['accused', 'Moscow of seeking a pretext', 'Kyiv', /^Kyiv$/, 'indirect', 'accusing'],
  ['accused', 'Ukraine of sabotaging the Minsk Agreement', 'Lavrov', /^Sergey Lavrov$/, 'indirect', 'accusing'],
  ['claimed', 'We are interested in these negotiations', 'he', /^Sergey Lavrov$/, 'direct', 'distancing'],
  ['said', 'there are chances to achieve an agreement', 'Lavrov', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['claiming', 'the Western politicians understand', 'Lavrov', /^Sergey Lavrov$/, 'mixed', 'distancing'],
  ['said', 'venue of the negotiations should be agreed', 'He', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['adding', 'Istanbul, where the next meeting is planned', 'He', /^Sergey Lavrov$/, 'indirect', 'neutral'],
  ['said', 'we will be ready to consider other locations', 'he', /^Sergey Lavrov$/, 'direct', 'neutral'],
  ['according to', '1,119 civilians have been killed', 'UN estimates', /^(UN|United Nations)$/, 'indirect', 'neutral'],
  ['according to', '3.82 million Ukrainians have also fled', 'the UN refugee agency', /UN|United Nations|UNHCR/, 'indirect', 'neutral'],
];

function find(cue: string, contentHas: string): Attribution | undefined {
  return analysis.attributions.find((a) => slice(a.cue) === cue && a.content.some((c) => slice(c).includes(contentHas)));
}

for (const [cue, contentHas, source, speaker, kind, stance] of STATEMENTS) {
  test(`reference: ${cue} … ${contentHas}`, () => {
    const a = find(cue, contentHas);
    assert.ok(a, `no attribution with cue "${cue}" whose content contains "${contentHas}"`);
    assert.ok(a.source, 'source is missing');
    assert.equal(slice(a.source), source, 'source as written');
    assert.match(entityName(a.source.entity) ?? '(unresolved)', speaker, 'speaker entity');
    assert.equal(a.kind, kind, 'kind');
    assert.equal(a.stance, stance, 'stance');
  });
}

test('reference: the four direct quotes keep their quotation marks', () => {
  const direct = analysis.attributions.filter((a) => a.kind === 'direct');
  assert.equal(direct.length, 4);
  for (const a of direct) {
    const c = a.content.map(slice).join(' ');
    assert.match(c, /^["“]/);
    assert.match(c, /["”]$/);
  }
});

test('reference: no attribution comes from a headline line used twice', () => {
  const cues = analysis.attributions.map((a) => a.cue.start);
  assert.equal(new Set(cues).size, cues.length, 'two attributions share a cue');
});

test('reference: Sergey Lavrov carries the descriptor Russian Foreign Minister', () => {
  const lavrov = analysis.entities.find((e) => e.name === 'Sergey Lavrov');
  assert.ok(lavrov, 'no entity Sergey Lavrov');
  assert.ok((lavrov.descriptors ?? []).some((d) => /^Russian Foreign Minister$/i.test(d)), `descriptors: ${JSON.stringify(lavrov.descriptors)}`);
  assert.ok(lavrov.mentions.length >= 6, 'Sergey Lavrov ×2 and Lavrov ×5 are proper-name mentions');
});
