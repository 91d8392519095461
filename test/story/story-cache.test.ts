// The ingest path (story rows kept in memory, each batch of articles and their story rows in one
// transaction) must link exactly as plain indexing does, in SQLite and PostgreSQL; a rolled-back batch
// leaves neither articles nor story rows, and the cache forgets it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze.js';
import type { Analysis } from '../../src/contract.js';
import type { Article } from '../../src/doc.js';
import { analysisFromJson } from '../../src/store/rows.js';
import { contentHash, openStore, type Store } from '../../src/store/store.js';
import { defaultStoryContext, indexArticle, type IndexOptions } from '../../src/story/index-article.js';
import { putAndLink, readyArticle, type LinkFn } from '../../src/story/store-articles.js';
import { StoryCache } from '../../src/story/story-cache.js';
import { allPages } from '../../src/story/story-store.js';
import { REFERENCE_PATH, SHARED } from '../helpers/contract.js';

const PG_BASE = process.env.DOSSIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const corpus: { article: Article; analysis: Analysis }[] = (() => {
  const rows: Article[] = [{ id: 'lavrov-2022-03-28', text: readFileSync(REFERENCE_PATH, 'utf8'), published: '2022-03-28', title: null, url: null }];
  for (const line of readFileSync(path.join(SHARED, 'examples', 'wikinews-ukraine', 'articles.jsonl'), 'utf8').trim().split('\n')) {
    const r = JSON.parse(line);
    rows.push({ id: r.id, text: r.text, published: r.published, title: r.title, url: r.url });
  }
  // a copy of each of the first reports: dup groups, and entities met again
  const copies = rows.slice(0, 10).map((a, i) => ({ ...a, id: `${a.id}-copy`, text: `${a.text}\n\n(Copy ${i}.)` }));
  return [...rows, ...copies].map((article) => ({ article, analysis: analyze(article) }));
})();

/** Everything the story wrote, in a stable order. */
async function storyRows(store: Store): Promise<unknown> {
  const articles = await allPages((cursor) => store.listArticles({ cursor, limit: 1000 }));
  return {
    entities: await allPages((cursor) => store.storyEntities({ cursor, limit: 1000 })),
    links: await allPages((cursor) => store.storyLinks({ cursor, limit: 1000 })),
    merges: await allPages((cursor) => store.storyMerges({ cursor, limit: 1000 })),
    claims: await allPages((cursor) => store.storyClaims({ cursor, limit: 1000 })),
    dupGroups: articles.map((a) => [a.id, a.dupGroup]),
    unindexed: (await store.unindexedArticles({ limit: 1000 })).items.length,
  };
}

async function backends(): Promise<{ name: string; open: (tag: string) => Promise<Store>; done: () => Promise<void> }[]> {
  const out: { name: string; open: (tag: string) => Promise<Store>; done: () => Promise<void> }[] = [
    { name: 'sqlite', open: () => openStore(':memory:'), done: async () => {} },
  ];
  const schemas: string[] = [];
  try {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.end();
    out.push({
      name: 'postgres',
      open: async (tag) => {
        const schema = `story_cache_${tag}_${process.pid}`;
        const c = new pg.Client({ connectionString: PG_BASE }); await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await c.query(`CREATE SCHEMA ${schema}`); await c.end();
        schemas.push(schema);
        return openStore(`${PG_BASE}?schema=${schema}`);
      },
      done: async () => {
        const c = new pg.Client({ connectionString: PG_BASE }); await c.connect();
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await c.end();
      },
    });
  } catch (err) {
    console.log(`# PostgreSQL unreachable at ${PG_BASE} (${(err as Error).message}): the cache test runs on SQLite only`);
  }
  return out;
}

for (const backend of await backends()) {
  test(`${backend.name}: cached, batched indexing links exactly as plain indexing`, async () => {
    const clock = () => '2026-01-01T00:00:00.000Z';
    const plain = await backend.open('plain');
    const batched = await backend.open('batched');
    try {
      const ctx = { ...defaultStoryContext(), now: clock };
      for (const { article, analysis } of corpus) {
        const r = await plain.putArticle({ article, foundVia: 'jsonl', analysis });
        await indexArticle(plain, r.articleId, analysis, ctx);
        await plain.markIndexed(r.articleId);
      }
      const cache = new StoryCache();
      const cctx = { ...ctx, cache };
      for (let i = 0; i < corpus.length; i += 8) {
        const batch = corpus.slice(i, i + 8);
        await batched.transaction(async (tx) => {
          const put = await tx.putArticles(batch.map(({ article, analysis }) => ({ article, foundVia: 'jsonl', analysis })));
          for (let j = 0; j < batch.length; j++) await indexArticle(tx, put[j].articleId, batch[j].analysis, cctx);
          await tx.markIndexed(put.map((p) => p.articleId));
        });
      }
      const want = await storyRows(plain);
      assert.deepEqual(await storyRows(batched), want);
      assert.ok((want as { merges: unknown[] }).merges.length >= 0);

      // a batch that fails rolls back its articles and story rows together; the cache is cleared and
      // the next batch links as if it never happened
      const extra = { ...corpus[1].article, id: 'extra', text: `${corpus[1].article.text}\n\n(Extra.)` };
      const extraAnalysis = analyze(extra);
      await assert.rejects(batched.transaction(async (tx) => {
        const [p] = await tx.putArticles([{ article: extra, foundVia: 'jsonl', analysis: extraAnalysis }]);
        await indexArticle(tx, p.articleId, extraAnalysis, cctx);
        throw new Error('killed');
      }), /killed/);
      cache.clear();
      assert.equal(await batched.countArticles(), corpus.length);
      assert.deepEqual(await storyRows(batched), want);
      for (const s of [plain, batched]) {
        const r = await s.putArticle({ article: extra, foundVia: 'jsonl', analysis: extraAnalysis });
        await indexArticle(s, r.articleId, extraAnalysis, s === batched ? cctx : ctx);
      }
      assert.deepEqual(await storyRows(batched), await storyRows(plain));
    } finally {
      await plain.close();
      await batched.close();
      await backend.done();
    }
  });
}

/** Every record row of every article, as the queries read them (the moment of ingest left out). */
async function recordRows(store: Store): Promise<unknown> {
  const all = <T>(fetch: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>) => allPages(fetch);
  const articles = await all((cursor) => store.listArticles({ cursor, limit: 1000 }));
  return {
    articles: await Promise.all(articles.map(async (a) => ({ ...(await store.getArticle(a.id)), ingestedAt: null, analysis: await store.getAnalysis(a.id) }))),
    quotes: await all((cursor) => store.quotes({ cursor, limit: 1000 })),
    figures: await all((cursor) => store.figures({ cursor, limit: 1000 })),
    events: await all((cursor) => store.events({ cursor, limit: 1000 })),
    times: await all((cursor) => store.times({ cursor, limit: 1000 })),
    entities: await all((cursor) => store.entities({ cursor, limit: 1000 })),
    search: await all((cursor) => store.search({ text: 'Russia talks', cursor, limit: 1000 })),
    signatures: await store.storyGetSignatures(articles.map((a) => a.id)),
  };
}

for (const backend of await backends()) {
  test(`${backend.name}: articles readied on the worker (readyArticle) are stored and linked exactly as unprepared ones`, async () => {
    const clock = () => '2026-01-01T00:00:00.000Z';
    const plain = await backend.open('unready');
    const readied = await backend.open('readied');
    try {
      const link = (cache: StoryCache): LinkFn => {
        const ctx = { ...defaultStoryContext(), now: clock, cache };
        return Object.assign((tx: Store, id: string, analysis: Analysis, options?: IndexOptions) => indexArticle(tx, id, analysis, ctx, options),
          { reset: () => cache.clear() });
      };
      const plainLink = link(new StoryCache()), readiedLink = link(new StoryCache());
      for (let i = 0; i < corpus.length; i += 8) {
        const batch = corpus.slice(i, i + 8);
        await putAndLink(plain, batch.map(({ article, analysis }) => ({ article, foundVia: 'jsonl', analysis })), plainLink);
        // as the worker pool hands an article over: prepared parts, and the analysis read back from its stored JSON
        await putAndLink(readied, batch.map(({ article, analysis }) => {
          const ready = readyArticle({ article, analysis }, contentHash(article.text));
          return { article, foundVia: 'jsonl', analysis: analysisFromJson(ready.put.analysisJson, article.text), prepared: ready.put, story: ready.story };
        }), readiedLink);
      }
      assert.deepEqual(await storyRows(readied), await storyRows(plain));
      const want = await recordRows(plain);
      assert.ok((want as { quotes: unknown[] }).quotes.length > 50);
      assert.deepEqual(await recordRows(readied), want);
    } finally {
      await plain.close();
      await readied.close();
      await backend.done();
    }
  });
}

for (const backend of await backends()) {
  test(`${backend.name}: an upsert naming one row twice keeps the last`, async () => {
    const store = await backend.open('dupes');
    try {
      const at = '2026-01-01T00:00:00.000Z';
      await store.storyPutEntities([
        { id: 'g1', type: 'PER', name: 'Lavrov', mergedInto: null, createdAt: at },
        { id: 'g1', type: 'PER', name: 'Sergei Lavrov', mergedInto: null, createdAt: at },
      ]);
      assert.deepEqual((await store.storyGetEntities(['g1'])).map((e) => e.name), ['Sergei Lavrov']);
    } finally {
      await store.close();
      await backend.done();
    }
  });
}

test('unindexedArticles pages by cursor and markIndexed takes ids in bulk', async () => {
  const store = await openStore(':memory:');
  try {
    const ids: string[] = [];
    for (const { article, analysis } of corpus.slice(0, 5)) ids.push((await store.putArticle({ article, foundVia: 'jsonl', analysis })).articleId);
    const first = await store.unindexedArticles({ limit: 2 });
    assert.deepEqual(first.items, ids.slice(0, 2));
    const second = await store.unindexedArticles({ limit: 2, cursor: first.next });
    assert.deepEqual(second.items, ids.slice(2, 4));
    await store.markIndexed(ids.slice(0, 4));
    assert.deepEqual((await store.unindexedArticles()).items, [ids[4]]);
    await store.markIndexed(ids[4]);
    assert.deepEqual((await store.unindexedArticles()).items, []);
  } finally {
    await store.close();
  }
});
