// SQLite backend (better-sqlite3 v12): WAL, foreign keys, synchronous=NORMAL (with WAL a committed
// transaction survives a killed process; only an OS crash can lose the last few), a busy timeout so
// that two processes writing the same file wait for each other, FTS5 for full text, and prepared
// statements cached by their SQL.

import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DossierError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { fts5Query, type Value } from './rows.js';
import { SqlStore, type Driver, type Exec } from './sql-store.js';
import type { Store } from './store.js';

/** How long a writer waits for another connection's transaction before giving up. */
const BUSY_WAIT_MS = 15_000;
// DOSSIER_SQL_PROFILE=1: time spent per table insert and per query, printed at exit (for profiling ingest)
const PROFILE: Map<string, number> | null = process.env.DOSSIER_SQL_PROFILE ? new Map() : null;
if (PROFILE) process.on('exit', () => { for (const [k, v] of [...PROFILE].sort((a, b) => b[1] - a[1])) process.stderr.write(`sql ${k} ${v.toFixed(0)} ms\n`); });

/** Rows per INSERT statement, and the bound parameters one statement may take (SQLite's limit is 32,766). */
const ROWS_PER_INSERT = 64;
const MAX_PARAMS = 30_000;

const rowMarksCache = new Map<string, string>();
/** `(?, ?), (?, ?)` for `count` rows of `columns` values. */
function rowMarks(columns: number, count: number): string {
  const key = `${columns}x${count}`;
  let s = rowMarksCache.get(key);
  if (s === undefined) {
    const one = `(${new Array(columns).fill('?').join(', ')})`;
    s = new Array(count).fill(one).join(', ');
    rowMarksCache.set(key, s);
  }
  return s;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * Runs a write, waiting out another connection's lock asynchronously. SQLite's own busy timeout
 * blocks the event loop, so a second connection in the same process could never let the first one
 * finish; here the wait yields, with a short random back-off.
 */
async function whenFree<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let wait = 1; ; wait = Math.min(50, wait * 2)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
  }
}

class SqliteDriver implements Driver {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  /** Multi-row INSERT statements, by table, columns, row count and conflict clause. */
  private readonly inserts = new Map<string, Database.Statement>();
  /** Serialises transactions on this connection: an await inside one must not let another interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inner: Exec;

  constructor(private readonly db: Database.Database) {
    this.inner = {
      all: async (sql, params = []) => {
        const t0 = PROFILE ? performance.now() : 0;
        const r = this.stmt(sql).all(...params) as Record<string, unknown>[];
        if (PROFILE) { const k = sql.replace(/\s+/g, ' ').slice(0, 90); PROFILE.set(k, (PROFILE.get(k) ?? 0) + performance.now() - t0); }
        return r;
      },
      run: async (sql, params = []) => (this.db.inTransaction ? this.stmt(sql).run(...params).changes : whenFree(() => this.stmt(sql).run(...params).changes)),
      insert: async (table, columns, rows, opts = {}) => this.insertNow(table, columns, rows, opts),
    };
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Inserts many rows per statement. Besides the per-statement cost, this matters for the full-text
   * tables: FTS5 writes out its pending terms at the end of every statement that reaches it (through the
   * triggers on article and attribution), so one statement per row left one index segment per row and a
   * merge to match — 30 µs a quote instead of 9.
   */
  private insertNow(table: string, columns: readonly string[], rows: Value[][], opts: { conflict?: string; returning?: number }): Value[] {
    const out: Value[] = [];
    const t0 = PROFILE ? performance.now() : 0;
    const returning = opts.returning === undefined ? '' : ` RETURNING ${columns[opts.returning]}`;
    const most = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMS / columns.length)));
    for (let i = 0; i < rows.length;) {
      // a full statement, else the largest power of two that fits: few distinct statements to cache
      let count = Math.min(most, rows.length - i);
      if (count < most) count = 2 ** Math.floor(Math.log2(count));
      const key = `${table}(${columns.join(', ')}) ${count} ${opts.conflict ?? ''}${returning}`;
      let s = this.inserts.get(key);
      if (!s) {
        s = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rowMarks(columns.length, count)} ${opts.conflict ?? ''}${returning}`);
        if (returning) s.pluck();
        this.inserts.set(key, s);
      }
      const params: Value[] = [];
      for (let r = i; r < i + count; r++) for (const v of rows[r]) params.push(v);
      if (returning) for (const v of s.all(...params) as Value[]) out.push(v);
      else s.run(...params);
      i += count;
    }
    if (PROFILE) PROFILE.set(table, (PROFILE.get(table) ?? 0) + performance.now() - t0);
    return out;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  all(sql: string, params?: Value[]) { return this.exclusive(() => this.inner.all(sql, params)); }
  run(sql: string, params?: Value[]) { return this.exclusive(() => this.inner.run(sql, params)); }
  insert(table: string, columns: readonly string[], rows: Value[][], opts?: { conflict?: string; returning?: number }) {
    return this.exclusive(() => this.inner.insert(table, columns, rows, opts));
  }

  tx<T>(fn: (x: Exec) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // IMMEDIATE takes the write lock up front, so two connections never both read-then-write
      await whenFree(() => this.stmt('BEGIN IMMEDIATE').run());
      try {
        const result = await fn(this.inner);
        const t0 = PROFILE ? performance.now() : 0;
        this.stmt('COMMIT').run();
        if (PROFILE) PROFILE.set('COMMIT', (PROFILE.get('COMMIT') ?? 0) + performance.now() - t0);
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.stmt('ROLLBACK').run();
        throw err;
      }
    });
  }

  migrate(): Promise<void> {
    return this.exclusive(async () => {
      await whenFree(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue;
          for (const sql of m.sqlite) this.db.exec(sql);
          this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        }
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  ftsQuote(alias: string): string {
    return `${alias}.rid IN (SELECT rowid FROM quote_fts WHERE quote_fts MATCH ?)`;
  }

  ftsArticle(alias: string): string {
    return `${alias}.seq IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)`;
  }

  ftsParam(groups: string[][]): string {
    return fts5Query(groups);
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}

/** At open time only (nothing else runs yet): a short blocking wait for another process's lock. */
function whenFreeSync<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** Opens an SQLite store file (created when missing) or ':memory:'. */
export async function openSqliteStore(path: string): Promise<Store> {
  const where = path === ':memory:' ? 'in memory' : `at ${path}`;
  if (path !== ':memory:') {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // missing: SQLite creates it, or says why it cannot
    }
    if (isDir) throw new DossierError('DOSSIER_STORE_OPEN', `The store ${where} is a folder, not a database file; name a file such as ${path.replace(/\/+$/, '')}/dossier.db.`);
  }
  let db: Database.Database | null = null;
  try {
    // no blocking busy wait inside SQLite: whenFree waits without stopping the event loop
    db = new Database(path, { timeout: 0 });
    whenFreeSync(() => db!.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    // a store of thousands of articles has indexes far beyond the 2 MB default cache: every insert
    // would read their pages back from the OS; 64 MB keeps their upper levels and hot leaves in memory
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    // An ingest batch dirties a few thousand pages (index leaves all over the file): with the default
    // checkpoint every 1,000 pages, each batch's COMMIT also copied them into the database and synced it.
    // Every 8,192 pages (32 MB of WAL) a page written by several batches is copied once: main-thread CPU
    // per article at 10,000 stored 4.73 -> 4.16 ms, COMMIT time 24 -> 19 s (npm run bench -- ingest-main).
    db.pragma('wal_autocheckpoint = 8192');
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    // a read-only file or folder shows here, not at the first article
    whenFreeSync(() => db!.exec('BEGIN IMMEDIATE; COMMIT'));
  } catch (err) {
    db?.close();
    const detail = err instanceof Error ? err.message : String(err);
    throw new DossierError('DOSSIER_STORE_OPEN', `The SQLite store ${where} cannot be opened for writing: ${detail}.`, { cause: err });
  }
  return new SqlStore(new SqliteDriver(db));
}
