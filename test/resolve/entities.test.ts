// Entity grouping and speaker resolution, with attributions built by hand so these tests do not
// depend on the attribution rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, STAGES } from '../../src/pipeline.js';
import { loadResources } from '../../src/resources.js';
import { resolveSpeakers } from '../../src/resolve/resolve-speakers.js';
import type { Doc, DocAttribution } from '../../src/doc.js';

const resources = loadResources();
const upTo = (name: string) => STAGES.slice(0, STAGES.findIndex(([n]) => n === name) + 1);
const entitiesOf = (text: string): Doc => runPipeline({ text }, resources, upTo('groupEntities'));

// [text, expected entities as "TYPE Name ×mentions"]
const GROUPS: Array<[string, string[]]> = [
  ['Sergey Lavrov spoke. Lavrov said more. Lavrov left.', ['PER Sergey Lavrov ×3']],
  ['Putin met reporters. Later Vladimir Putin flew home.', ['PER Vladimir Putin ×2']],
  ['The United Nations said so. The UN later agreed.', ['ORG United Nations ×2']],
  ['Kyiv and Ukraine are not one entity; Kiev is Kyiv.', ['LOC Kyiv ×3', 'LOC Ukraine ×1']],
  ['NATO Secretary General Jens Stoltenberg met Volodymyr Zelensky. Zelenskyy thanked NATO.', ['ORG NATO ×2', 'PER Jens Stoltenberg ×1', 'PER Volodymyr Zelensky ×2']],
  ['Moreau-Brenner talks. French President Emmanuel Moreau met Karl Brenner. Moreau smiled.', ['PER Emmanuel Moreau ×3', 'PER Karl Brenner ×2']],
  // Gazetteer codes do not merge bodies that share one (CAMEO files the EU and its Commission alike).
  ['The European Union and the European Commission met. The EU agreed.', ['ORG European Union ×2', 'ORG European Commission ×1']],
  ['The Wagner Group advanced. Wagner fighters left.', ['ORG Wagner Group ×2']],
  ['Activist Vladimir Kara-Murza was jailed. Kara-Murza denied it.', ['PER Vladimir Kara-Murza ×2']],
  ['Yevgeny Prigozhin died. According to Prigozhin, all was well.', ['PER Yevgeny Prigozhin ×2']],
  ['Labour leader Sir Keir Starmer spoke. Later, Sir Keir pushed for nuclear power.', ['PER Keir Starmer ×2']],
  // "the" + an organisation's head word: the latest organisation named with it before, never one named after
  ['The Wikimedia Foundation objected. The Foundation had responded before.', ['ORG Wikimedia Foundation ×2']],
  ['The European Commission and the European Parliament met. The Commission said nothing.', ['ORG European Commission ×2', 'ORG European Parliament ×1']],
  ['The Commission met on Monday. Later the European Commission said nothing.', ['ORG Commission ×1', 'ORG European Commission ×1']],
];

for (const [text, expected] of GROUPS) {
  test(`entities: ${text}`, () => {
    const doc = entitiesOf(text);
    assert.deepEqual(doc.entities.map((e) => `${e.type} ${e.name} ×${e.mentions.length}`), expected);
    doc.entities.forEach((e, i) => {
      assert.equal(e.id, `e${i + 1}`);
      for (const m of e.mentions) assert.ok(text.slice(m.start, m.end).length > 0);
    });
  });
}

/** Runs names and entities, then adds hand-made attributions (source phrase, nth occurrence) and resolves them. */
function resolve(text: string, sources: Array<[phrase: string, cue: string]>): Array<string | null> {
  const doc = entitiesOf(text);
  let from = 0;
  doc.attributions = sources.map(([phrase, cue], k): DocAttribution => {
    const s = text.indexOf(phrase, from);
    assert.ok(s >= 0, `no "${phrase}" after ${from}`);
    const c = text.indexOf(cue, s + phrase.length - (cue.length + phrase.length));
    from = s + phrase.length;
    return { id: `a${k + 1}`, kind: 'indirect', source: { start: s, end: s + phrase.length, entity: null }, cue: { start: c, end: c + cue.length, lemma: cue }, content: [], rule: 'test' };
  });
  resolveSpeakers(doc, resources);
  return doc.attributions.map((a) => doc.entities.find((e) => e.id === a.source?.entity)?.name ?? null);
}

// [text, [source, cue] in text order, expected speaker names]
const SPEAKERS: Array<[string, Array<[string, string]>, Array<string | null>]> = [
  ['Sergey Lavrov spoke on Monday. "We are ready," he said.', [['Sergey Lavrov', 'spoke'], ['he', 'said']], ['Sergey Lavrov', 'Sergey Lavrov']],
  ['Peace is near, the Russian foreign minister said on Monday. Sergey Lavrov, the Russian Foreign Minister, added more.',
    [['the Russian foreign minister', 'said'], ['Sergey Lavrov', 'added']], ['Sergey Lavrov', 'Sergey Lavrov']],
  ['Talks may go on, says Russian Foreign Minister Sergey Lavrov. The deal is near, the Russian foreign minister said.',
    [['Russian Foreign Minister Sergey Lavrov', 'says'], ['the Russian foreign minister', 'said']], ['Sergey Lavrov', 'Sergey Lavrov']],
  ['John Smith said the plan failed. Mary Jones said it worked. "It is fine," she said. "No," he said.',
    [['John Smith', 'said'], ['Mary Jones', 'said'], ['she', 'said'], ['he', 'said']], ['John Smith', 'Mary Jones', 'Mary Jones', 'John Smith']],
  ['The European Union announced sanctions. They said more would follow.', [['The European Union', 'announced'], ['They', 'said']], ['European Union', 'European Union']],
  ['At least 10 died, according to UN estimates.', [['UN estimates', 'according to']], ['UN']],
  ['Millions fled, according to the UN refugee agency.', [['the UN refugee agency', 'according to']], ['UN refugee agency']],
  ['Kyiv has repeatedly dismissed the claims.', [['Kyiv', 'dismissed']], ['Kyiv']],
  ['"We will see," I said.', [['I', 'said']], [null]],
  ['Officials said nothing.', [['Officials', 'said']], [null]],
  // 'They' speaks for an organisation, not a country.
  ['Mayor of Irpin Alexandar Markushin spoke. Fighting went on, according to a senior United States defense official.',
    [['Mayor of Irpin Alexandar Markushin', 'spoke'], ['a senior United States defense official', 'according to']], ['Alexandar Markushin', null]],
  ['The Kremlin warned France. They said more would follow.', [['The Kremlin', 'warned'], ['They', 'said']], ['Kremlin', 'Kremlin']],
];

for (const [text, sources, expected] of SPEAKERS) {
  test(`speakers: ${text}`, () => assert.deepEqual(resolve(text, sources), expected));
}

test('speakers: every resolution says why', () => {
  const doc = entitiesOf('Sergey Lavrov spoke. He said more.');
  const s = doc.text.indexOf('He');
  doc.attributions = [{ id: 'a1', kind: 'indirect', source: { start: s, end: s + 2, entity: null }, cue: { start: s + 3, end: s + 7, lemma: 'say' }, content: [], rule: 'test' }];
  resolveSpeakers(doc, resources);
  assert.match(doc.attributions[0].resolution ?? '', /pronoun 'he' → Sergey Lavrov/);
});
