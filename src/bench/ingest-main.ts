// `npm run bench -- ingest-main`: what `dossier ingest` costs around the engine, per stored article.
// The corpus's reports are analysed first (on a worker pool, off the clock); then an ingest run over a
// fresh store gets those analyses back from replay workers instead of the engine. What the main thread
// spends per article is then storing, linking and the hand-over from the workers — the part that decides
// how many articles per second the store takes once the engine runs on the other cores.
//
// CPU time per thread comes from /proc (Linux): the main thread's own utime + stime, apart from the whole
// process's (workers, and V8's helper threads for compiling and garbage collection).

import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import { asDossierError } from '../errors.js';
import { poolAnalyzer, IngestRunner, INGEST_WORKER_URL, type Analyzer } from '../cli/ingest-run.js';
import { storyIndexer } from '../cli/ingest.js';
import { expandSources, itemsOf } from '../cli/ingest-sources.js';
import type { ProgressBar, ProgressCounts } from '../cli/progress.js';
import { openStore } from '../store/store.js';
import { readyArticle } from '../story/store-articles.js';
import { parseBenchArgs } from './bench-args.js';
import { buildCorpus, writeCorpus, type CorpusLine } from './ingest-corpus.js';
import { freshPgSchema, pgReachable, PG_BASE } from './ingest-kill.js';

export const REPLAY_WORKER_URL = new URL('./ingest-replay-worker.js', import.meta.url);

/** CPU milliseconds (user + system) of the calling thread, from /proc/thread-self/stat. */
export function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  // fields after the command name (which may hold spaces) in parentheses; utime and stime are fields 14 and 15
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ is 100 on Linux
}

function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Analyses of the corpus's distinct reports, by id (made on `workers` engine threads, or read from `cache`). */
async function baseAnalyses(corpus: CorpusLine[], workers: number, cache: string | null, log: (s: string) => void): Promise<string> {
  if (cache && existsSync(cache)) return cache;
  const file = cache ?? path.join(mkdtempSync(path.join(tmpdir(), 'dossier-bench-main-')), 'analyses.jsonl');
  const bases = corpus.filter((c) => !c.id.includes('#'));
  log(`analysing ${bases.length} reports (off the clock)…`);
  const analyzer = poolAnalyzer(workers, INGEST_WORKER_URL);
  try {
    const out = await Promise.all(bases.map(async (c) => {
      const analysis: Analysis = await analyzer.analyze({ id: c.id, title: c.title, published: c.published, text: c.text });
      return JSON.stringify({ id: c.id, analysis });
    }));
    writeFileSync(file, out.join('\n') + '\n');
  } finally {
    await analyzer.close();
  }
  return file;
}

/** The replayed analyses in this thread: `--workers 1`, where `dossier ingest` runs the engine in its main thread. */
function inProcessReplay(file: string): Analyzer {
  const byId = new Map<string, Analysis>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { id, analysis } = JSON.parse(line) as { id: string; analysis: Analysis };
    byId.set(id, analysis);
  }
  const replay = (article: Article): Analysis => {
    const base = byId.get(String(article.id ?? '').replace(/#\d+$/, ''))!;
    return { ...base, id: article.id ?? null, title: article.title ?? null, published: article.published ?? null, text: article.text };
  };
  return {
    capacity: 2,
    analyze: async (article) => replay(article),
    async analyzeToStore(article, hash) {
      const analysis = replay(article);
      return { analysis, ready: readyArticle({ article, analysis }, hash) };
    },
    close: async () => {},
  };
}

export interface MainCost {
  backend: 'sqlite' | 'postgres';
  workers: number;
  articles: number;
  ingested: number;
  seconds: number;
  /** Main thread CPU ms per stored article, over the whole run and after the first fifth (warm). */
  mainMsPerArticle: number;
  mainWarmMsPerArticle: number;
  /** The rest of the process (replay workers, V8 helper threads) per article. */
  otherMsPerArticle: number;
}

export async function benchMainCost(o: { articles: number; backend: 'sqlite' | 'postgres'; workers: number; batch?: number; cache?: string | null; log?: (s: string) => void }): Promise<MainCost> {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-bench-main-'));
  const pg = o.backend === 'postgres' ? await freshPgSchema() : null;
  try {
    const corpus = buildCorpus(o.articles);
    const corpusFile = path.join(dir, 'articles.jsonl');
    writeCorpus(corpusFile, corpus);
    const analyses = await baseAnalyses(corpus, 2, o.cache ?? null, log);
    const store = await openStore(pg ? pg.spec : path.join(dir, 'main.db'));
    const analyzer = o.workers > 1 ? poolAnalyzer(o.workers, REPLAY_WORKER_URL, { analyses }) : inProcessReplay(analyses);
    const index = await storyIndexer();
    // the pool's workers load their analyses before the clock starts
    if (o.workers > 1) await Promise.all(Array.from({ length: o.workers }, (_, i) => analyzer.analyze({ id: corpus[i % corpus.length].id, text: corpus[i % corpus.length].text })));
    const warmAt = Math.floor(o.articles / 5);
    let warm: { main: number; all: number; done: number } | null = null;
    const progress = {
      update(c: ProgressCounts) {
        if (!warm && c.done >= warmAt) warm = { main: threadCpuMs(), all: processCpuMs(), done: c.ingested };
      },
      clear() {},
    } as unknown as ProgressBar;
    try {
      const units = await expandSources([corpusFile], {});
      const runner = new IngestRunner(store, { analyzer, index, batchSize: o.batch, progress });
      const main0 = threadCpuMs(), all0 = processCpuMs(), t0 = performance.now();
      await runner.run(itemsOf(units, {}));
      const main1 = threadCpuMs(), all1 = processCpuMs(), seconds = (performance.now() - t0) / 1000;
      const s = runner.summary();
      const w = warm as { main: number; all: number; done: number } | null;
      return {
        backend: o.backend, workers: o.workers, articles: s.items, ingested: s.ingested, seconds,
        mainMsPerArticle: (main1 - main0) / s.ingested,
        mainWarmMsPerArticle: w && s.ingested > w.done ? (main1 - w.main) / (s.ingested - w.done) : NaN,
        otherMsPerArticle: (all1 - all0 - (main1 - main0)) / s.ingested,
      };
    } finally {
      await analyzer.close();
      await store.close();
    }
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const USAGE = `usage: npm run bench -- ingest-main [--articles N] [--backend sqlite|postgres] [--workers N] [--cache FILE] [--json]
  --articles N    PolNeAR train texts repeated with changed ids (default 1000)
  --workers N     replay workers (default 2); 1 = in the main thread, as \`dossier ingest --workers 1\`
  --batch N       articles per write transaction (default: the runner's, as \`dossier ingest\`)
  --cache FILE    keep the analyses made before the run in FILE (made when missing) for repeated runs
`;

export async function main(argv: string[]): Promise<number> {
  const values = parseBenchArgs(argv, {
    articles: { type: 'string' }, backend: { type: 'string' }, workers: { type: 'string' }, batch: { type: 'string' }, cache: { type: 'string' },
    json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof values === 'number') return values;
  const articles = Number(values.articles ?? 1000), workers = Number(values.workers ?? 2), batch = values.batch === undefined ? undefined : Number(values.batch);
  const backend = (values.backend ?? 'sqlite') as 'sqlite' | 'postgres';
  if (!(articles >= 1) || !(workers >= 1) || (batch !== undefined && !(batch >= 1)) || (backend !== 'sqlite' && backend !== 'postgres')) {
    process.stderr.write(`bench: bad --articles, --workers, --batch or --backend\n${USAGE}`);
    return 2;
  }
  if (backend === 'postgres') {
    const why = await pgReachable();
    if (why) { process.stderr.write(`bench: PostgreSQL at ${PG_BASE} is unreachable (${why})\n`); return 1; }
  }
  try {
    const r = await benchMainCost({ articles, backend, workers, batch, cache: values.cache ?? null, log: (s) => process.stderr.write(`bench: ${s}\n`) });
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stdout.write(`${r.backend}, ${r.workers} worker${r.workers === 1 ? '' : 's'}, ${r.ingested} articles stored in ${r.seconds.toFixed(1)} s (${(r.ingested / r.seconds).toFixed(0)}/s, engine replayed):\n`
        + `  main thread ${r.mainMsPerArticle.toFixed(2)} ms CPU/article (${r.mainWarmMsPerArticle.toFixed(2)} after the first fifth); other threads ${r.otherMsPerArticle.toFixed(2)}\n`);
    }
    return 0;
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`bench: ${e.code}: ${e.message}\n`);
    return 1;
  }
}
