// Main-thread cost of ingest as the store grows: put (batches of 32) and story indexing in ms per
// article, measured over windows of articles at chosen store sizes. Analyses are computed once on the
// worker pool and kept in a cache file, so before/after runs compare the store and story code alone.
//   node dist/src/bench/ingest-story.js [--articles 5200] [--at 0,2000,5000] [--window 200] [--db sqlite|postgres]
//        [--cache /tmp/dossier-story-bench.jsonl] [--combined] [--no-cache]

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Analysis } from '../contract.js';
import { poolAnalyzer } from '../cli/ingest-run.js';
import { openStore, type PutInput, type Store } from '../store/store.js';
import { defaultStoryContext, indexArticle } from '../story/index-article.js';
import { StoryCache } from '../story/story-cache.js';
import { buildCorpus } from './ingest-corpus.js';
import { freshPgSchema } from './ingest-kill.js';

async function analyses(n: number, cache: string): Promise<PutInput[]> {
  const corpus = buildCorpus(n);
  let cached: Analysis[] = [];
  if (existsSync(cache)) cached = readFileSync(cache, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Analysis);
  if (cached.length < n) {
    const pool = poolAnalyzer(2);
    try {
      const todo = corpus.slice(cached.length);
      const out = await Promise.all(todo.map((c) => pool.analyze({ id: c.id, title: c.title ?? undefined, published: c.published ?? undefined, text: c.text } as never)));
      cached = cached.concat(out);
      writeFileSync(cache, cached.map((a) => JSON.stringify(a)).join('\n') + '\n');
    } finally {
      await pool.close();
    }
  }
  return corpus.map((c, i) => ({ article: { id: c.id, title: c.title ?? undefined, published: c.published ?? undefined, text: c.text } as never,
    foundVia: 'jsonl', analysis: cached[i] }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    articles: { type: 'string' }, at: { type: 'string' }, window: { type: 'string' }, db: { type: 'string' }, cache: { type: 'string' },
    combined: { type: 'boolean' }, 'no-cache': { type: 'boolean' },
  } });
  const at = (values.at ?? '0,2000,5000').split(',').map(Number);
  const window = Number(values.window ?? 200);
  const n = Number(values.articles ?? Math.max(...at) + window);
  const inputs = await analyses(n, values.cache ?? path.join(tmpdir(), 'dossier-story-bench.jsonl'));
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-story-bench-'));
  const pg = values.db === 'postgres' ? await freshPgSchema() : null;
  const store: Store = await openStore(pg ? pg.spec : path.join(dir, 'bench.db'));
  // as `dossier ingest` does: story rows kept in memory over the run (--no-cache: read from the store each time)
  const ctx = { ...defaultStoryContext(), cache: values['no-cache'] ? null : new StoryCache() };
  const put = new Float64Array(n), index = new Float64Array(n);
  const tx = (store as Store & { transaction?: <T>(fn: (s: Store) => Promise<T>) => Promise<T> }).transaction;
  try {
    for (let i = 0; i < n; i += 32) {
      const batch = inputs.slice(i, i + 32);
      // as `dossier ingest` does: planner statistics refreshed each time the store has doubled
      if (i >= 256 && (i & (i - 1)) === 0) await store.refreshStats();
      if (values.combined && tx) {
        // one transaction per batch: articles and their story rows together (as ingest does)
        // the commit is counted with the puts (it writes both)
        const t0 = performance.now();
        let indexing = 0;
        await tx.call(store, async (s) => {
          const results = await s.putArticles(batch);
          for (let j = 0; j < batch.length; j++) {
            const t = performance.now();
            await indexArticle(s, results[j].articleId, batch[j].analysis, ctx);
            index[i + j] = performance.now() - t;
            indexing += index[i + j];
          }
          await s.markIndexed(results.map((r) => r.articleId));
        });
        const t1 = performance.now();
        for (let j = 0; j < batch.length; j++) put[i + j] = (t1 - t0 - indexing) / batch.length;
        continue;
      }
      const t0 = performance.now();
      const results = await store.putArticles(batch);
      const t1 = performance.now();
      for (let j = 0; j < batch.length; j++) {
        put[i + j] = (t1 - t0) / batch.length;
        const t = performance.now();
        await indexArticle(store, results[j].articleId, batch[j].analysis, ctx);
        index[i + j] = performance.now() - t;
      }
    }
    const mean = (a: Float64Array, from: number) => {
      let s = 0, c = 0;
      for (let i = from; i < Math.min(n, from + window); i++, c++) s += a[i];
      return c ? s / c : NaN;
    };
    process.stdout.write(`story-index bench (${store.kind}${values.combined ? ', one transaction per batch' : ''}; ${n} articles, windows of ${window})\n`);
    for (const a of at) process.stdout.write(`  store size ${String(a).padStart(5)}: put ${mean(put, a).toFixed(2)} ms/article, index ${mean(index, a).toFixed(2)} ms/article\n`);
  } finally {
    await store.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
