// Shared by the API tests: the stores to run against (SQLite in memory; PostgreSQL in a schema of its own,
// dropped afterwards, skipped with a message when the server is unreachable) and the articles posted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.js';
import { REFERENCE_PATH, ROOT } from '../helpers/contract.js';

export const TOKEN = 'test-token-9f8e7d6c5b4a';
export const AUTH = { authorization: `Bearer ${TOKEN}` };
const PG_BASE = process.env.DOSSIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: string;
  open: () => Promise<Store>;
  done: () => Promise<void>;
}

export async function backends(): Promise<Backend[]> {
  const out: Backend[] = [{ name: 'sqlite', open: () => openStore(':memory:'), done: async () => {} }];
  const schema = `dossier_serve_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    out.push({
      name: 'postgres',
      open: () => openStore(`${PG_BASE}?schema=${schema}`),
      done: async () => { await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await admin.end(); },
    });
  } catch (err) {
    console.log(`# PostgreSQL API tests skipped: ${PG_BASE} is unreachable (${(err as Error).message}).`);
    await admin.end().catch(() => undefined);
  }
  return out;
}

export const REFERENCE_TEXT = readFileSync(REFERENCE_PATH, 'utf8');

/** Four Wikinews reports: two mention Lavrov, two are denials (Moldova, Zelenskyy). */
export const WIKINEWS: { title: string; url: string; published: string; text: string }[] = (() => {
  const lines = readFileSync(path.join(ROOT, 'examples', 'wikinews-ukraine', 'articles.jsonl'), 'utf8').trim().split('\n');
  return [7, 11, 20, 26].map((n) => JSON.parse(lines[n - 1]) as { title: string; url: string; published: string; text: string });
})();

/** Markup that must come back as text, never as markup. */
export const XSS_TEXT = [
  'Hostile markup test <script>alert("x")</script> was published on Monday.',
  '',
  'The spokesman said: "<img src=x onerror=alert(1)> is not a picture, and </textarea><b>bold</b> is not a tag."',
  '',
  'A link <a href="javascript:alert(2)">click</a> closed the report, officials said.',
].join('\n');
