// The ingest runner: items in, stored and indexed articles out. Each item is read, its content hash
// checked against the store BEFORE it is analysed (so a re-ingest costs a hash and a lookup), analysed on
// the worker pool, then written in small batches — each batch one transaction — and linked into the
// story one article at a time on a single write chain. A process killed at any moment leaves whole
// articles or none; the next run skips what was stored and re-indexes what was stored but not indexed.

import { availableParallelism } from 'node:os';
import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import { asDossierError, DossierError, type ErrorCode } from '../errors.js';
import type { Resources } from '../resources.js';
import { analysisFromJson } from '../store/rows.js';
import { contentHash, type Page, type PutResult, type Store, type StoredArticle } from '../store/store.js';
import type { StoryPrep } from '../story/index-article.js';
import { putAndLink, readyArticle, withTitle, type LinkFn, type LinkInput, type ReadyArticle } from '../story/store-articles.js';
import type { FoundVia, ItemOrSkip, Loaded } from './ingest-sources.js';
import type { ProgressBar, ProgressCounts } from './progress.js';
import { ANALYZE_TIMEOUT_MS, WorkerPool } from '../worker-pool.js';

export interface AnalyzeTask {
  article: Article;
  /**
   * Also prepare the article for the store (readyArticle), next to the engine; `hash` is its content hash.
   * The analysis then comes back inside the prepared rows, as the JSON the store keeps.
   */
  ready?: { hash: string };
}

export type AnalyzeOutcome = { analysis: Analysis } | { ready: ReadyArticle } | { error: { code: ErrorCode; message: string } };

/** An analysis with its preparation for the store. */
export interface Analyzed {
  analysis: Analysis;
  ready: ReadyArticle;
}

/** Runs the engine; `capacity` is how many articles it can usefully hold at once. */
export interface Analyzer {
  analyze(article: Article): Promise<Analysis>;
  /** The analysis and its preparation for the store (`hash`: contentHash(article.text)). */
  analyzeToStore(article: Article, hash: string): Promise<Analyzed>;
  readonly capacity: number;
  /** Set when the engine cannot run at all (workers cannot start): the run stops instead of failing every article. */
  readonly broken?: DossierError | null;
  close(): Promise<void>;
}

export const INGEST_WORKER_URL = new URL('./ingest-worker.js', import.meta.url);

/**
 * Articles each engine worker holds during an ingest. The main thread writes a batch (DEFAULT_BATCH
 * articles) in one synchronous transaction and reads no worker message meanwhile: about half a second
 * at 10,000 stored. With two tasks each, the workers ran dry within 30 ms of it and the two sides took
 * turns (each busy about half the run); with a batch's worth each they go on through the whole write.
 * Process CPU over wall at 10,000 articles on 2 cores: 1.56 with 2, 1.79 with 48, 1.86 with 128.
 */
export const INGEST_TASKS_AHEAD = 128;

/** The engine in this thread (`--workers 1`, the HTTP API), preparing for the store as a worker does. */
export async function inProcessAnalyzer(resources?: Resources): Promise<Analyzer> {
  const { ANALYZE_BATCH, BatchAnalyzer } = await import('../analyze.js');
  const res = resources ?? (await import('../resources.js')).loadResources();
  // the articles in flight are analysed together, stage by stage (the same records, less CPU)
  const batcher = new BatchAnalyzer(res);
  return {
    capacity: ANALYZE_BATCH,
    analyze: (article) => batcher.analyze(article),
    async analyzeToStore(article, hash) {
      const analysis = await batcher.analyze(article);
      return { analysis, ready: readyArticle({ article, analysis }, hash) };
    },
    close: async () => {},
  };
}

/**
 * Worker threads running `script` (an AnalyzeTask server). A prepared article comes back without the
 * analysis object: it is read from the stored JSON, which costs the main thread half of what cloning
 * the object across threads did.
 */
export function poolAnalyzer(workers: number, script: URL = INGEST_WORKER_URL, workerData?: unknown,
  tasksAhead = INGEST_TASKS_AHEAD): Analyzer {
  const pool = new WorkerPool<AnalyzeTask, AnalyzeOutcome>({ size: workers, script, workerData, taskTimeoutMs: ANALYZE_TIMEOUT_MS, tasksAhead });
  const run = async (task: AnalyzeTask): Promise<AnalyzeOutcome> => {
    const out = await pool.run(task);
    if ('error' in out) throw new DossierError(out.error.code, out.error.message);
    return out;
  };
  return {
    capacity: (tasksAhead + 2) * pool.size,
    get broken() { return pool.broken; },
    async analyze(article) {
      return (await run({ article }) as { analysis: Analysis }).analysis;
    },
    async analyzeToStore(article, hash) {
      const { ready } = await run({ article, ready: { hash } }) as { ready: ReadyArticle };
      return { analysis: analysisFromJson(ready.put.analysisJson, article.text), ready };
    },
    close: () => pool.close(),
  };
}

/** One analyser for `--workers N`: the engine in this thread for 1, a worker pool otherwise. */
export async function makeAnalyzer(workers: number): Promise<Analyzer> {
  return workers > 1 ? poolAnalyzer(workers) : inProcessAnalyzer();
}

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** What links a stored article into the story (src/story/index-article.ts in the CLI; a stub in tests). */
export type IndexFn = LinkFn;

export interface FailureGroup {
  code: string;
  count: number;
  /** The first few, for the person reading the summary. */
  examples: { label: string; message: string }[];
}

export interface IngestSummary {
  /** Items taken from the inputs (skipped ones not included). */
  items: number;
  ingested: number;
  duplicates: number;
  failed: number;
  skipped: number;
  /** Stored articles whose story index failed (they stay stored; `dossier reanalyze --all` re-links them). */
  indexFailed: number;
  /** Articles found stored but not linked into the story (a run killed in between), linked at the start. */
  resumed: number;
  seconds: number;
  failures: FailureGroup[];
  skips: FailureGroup[];
  /** True when the run was interrupted (SIGINT) before every item was read. */
  interrupted: boolean;
}

export interface RunnerOptions {
  analyzer: Analyzer;
  index?: IndexFn | null;
  /** Articles per write transaction. */
  batchSize?: number;
  progress?: ProgressBar | null;
  signal?: AbortSignal;
  /** Examples kept per failure code. */
  examples?: number;
}

const EXAMPLES = 5;

/**
 * Articles per write transaction. Each commit writes out every index page its rows touched, and rows of
 * a batch share pages: from 32 to 128, the main thread's cost per article went 4.0 -> 3.5 ms at 1,000
 * articles, and commits 1.9 -> 1.2 ms at 10,000 stored. A killed run loses at most the batch in hand,
 * which the next run stores again.
 */
export const DEFAULT_BATCH = 128;

/** Store failures that no retry of single articles can get past: the run stops. */
const FATAL_STORE_ERRORS = new Set<string>(['DOSSIER_STORE_UNREACHABLE', 'DOSSIER_STORE_OPEN', 'DOSSIER_INTERNAL']);

class Groups {
  private readonly byCode = new Map<string, FailureGroup>();
  total = 0;
  constructor(private readonly examples: number) {}
  add(label: string, err: unknown): void {
    const e = asDossierError(err);
    let g = this.byCode.get(e.code);
    if (!g) this.byCode.set(e.code, (g = { code: e.code, count: 0, examples: [] }));
    g.count++;
    this.total++;
    if (g.examples.length < this.examples) g.examples.push({ label, message: e.message });
  }
  list(): FailureGroup[] {
    return [...this.byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }
}

interface PendingPut {
  input: LinkInput;
  label: string;
  hash: string;
  done: () => void;
}

export class IngestRunner {
  private readonly started = Date.now();
  private readonly failures: Groups;
  private readonly skips: Groups;
  private readonly counts: ProgressCounts = { done: 0, total: 0, ingested: 0, duplicates: 0, failed: 0 };
  private items = 0;
  private indexFailed = 0;
  private resumed = 0;
  private interrupted = false;
  /** Content hashes taken by items of this run still in flight or stored (a text twice in one run is one article). */
  private readonly claimed = new Set<string>();
  private pending: PendingPut[] = [];
  private inflight = 0;
  private writeChain: Promise<void> = Promise.resolve();
  private writeError: unknown = null;
  private readonly batchSize: number;
  private readonly index: IndexFn | null;

  constructor(private readonly store: Store, private readonly options: RunnerOptions) {
    this.failures = new Groups(options.examples ?? EXAMPLES);
    this.skips = new Groups(options.examples ?? EXAMPLES);
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    this.index = options.index ?? null;
  }

  /** Adds to the progress total (inputs known so far). */
  expect(n: number): void {
    this.counts.total += n;
    this.draw(true);
  }

  /**
   * Links into the story every stored article the story does not know yet — left by a run killed between
   * a batch's commit and its indexing. Needs the store to tell which those are.
   */
  async resumeIndexing(): Promise<void> {
    const store = this.store as Store & { unindexedArticles?: (q: { cursor?: string | null; limit?: number }) => Promise<{ items: string[]; next: string | null }> };
    if (!this.index) return;
    if (typeof store.unindexedArticles !== 'function') return this.resumeBySignature();
    // Paged by cursor: an article whose linking fails again stays unindexed and must not be met twice.
    for (let cursor: string | null = null; ;) {
      const page: Page<string> = await store.unindexedArticles({ cursor, limit: 200 });
      for (const id of page.items) {
        const analysis = await this.store.getAnalysis(id);
        if (analysis) await this.indexOne(id, analysis, id);
        else await (this.store as Store & { markIndexed?: (id: string) => Promise<void> }).markIndexed?.(id);
        this.resumed++;
      }
      if (!page.next) return;
      cursor = page.next;
    }
  }

  /**
   * For a store that does not track indexing: an article with no MinHash signature was never linked
   * (the signature is among the first things indexArticle writes).
   */
  private async resumeBySignature(): Promise<void> {
    let cursor: string | null = null;
    do {
      const page: Page<StoredArticle> = await this.store.listArticles({ cursor, limit: 1000 });
      cursor = page.next;
      const ids = page.items.map((a) => a.id);
      if (ids.length === 0) continue;
      const signed = new Set((await this.store.storyGetSignatures(ids)).map((s) => s.articleId));
      for (const id of ids) {
        if (signed.has(id)) continue;
        const analysis = await this.store.getAnalysis(id);
        if (analysis) await this.indexOne(id, analysis, id);
        this.resumed++;
      }
    } while (cursor);
  }

  /** Reads, checks, analyses and stores every item; returns when all are written (or the run stops). */
  async run(items: AsyncIterable<ItemOrSkip>): Promise<void> {
    // Room for a full batch waiting on its write and the next one filling while the workers stay busy.
    const window = this.options.analyzer.capacity + 2 * this.batchSize;
    const running = new Set<Promise<void>>();
    const iterator = items[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (this.options.signal?.aborted) {
          this.interrupted = true;
          break;
        }
        if (this.writeError) break;
        const next = await iterator.next();
        if (next.done) break;
        const item = next.value;
        if ('skipped' in item) {
          // Passed over on purpose (hidden, not an article file) is a skip; an input that could not be read is a failure.
          if (item.skipped.code === 'DOSSIER_INPUT_SKIPPED') this.skips.add(item.label, item.skipped);
          else {
            this.items++;
            this.fail(item.label, item.skipped);
          }
          this.counts.done++;
          this.draw();
          continue;
        }
        this.items++;
        this.inflight++;
        const p: Promise<void> = this.process(item.label, item.foundVia, item.load).finally(() => {
          running.delete(p);
          this.inflight--;
          this.counts.done++;
          this.draw();
          this.maybeFlush();
        });
        running.add(p);
        while (running.size >= window) await Promise.race(running);
      }
    } finally {
      if (this.interrupted) await iterator.return?.();
      await Promise.all(running);
      this.flush();
      await this.writeChain;
      this.draw(true);
    }
    if (this.writeError) throw this.writeError;
  }

  summary(): IngestSummary {
    return {
      items: this.items,
      ingested: this.counts.ingested,
      duplicates: this.counts.duplicates,
      failed: this.counts.failed,
      skipped: this.skips.total,
      indexFailed: this.indexFailed,
      resumed: this.resumed,
      seconds: (Date.now() - this.started) / 1000,
      failures: this.failures.list(),
      skips: this.skips.list(),
      interrupted: this.interrupted,
    };
  }

  private async process(label: string, foundVia: FoundVia, load: () => Promise<Loaded>): Promise<void> {
    let loaded: Loaded;
    try {
      loaded = await load();
    } catch (err) {
      return this.fail(label, err);
    }
    const { article, html } = loaded;
    if (typeof article.text !== 'string' || article.text.trim() === '') {
      return this.fail(label, new DossierError('DOSSIER_INPUT_EMPTY', `${label} has no text.`));
    }
    const hash = contentHash(article.text);
    if (this.claimed.has(hash)) return this.duplicate();
    this.claimed.add(hash);
    try {
      if (await this.store.hasContentHash(hash)) return this.duplicate();
    } catch (err) {
      this.claimed.delete(hash);
      this.writeError ??= err;
      return;
    }
    let analyzed: Analyzed;
    try {
      analyzed = await this.options.analyzer.analyzeToStore(article, hash);
    } catch (err) {
      this.claimed.delete(hash);
      const broken = this.options.analyzer.broken;
      if (broken || (err instanceof DossierError && err.code === 'DOSSIER_DATA_MISSING')) {
        this.writeError ??= broken ?? err;
        return;
      }
      return this.fail(label, err);
    }
    await new Promise<void>((resolve) => {
      const { analysis, ready } = analyzed;
      this.pending.push({ input: withTitle({ article, html, foundVia, analysis, prepared: ready.put, story: ready.story }), label, hash, done: resolve });
      this.maybeFlush();
    });
  }

  private fail(label: string, err: unknown): void {
    this.failures.add(label, err);
    this.counts.failed++;
  }

  private duplicate(): void {
    this.counts.duplicates++;
  }

  /** Writes when a batch is full, or when every item in flight is waiting for a write. */
  private maybeFlush(): void {
    if (this.pending.length > 0 && (this.pending.length >= this.batchSize || this.pending.length >= this.inflight)) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writeChain = this.writeChain.then(async () => {
      try {
        if (!this.writeError) await this.write(batch);
      } catch (err) {
        this.writeError ??= err;
      } finally {
        for (const p of batch) p.done();
      }
    });
  }

  /**
   * The usual path: the batch's articles and their story rows in one transaction, so a kill leaves an
   * article with its story rows or neither. False when it could not (the batch is then written the
   * slower way, article by article, which tells a refused article from its indexing failing).
   */
  private async writeTogether(batch: PendingPut[]): Promise<boolean> {
    const index = this.index;
    if (!index || typeof this.store.transaction !== 'function') return false;
    let results: PutResult[];
    try {
      results = await putAndLink(this.store, batch.map((p) => p.input), index);
    } catch (err) {
      if (err instanceof DossierError && FATAL_STORE_ERRORS.has(err.code)) throw err;
      return false;
    }
    for (const r of results) {
      if (r.created) this.counts.ingested++;
      else this.counts.duplicates++;
    }
    await this.refreshStatsWhenGrown();
    return true;
  }

  /** Articles stored before this run's first write (null: not asked yet), and when statistics were last refreshed. */
  private storedBefore: number | null = null;
  private statsAt = 0;

  /**
   * Each time the store has doubled during the run, the planner's statistics are refreshed: PostgreSQL
   * planning against an empty store's statistics picks scans that grow with it (3.4 ms per band look-up
   * at 2,000 articles instead of 0.8). Doubling keeps the total cost linear.
   */
  private async refreshStatsWhenGrown(): Promise<void> {
    if (typeof this.store.refreshStats !== 'function') return;
    if (this.storedBefore === null) {
      this.storedBefore = Math.max(0, (await this.store.countArticles()) - this.counts.ingested);
      this.statsAt = this.storedBefore;
    }
    const stored = this.storedBefore + this.counts.ingested;
    if (stored >= 256 && stored >= 2 * this.statsAt) {
      await this.store.refreshStats();
      this.statsAt = stored;
    }
  }

  private async write(batch: PendingPut[]): Promise<void> {
    if (await this.writeTogether(batch)) return;
    let results: (PutResult | null)[];
    try {
      results = await this.store.putArticles(batch.map((p) => p.input));
    } catch (err) {
      // A batch is all or nothing; when one article is refused, the others go in one by one.
      if (!(err instanceof DossierError) || FATAL_STORE_ERRORS.has(err.code) || batch.length === 1) {
        if (batch.length === 1 && err instanceof DossierError && !FATAL_STORE_ERRORS.has(err.code)) {
          this.claimed.delete(batch[0].hash);
          return this.fail(batch[0].label, err);
        }
        throw err;
      }
      results = [];
      for (const p of batch) {
        try {
          results.push(await this.store.putArticle(p.input));
        } catch (e) {
          if (!(e instanceof DossierError) || FATAL_STORE_ERRORS.has(e.code)) throw e;
          this.claimed.delete(p.hash);
          this.fail(p.label, e);
          results.push(null);
        }
      }
    }
    for (let i = 0; i < batch.length; i++) {
      const r = results[i];
      if (!r) continue;
      if (!r.created) {
        this.counts.duplicates++;
        continue;
      }
      this.counts.ingested++;
      await this.indexOne(r.articleId, batch[i].input.analysis, batch[i].label, batch[i].input.story ?? null);
    }
  }

  private async indexOne(articleId: string, analysis: Analysis, label: string, prepared: StoryPrep | null = null): Promise<void> {
    if (!this.index) return;
    try {
      if (typeof this.store.transaction === 'function') {
        // the story rows of one article commit together, with its mark
        await this.store.transaction(async (tx) => {
          await this.index!(tx, articleId, analysis, { prepared });
          await tx.markIndexed(articleId);
        });
      } else {
        await this.index(this.store, articleId, analysis, { prepared });
        await (this.store as Store & { markIndexed?: (id: string) => Promise<void> }).markIndexed?.(articleId);
      }
    } catch (err) {
      this.index.reset?.();
      this.indexFailed++;
      this.failures.add(`${label} (stored; linking into the story failed)`, err);
    }
  }

  private draw(force = false): void {
    this.options.progress?.update(this.counts, force);
  }
}

/** The summary as a person reads it. */
export function formatSummary(s: IngestSummary, where: string): string {
  const rate = s.seconds > 0 ? s.items / s.seconds : 0;
  const lines = [
    `${s.interrupted ? 'Interrupted: ' : ''}${s.ingested} ingested, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'} (already stored), ${s.failed} failed` +
      `${s.skipped ? `, ${s.skipped} skipped` : ''} — ${s.items} article${s.items === 1 ? '' : 's'} in ${s.seconds.toFixed(1)} s (${rate.toFixed(1)}/s) into ${where}.`,
  ];
  if (s.resumed) lines.push(`Linked ${s.resumed} article${s.resumed === 1 ? '' : 's'} left unlinked by an earlier run.`);
  if (s.indexFailed) lines.push(`${s.indexFailed} stored article${s.indexFailed === 1 ? '' : 's'} could not be linked into the story; run \`dossier reanalyze --all\`.`);
  const groups = (title: string, list: FailureGroup[]): void => {
    if (list.length === 0) return;
    lines.push(`${title}:`);
    for (const g of list) {
      lines.push(`  ${g.code} ×${g.count}`);
      for (const e of g.examples) lines.push(`    ${e.label}: ${e.message.replace(/\s*\n\s*/g, ' ')}`);
      if (g.count > g.examples.length) lines.push(`    … and ${g.count - g.examples.length} more`);
    }
  };
  groups('Failed', s.failures);
  groups('Skipped', s.skips);
  return `${lines.join('\n')}\n`;
}
