// `npm run bench -- ingest`: articles per second through `dossier ingest` (read, hash check, analyse,
// store, link into the story) into SQLite and PostgreSQL, on one worker and on one per core, from
// PolNeAR train texts repeated with changed ids. Each run is a fresh process on a fresh store, so the
// numbers include everything a user waits for except the process start, which is reported apart.

import { parseBenchArgs } from './bench-args.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { asDossierError } from '../errors.js';
import { buildCorpus, writeCorpus } from './ingest-corpus.js';
import { DOSSIER_BIN, freshPgSchema, PG_BASE, pgReachable } from './ingest-kill.js';

export interface IngestRate {
  backend: 'sqlite' | 'postgres';
  workers: number;
  articles: number;
  /** From the first article read to the last one linked (the runner's own clock). */
  seconds: number;
  articlesPerSecond: number;
  /** The whole process, start-up (loading the engine's models) included. */
  wallSeconds: number;
  ingested: number;
  failed: number;
}

function runOnce(file: string, db: string, workers: number, cwd: string): Promise<{ summary: { seconds: number; ingested: number; failed: number; items: number }; wall: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [DOSSIER_BIN, 'ingest', file, '--db', db, '--workers', String(workers), '--no-progress', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ingest exited with ${code}: ${err.trim() || out.trim()}`));
      resolve({ summary: JSON.parse(out.trim().split('\n').pop()!), wall: (Date.now() - started) / 1000 });
    });
  });
}

export async function benchIngest(o: { articles: number; backends: ('sqlite' | 'postgres')[]; workers: number[]; log?: (s: string) => void }): Promise<IngestRate[]> {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-bench-ingest-'));
  const out: IngestRate[] = [];
  try {
    const file = path.join(dir, 'articles.jsonl');
    writeCorpus(file, buildCorpus(o.articles));
    for (const backend of o.backends) {
      if (backend === 'postgres') {
        const why = await pgReachable();
        if (why) { log(`PostgreSQL skipped: ${PG_BASE} is unreachable (${why})`); continue; }
      }
      for (const workers of o.workers) {
        const pg = backend === 'postgres' ? await freshPgSchema() : null;
        const db = pg ? pg.spec : path.join(dir, `bench-${workers}.db`);
        try {
          log(`${backend}, ${workers} worker${workers === 1 ? '' : 's'}: ingesting ${o.articles} articles…`);
          const { summary, wall } = await runOnce(file, db, workers, dir);
          const rate: IngestRate = {
            backend, workers, articles: summary.items, seconds: summary.seconds, articlesPerSecond: summary.items / summary.seconds,
            wallSeconds: wall, ingested: summary.ingested, failed: summary.failed,
          };
          log(`  ${rate.articlesPerSecond.toFixed(1)} articles/s (${rate.seconds.toFixed(1)} s; ${wall.toFixed(1)} s with start-up)`);
          out.push(rate);
        } finally {
          await pg?.drop();
          if (!pg) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const USAGE = `usage: npm run bench -- ingest [--articles N] [--backend sqlite|postgres|both] [--workers LIST] [--json]
  --articles N    PolNeAR train texts repeated with changed ids (default 10000)
  --workers LIST  comma-separated worker counts (default 1,${availableParallelism()})
`;

export async function main(argv: string[]): Promise<number> {
  const values = parseBenchArgs(argv, {
    articles: { type: 'string' }, backend: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof values === 'number') return values;
  const articles = Number(values.articles ?? 10_000);
  const workers = (values.workers ?? `1,${availableParallelism()}`).split(',').map(Number);
  const backends = values.backend === undefined || values.backend === 'both' ? ['sqlite', 'postgres'] as ('sqlite' | 'postgres')[] : [values.backend as 'sqlite' | 'postgres'];
  if (!(articles >= 1) || workers.some((w) => !(w >= 1))) {
    process.stderr.write(`bench: --articles and --workers take whole numbers\n${USAGE}`);
    return 2;
  }
  try {
    const rates = await benchIngest({ articles, backends, workers, log: (s) => process.stderr.write(`bench: ${s}\n`) });
    if (values.json) process.stdout.write(`${JSON.stringify(rates, null, 2)}\n`);
    else {
      process.stdout.write(`Ingest rate (${articles} articles, PolNeAR train repeated; ${availableParallelism()} cores; other work on the machine counts against it)\n`);
      for (const r of rates) process.stdout.write(`  ${r.backend.padEnd(8)} ${String(r.workers).padStart(2)} worker${r.workers === 1 ? ' ' : 's'}  ${r.articlesPerSecond.toFixed(1).padStart(7)} articles/s  (${r.seconds.toFixed(1)} s; ${r.wallSeconds.toFixed(1)} s with start-up; ${r.failed} failed)\n`);
    }
    return 0;
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`bench: ${e.code}: ${e.message}\n`);
    return 1;
  }
}
