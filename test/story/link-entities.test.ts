import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkEntities, mergeEntities, mergedClosure, resolveLive, undoMerge } from '../../src/story/link-entities.js';
import { defaultStoryContext } from '../../src/story/index-article.js';
import { memoryStore } from './memory-store.js';
import { makeAnalysis, type EntitySpec } from './make-analysis.js';

const ctx = { ...defaultStoryContext(), now: (() => { let t = 0; return () => `2024-01-01T00:00:${String(t++).padStart(2, '0')}Z`; })() };

/** Links one article made of just these entities; returns the live global name each local ended in, and the reason. */
async function link(store: ReturnType<typeof memoryStore>, id: string, specs: EntitySpec[], published = '2022-03-28') {
  const text = specs.map((s) => (s.mentions ?? [s.name]).join(' and ')).join('. ') + '.';
  const analysis = makeAnalysis(text, specs, [], published);
  const { links, merges } = await linkEntities(store, id, analysis, ctx);
  const live = await resolveLive(store, links.map((l) => l.entityId));
  return { links: links.map((l) => ({ ...l, live: live.get(l.entityId)! })), merges };
}

// Each row: articles in order (one entity each); expected: which articles' entities end up as one global entity.
const rows: { name: string; articles: EntitySpec[]; same: number[][]; reason?: RegExp }[] = [
  { name: 'exact name', articles: [{ type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Sergey Lavrov' }], same: [[0, 1]], reason: /same name 'Sergey Lavrov'/ },
  { name: 'ey/ei spelling', articles: [{ type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Sergei Lavrov' }], same: [[0, 1]], reason: /same normalised name 'sergei lavrov' \(Sergei Lavrov ~ Sergey Lavrov\)/ },
  { name: 'yy/y/iy endings', articles: [{ type: 'PER', name: 'Volodymyr Zelenskyy' }, { type: 'PER', name: 'Volodymyr Zelensky' }, { type: 'PER', name: 'Volodymyr Zelenskiy' }], same: [[0, 1, 2]] },
  { name: 'Kyiv / Kiev', articles: [{ type: 'LOC', name: 'Kyiv' }, { type: 'LOC', name: 'Kiev' }], same: [[0, 1]] },
  { name: 'surname after full name', articles: [{ type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Lavrov' }], same: [[0, 1]], reason: /surname 'Lavrov' names one person in the store \(Sergey Lavrov\)/ },
  { name: 'full name after surname', articles: [{ type: 'PER', name: 'Lavrov' }, { type: 'PER', name: 'Sergei Lavrov' }], same: [[0, 1]] },
  { name: 'ambiguous surname stays apart', articles: [{ type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Ivan Lavrov' }, { type: 'PER', name: 'Lavrov' }], same: [[0], [1], [2]] },
  { name: 'a shared surname alone makes one undecided entity, not one per article', articles: [
    { type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Ivan Lavrov' }, { type: 'PER', name: 'Lavrov' }, { type: 'PER', name: 'Lavrov' },
    { type: 'PER', name: 'Lavrov' }], same: [[0], [1], [2, 3, 4]], reason: /surname is shared by 2 persons in the store, so it stays with the other undecided 'Lavrov'/ },
  { name: 'a new full name never takes over the undecided bare surname', articles: [
    { type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Ivan Lavrov' }, { type: 'PER', name: 'Lavrov' }, { type: 'PER', name: 'Anna Lavrova' },
    { type: 'PER', name: 'Anna Lavrov' }], same: [[0], [1], [2], [4]] },
  { name: 'descriptor decides an ambiguous surname', articles: [
    { type: 'PER', name: 'Sergey Lavrov', descriptors: ['Russian Foreign Minister'] }, { type: 'PER', name: 'Ivan Lavrov', descriptors: ['footballer'] },
    { type: 'PER', name: 'Lavrov', descriptors: ['foreign minister'] }], same: [[0, 2], [1]], reason: /descriptor words \(foreign, minister\) match Sergey Lavrov/ },
  { name: 'different given names stay apart', articles: [{ type: 'PER', name: 'Sergey Lavrov' }, { type: 'PER', name: 'Ivan Lavrov' }], same: [[0], [1]] },
  { name: 'acronym after spelled-out name', articles: [{ type: 'ORG', name: 'North Atlantic Treaty Organization' }, { type: 'ORG', name: 'NATO' }], same: [[0, 1]], reason: /acronym 'NATO' = 'North Atlantic Treaty Organization'/ },
  { name: 'spelled-out name after acronym', articles: [{ type: 'ORG', name: 'UN' }, { type: 'ORG', name: 'United Nations' }], same: [[0, 1]] },
  { name: 'persons never join places', articles: [{ type: 'PER', name: 'Washington' }, { type: 'LOC', name: 'Washington' }], same: [[0], [1]] },
  { name: 'place and organisation of one name join, at a lower score', articles: [{ type: 'LOC', name: 'Kremlin' }, { type: 'ORG', name: 'Kremlin' }], same: [[0, 1]], reason: /types differ/ },
];

for (const row of rows) {
  test(`linking: ${row.name}`, async () => {
    const store = memoryStore();
    const ids: string[] = [];
    let last = '';
    for (let i = 0; i < row.articles.length; i++) {
      const { links } = await link(store, `art${i}`, [row.articles[i]]);
      ids.push(links[0].live.id);
      last = links[0].reason;
      assert.ok(links[0].score > 0 && links[0].score <= 1);
      assert.ok(links[0].reason.length > 0);
    }
    for (const group of row.same) for (const i of group) assert.equal(ids[i], ids[group[0]], `article ${i} should join article ${group[0]}`);
    for (let a = 0; a < row.same.length; a++) for (let b = a + 1; b < row.same.length; b++) assert.notEqual(ids[row.same[a][0]], ids[row.same[b][0]], `groups ${a} and ${b} must stay apart`);
    if (row.reason) assert.match(last, row.reason);
  });
}

test('an article naming one organisation two ways merges the stored entities; undo restores both exactly', async () => {
  const store = memoryStore();
  await link(store, 'a1', [{ type: 'ORG', name: 'NATO' }]);
  await link(store, 'a2', [{ type: 'ORG', name: 'North Atlantic Alliance' }]);
  const snapshotEntities = structuredClone([...store.globals.values()]);
  const snapshotLinks = structuredClone([...store.links.values()]);
  // the engine joined both names inside one article
  const { links, merges } = await link(store, 'a3', [{ type: 'ORG', name: 'North Atlantic Alliance', mentions: ['North Atlantic Alliance', 'NATO'] }]);
  assert.equal(merges.length, 1);
  assert.match(merges[0].reason, /article a3 names one ORG both 'North Atlantic Alliance' and 'NATO'/);
  const [m] = (await store.storyMerges({})).items;
  assert.equal(m.by, 'auto');
  const live = await resolveLive(store, ['g:a1:e1', 'g:a2:e1']);
  assert.equal(live.get('g:a1:e1')!.id, live.get('g:a2:e1')!.id);
  assert.equal(links[0].live.id, live.get('g:a1:e1')!.id);

  await undoMerge(store, m.id, ctx);
  const after = await resolveLive(store, ['g:a1:e1', 'g:a2:e1']);
  assert.notEqual(after.get('g:a1:e1')!.id, after.get('g:a2:e1')!.id);
  // both entities and the links they had before the merge are back exactly
  for (const e of snapshotEntities) assert.deepEqual(store.globals.get(e.id), e);
  for (const l of snapshotLinks) assert.deepEqual(store.links.get(`${l.articleId}|${l.localId}`), l);
  assert.ok((await store.storyMerges({ ids: [m.id] })).items[0].undoneAt);
  await assert.rejects(undoMerge(store, m.id, ctx), /already undone/);
});

test('a user merge is logged with its reason and undone exactly', async () => {
  const store = memoryStore();
  await link(store, 'a1', [{ type: 'PER', name: 'Sergey Lavrov', descriptors: ['Russian Foreign Minister'] }]);
  await link(store, 'a2', [{ type: 'PER', name: 'Lavrov' }]);
  await link(store, 'a3', [{ type: 'PER', name: 'Russia\'s Top Diplomat' }]);
  const before = structuredClone({ e: [...store.globals.values()], l: [...store.links.values()], k: store.keys });
  const m = await mergeEntities(store, 'g:a1:e1', 'g:a3:e1', 'the article calls Lavrov Russia\'s top diplomat', ctx);
  assert.equal(m.by, 'user');
  assert.deepEqual((await mergedClosure(store, 'g:a1:e1')).sort(), ['g:a1:e1', 'g:a3:e1']);
  await assert.rejects(mergeEntities(store, 'g:a1:e1', 'g:a3:e1', 'again', ctx), /already one entity/);
  await undoMerge(store, m.id, ctx);
  assert.deepEqual({ e: [...store.globals.values()], l: [...store.links.values()], k: store.keys }, before);
  await assert.rejects(undoMerge(store, 'no-such-merge', ctx), /no merge/);
});

test('links made while merged stay with the entity whose evidence matched', async () => {
  const store = memoryStore();
  await link(store, 'a1', [{ type: 'PER', name: 'Vladimir Putin' }]);
  await link(store, 'a2', [{ type: 'PER', name: 'V.V. Putin Jr' }]);
  const m = await mergeEntities(store, 'g:a1:e1', 'g:a2:e1', 'same person', ctx);
  const { links } = await link(store, 'a3', [{ type: 'PER', name: 'V.V. Putin Jr' }]);
  assert.equal(links[0].entityId, 'g:a2:e1');
  assert.equal(links[0].live.id, 'g:a1:e1');
  await undoMerge(store, m.id, ctx);
  const live = await resolveLive(store, ['g:a2:e1']);
  assert.equal(live.get('g:a2:e1')!.id, 'g:a2:e1');
  assert.equal(store.links.get('a3|e1')!.entityId, 'g:a2:e1');
});
