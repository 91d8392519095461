// The kill test: `dossier ingest` of N articles is killed (SIGKILL, no chance to clean up) at random
// moments, then run again to the end; afterwards every article must be stored exactly once and every
// stored article whole (its record rows those of its analysis, linked into the story). The test suite
// runs it small (test/cli/ingest-kill.test.ts); `npm run bench -- ingest-kill` runs 10,000 articles.

import { parseBenchArgs } from './bench-args.js';
import { seededRandom as rng } from '../models/perceptron.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asDossierError } from '../errors.js';
import { PROJECT_ROOT } from '../resources.js';
import { openStore } from '../store/store.js';
import { buildCorpus, verifyStore, writeCorpus, type Verification } from './ingest-corpus.js';

export const DOSSIER_BIN = path.join(PROJECT_ROOT, 'bin', 'dossier.js');
export const PG_BASE = process.env.DOSSIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface KillOptions {
  articles: number;
  /** 'sqlite' or 'postgres'. */
  backend: 'sqlite' | 'postgres';
  workers: number;
  /** How many times a run is killed before the last run goes to the end. */
  kills: number;
  /** Each kill comes when a random share of the articles, between these fractions, is stored. */
  minFraction?: number;
  maxFraction?: number;
  /** Seeded so a failing run can be repeated. */
  seed?: number;
  log?: (line: string) => void;
}

export interface KillReport {
  backend: string;
  articles: number;
  workers: number;
  kills: { afterMs: number; storedAtKill: number | null; storedAfter: number; finishedFirst: boolean }[];
  finalRun: { seconds: number; ingested: number; duplicates: number; failed: number; resumed: number };
  verification: Verification;
}


interface RunOutcome { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/**
 * Runs `dossier ingest`; with `killAtStored`, watches the store from this process and sends SIGKILL the
 * moment that many articles are stored, so the kill lands mid-run, between or inside write transactions.
 */
async function runIngest(args: string[], cwd: string, db: string, killAtStored: number | null): Promise<RunOutcome & { storedAtKill: number | null }> {
  const watcher = killAtStored === null ? null : await openStore(db);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [DOSSIER_BIN, 'ingest', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    let storedAtKill: number | null = null;
    let done = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const poll = async (): Promise<void> => {
      if (done || !watcher || killAtStored === null) return;
      const n = await watcher.countArticles().catch(() => -1);
      if (done) return;
      if (n >= killAtStored) {
        storedAtKill = n;
        child.kill('SIGKILL');
        return;
      }
      setTimeout(() => void poll(), 20);
    };
    void poll();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      void (watcher?.close() ?? Promise.resolve()).finally(() => resolve({ code, signal, stdout, stderr, ms: Date.now() - started, storedAtKill }));
    });
  });
}

/** A PostgreSQL schema of its own for one run (dropped by the returned function). */
export async function freshPgSchema(): Promise<{ spec: string; drop: () => Promise<void> }> {
  const pg = (await import('pg')).default;
  const admin = new pg.Pool({ connectionString: PG_BASE, connectionTimeoutMillis: 3000, max: 1 });
  const schema = `dossier_kill_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    spec: `${PG_BASE}?schema=${schema}`,
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** True when PostgreSQL answers at PG_BASE. */
export async function pgReachable(): Promise<string | null> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function runKillTest(o: KillOptions): Promise<KillReport> {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-kill-'));
  const pgSchema = o.backend === 'postgres' ? await freshPgSchema() : null;
  const db = pgSchema ? pgSchema.spec : path.join(dir, 'kill.db');
  try {
    const corpus = buildCorpus(o.articles);
    const file = path.join(dir, 'articles.jsonl');
    writeCorpus(file, corpus);
    const args = [file, '--db', db, '--workers', String(o.workers), '--no-progress', '--json'];
    const random = rng(o.seed ?? Date.now());
    const kills: KillReport['kills'] = [];
    const lo = o.minFraction ?? 0.05, hi = o.maxFraction ?? 0.7;
    for (let k = 0; k < o.kills; k++) {
      // Each run starts where the last one was killed: the target is a share of all the articles.
      const target = Math.max(1, Math.round(o.articles * (lo + random() * (hi - lo))));
      const r = await runIngest(args, dir, db, target);
      const store = await openStore(db);
      const stored = await store.countArticles();
      await store.close();
      const finishedFirst = r.signal !== 'SIGKILL';
      if (finishedFirst && r.code !== 0) throw new Error(`ingest failed before the kill (status ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
      kills.push({ afterMs: r.ms, storedAtKill: r.storedAtKill, storedAfter: stored, finishedFirst });
      log(`kill ${k + 1}: ${finishedFirst ? 'the run finished before the kill' : `SIGKILL after ${r.ms} ms, seen ${r.storedAtKill} stored`}; ${stored}/${o.articles} stored after`);
    }
    const final = await runIngest(args, dir, db, null);
    if (final.code !== 0) throw new Error(`the last ingest failed (status ${final.code}): ${final.stderr.trim() || final.stdout.trim()}`);
    const summary = JSON.parse(final.stdout.trim().split('\n').pop()!) as { seconds: number; ingested: number; duplicates: number; failed: number; resumed: number };
    log(`last run: ${summary.ingested} ingested, ${summary.duplicates} duplicates, ${summary.failed} failed, ${summary.resumed} re-linked, ${summary.seconds.toFixed(1)} s`);
    const store = await openStore(db);
    let verification: Verification;
    try {
      verification = await verifyStore(store, corpus.map((c) => c.id));
    } finally {
      await store.close();
    }
    log(`verified: ${verification.stored}/${verification.expected} stored; missing ${verification.missing.length}, twice ${verification.duplicated.length}, partial ${verification.partial.length}, unlinked ${verification.unindexed.length}`);
    return {
      backend: o.backend, articles: o.articles, workers: o.workers, kills,
      finalRun: { seconds: summary.seconds, ingested: summary.ingested, duplicates: summary.duplicates, failed: summary.failed, resumed: summary.resumed },
      verification,
    };
  } finally {
    await pgSchema?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const USAGE = `usage: npm run bench -- ingest-kill [--articles N] [--backend sqlite|postgres|both] [--workers N] [--kills K] [--seed S] [--json]
  Ingests N articles (PolNeAR train repeated with changed ids; default 10000), kills the process K times
  (default 3) at random moments, runs it to the end, and checks every article is stored once and whole.
`;

export async function main(argv: string[]): Promise<number> {
  const values = parseBenchArgs(argv, {
    articles: { type: 'string' }, backend: { type: 'string' }, workers: { type: 'string' }, kills: { type: 'string' },
    seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof values === 'number') return values;
  const articles = Number(values.articles ?? 10_000), workers = Number(values.workers ?? 2), kills = Number(values.kills ?? 3);
  const backends = values.backend === undefined || values.backend === 'both' ? ['sqlite', 'postgres'] as const : [values.backend as 'sqlite' | 'postgres'];
  const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  const log = (line: string): void => { process.stderr.write(`bench: ${line}\n`); };
  const reports: KillReport[] = [];
  try {
    for (const backend of backends) {
      if (backend === 'postgres') {
        const why = await pgReachable();
        if (why) { log(`PostgreSQL skipped: ${PG_BASE} is unreachable (${why})`); continue; }
      }
      log(`${backend}: ${articles} articles, ${workers} workers, ${kills} kills, seed ${seed}`);
      // Kills land anywhere in the first ~80% of a run at the expected ~100 articles/s.
      reports.push(await runKillTest({ articles, backend, workers, kills, seed, log }));
    }
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`bench: ${e.code}: ${e.message}\n`);
    return 1;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else {
    for (const r of reports) {
      const v = r.verification;
      process.stdout.write(`ingest-kill ${r.backend}: ${r.articles} articles, ${r.workers} workers; kills at ${r.kills.map((k) => `${k.afterMs} ms (${k.storedAfter} stored${k.finishedFirst ? ', finished first' : ''})`).join(', ')}; ` +
        `last run ${r.finalRun.ingested} ingested + ${r.finalRun.duplicates} already stored in ${r.finalRun.seconds.toFixed(1)} s; ` +
        `${v.ok ? 'OK' : 'FAILED'}: ${v.stored}/${v.expected} stored, missing ${v.missing.length}, twice ${v.duplicated.length}, partial ${v.partial.length}, unlinked ${v.unindexed.length}\n`);
    }
  }
  return reports.every((r) => r.verification.ok) ? 0 : 1;
}
