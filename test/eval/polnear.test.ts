import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/eval/polnear.js';
import { PROJECT_ROOT } from '../../src/resources.js';
import { DossierError } from '../../src/errors.js';

const DEV = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');

async function capture(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  (process.stdout as { write: unknown }).write = (chunk: string | Uint8Array): boolean => { out += String(chunk); return true; };
  try { await fn(); } finally { (process.stdout as { write: unknown }).write = write; }
  return out;
}

test('polnear eval --json scores every role with P/R/F1 in [0, 1]', async (t) => {
  if (!existsSync(DEV)) { t.skip('PolNeAR dev not present'); return; }
  const result = JSON.parse(await capture(() => run(['--limit', '3', '--json']))) as Record<string, Record<string, { p: number; r: number; f1: number; tp: number }>> & { articles: number };
  assert.equal(result.articles, 3);
  for (const table of [result.all, result.speechCues]) {
    for (const role of ['source', 'cue', 'content', 'contentMerged', 'linked']) {
      const row = table[role];
      for (const v of [row.p, row.r, row.f1]) assert.ok(v >= 0 && v <= 1, `${role} ${v}`);
    }
  }
  assert.ok(result.all.cue.tp > 0, 'finds some gold cues');
});

test('polnear eval rejects an unknown option with a coded error', async () => {
  await assert.rejects(run(['--nope']), (e: unknown) => e instanceof DossierError && e.code === 'DOSSIER_BAD_OPTION');
});
