// The reference article, tried as a new user would: every reported statement, with its speaker.
// These rows are the product's acceptance test; they are written from reading the article, and the
// engine's rules never look at this text specially.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, type Analysis, type Attribution } from '../../src/index.js';
import path from 'node:path';
import { REFERENCE_PATH, ROOT } from '../helpers/contract.js';

type Row = [cue: string, contentHas: string, source: string, speaker: RegExp, kind: Attribution['kind'], stance: string];

// [cue as written, a phrase the content contains, source as written, speaker's entity name, kind, stance]
const REFERENCE: Row[] = [
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

// The same article with every name, number and date changed (test/fixtures/altered-reference.txt):
// nothing may depend on the particular text.
const ALTERED: Row[] = [
  ['says', 'opportunity to reach a ceasefire deal', 'French Foreign Minister Jean-Paul Duval', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['said', 'may happen if all main disputes', 'the French foreign minister', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['told', 'An enormous number of disputes', 'Jean-Paul Duval', /^Jean-Paul Duval$/, 'direct', 'neutral'],
  ['recalled', 'Moreau has never declined to meet Brenner', 'Duval', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['stressed', 'such summits must be carefully prepared', 'Duval', /^Jean-Paul Duval$/, 'indirect', 'emphatic'],
  ['said', 'Germany must stop stationing foreign brigades', 'Duval', /^Jean-Paul Duval$/, 'mixed', 'neutral'],
  ['said', 'A summit of the presidents will be useful', 'he', /^Jean-Paul Duval$/, 'direct', 'neutral'],
  ['dismissed', 'accusations', 'Berlin', /^Berlin$/, 'indirect', 'denying'],
  ['accused', 'Paris of looking for an excuse', 'Berlin', /^Berlin$/, 'indirect', 'accusing'],
  ['accused', 'Germany of breaking the Lyon Accord', 'Duval', /^Jean-Paul Duval$/, 'indirect', 'accusing'],
  ['claimed', 'We want these talks to end', 'he', /^Jean-Paul Duval$/, 'direct', 'distancing'],
  ['said', 'there are prospects for a settlement', 'Duval', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['claiming', 'the Nordic governments recognise', 'Duval', /^Jean-Paul Duval$/, 'mixed', 'distancing'],
  ['said', 'the location of the talks should be chosen', 'He', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['adding', 'Vienna, where the next round is scheduled', 'He', /^Jean-Paul Duval$/, 'indirect', 'neutral'],
  ['said', 'we will be willing to look at other cities', 'he', /^Jean-Paul Duval$/, 'direct', 'neutral'],
  ['according to', '2,347 workers have lost their jobs', 'OECD estimates', /^OECD$/, 'indirect', 'neutral'],
  ['according to', '1.25 million Germans have also moved', 'the EU statistics office', /EU|European Union/, 'indirect', 'neutral'],
];

function checkArticle(label: string, file: string, published: string, rows: Row[], speaker: string, descriptor: RegExp): void {
  const text = readFileSync(file, 'utf8');
  const analysis: Analysis = analyze({ text, published });
  const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);
  const entityName = (id: string | null | undefined): string | null => analysis.entities.find((e) => e.id === id)?.name ?? null;
  const find = (cue: string, contentHas: string): Attribution | undefined =>
    analysis.attributions.find((a) => (slice(a.cue) === cue || slice(a.cue).endsWith(` ${cue}`)) && a.content.some((c) => slice(c).includes(contentHas)));

  for (const [cue, contentHas, source, who, kind, stance] of rows) {
    test(`${label}: ${cue} … ${contentHas}`, () => {
      const a = find(cue, contentHas);
      assert.ok(a, `no attribution with cue "${cue}" whose content contains "${contentHas}"`);
      assert.ok(a.source, 'source is missing');
      assert.equal(slice(a.source), source, 'source as written');
      assert.match(entityName(a.source.entity) ?? '(unresolved)', who, 'speaker entity');
      assert.equal(a.kind, kind, 'kind');
      assert.equal(a.stance, stance, 'stance');
    });
  }

  test(`${label}: the four direct quotes keep their quotation marks`, () => {
    const direct = analysis.attributions.filter((a) => a.kind === 'direct');
    assert.equal(direct.length, 4);
    for (const a of direct) {
      const c = a.content.map(slice).join(' ');
      assert.match(c, /^["“]/);
      assert.match(c, /["”]$/);
    }
  });

  test(`${label}: no two attributions share a cue`, () => {
    const cues = analysis.attributions.map((a) => a.cue.start);
    assert.equal(new Set(cues).size, cues.length);
  });

  test(`${label}: ${speaker} carries their descriptor and every name mention`, () => {
    const person = analysis.entities.find((e) => e.name === speaker);
    assert.ok(person, `no entity ${speaker}`);
    assert.ok((person.descriptors ?? []).some((d) => descriptor.test(d)), `descriptors: ${JSON.stringify(person.descriptors)}`);
    assert.ok(person.mentions.length >= 6, 'full name ×2 and surname ×5 are proper-name mentions');
  });
}

checkArticle('reference', REFERENCE_PATH, '2022-03-28', REFERENCE, 'Sergey Lavrov', /^Russian Foreign Minister$/i);
checkArticle('altered copy', path.join(ROOT, 'test', 'fixtures', 'altered-reference.txt'), '2023-05-11', ALTERED, 'Jean-Paul Duval', /^French Foreign Minister$/i);
