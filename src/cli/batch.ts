// `dossier analyze --jsonl`: one input object per line in, one analysis (or error object) per line out,
// in input order. Lines are streamed: at most `maxPending` are read but not yet written, so a batch of
// any size runs in bounded memory, and results that finish early wait in a small reorder buffer.

import { createInterface } from 'node:readline';
import { analyze, ANALYZE_BATCH, BatchAnalyzer } from '../analyze.js';
import type { AnalysisError } from '../contract.js';
import { asDossierError, DossierError } from '../errors.js';
import { articleFromJsonObject } from '../ingest/load-input.js';
import type { Resources } from '../resources.js';
import { WorkerPool } from '../worker-pool.js';

export interface LineOptions {
  tokens?: boolean;
  allowPrivate?: boolean;
}

/** What a batch worker is started with. */
export type BatchWorkerData = LineOptions & { privateTables?: boolean };

/** One JSONL output line for an input line that could not be analysed (`line` is 1-based). */
export type LineError = AnalysisError & { line: number };

/**
 * Analyses one input line into its output line (JSON, no newline). Never throws: every failure,
 * expected or not, becomes an error object so the batch goes on.
 */
export async function analyzeLine(line: string, lineNo: number, options: LineOptions, resources?: Resources, batcher?: BatchAnalyzer): Promise<string> {
  if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (line.trim() === '') {
    return errorLine(null, lineNo, new DossierError('DOSSIER_JSONL_BAD_LINE', `Line ${lineNo} is blank; each line must hold one JSON object.`));
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return errorLine(null, lineNo, new DossierError('DOSSIER_JSONL_BAD_LINE', `Line ${lineNo} is not valid JSON (${(err as Error).message}).`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return errorLine(null, lineNo, new DossierError('DOSSIER_JSONL_BAD_LINE', `Line ${lineNo} is not a JSON object; expected {"id"?, "text"? | "html"?, "url"?, "title"?, "published"?}.`));
  }
  const id = idOf(value);
  try {
    const article = await articleFromJsonObject(value, { allowPrivate: options.allowPrivate });
    // with a batcher, the lines in flight are analysed together, stage by stage (the same records)
    const analysis = batcher ? await batcher.analyze(article, { tokens: options.tokens }) : analyze(article, { tokens: options.tokens, resources });
    return JSON.stringify(analysis);
  } catch (err) {
    return errorLine(id, lineNo, asDossierError(err));
  }
}

export function errorLine(id: string | null, lineNo: number, err: DossierError): string {
  const out: LineError = { id, line: lineNo, error: { code: err.code, message: err.message } };
  return JSON.stringify(out);
}

function idOf(value: unknown): string | null {
  const id = (value as { id?: unknown }).id;
  if (typeof id === 'string') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return null;
}

/** Cheap id recovery for the rare line whose worker died: the line is parsed again only then. */
function idOfLine(line: string): string | null {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? idOf(v) : null;
  } catch {
    return null;
  }
}

/** Turns an input line into its output line; rejects only when the batch cannot go on. */
export interface LineExecutor {
  run(line: string, lineNo: number): Promise<string>;
  /** Lines allowed between reading and writing (bounds memory; keeps every worker busy). */
  readonly maxPending: number;
  close(): Promise<void>;
}

/**
 * Analyses in this thread; a batch's worth of lines in flight, so URL lines can fetch concurrently and the
 * lines read together are analysed together (BatchAnalyzer).
 */
export function inProcessExecutor(options: LineOptions, resources: Resources): LineExecutor {
  const batcher = new BatchAnalyzer(resources);
  return {
    maxPending: ANALYZE_BATCH,
    run: (line, lineNo) => analyzeLine(line, lineNo, options, resources, batcher),
    close: async () => {},
  };
}

export interface BatchTask {
  line: string;
  lineNo: number;
}

/** The compiled worker entry next to this file. */
export const BATCH_WORKER_URL = new URL('./batch-worker.js', import.meta.url);

/** No line may hold a worker longer than this; ingest's own fetch timeouts are far shorter. */
export const LINE_TIMEOUT_MS = 120_000;

/** Analyses in `workers` threads; a crashed or hung worker fails its one line with DOSSIER_INTERNAL. */
export function poolExecutor(options: LineOptions, workers: number, script: URL = BATCH_WORKER_URL, poolOptions: { privateTables?: boolean } = {}): LineExecutor {
  // privateTables: each worker keeps its own weight tables (the benchmark's comparison; see models/shared-tables.ts)
  const workerData: BatchWorkerData = { ...options, privateTables: poolOptions.privateTables === true };
  // each worker holds a batch's worth of lines, which it analyses together (batch-worker.ts)
  const pool = new WorkerPool<BatchTask, string>({ size: workers, script, workerData, taskTimeoutMs: LINE_TIMEOUT_MS, tasksAhead: ANALYZE_BATCH });
  return {
    maxPending: 2 * ANALYZE_BATCH * pool.size,
    async run(line, lineNo) {
      try {
        return await pool.run({ line, lineNo });
      } catch (err) {
        if (pool.broken) throw pool.broken;
        return errorLine(idOfLine(line), lineNo, asDossierError(err));
      }
    },
    close: () => pool.close(),
  };
}

/** Where output lines go: a stream writer with backpressure, or a counter in the benchmark. */
export interface LineSink {
  write(chunk: string): void;
  ready(): Promise<void>;
  readonly closed: boolean;
}

export interface BatchStats {
  lines: number;
  errors: number;
  /** True when the reader went away (EPIPE) and the batch stopped early. */
  stopped: boolean;
}

/** Lines of a stream, read lazily (readline pauses the stream while the consumer is busy). */
export function readLines(input: NodeJS.ReadableStream): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Infinity, terminal: false });
}

/**
 * Runs every line through `exec` and writes the results in input order. Throws only when the batch
 * cannot go on (the pool broke); per-line failures are output lines.
 */
export async function runBatch(lines: AsyncIterable<string>, exec: LineExecutor, sink: LineSink): Promise<BatchStats> {
  const done = new Map<number, string>();
  let read = 0;
  let written = 0;
  let errors = 0;
  let fatal: unknown = null;
  let wake: (() => void) | null = null;
  const progress = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const flush = (): void => {
    while (done.has(written)) {
      const out = done.get(written)!;
      done.delete(written);
      written++;
      // Error lines are the only output lines that start with {"id": (an analysis starts with "schema").
      if (out.startsWith('{"id":')) errors++;
      sink.write(out + '\n');
    }
  };
  const waitForProgress = (): Promise<void> => new Promise((resolve) => { wake = resolve; });

  for await (const line of lines) {
    if (sink.closed || fatal) break;
    const seq = read++;
    exec.run(line, seq + 1).then(
      (out) => { done.set(seq, out); flush(); progress(); },
      (err) => { fatal ??= err; progress(); },
    );
    while (read - written >= exec.maxPending && !fatal && !sink.closed) await waitForProgress();
    await sink.ready();
  }
  while (written < read && !fatal && !sink.closed) await waitForProgress();
  if (fatal) throw fatal;
  return { lines: written, errors, stopped: sink.closed };
}
