// PostgreSQL backend (pg Pool): the same tables and meaning as SQLite, tsvector + GIN for full text,
// multi-row INSERTs (one statement per table per transaction), an advisory lock around migrations.
// A URL's `?schema=NAME` sets the search_path, so tests and several dossiers can share one database.

import pg from 'pg';
import { DossierError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { tsQuery, type Value } from './rows.js';
import { SqlStore, type Driver, type Exec } from './sql-store.js';
import type { Store } from './store.js';

const CONNECT_TIMEOUT_MS = 5_000;
/** pg allows 65535 parameters per statement. */
const MAX_PARAMS = 30_000;
const MIGRATE_LOCK = 0x646f7373; // 'doss'

const placeholders = new Map<string, string>();
/** `?` → `$1, $2 …` (the shared SQL never has a literal question mark). */
function numbered(sql: string): string {
  let out = placeholders.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    if (placeholders.size < 5000) placeholders.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

// DOSSIER_SQL_PROFILE=1: time spent per query and per table insert, printed at exit (for profiling ingest)
const PROFILE: Map<string, number> | null = process.env.DOSSIER_SQL_PROFILE ? new Map() : null;
if (PROFILE) process.on('exit', () => { for (const [k, v] of [...PROFILE].sort((a, b) => b[1] - a[1])) process.stderr.write(`sql ${k} ${v.toFixed(0)} ms\n`); });
async function timed<T>(key: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const k = key.replace(/\s+/g, ' ').slice(0, 90);
    PROFILE.set(k, (PROFILE.get(k) ?? 0) + performance.now() - t0);
  }
}

function execOn(q: Queryable): Exec {
  return {
    all: async (sql, params = []) => (await timed(sql, () => q.query(numbered(sql), params))).rows,
    run: async (sql, params = []) => (await q.query(numbered(sql), params)).rowCount ?? 0,
    insert: async (table, columns, rows, opts = {}) => {
      const out: Value[] = [];
      const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      const returning = opts.returning === undefined ? '' : ` RETURNING ${columns[opts.returning]}`;
      for (let i = 0; i < rows.length; i += per) {
        const batch = rows.slice(i, i + per);
        const params: Value[] = [];
        const tuples: string[] = [];
        for (const row of batch) {
          const base = params.length;
          tuples.push(`(${row.map((_, j) => `$${base + j + 1}`).join(', ')})`);
          for (const v of row) params.push(v);
        }
        const res = await timed(`insert ${table}`, () => q.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${opts.conflict ?? ''}${returning}`, params));
        if (returning) for (const r of res.rows) out.push(r[columns[opts.returning!]]);
      }
      return out;
    },
  };
}

class PostgresDriver implements Driver {
  readonly kind = 'postgres' as const;
  private readonly exec: Exec;

  constructor(private readonly pool: pg.Pool) {
    this.exec = execOn(pool);
  }

  all(sql: string, params?: Value[]) { return this.exec.all(sql, params); }
  run(sql: string, params?: Value[]) { return this.exec.run(sql, params); }
  insert(table: string, columns: readonly string[], rows: Value[][], opts?: { conflict?: string; returning?: number }) {
    return this.exec.insert(table, columns, rows, opts);
  }

  async tx<T>(fn: (x: Exec) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(execOn(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // the lock is per schema: two dossiers in one database migrate independently
      await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATE_LOCK]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue;
          await client.query('BEGIN');
          try {
            for (const sql of m.postgres) await client.query(sql);
            await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATE_LOCK]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  ftsQuote(alias: string): string {
    return `${alias}.tsv @@ to_tsquery('simple', ?)`;
  }

  ftsArticle(alias: string): string {
    return `${alias}.tsv @@ to_tsquery('simple', ?)`;
  }

  ftsParam(groups: string[][]): string {
    return tsQuery(groups);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL without its password, for messages. */
function shown(url: URL): string {
  const u = new URL(url.href);
  if (u.password) u.password = '***';
  return u.href;
}

/** Opens a PostgreSQL store; an unreachable server is a coded error within about 5 seconds, never a hang. */
export async function openPostgresStore(spec: string): Promise<Store> {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new DossierError('DOSSIER_STORE_OPEN', `"${spec}" is not a PostgreSQL URL such as postgres://user@127.0.0.1:5432/dossier.`);
  }
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new DossierError('DOSSIER_STORE_OPEN', `The schema name "${schema}" must be letters, digits and underscores.`);
  }
  const pool = new pg.Pool({
    connectionString: url.href,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // an idle client losing its server must not crash the process; the next query reports it
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    const detail = err instanceof Error && err.message ? err.message : String((err as { code?: string })?.code ?? err);
    throw new DossierError('DOSSIER_STORE_UNREACHABLE',
      `Could not reach PostgreSQL at ${shown(url)} (${detail}). Is the server running, and does the database exist?`, { cause: err });
  }
  return new SqlStore(new PostgresDriver(pool));
}
