// The benchmark behind `npm run bench`: the whole pipeline on real news texts (PolNeAR dev), single
// thread and through the CLI's worker pool, with memory and per-stage timing. Every ratio is against a
// baseline measured in the same run (the tokenize stage; the single-thread batch), so numbers from
// different machines compare as ratios, and no test ever asserts a time.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze, checkPublished, toAnalysis } from '../analyze.js';
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
  msPerArticle: number;
  /** Share of the whole pipeline's time (0–1). */
  share: number;
  tokensPerSecond: number;
  /** This stage's time over the tokenize stage's time, measured in the same run. */
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
  batchSingle: Throughput;
  batchWorkers: Throughput & { workers: number; speedup: number };
  memory: {
    /** Single-thread run: peak resident set and peak JS heap seen, in bytes. */
    singlePeakRss: number;
    singlePeakHeap: number;
    /** Whole process after the worker run (process.resourceUsage().maxRSS covers every thread). */
    maxRss: number;
  };
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

async function timeBatch(exec: LineExecutor, lines: string[], repeat: number): Promise<{ seconds: number; sink: CountingSink }> {
  // Warm-up: every worker loads its resources and compiles the hot paths before the clock starts.
  await runBatch(repeated(lines.slice(0, Math.max(8, 4 * exec.maxPending)), 1), exec, new CountingSink());
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
  let t0 = performance.now();
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

  // 2. The JSONL batch as the CLI runs it, in-process and then through the worker pool.
  const lines = articles.map((a) => JSON.stringify({ id: a.id, title: a.title, published: a.published, text: a.text }));
  log('batch, single thread …');
  const single = await timeBatch(inProcessExecutor({}, resources), lines, repeat);
  const batchSingle = throughput('JSONL batch, 1 thread', n * repeat, single.seconds, tokens * repeat, words * repeat);

  log(`batch, ${options.workers} workers …`);
  const exec = poolExecutor({}, options.workers);
  let pooled: { seconds: number; sink: CountingSink };
  try {
    pooled = await timeBatch(exec, lines, repeat);
  } finally {
    await exec.close();
  }
  const batchWorkers = {
    ...throughput(`JSONL batch, ${options.workers} workers`, n * repeat, pooled.seconds, tokens * repeat, words * repeat),
    workers: options.workers,
    speedup: single.seconds / pooled.seconds,
  };

  // 3. Each stage timed by wrapping it, plus the conversion to the contract and its serialisation.
  log('per-stage timing …');
  const names = [...STAGES.map(([name]) => name), 'toAnalysis', 'JSON.stringify'];
  const spent = new Float64Array(names.length);
  const wrapped: Array<readonly [string, Stage]> = STAGES.map(([name, stage], k) => [name, (doc, res) => {
    const t = performance.now();
    stage(doc, res);
    spent[k] += performance.now() - t;
  }] as const);
  const conv = STAGES.length;
  for (let r = 0; r < repeat; r++) {
    for (const article of articles) {
      const doc = runPipeline(article, resources, wrapped);
      t0 = performance.now();
      const analysis = toAnalysis(doc);
      const t1 = performance.now();
      JSON.stringify(analysis);
      const t2 = performance.now();
      spent[conv] += t1 - t0;
      spent[conv + 1] += t2 - t1;
    }
  }
  const total = spent.reduce((s, x) => s + x, 0);
  const tokenizeMs = spent[names.indexOf('tokenize')] || NaN;
  const stages: StageTiming[] = names.map((stage, k) => ({
    stage,
    msPerArticle: spent[k] / (n * repeat),
    share: total > 0 ? spent[k] / total : 0,
    tokensPerSecond: spent[k] > 0 ? (tokens * repeat) / (spent[k] / 1000) : Infinity,
    timesTokenize: spent[k] / tokenizeMs,
  }));

  return {
    file: options.file,
    articles: n,
    repeat,
    wordsPerArticle: words / n,
    tokensPerArticle: tokens / n,
    node: process.version,
    cores: availableParallelism(),
    engine,
    batchSingle,
    batchWorkers,
    memory: { singlePeakRss: peakRss, singlePeakHeap: peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 },
    stages,
    errors: single.sink.errors + pooled.sink.errors,
  };
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
  for (const t of [r.engine, r.batchSingle, r.batchWorkers]) {
    out.push(`${t.label.padEnd(30)}${fmt(t.articlesPerSecond, 1).padStart(12)}${fmt(t.tokensPerSecond).padStart(13)}${fmt(t.wordsPerSecond).padStart(13)}${fmt(t.msPerArticle, 2).padStart(12)}`);
  }
  out.push(`speed-up of ${r.batchWorkers.workers} workers over the 1-thread batch: ×${fmt(r.batchWorkers.speedup, 2)}`);
  out.push(`memory: single thread peak RSS ${mib(r.memory.singlePeakRss)}, peak heap ${mib(r.memory.singlePeakHeap)}; process max RSS (all threads) ${mib(r.memory.maxRss)}`);
  if (r.errors) out.push(`note: ${r.errors} batch lines came back as errors`);
  out.push('');
  out.push(`${'stage (single thread)'.padEnd(24)}${'ms/article'.padStart(12)}${'share'.padStart(9)}${'tokens/s'.padStart(14)}${'× tokenize'.padStart(12)}`);
  for (const s of r.stages) {
    out.push(`${s.stage.padEnd(24)}${fmt(s.msPerArticle, 3).padStart(12)}${`${fmt(s.share * 100, 1)}%`.padStart(9)}${fmt(s.tokensPerSecond).padStart(14)}${fmt(s.timesTokenize, 2).padStart(12)}`);
  }
  return out.join('\n') + '\n';
}

export const defaultWorkers = (): number => availableParallelism();
