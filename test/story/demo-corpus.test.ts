// The demo corpus (the reference article + 34 Wikinews reports) analysed by the real engine, stored,
// indexed into the story, and asked the questions — in the in-memory fake, SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze.js';
import type { Analysis } from '../../src/contract.js';
import type { Article } from '../../src/doc.js';
import { openStore, type Store } from '../../src/store/store.js';
import { defaultStoryContext, indexArticle, reindexAll } from '../../src/story/index-article.js';
import { resolveLive, undoMerge, mergeEntities } from '../../src/story/link-entities.js';
import * as Q from '../../src/story/queries.js';
import { REFERENCE_PATH, SHARED } from '../helpers/contract.js';
import { memoryStore } from './memory-store.js';

const PG_BASE = process.env.DOSSIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const corpus: { article: Article; analysis: Analysis }[] = (() => {
  const rows: Article[] = [{ id: 'lavrov-2022-03-28', text: readFileSync(REFERENCE_PATH, 'utf8'), published: '2022-03-28', title: null, url: null }];
  for (const line of readFileSync(path.join(SHARED, 'examples', 'wikinews-ukraine', 'articles.jsonl'), 'utf8').trim().split('\n')) {
    const r = JSON.parse(line);
    rows.push({ id: r.id, text: r.text, published: r.published, title: r.title, url: r.url });
  }
  return rows.map((article) => ({ article, analysis: analyze(article) }));
})();

const spanOk = (text: string, s: { start: number; end: number; text: string }) => assert.equal(text.slice(s.start, s.end), s.text);

async function backends(): Promise<{ name: string; open: () => Promise<Store>; done?: () => Promise<void> }[]> {
  const out: { name: string; open: () => Promise<Store>; done?: () => Promise<void> }[] = [
    { name: 'memory fake', open: async () => memoryStore() },
    { name: 'sqlite', open: () => openStore(':memory:') },
  ];
  const schema = `story_demo_${process.pid}`;
  try {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: PG_BASE });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.end();
    out.push({ name: 'postgres', open: () => openStore(`${PG_BASE}?schema=${schema}`), done: async () => {
      const c = new pg.Client({ connectionString: PG_BASE }); await c.connect(); await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await c.end();
    } });
  } catch (err) {
    console.log(`# PostgreSQL unreachable at ${PG_BASE} (${(err as Error).message}): story demo test runs on the fake and SQLite only`);
  }
  return out;
}

for (const backend of await backends()) {
  test(`demo corpus in ${backend.name}: the story's questions`, async (t) => {
    const store = await backend.open();
    const ctx = defaultStoryContext();
    const idOf = new Map<string, string>();
    try {
      for (const { article, analysis } of corpus) {
        const r = await store.putArticle({ article, foundVia: 'jsonl', analysis });
        idOf.set(article.id!, r.articleId);
        await indexArticle(store, r.articleId, analysis, ctx);
      }
      const ref = idOf.get('lavrov-2022-03-28')!;
      const texts = new Map(corpus.map((c) => [idOf.get(c.article.id!)!, c.analysis.text]));

      await t.test('every statement by Lavrov across the corpus', async () => {
        const all = await Q.quotesBy(store, 'Lavrov', { limit: 5 });
        assert.equal(all.counts.items, 18);
        assert.equal(all.counts.articles, 3);
        assert.equal(all.counts.independentSources, 3);
        const items = [];
        let cursor: string | null = null;
        do { const p: Q.Answer<Q.QuoteAnswer> = await Q.quotesBy(store, 'Sergei Lavrov', { cursor, limit: 5 }); items.push(...p.items); cursor = p.next; } while (cursor);
        assert.equal(items.length, 18);
        for (const q of items) for (const c of q.content) spanOk(texts.get(q.articleId)!, c);
        const dates = items.map((q) => q.date!);
        assert.deepEqual([...dates].sort(), dates);
        assert.ok(items.some((q) => q.articleId === ref && q.source?.text === 'the Russian foreign minister' && q.date === '2022-03-28' && q.dateFrom === 'time'));
        const inMarch = await Q.quotesBy(store, 'Lavrov', { from: '2022-03-20', to: '2022-03-31', limit: 1000 });
        assert.equal(inMarch.counts.items, 17);
      });

      await t.test('storyStatements: the rows quotes() pages through for the same speakers and window', async (t2) => {
        if (!store.storyStatements) return t2.skip('the fake has no storyStatements');
        const speakers = [(await Q.findEntity(store, 'Sergey Lavrov'))!.entity.id, (await Q.findEntity(store, 'Vladimir Putin'))!.entity.id];
        for (const [from, to] of [['2022-03-20', '2022-03-31'], ['2022-03-28', '2022-03-28'], ['2000-01-01', '2099-12-31'], ['2023-01-01', '2023-01-31']]) {
          const quotes = [];
          let cursor: string | null = null;
          do { const p = await store.quotes({ speakerEntityIds: speakers, from, to, cursor, limit: 7 }); quotes.push(...p.items); cursor = p.next; } while (cursor);
          const expected = quotes.map((q) => ({ articleId: q.articleId, attributionId: q.attributionId, published: q.published, speakerName: q.speakerName,
            sourceText: q.source?.text ?? null, contentText: q.contentText }));
          assert.deepEqual(await store.storyStatements({ speakerEntityIds: speakers, from, to }), expected, `${from}..${to}`);
          if (from === '2022-03-20') assert.ok(expected.length >= 17);
        }
        assert.deepEqual(await store.storyStatements({ speakerEntityIds: [], from: '2000-01-01', to: '2099-12-31' }), []);
      });

      await t.test('entity: aliases and descriptors over time, spelling variants joined', async () => {
        const lavrov = await Q.describeEntity(store, 'Lavrov');
        assert.equal(lavrov.name, 'Sergey Lavrov');
        assert.deepEqual(lavrov.aliases.map((a) => a.alias).sort(), ['Lavrov', 'Sergey Lavrov']);
        assert.ok(lavrov.descriptors.some((d) => d.descriptor === 'Top Russian diplomat' && d.firstSeen === '2022-03-28'));
        const z = await Q.describeEntity(store, 'Zelensky');
        for (const v of ['Volodymyr Zelenskyy', 'Volodymyr Zelensky', 'Volodymyr Zelenskiy']) assert.ok(z.aliases.some((a) => a.alias === v), v);
        assert.ok(z.links.some((l) => /same normalised name 'volodimir zelenski'/.test(l.reason)));
      });

      await t.test('casualty figures over time with their sources', async () => {
        const s = await Q.figureSeries(store, { subject: 'civilians', measure: 'killed' });
        assert.equal(s.items.length, 1);
        const [f] = s.items;
        assert.deepEqual([f.value, f.qualifier, f.date, f.articleId], [1119, 'at_least', '2022-03-28', ref]);
        assert.match(f.sourceText ?? '', /^UN( estimates)?$/); // as written, or its entity's name
        spanOk(texts.get(ref)!, f);
        const killed = await Q.figureSeries(store, { measure: 'killed', limit: 1000 });
        assert.ok(killed.items.length >= 6, `killed: ${killed.items.length}`);
        assert.deepEqual(killed.items.map((x) => x.date), [...killed.items.map((x) => x.date)].sort());
        assert.equal(killed.counts.independentSources, killed.counts.articles);
        assert.ok(killed.values.every((v) => v.independentSources <= v.articles));
      });

      await t.test('meetings (events may be empty until the event coder lands)', async () => {
        const meetings = await Q.events(store, { code: '04', modality: ['planned', 'possible', 'conditional'] });
        assert.equal(meetings.counts.items, meetings.items.length);
        for (const e of meetings.items) spanOk(texts.get(e.articleId)!, e.trigger);
      });

      await t.test('venues: one per place across articles, by the story entity, never by article-local id', async () => {
        const all = await Q.events(store, { limit: 1000 });
        const placed = all.items.filter((e) => e.place);
        assert.ok(placed.length >= 2, `events with a place: ${placed.length}`);
        // what each event's place is, story-wide
        const expected = new Map<string, number>();
        const entitiesOfLocal = new Map<string, Set<string>>();
        for (const e of placed) {
          const link = (await store.storyLinks({ articleIds: [e.articleId], limit: 1000 })).items.find((l) => l.localId === e.place)!;
          const live = (await resolveLive(store, [link.entityId])).get(link.entityId)!;
          expected.set(live.id, (expected.get(live.id) ?? 0) + 1);
          entitiesOfLocal.set(e.place!, (entitiesOfLocal.get(e.place!) ?? new Set()).add(live.id));
        }
        // 'e3' is Moscow in one article and Hiroshima in another: grouping by local id merged them
        assert.ok([...entitiesOfLocal.values()].some((s) => s.size > 1), 'the corpus has a local place id naming different places');
        const got = new Map(all.venues.map((v) => [v.entityId!, v.events]));
        assert.deepEqual(got, expected);
        for (const v of all.venues) assert.doesNotMatch(v.place, /^e\d+$/);
        assert.ok(all.venues.some((v) => v.place === 'Istanbul'), JSON.stringify(all.venues));
      });

      await t.test("an event's time: as written and its TIMEX value, its date when that is a calendar date", async () => {
        const all = await Q.events(store, { limit: 1000 });
        const timed = all.items.filter((e) => e.time);
        assert.ok(timed.length >= 1);
        for (const e of all.items) {
          const a = corpus.find((c) => idOf.get(c.article.id!) === e.articleId)!.analysis;
          const time = a.times.find((x) => x.id === e.time);
          assert.equal(e.timeText, time ? a.text.slice(time.start, time.end) : null);
          assert.equal(e.timeValue, time?.value ?? null);
          if (time && /^\d{4}-\d{2}-\d{2}$/.test(time.value)) assert.deepEqual([e.date, e.dateFrom], [time.value, 'time']);
        }
      });

      await t.test("Kyiv's dismissal is linked to Russia's claims in the reference article", async () => {
        const page = await Q.claims(store, { articleIds: [ref], limit: 1000 });
        const dismissal = page.items.filter((c) => c.relation === 'denies' && c.challenge.cue.text === 'has repeatedly dismissed');
        assert.ok(dismissal.length >= 1);
        assert.ok(dismissal.every((c) => c.answers.articleId === ref && /Sergey Lavrov speaks for RUS/.test(c.reason)));
        const best = dismissal.sort((a, b) => b.score - a.score)[0];
        assert.equal(best.answers.content[0].text.slice(0, 38), '"A meeting of the presidents will be n');
        assert.equal(best.challenge.content[0].text, 'Russia’s claims');
        const accused = page.items.filter((c) => c.relation === 'accuses' && c.challenge.content[0].text.startsWith('Moscow of seeking'));
        assert.ok(accused.length >= 1);
      });

      await t.test('no two Wikinews reports share a dup group', async () => {
        const groups = new Set<string>();
        for (const id of idOf.values()) groups.add((await store.getArticle(id))!.dupGroup!);
        assert.equal(groups.size, corpus.length);
      });

      await t.test('undo of a user merge', async () => {
        const putin = (await Q.findEntity(store, 'Vladimir Putin'))!.entity;
        const lavrov = (await Q.findEntity(store, 'Sergey Lavrov'))!.entity;
        const before = await Q.quotesBy(store, putin.id, { limit: 1000 });
        const m = await mergeEntities(store, putin.id, lavrov.id, 'a test merge');
        const merged = await Q.quotesBy(store, putin.id, { limit: 1000 });
        assert.equal(merged.counts.items, before.counts.items + 18);
        await undoMerge(store, m.id);
        const after = await Q.quotesBy(store, putin.id, { limit: 1000 });
        assert.deepEqual(after.items.map((q) => q.attributionId + q.articleId), before.items.map((q) => q.attributionId + q.articleId));
        assert.equal((await resolveLive(store, [lavrov.id])).get(lavrov.id)!.id, lavrov.id);
        assert.equal((await Q.quotesBy(store, 'Lavrov', { limit: 1 })).counts.items, 18);
      });

      await t.test('reindexAll gives the same story', async () => {
        await reindexAll(store, ctx);
        assert.equal((await Q.quotesBy(store, 'Lavrov', { limit: 1 })).counts.items, 18);
      });
    } finally {
      await store.close();
      await backend.done?.();
    }
  });
}
