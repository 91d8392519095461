// `dossier ingest PATH|URL|FEED …` and `dossier reanalyze`: reading articles into the store.

import { setTimeout as sleep } from 'node:timers/promises';
import type { ParseArgsConfig } from 'node:util';
import type { Analysis } from '../contract.js';
import { DossierError } from '../errors.js';
import { newFeedState, pollFeed, type FeedState } from '../ingest/feeds.js';
import type { Store } from '../store/store.js';
import type { IndexOptions } from '../story/index-article.js';
import { EXIT, UsageError } from './exit.js';
import { COMMAND_HELP } from './help.js';
import { countItems, expandSources, itemsOf, type SourceOptions, type Unit } from './ingest-sources.js';
import { DEFAULT_BATCH, formatSummary, IngestRunner, makeAnalyzer, type IndexFn, type IngestSummary } from './ingest-run.js';
import type { CliIO, Output } from './io.js';
import { ProgressBar, type ProgressStream } from './progress.js';
import { openCliStore, parseCli, parseWorkerCount, checkedDate, DEFAULT_DB } from './ingest-args.js';

const INGEST_OPTIONS = {
  db: { type: 'string' },
  workers: { type: 'string' },
  watch: { type: 'string' },
  'allow-private': { type: 'boolean' },
  published: { type: 'string' },
  batch: { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Shortest --watch interval: a feed polled more often than this is being hammered. */
const MIN_WATCH_SECONDS = 5;

export async function ingestCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values, positionals } = parseCli('ingest', args, INGEST_OPTIONS);
  if (values.help) {
    out.write(COMMAND_HELP.ingest);
    return EXIT.OK;
  }
  if (positionals.length === 0) throw new UsageError('DOSSIER_BAD_OPTION', '`dossier ingest` needs at least one input: a file, a folder, a .jsonl batch, a URL or a feed.');
  const workers = parseWorkerCount(values.workers, 1);
  const batchSize = values.batch === undefined ? DEFAULT_BATCH : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('DOSSIER_BAD_OPTION', `--batch must be a whole number from 1 to 10000, not "${values.batch}".`);
  let watch: number | null = null;
  if (values.watch !== undefined) {
    watch = Number(values.watch);
    if (!Number.isFinite(watch) || watch < MIN_WATCH_SECONDS) throw new UsageError('DOSSIER_BAD_OPTION', `--watch takes the polling interval in seconds (at least ${MIN_WATCH_SECONDS}), not "${values.watch}".`);
  }
  const published = values.published === undefined ? null : await checkedDate(values.published);
  const sourceOptions: SourceOptions = { allowPrivate: values['allow-private'] ?? false, published, stdin: io.stdin };
  const db = values.db ?? DEFAULT_DB;

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const stderr = io.stderr as NodeJS.WritableStream & ProgressStream;
  const progress = new ProgressBar(stderr, { enabled: values['no-progress'] ? false : stderr.isTTY === true });
  let store: Store | null = null;
  let runner: IngestRunner | null = null;
  try {
    store = await openCliStore(db);
    const units = await expandSources(positionals, sourceOptions);
    const [analyzer, index] = await Promise.all([makeAnalyzer(workers), storyIndexer()]);
    try {
      runner = new IngestRunner(store, { analyzer, index, batchSize, progress, signal: controller.signal });
      await runner.resumeIndexing();
      runner.expect(countItems(units));
      await runner.run(itemsOf(units, sourceOptions));
      if (watch !== null && !controller.signal.aborted) await watchFeeds(units, watch, runner, sourceOptions, stderr, progress, controller.signal);
    } finally {
      progress.clear();
      await analyzer.close();
    }
    const summary = runner.summary();
    if (controller.signal.aborted) summary.interrupted = true;
    out.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary, db));
    return exitStatus(summary);
  } finally {
    process.off('SIGINT', onSigint);
    await store?.close();
  }
}

/** 0 when the run did its job; 1 when every article failed (nothing stored, nothing already there). */
function exitStatus(s: IngestSummary): number {
  return s.failed > 0 && s.ingested === 0 && s.duplicates === 0 ? EXIT.INPUT : EXIT.OK;
}

/** The story layer's indexer, loaded lazily with its resources. */
export async function storyIndexer(): Promise<IndexFn> {
  const { indexArticle, defaultStoryContext } = await import('../story/index-article.js');
  const { StoryCache } = await import('../story/story-cache.js');
  // the run is the one writer of story rows: what linking reads stays in memory (cleared on a rollback)
  const cache = new StoryCache();
  const ctx = { ...defaultStoryContext(), cache };
  return Object.assign((store: Store, id: string, analysis: Analysis, options?: IndexOptions) => indexArticle(store, id, analysis, ctx, options),
    { reset: () => cache.clear() });
}

/**
 * Polls every remote feed among the inputs each `seconds`, with conditional GET, and ingests the
 * entries not seen before; runs until SIGINT. Feeds that fail a round are tried again the next one.
 */
async function watchFeeds(units: Unit[], seconds: number, runner: IngestRunner, options: SourceOptions, stderr: NodeJS.WritableStream, progress: ProgressBar, signal: AbortSignal): Promise<void> {
  const feeds: { url: string; state: FeedState }[] = [];
  for (const u of units) {
    if (u.kind !== 'feed' || !u.remote) continue;
    const state = newFeedState();
    state.etag = u.etag ?? null;
    state.lastModified = u.lastModified ?? null;
    for (const e of u.entries) if (e.key ?? e.link) state.seen.add((e.key ?? e.link)!);
    feeds.push({ url: u.url, state });
  }
  const log = (line: string): void => {
    progress.clear();
    stderr.write(`dossier: ${line}\n`);
  };
  if (feeds.length === 0) {
    log('--watch: none of the inputs is a feed fetched by URL, so there is nothing to poll.');
    return;
  }
  log(`watching ${feeds.length} feed${feeds.length === 1 ? '' : 's'} every ${seconds} s; press Ctrl-C to stop.`);
  while (!signal.aborted) {
    try {
      await sleep(seconds * 1000, undefined, { signal });
    } catch {
      return;
    }
    for (const f of feeds) {
      if (signal.aborted) return;
      try {
        const r = await pollFeed(f.url, f.state, { allowPrivate: options.allowPrivate });
        if (r.status === 'not-modified' || r.fresh.length === 0) continue;
        log(`${f.url}: ${r.fresh.length} new entr${r.fresh.length === 1 ? 'y' : 'ies'}.`);
        const unit: Unit = { kind: 'feed', url: r.url, feed: r.feed, entries: r.fresh };
        runner.expect(r.fresh.length);
        await runner.run(itemsOf([unit], options));
      } catch (err) {
        const e = err instanceof DossierError ? err : new DossierError('DOSSIER_FETCH_FAILED', (err as Error).message);
        log(`${f.url}: ${e.code}: ${e.message} (tried again next round)`);
      }
    }
  }
}

const REANALYZE_OPTIONS = {
  db: { type: 'string' },
  workers: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/**
 * Re-runs the current extractor over stored snapshots made by another version (or all of them), then
 * re-links the whole story, since entities and claims depend on every article's records.
 */
export async function reanalyzeCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values } = parseCli('reanalyze', args, REANALYZE_OPTIONS, false);
  if (values.help) {
    out.write(COMMAND_HELP.reanalyze);
    return EXIT.OK;
  }
  const workers = parseWorkerCount(values.workers, 1);
  const db = values.db ?? DEFAULT_DB;
  const started = Date.now();
  const store = await openCliStore(db);
  const stderr = io.stderr as NodeJS.WritableStream & ProgressStream;
  const progress = new ProgressBar(stderr);
  try {
    const { EXTRACTOR_VERSION } = await import('../analyze.js');
    const analyzer = await makeAnalyzer(workers);
    const counts = { done: 0, total: await store.countArticles(), ingested: 0, duplicates: 0, failed: 0 };
    const failures: { id: string; code: string; message: string }[] = [];
    let reanalyzed = 0;
    try {
      let cursor: string | null = null;
      do {
        const page = await store.listArticles({ cursor, limit: 200 });
        cursor = page.next;
        const todo = page.items.filter((a) => values.all || a.extractorVersion !== EXTRACTOR_VERSION);
        counts.done += page.items.length - todo.length;
        // Analysis runs on the pool in parallel; writes stay in order, one transaction each.
        const results = await Promise.all(todo.map(async (a) => {
          const full = await store.getArticle(a.id);
          if (!full) return null;
          // the title the engine was given before: a title stored from the article's headline was not
          // given, and passing it now would make it read as given (titleFrom 'headline' → 'given')
          const before = await store.getAnalysis(a.id);
          const title = before ? before.title ?? null : full.title;
          try {
            const analysis = await analyzer.analyze({
              id: full.externalId, text: full.text, url: full.url, title, published: full.published, publishedFrom: full.publishedFrom, warnings: [],
            });
            return { id: a.id, analysis };
          } catch (err) {
            const e = err instanceof DossierError ? err : new DossierError('DOSSIER_INTERNAL', (err as Error).message);
            failures.push({ id: a.id, code: e.code, message: e.message });
            return null;
          }
        }));
        for (const r of results) {
          counts.done++;
          if (!r) { counts.failed++; continue; }
          await store.replaceAnalysis(r.id, r.analysis);
          reanalyzed++;
          counts.ingested++;
          progress.update(counts);
        }
      } while (cursor);
    } finally {
      await analyzer.close();
    }
    let relinked = 0;
    if (reanalyzed > 0) {
      const { reindexAll, defaultStoryContext } = await import('../story/index-article.js');
      relinked = (await reindexAll(store, defaultStoryContext(), (done, total) => progress.update({ done, total, ingested: done, duplicates: 0, failed: 0 }))).articles;
    }
    progress.clear();
    const summary = { articles: counts.total, reanalyzed, failed: failures.length, relinked, extractorVersion: EXTRACTOR_VERSION, seconds: (Date.now() - started) / 1000, failures };
    if (values.json) out.write(`${JSON.stringify(summary)}\n`);
    else {
      out.write(`Re-analysed ${reanalyzed} of ${counts.total} stored article${counts.total === 1 ? '' : 's'} with extractor ${EXTRACTOR_VERSION}` +
        `${values.all ? '' : ' (the others were already up to date; --all re-runs every one)'}; ${failures.length} failed; ` +
        `${relinked} re-linked into the story in ${summary.seconds.toFixed(1)} s.\n`);
      for (const f of failures.slice(0, 20)) out.write(`  ${f.id}: ${f.code}: ${f.message}\n`);
    }
    return EXIT.OK;
  } finally {
    progress.clear();
    await store.close();
  }
}
