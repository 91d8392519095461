// codeEvents as a specification: [sentence, expected events] rows per code and modality, sentences that
// must give no event, both reference texts end to end (the real one and the copy with every name
// changed), spans that round-trip and output that the contract's schema accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Analysis, Event } from '../../src/contract.js';
import { analyze } from '../../src/index.js';
import { assertSpansRoundTrip, assertValidAnalysis, hasShared, REFERENCE_PATH, ROOT } from '../helpers/contract.js';

const ALTERED_PATH = path.join(ROOT, 'test', 'fixtures', 'altered-reference.txt');

interface Named { code: string; trigger: string; modality: Event['modality']; actors: string[]; targets: string[]; place: string | null; condition: string | null; rule: string }

async function eventsOf(text: string): Promise<{ a: Analysis; events: Named[] }> {
  const a = await analyze({ text, published: '2022-03-28' });
  const name = new Map(a.entities.map((e) => [e.id, e.name]));
  const events = a.events.map((e) => ({
    code: e.code,
    trigger: a.text.slice(e.trigger.start, e.trigger.end),
    modality: e.modality,
    actors: (e.actors ?? []).map((x) => name.get(x) ?? x),
    targets: (e.targets ?? []).map((x) => name.get(x) ?? x),
    place: e.place ? name.get(e.place) ?? e.place : null,
    condition: e.condition ? a.text.slice(e.condition.start, e.condition.end) : null,
    rule: (e as Event & { rule?: string }).rule ?? '',
  }));
  for (const e of events) assert.ok(e.rule, 'every event says which rule made it');
  return { a, events };
}

type Expect = Partial<Named> & { code: string; trigger: string };

const ROWS: Array<[sentence: string, expected: Expect[]]> = [
  // meetings, visits, negotiations, intent to meet
  ['German Chancellor Olaf Scholz met with Russian President Vladimir Putin in Moscow on Tuesday.', [
    { code: '040', trigger: 'met with', modality: 'asserted', actors: ['Olaf Scholz'], targets: ['Vladimir Putin'], place: 'Moscow' }]],
  ['Emmanuel Macron will meet Olaf Scholz in Berlin.', [
    { code: '040', trigger: 'meet', modality: 'planned', actors: ['Emmanuel Macron'], targets: ['Olaf Scholz'], place: 'Berlin' }]],
  ['Joe Biden did not meet Xi Jinping.', [{ code: '040', trigger: 'meet', modality: 'negated', actors: ['Joe Biden'], targets: ['Xi Jinping'] }]],
  ['Olaf Scholz visited Kyiv on Monday.', [{ code: '042', trigger: 'visited', modality: 'asserted', actors: ['Olaf Scholz'] }]],
  ['A meeting between Joe Biden and Xi Jinping may take place if the talks go well, officials said.', [
    { code: '040', trigger: 'meeting', modality: 'conditional', actors: ['Joe Biden', 'Xi Jinping'], condition: 'if the talks go well' }]],
  ['A Biden-Xi meeting is likely.', [{ code: '040', trigger: 'meeting', modality: 'possible', actors: ['Biden', 'Xi'] }]],
  ['Negotiations are planned for Tuesday in Istanbul.', [{ code: '046', trigger: 'Negotiations', modality: 'planned', place: 'Istanbul' }]],
  ['Emmanuel Macron is ready to meet Vladimir Putin.', [{ code: '036', trigger: 'ready to meet', actors: ['Emmanuel Macron'], targets: ['Vladimir Putin'] }]],
  ['The Kremlin had sent a delegation to Belarus, offering talks with Ukraine.', [{ code: '036', trigger: 'talks', targets: ['Ukraine'] }]],
  // accusations, rejections, denials
  ['Kyiv accused Moscow of shelling the route taken by inspectors.', [{ code: '112', trigger: 'accused', actors: ['Kyiv'], targets: ['Moscow'] }]],
  ['Kyiv accused Moscow of seeking a pretext.', [{ code: '112', trigger: 'accused', modality: 'asserted', actors: ['Kyiv'], targets: ['Moscow'] }]],
  ['Berlin has repeatedly rejected Poland\'s claims.', [{ code: '120', trigger: 'rejected', actors: ['Berlin'], targets: ['Poland'] }]],
  ['The Kremlin has refused peace negotiations.', [{ code: '125', trigger: 'refused', actors: ['Kremlin'] }]],
  ['Vladimir Putin has never refused to meet Volodymyr Zelenskyy.', [
    { code: '125', trigger: 'refused to meet', modality: 'negated', actors: ['Vladimir Putin'], targets: ['Volodymyr Zelenskyy'] }]],
  ['Russia has denied it plans to invade Ukraine.', [{ code: '016', trigger: 'denied', actors: ['Russia'] }, { code: '192', trigger: 'invade', modality: 'possible', targets: ['Ukraine'] }]],
  // sanctions
  ['The EU, US and UK imposed sanctions on Russia.', [{ code: '163', trigger: 'imposed', actors: ['EU', 'US', 'UK'], targets: ['Russia'] }]],
  ['The war has drawn outrage, with the EU, US, and UK, among others, implementing tough financial sanctions on Moscow.', [
    { code: '163', trigger: 'sanctions', modality: 'asserted', actors: ['EU', 'US', 'UK'], targets: ['Moscow'] }]],
  // violence
  ['Russia invaded Ukraine in February 2022.', [{ code: '192', trigger: 'invaded', modality: 'asserted', actors: ['Russia'], targets: ['Ukraine'] }]],
  ['Monitors reported the killing of civilians in Donbas.', [{ code: '190', trigger: 'killing', modality: 'asserted', place: 'Donbas' }]],
  ['At least 21 people were killed in Belgorod.', [{ code: '190', trigger: 'killed', modality: 'asserted', place: 'Belgorod' }]],
  ['Russian troops conducted a missile strike on Kyiv.', [{ code: '195', trigger: 'missile strike', targets: ['Kyiv'] }]],
  ['Ukraine was not permitted to use Western weapons to attack Russia.', [{ code: '190', trigger: 'attack', modality: 'possible', targets: ['Russia'] }]],
  // demands, one per listed act
  ['Lavrov said Georgia must refrain from hosting foreign troops, deploying missiles, and oppressing minorities.', [
    { code: '1056', trigger: 'hosting', modality: 'demanded', actors: ['Georgia'] },
    { code: '1056', trigger: 'deploying', modality: 'demanded', actors: ['Georgia'] },
    { code: '1052', trigger: 'oppressing', modality: 'demanded', actors: ['Georgia'] }]],
  ['He said Vladimir Putin and Volodymyr Zelenskyy should meet soon.', [{ code: '040', trigger: 'meet', modality: 'demanded', actors: ['Vladimir Putin', 'Volodymyr Zelenskyy'] }]],
];

/** Sentences that must give no event: verbs and nouns of the lexicon used otherwise. */
const NONE: string[] = [
  'The war has met international outrage.',
  'The decision was met with anger in Brussels.',
  'So just meet and exchange of ideas would be counterproductive.',
  'He refused to comment on the report.',
  'The EU lifted sanctions on Belarus.',
  'Putin praised the Wagner assault detachments.',
  'The host Indonesia issued a declaration.',
  'The committee will host a dinner.',
  'Such events have to be well-prepared.',
  'We are interested in these negotiations.',
  'She faced criticism over the plan.',
];

function subset(actual: Named, expected: Expect): boolean {
  for (const [k, v] of Object.entries(expected)) {
    if (JSON.stringify((actual as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v)) return false;
  }
  return true;
}

test('events: table of sentences per code and modality', { skip: !hasShared }, async () => {
  for (const [sentence, expected] of ROWS) {
    const { events } = await eventsOf(sentence);
    for (const e of expected) {
      assert.ok(events.some((a) => subset(a, e)), `${sentence}\n expected ${JSON.stringify(e)}\n got ${JSON.stringify(events)}`);
    }
    assert.equal(events.length, expected.length, `${sentence}: ${JSON.stringify(events)}`);
  }
});

test('events: sentences with no event', { skip: !hasShared }, async () => {
  for (const sentence of NONE) {
    const { events } = await eventsOf(sentence);
    assert.deepEqual(events, [], sentence);
  }
});

/** What both reference texts must give, found by role (names differ between the two). */
async function checkReference(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const { a, events } = await eventsOf(text);
  assertValidAnalysis(a);
  assertSpansRoundTrip(a);
  const raw = a.events;
  // the conditional meeting of the two presidents, reported by the foreign minister
  const cond = events.findIndex((e) => e.code === '040' && e.modality === 'conditional');
  assert.ok(cond >= 0, 'a conditional meeting');
  assert.equal(events[cond].actors.length, 2);
  assert.match(events[cond].condition ?? '', /^if all (key|main) differences|^if all main disputes/);
  const attr = a.attributions.find((x) => x.id === raw[cond].attribution);
  assert.ok(attr && /foreign minister/.test(a.text.slice(attr.source!.start, attr.source!.end)), 'attributed to the foreign minister');
  // the refusal that never happened
  assert.ok(events.some((e) => e.code === '125' && e.modality === 'negated' && e.actors.length === 1 && e.targets.length === 1));
  // demands, one per listed act, on the same country
  const demands = events.filter((e) => e.modality === 'demanded');
  assert.equal(demands.length, 4, JSON.stringify(demands));
  assert.ok(demands.every((e) => e.code.startsWith('10') && e.actors.length === 1 && e.actors[0] === demands[0].actors[0]));
  // accusations and the dismissal
  assert.equal(events.filter((e) => e.code === '112' && e.actors.length === 1 && e.targets.length === 1).length, 2);
  assert.ok(events.some((e) => e.code === '120' && e.modality === 'asserted' && e.actors.length === 1 && e.targets.length === 1));
  // the planned next round in a named city, an alternative city as possible
  assert.ok(events.some((e) => e.modality === 'planned' && e.place !== null && /^04/.test(e.code)));
  assert.ok(events.some((e) => e.modality === 'possible' && e.place !== null && e.rule === 'event-venue-alternative/1'));
  // sanctions by three parties on one capital
  assert.ok(events.some((e) => e.code === '163' && e.modality === 'asserted' && e.actors.length === 3 && e.targets.length === 1));
  // violence in a named region
  assert.ok(events.some((e) => /^1[89]/.test(e.code) && e.place !== null && e.modality === 'asserted'));
  for (const e of raw) assert.equal(typeof e.id, 'string');
}

test('events: the reference article', { skip: !hasShared }, async () => {
  await checkReference(REFERENCE_PATH);
  const { events } = await eventsOf(readFileSync(REFERENCE_PATH, 'utf8'));
  const cond = events.find((e) => e.modality === 'conditional')!;
  assert.deepEqual(cond.actors, ['Vladimir Putin', 'Volodymyr Zelenskyy']);
  assert.equal(cond.condition, 'if all key differences between the two countries are settled');
  assert.ok(events.some((e) => e.modality === 'planned' && e.place === 'Istanbul'));
  assert.ok(events.some((e) => e.modality === 'possible' && e.place === 'Belgrade'));
  assert.ok(events.some((e) => e.code === '163' && JSON.stringify(e.actors) === '["EU","US","UK"]' && e.targets[0] === 'Moscow'));
  assert.ok(events.some((e) => e.code === '125' && e.actors[0] === 'Vladimir Putin' && e.targets[0] === 'Volodymyr Zelenskyy'));
  assert.ok(events.some((e) => e.trigger === 'killing' && e.place === 'Donbas'));
  assert.ok(events.some((e) => e.code === '112' && e.actors[0] === 'Kyiv' && e.targets[0] === 'Moscow'));
  assert.ok(events.some((e) => e.code === '112' && e.actors[0] === 'Sergey Lavrov' && e.targets[0] === 'Ukraine'));
  assert.ok(events.some((e) => e.code === '120' && e.actors[0] === 'Kyiv' && e.targets[0] === 'Russia'));
  assert.deepEqual(events.filter((e) => e.modality === 'demanded').map((e) => e.trigger), ['hosting', 'deploying', 'oppressing', 'encouraging']);
});

test('events: the altered copy of the reference article', { skip: !hasShared }, async () => {
  await checkReference(ALTERED_PATH);
});

test('events: bad input gives no crash', async () => {
  for (const text of ['must', 'Kyiv must', 'if', 'A meeting between', 'sanctions on', ', including', 'refused to', '"“', 'x'.repeat(5000)]) {
    const a = await analyze({ text, published: null });
    assert.ok(Array.isArray(a.events));
  }
});
