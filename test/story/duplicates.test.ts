import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bandKeys, DUP_THRESHOLD, estimateJaccard, jaccard, shingles, signatureOf } from '../../src/story/find-duplicates.js';
import { assignDupGroup } from '../../src/story/index-article.js';
import { SHARED } from '../helpers/contract.js';
import { memoryStore } from './memory-store.js';

interface Report { id: string; title: string; text: string; published: string }
const reports: Report[] = readFileSync(path.join(SHARED, 'examples', 'wikinews-ukraine', 'articles.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** A wire copy: a new headline and one sentence added after the first sentence. */
function copyOf(text: string): string {
  const paras = text.split('\n\n');
  return ['Breaking: latest on the war in Ukraine', ...paras.slice(1)].join('\n\n')
    .replace(/\.\s/, '. Officials said the situation remained tense on Monday, according to local media reports. ');
}

test('signatures are deterministic and estimate Jaccard', () => {
  const a = reports[2].text, b = copyOf(a);
  assert.deepEqual(signatureOf(a), signatureOf(a));
  const exact = jaccard(shingles(a), shingles(b));
  assert.ok(Math.abs(estimateJaccard(signatureOf(a), signatureOf(b)) - exact) < 0.12, `estimate near ${exact}`);
  assert.equal(estimateJaccard(signatureOf(a), signatureOf(a)), 1);
  assert.equal(bandKeys(signatureOf(a)).length, 42);
});

test('margins the threshold was chosen on: distinct reports far below, copies above', () => {
  const sh = reports.map((r) => shingles(r.text));
  let highest = 0;
  for (let i = 0; i < sh.length; i++) for (let j = i + 1; j < sh.length; j++) highest = Math.max(highest, jaccard(sh[i], sh[j]));
  assert.ok(highest < 0.05, `distinct reports reach ${highest}`);
  for (const r of reports) {
    const j = jaccard(shingles(r.text), shingles(copyOf(r.text)));
    assert.ok(j >= DUP_THRESHOLD, `${r.id}: copy only ${j.toFixed(2)}`);
  }
});

test('a Wikinews report and its edited copy share a dup group; different reports do not', async () => {
  const store = memoryStore();
  const rows: [string, string, string][] = [
    // article id, text, expected group
    ['orig', reports[0].text, 'orig'],
    ['other', reports[1].text, 'other'],
    ['copy', copyOf(reports[0].text), 'orig'],
    ['cut', reports[0].text.split('\n\n').slice(0, -1).join('\n\n'), 'orig'],
    ['third', reports[5].text, 'third'],
    ['copy-of-other', copyOf(reports[1].text), 'other'],
  ];
  for (const [id, text, group] of rows) {
    await store.putArticle({ article: { id, text }, foundVia: 'given', analysis: { schema: 'dossier/analysis@1', text, sentences: [], entities: [], attributions: [], figures: [], times: [], events: [] } });
    const stored = [...store.articles.values()].find((a) => a.externalId === id)!;
    const expected = [...store.articles.values()].find((a) => a.externalId === group)!;
    const { group: got, dupOf } = await assignDupGroup(store, stored.id, text);
    assert.equal(got, expected.id, `${id} → group of ${group}`);
    assert.equal(dupOf === null, id === group, `${id}: dupOf ${JSON.stringify(dupOf)}`);
  }
});
