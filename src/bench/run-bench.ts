// The benchmark behind `npm run bench`: the whole pipeline on real news texts (PolNeAR dev), single
// thread and through the CLI's worker pool, with memory and per-stage timing. Every ratio is against a
// baseline measured in the same run (the tokenize stage; the single-thread batch), so numbers from
// different machines compare as ratios, and no test ever asserts a time.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze, analyzeBatch, ANALYZE_BATCH, checkPublished, toAnalysis } from '../analyze.js';
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import { runPipeline, STAGES, type Stage } from '../pipeline.js';
import { loadResources, type Resources } from '../resources.js';
import { inProcessExecutor, poolExecutor, runBatch, type LineExecutor, type LineSink } from '../cli/batch.js';

export interface BenchOptions {
  file: string;
  /** Times the whole set is run in each measurement. */
  repeat: number;
  /** Worker threads for the pooled run. */
  workers: number;
  /** Use only the first N articles (0 = all). */
  limit?: number;
  /** Progress lines go here (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface Throughput {
  label: string;
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  tokensPerSecond: number;
  wordsPerSecond: number;
  msPerArticle: number;
}

export interface StageTiming {
  stage: string;
  /** Wall time per article (includes time the thread waited for a core on a loaded machine). */
  msPerArticle: number;
  /** CPU time per article (process.cpuUsage, user + system), less the timer's own cost. */
  cpuMsPerArticle: number;
  /** Per article the least wall time over the repeats, averaged: the least disturbed reading. */
  minMsPerArticle: number;
  /** Share of the whole pipeline's CPU time (0–1). */
  share: number;
  /** Tokens per CPU second. */
  tokensPerSecond: number;
  /** This stage's CPU time over the tokenize stage's CPU time, measured in the same run. */
  timesTokenize: number;
}

export interface BenchReport {
  file: string;
  articles: number;
  repeat: number;
  wordsPerArticle: number;
  tokensPerArticle: number;
  node: string;
  cores: number;
  engine: Throughput;
  /** The same articles through analyzeBatch, ANALYZE_BATCH at a time (stage by stage), one thread. */
  engineBatched: Throughput;
  batchSingle: Throughput;
  batchWorkers: Throughput & { workers: number; speedup: number; sharingGain: number };
  memory: {
    /** Single-thread run: peak resident set and peak JS heap seen, in bytes. */
    singlePeakRss: number;
    singlePeakHeap: number;
    /** Whole process after the worker run (process.resourceUsage().maxRSS covers every thread). */
    maxRss: number;
  };
  /**
   * Every article joined into one document, analysed once: its time per token over the per-article
   * run's (1.0 = the engine scales linearly with length; a stage that compares everything with
   * everything shows up here long before it shows in a report of 800 words).
   */
  longDocument: { characters: number; tokens: number; seconds: number; perTokenRatio: number };
  stages: StageTiming[];
  errors: number;
}

/** Reads a JSON-lines file of articles ({id?, title?, date?|published?, text}). */
export function loadBenchArticles(file: string, limit = 0): Article[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DossierError(code === 'ENOENT' ? 'DOSSIER_DATA_MISSING' : 'DOSSIER_INPUT_UNREADABLE',
      `${code === 'ENOENT' ? 'There is no benchmark set at' : 'Cannot read'} ${file}; pass --file FILE (JSON lines, each with a "text" field).`);
  }
  const articles: Article[] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const v = JSON.parse(line) as { id?: unknown; title?: unknown; date?: unknown; published?: unknown; text?: unknown };
    if (typeof v.text !== 'string' || v.text.trim() === '') continue;
    const date = typeof v.published === 'string' ? v.published : typeof v.date === 'string' ? v.date : null;
    articles.push({
      id: typeof v.id === 'string' ? v.id : null,
      title: typeof v.title === 'string' ? v.title : null,
      published: date && isDate(date) ? date : null,
      text: v.text,
    });
    if (limit > 0 && articles.length >= limit) break;
  }
  if (articles.length === 0) throw new DossierError('DOSSIER_INPUT_INVALID', `${file} holds no article with a "text" field.`);
  return articles;
}

function isDate(s: string): boolean {
  try {
    checkPublished(s);
    return true;
  } catch {
    return false;
  }
}

/** Words as runs of letters and digits (non-ASCII letters count as letters). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wordChar = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000);
    if (wordChar && !inWord) words++;
    inWord = wordChar;
  }
  return words;
}

const gc = (globalThis as { gc?: () => void }).gc;

function throughput(label: string, articles: number, seconds: number, tokens: number, words: number): Throughput {
  return {
    label,
    articles,
    seconds,
    articlesPerSecond: articles / seconds,
    tokensPerSecond: tokens / seconds,
    wordsPerSecond: words / seconds,
    msPerArticle: (seconds * 1000) / articles,
  };
}

class CountingSink implements LineSink {
  closed = false;
  lines = 0;
  errors = 0;
  bytes = 0;
  write(chunk: string): void {
    this.lines++;
    this.bytes += chunk.length;
    if (chunk.startsWith('{"id":')) this.errors++;
  }
  async ready(): Promise<void> {}
}

async function* repeated(lines: string[], times: number): AsyncIterable<string> {
  for (let r = 0; r < times; r++) for (const l of lines) yield l;
}

/**
 * Articles each thread analyses before the clock starts. V8's optimising compiler settles only after a
 * few hundred articles per thread: with one pass of 84 articles shared by two workers, the pooled run was
 * measured while still compiling and came out slower than one thread (×0.97; ×1.38 once warm).
 */
const WARM_ARTICLES_PER_THREAD = 250;

async function timeBatch(exec: LineExecutor, lines: string[], repeat: number, threads: number): Promise<{ seconds: number; sink: CountingSink }> {
  const warmPasses = Math.max(1, Math.ceil((WARM_ARTICLES_PER_THREAD * threads) / Math.max(1, lines.length)));
  await runBatch(repeated(lines, warmPasses), exec, new CountingSink());
  gc?.();
  const sink = new CountingSink();
  const t0 = performance.now();
  await runBatch(repeated(lines, repeat), exec, sink);
  return { seconds: (performance.now() - t0) / 1000, sink };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const repeat = Math.max(1, options.repeat);
  const articles = loadBenchArticles(options.file, options.limit ?? 0);
  const resources: Resources = loadResources();
  const n = articles.length;

  // Warm-up, and the token count of each article from the document itself.
  log(`warming up on ${n} articles …`);
  let tokens = 0;
  let words = 0;
  for (const article of articles) {
    tokens += runPipeline(article, resources).tokens.count;
    words += countWords(article.text);
  }
  // Two passes, so the optimising compiler has settled before the first measurement.
  for (let pass = 0; pass < 2; pass++) for (const article of articles) analyze(article, { resources });

  // 1. The engine alone, one thread.
  log('engine, single thread …');
  gc?.();
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < n; i++) {
      analyze(articles[i], { resources });
      if ((i & 7) === 7) {
        const m = process.memoryUsage();
        if (m.rss > peakRss) peakRss = m.rss;
        if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
      }
    }
  }
  const engine = throughput('engine, 1 thread (analyze)', n * repeat, (performance.now() - t0) / 1000, tokens * repeat, words * repeat);

  // 1a. The engine stage by stage over batches of articles (analyzeBatch), one thread: the same records.
  log(`engine, single thread, batches of ${ANALYZE_BATCH} …`);
  for (let i = 0; i < n; i += ANALYZE_BATCH) analyzeBatch(articles.slice(i, i + ANALYZE_BATCH), { resources });
  gc?.();
  const tb = performance.now();
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < n; i += ANALYZE_BATCH) analyzeBatch(articles.slice(i, i + ANALYZE_BATCH), { resources });
  }
  const engineBatched = throughput(`engine, 1 thread, batches of ${ANALYZE_BATCH}`, n * repeat, (performance.now() - tb) / 1000, tokens * repeat, words * repeat);

  // 1b. The same text as one long document.
  log('one long document …');
  const joined: Article = { id: null, title: null, published: articles[0].published, text: articles.map((a) => a.text).join('\n\n') };
  // counted by a pass of its own, which is also its warm-up (the separate articles were warmed the same way)
  const longTokens = runPipeline(joined, resources).tokens.count;
  gc?.();
  const t1 = performance.now();
  analyze(joined, { resources });
  const longSeconds = (performance.now() - t1) / 1000;
  const longDocument = {
    characters: joined.text.length, tokens: longTokens, seconds: longSeconds,
    perTokenRatio: (longSeconds / longTokens) * engine.tokensPerSecond,
  };

  // 2. The JSONL batch as the CLI runs it, in-process and then through the worker pool.
  const lines = articles.map((a) => JSON.stringify({ id: a.id, title: a.title, published: a.published, text: a.text }));
  log('batch, single thread …');
  const single = await timeBatch(inProcessExecutor({}, resources), lines, repeat, 1);
  const batchSingle = throughput('JSONL batch, 1 thread', n * repeat, single.seconds, tokens * repeat, words * repeat);

  const timePool = async (privateTables: boolean): Promise<{ seconds: number; sink: CountingSink }> => {
    const exec = poolExecutor({}, options.workers, undefined, { privateTables });
    try {
      return await timeBatch(exec, lines, repeat, options.workers);
    } finally {
      await exec.close();
    }
  };
  log(`batch, ${options.workers} workers …`);
  const pooled = await timePool(false);
  // The same pool with a copy of the weight tables per worker, as before they were shared.
  log(`batch, ${options.workers} workers, each with its own weight tables …`);
  const pooledPrivate = await timePool(true);
  const batchWorkers = {
    ...throughput(`JSONL batch, ${options.workers} workers`, n * repeat, pooled.seconds, tokens * repeat, words * repeat),
    workers: options.workers,
    speedup: single.seconds / pooled.seconds,
    /** Throughput with shared weight tables over the same pool with one copy per worker. */
    sharingGain: pooledPrivate.seconds / pooled.seconds,
  };

  // 3. Each stage timed by wrapping it, plus the conversion to the contract and its serialisation.
  log('per-stage timing …');
  const stages = timeStages(articles, resources, repeat, tokens);

  return {
    file: options.file,
    articles: n,
    repeat,
    wordsPerArticle: words / n,
    tokensPerArticle: tokens / n,
    node: process.version,
    cores: availableParallelism(),
    engine,
    engineBatched,
    longDocument,
    batchSingle,
    batchWorkers,
    memory: { singlePeakRss: peakRss, singlePeakHeap: peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 },
    stages,
    errors: single.sink.errors + pooled.sink.errors + pooledPrivate.sink.errors,
  };
}

/** Microseconds of CPU this process has used (user + system). */
const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** The cost of one timed section with nothing in it (wall ms, CPU µs), the median of many, so it can be taken off each stage. */
function timerCost(): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 2001; i++) {
    const t = performance.now();
    const c = cpuMicros();
    const c1 = cpuMicros();
    walls.push(performance.now() - t);
    cpus.push(c1 - c);
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { wall: median(walls), cpu: median(cpus) };
}

/**
 * Each stage timed by wrapping it, plus toAnalysis and JSON.stringify: wall time, CPU time, and the
 * least wall time per article over the repeats. The machine may be shared, so CPU time and the
 * per-article minimum are the readings that compare between runs; wall time is kept for reference.
 */
export function timeStages(articles: Article[], resources: Resources, repeat: number, tokens: number): StageTiming[] {
  const names = [...STAGES.map(([name]) => name), 'toAnalysis', 'JSON.stringify'];
  const n = articles.length;
  const k = names.length;
  const wall = new Float64Array(k);
  const cpu = new Float64Array(k);
  const least = new Float64Array(n * k).fill(Infinity);
  const cost = timerCost();
  let article = 0;
  const timed = (s: number, run: () => void): void => {
    const t = performance.now();
    const c = cpuMicros();
    run();
    const c1 = cpuMicros();
    const w = performance.now() - t;
    wall[s] += w;
    cpu[s] += c1 - c;
    if (w < least[article * k + s]) least[article * k + s] = w;
  };
  const wrapped: Array<readonly [string, Stage]> = STAGES.map(([name, stage], s) => [name, (doc, res) => timed(s, () => stage(doc, res))] as const);
  const conv = STAGES.length;
  for (let r = 0; r < repeat; r++) {
    for (article = 0; article < n; article++) {
      const doc = runPipeline(articles[article], resources, wrapped);
      let analysis: unknown;
      timed(conv, () => { analysis = toAnalysis(doc); });
      timed(conv + 1, () => JSON.stringify(analysis));
    }
  }
  const runs = n * repeat;
  const cpuMs = Array.from(cpu, (c) => Math.max(0, c / 1000 - (cost.cpu / 1000) * runs));
  const minMs = names.map((_, s) => {
    let sum = 0;
    for (let a = 0; a < n; a++) sum += Math.max(0, least[a * k + s] - cost.wall);
    return sum;
  });
  const total = cpuMs.reduce((s, x) => s + x, 0);
  const tokenizeMs = cpuMs[names.indexOf('tokenize')] || NaN;
  return names.map((stage, s) => ({
    stage,
    msPerArticle: Math.max(0, wall[s] - cost.wall * runs) / runs,
    cpuMsPerArticle: cpuMs[s] / runs,
    minMsPerArticle: minMs[s] / n,
    share: total > 0 ? cpuMs[s] / total : 0,
    tokensPerSecond: cpuMs[s] > 0 ? (tokens * repeat) / (cpuMs[s] / 1000) : Infinity,
    timesTokenize: cpuMs[s] / tokenizeMs,
  }));
}

/** Only the per-stage table (`npm run bench -- --stages`): a quicker reading while working on one stage. */
export function runStageBench(options: BenchOptions): { articles: number; repeat: number; tokensPerArticle: number; stages: StageTiming[] } {
  const repeat = Math.max(1, options.repeat);
  const articles = loadBenchArticles(options.file, options.limit ?? 0);
  const resources = loadResources();
  let tokens = 0;
  for (const article of articles) tokens += runPipeline(article, resources).tokens.count;
  for (let pass = 0; pass < 2; pass++) for (const article of articles) analyze(article, { resources });
  gc?.();
  return { articles: articles.length, repeat, tokensPerArticle: tokens / articles.length, stages: timeStages(articles, resources, repeat, tokens) };
}

const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
const mib = (bytes: number): string => `${fmt(bytes / 1048576)} MiB`;

/** The report as a readable table. */
export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  out.push(`Dossier benchmark: ${r.articles} articles × ${r.repeat} from ${r.file}`);
  out.push(`${fmt(r.wordsPerArticle)} words/article, ${fmt(r.tokensPerArticle)} tokens/article; node ${r.node}, ${r.cores} cores`);
  out.push('');
  out.push(`${'run'.padEnd(30)}${'articles/s'.padStart(12)}${'tokens/s'.padStart(13)}${'words/s'.padStart(13)}${'ms/article'.padStart(12)}`);
  for (const t of [r.engine, r.engineBatched, r.batchSingle, r.batchWorkers]) {
    out.push(`${t.label.padEnd(30)}${fmt(t.articlesPerSecond, 1).padStart(12)}${fmt(t.tokensPerSecond).padStart(13)}${fmt(t.wordsPerSecond).padStart(13)}${fmt(t.msPerArticle, 2).padStart(12)}`);
  }
  out.push(`speed-up of ${r.batchWorkers.workers} workers over the 1-thread batch: ×${fmt(r.batchWorkers.speedup, 2)}; sharing the weight tables between them: ×${fmt(r.batchWorkers.sharingGain, 2)} over a copy per worker`);
  out.push(`memory: single thread peak RSS ${mib(r.memory.singlePeakRss)}, peak heap ${mib(r.memory.singlePeakHeap)}; process max RSS (all threads) ${mib(r.memory.maxRss)}`);
  const ld = r.longDocument;
  out.push(`one long document (the ${r.articles} articles joined: ${fmt(ld.characters)} characters, ${fmt(ld.tokens)} tokens): ${fmt(ld.seconds * 1000)} ms, ×${fmt(ld.perTokenRatio, 2)} the time per token of separate articles (1.00 = linear in length)`);
  if (r.errors) out.push(`note: ${r.errors} batch lines came back as errors`);
  out.push('');
  out.push(...formatStages(r.stages));
  return out.join('\n') + '\n';
}

/** The per-stage table: CPU ms first (what compares between runs), then least and mean wall ms. */
export function formatStages(stages: StageTiming[]): string[] {
  const out = [`${'stage (single thread)'.padEnd(24)}${'cpu ms/art'.padStart(12)}${'min ms/art'.padStart(12)}${'wall ms/art'.padStart(13)}${'share'.padStart(8)}${'tokens/cpu-s'.padStart(14)}${'× tokenize'.padStart(12)}`];
  for (const s of stages) {
    out.push(`${s.stage.padEnd(24)}${fmt(s.cpuMsPerArticle, 3).padStart(12)}${fmt(s.minMsPerArticle, 3).padStart(12)}${fmt(s.msPerArticle, 3).padStart(13)}${`${fmt(s.share * 100, 1)}%`.padStart(8)}${fmt(s.tokensPerSecond).padStart(14)}${fmt(s.timesTokenize, 2).padStart(12)}`);
  }
  const sum = (f: (s: StageTiming) => number): number => stages.reduce((t, s) => t + f(s), 0);
  const cpu = sum((s) => s.cpuMsPerArticle), least = sum((s) => s.minMsPerArticle);
  out.push(`${'all stages'.padEnd(24)}${fmt(cpu, 3).padStart(12)}${fmt(least, 3).padStart(12)}${fmt(sum((s) => s.msPerArticle), 3).padStart(13)}${''.padStart(8)}${''.padStart(14)}${''.padStart(12)}`);
  out.push(`articles/s from the stage sums: ${fmt(1000 / cpu, 1)} (CPU), ${fmt(1000 / least, 1)} (least wall)`);
  return out;
}

export const defaultWorkers = (): number => availableParallelism();
