// Store write rate: how many analysed articles per second go into a store, apart from analysis.
// One real analysis (the reference article, or any the caller gives) is stored again and again with a
// changed last line, so every copy has its own content hash and all of its rows.
//   node dist/src/store/bench.js [N] [batch] [spec…]      e.g. node dist/src/store/bench.js 5000 100 :memory: postgres://…

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Analysis } from '../contract.js';
import { openStore, type PutInput } from './store.js';

export interface StoreBenchResult {
  spec: string;
  kind: string;
  articles: number;
  batch: number;
  seconds: number;
  articlesPerSecond: number;
  rowsPerArticle: number;
}

/** Copy `i` of an analysed article: its text with one more line, so the hash differs and every span holds. */
export function copyOf(base: PutInput, i: number): PutInput {
  const text = `${base.article.text}\n\nCopy ${i}.`;
  return { ...base, article: { ...base.article, text, id: `${base.article.id ?? 'copy'}-${i}` }, analysis: { ...base.analysis, text } };
}

/** Puts `articles` copies of `base` into the store at `spec` (batch 1 = one putArticle per article). */
export async function benchStore(spec: string, base: PutInput, articles = 2000, batch = 1): Promise<StoreBenchResult> {
  const store = await openStore(spec);
  try {
    const inputs = Array.from({ length: articles }, (_, i) => copyOf(base, i));
    // warm the statement caches and the pool outside the clock
    await store.putArticles([copyOf(base, -1)]);
    const t0 = process.hrtime.bigint();
    if (batch <= 1) for (const x of inputs) await store.putArticle(x);
    else for (let i = 0; i < inputs.length; i += batch) await store.putArticles(inputs.slice(i, i + batch));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const a = base.analysis;
    const rowsPerArticle = 1 + a.entities.length + a.entities.reduce((s, e) => s + e.mentions.length, 0) + a.attributions.length
      + a.figures.length + a.times.length + a.events.length;
    return { spec: spec.replace(/:[^:@/]*@/, ':***@'), kind: store.kind, articles, batch, seconds, articlesPerSecond: articles / seconds, rowsPerArticle };
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const n = Number(argv[0] ?? 2000), batch = Number(argv[1] ?? 1);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const { analyze } = await import('../analyze.js');
  const text = readFileSync(path.resolve(here, '../../../../shared/examples/lavrov-2022-03-28.txt'), 'utf8');
  const article = { text, published: '2022-03-28', id: 'lavrov' };
  const base: PutInput = { article, foundVia: 'file', analysis: analyze(article) as Analysis };
  const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-bench-'));
  const specs = argv.length > 2 ? argv.slice(2) : [path.join(tmp, 'bench.db')];
  try {
    for (const spec of specs) {
      const r = await benchStore(spec, base, n, batch);
      console.log(`${r.kind.padEnd(8)} ${String(r.articles).padStart(6)} articles, batch ${String(r.batch).padStart(4)}: ${r.articlesPerSecond.toFixed(0).padStart(6)} articles/s (${r.rowsPerArticle} rows each, ${r.seconds.toFixed(2)} s)  ${r.spec}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
