// A smoke test of the benchmark on a few texts: it runs end to end and reports every number.
// No timing is asserted: speed is measured by `npm run bench`, not by tests.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countWords, formatReport, loadBenchArticles, runBench } from '../../src/bench/run-bench.js';
import { STAGES } from '../../src/pipeline.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-bench-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = path.join(tmp, 'set.jsonl');
writeFileSync(file, [
  JSON.stringify({ id: 'a', date: '2016-09-12', title: 'One', text: '"We will win," the senator said on Monday. At least 1,200 people came.' }),
  '',
  JSON.stringify({ id: 'no-text', title: 'skipped' }),
  JSON.stringify({ id: 'b', date: 'not a date', text: 'Officials said the vote would take place in 2017, according to the Times.' }),
].join('\n'));

test('countWords counts runs of letters and digits', () => {
  const cases: Array<[string, number]> = [
    ['', 0],
    ['one', 1],
    ['  two words ', 2],
    ['1,119 civilians — killed.', 4],
    ['Zelenskyy’s “peace”', 3],
    ['Ukraine\u00a0war', 2],
  ];
  for (const [text, n] of cases) assert.equal(countWords(text), n, text);
});

test('loadBenchArticles keeps texts, checks dates, and names a missing file', () => {
  const articles = loadBenchArticles(file);
  assert.deepEqual(articles.map((a) => [a.id, a.published]), [['a', '2016-09-12'], ['b', null]]);
  assert.equal(loadBenchArticles(file, 1).length, 1);
  assert.throws(() => loadBenchArticles(path.join(tmp, 'missing.jsonl')), (err: { code: string; message: string }) => err.code === 'DOSSIER_DATA_MISSING' && /--file/.test(err.message));
});

test('runBench reports throughput, memory and every stage, single thread and with 2 workers', async () => {
  const report = await runBench({ file, repeat: 2, workers: 2 });
  assert.equal(report.articles, 2);
  assert.equal(report.engine.articles, 4);
  for (const t of [report.engine, report.engineBatched, report.batchSingle, report.batchWorkers]) {
    assert.ok(t.articlesPerSecond > 0 && Number.isFinite(t.articlesPerSecond), t.label);
    assert.ok(t.wordsPerSecond > 0, t.label);
  }
  assert.equal(report.batchWorkers.workers, 2);
  assert.ok(report.batchWorkers.speedup > 0);
  assert.ok(report.batchWorkers.sharingGain > 0);
  assert.ok(report.memory.maxRss > 0 && report.memory.singlePeakHeap > 0);
  // the two articles joined, with the paragraph break between them
  assert.equal(report.longDocument.characters, loadBenchArticles(file).reduce((n, a) => n + a.text.length, 0) + 2);
  assert.ok(report.longDocument.tokens > 0 && report.longDocument.perTokenRatio > 0 && Number.isFinite(report.longDocument.perTokenRatio));
  assert.deepEqual(report.stages.map((s) => s.stage), [...STAGES.map(([name]) => name), 'toAnalysis', 'JSON.stringify']);
  const shares = report.stages.reduce((s, x) => s + x.share, 0);
  assert.ok(Math.abs(shares - 1) < 1e-9, `shares sum to 1, got ${shares}`);
  const table = formatReport(report);
  for (const s of ['articles/s', 'tokens/s', 'speed-up of 2 workers', 'peak RSS', 'one long document', 'tokenize', 'findAttributions']) assert.ok(table.includes(s), s);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
});
