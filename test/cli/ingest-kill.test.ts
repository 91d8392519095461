// Crash safety: `dossier ingest` of N articles (PolNeAR train texts, repeated with changed ids) is killed
// with SIGKILL while it writes, then run again; every article must end up stored exactly once, each with
// all of its record rows and linked into the story — in SQLite and in PostgreSQL. The 10,000-article run
// is `npm run bench -- ingest-kill`; here N is small enough for the suite (DOSSIER_KILL_ARTICLES to change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgReachable, runKillTest, type KillReport } from '../../src/bench/ingest-kill.js';

// Small enough that both backends together take well under a minute (most of it is starting the engine).
const ARTICLES = Number(process.env.DOSSIER_KILL_ARTICLES ?? 200);

function check(r: KillReport): void {
  const v = r.verification;
  assert.deepEqual(v.missing, [], 'every article stored');
  assert.deepEqual(v.duplicated, [], 'none stored twice');
  assert.deepEqual(v.unexpected, []);
  assert.deepEqual(v.partial, [], 'every stored article has all its record rows');
  assert.deepEqual(v.unindexed, [], 'every stored article is linked into the story');
  assert.equal(v.stored, ARTICLES);
  assert.ok(r.kills.some((k) => !k.finishedFirst), 'at least one run was killed mid-way');
  assert.equal(r.finalRun.failed, 0);
  // What the killed runs stored is not analysed again: the last run counts it as already stored.
  assert.equal(r.finalRun.ingested + r.finalRun.duplicates, ARTICLES);
}

test(`SQLite: killed while ingesting ${ARTICLES} articles, the re-run leaves each stored once and whole`, { timeout: 300_000 }, async () => {
  check(await runKillTest({ articles: ARTICLES, backend: 'sqlite', workers: 2, kills: 1, minFraction: 0.15, maxFraction: 0.6 }));
});

test(`PostgreSQL: killed while ingesting ${ARTICLES} articles, the re-run leaves each stored once and whole`, { timeout: 300_000 }, async (t) => {
  const why = await pgReachable();
  if (why) return t.skip(`PostgreSQL unreachable (${why}); CI starts it`);
  check(await runKillTest({ articles: ARTICLES, backend: 'postgres', workers: 2, kills: 1, minFraction: 0.15, maxFraction: 0.6 }));
});
