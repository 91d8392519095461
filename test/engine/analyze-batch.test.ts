// Articles analysed together, stage by stage (analyzeBatch, BatchAnalyzer), give exactly the records
// analyze() gives one by one, and one bad article fails alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, analyzeBatch, BatchAnalyzer, DossierError } from '../../src/index.js';
import { runPipeline, runPipelineBatch, STAGES, type Stage } from '../../src/pipeline.js';
import { loadResources, PROJECT_ROOT } from '../../src/resources.js';
import type { Article } from '../../src/doc.js';
import { assertValidAnalysis } from '../helpers/contract.js';

const resources = loadResources();
const REFERENCE = path.resolve(PROJECT_ROOT, '..', 'shared', 'examples', 'lavrov-2022-03-28.txt');
const articles: Article[] = [
  { text: 'Kyiv has repeatedly dismissed Russia’s claims, officials said on Monday.', published: '2022-03-28' },
  { text: '“We will not surrender,” President Volodymyr Zelenskyy said in a video address.\n\nAt least 1,119 civilians have been killed, according to UN estimates.' },
  { text: 'The company said on Tuesday that sales rose 4% to $3.2 billion.', published: '2021-05-04T09:30:00Z', title: 'Sales up' },
  ...(existsSync(REFERENCE) ? [{ text: readFileSync(REFERENCE, 'utf8'), published: '2022-03-28' }] : []),
  { text: 'Lavrov accused Ukraine of sabotaging the talks. He said a meeting was possible.' },
];

test('analyzeBatch gives each article the record analyze() gives it alone', () => {
  const one = articles.map((a) => analyze(a, { resources }));
  for (const size of [1, 2, articles.length]) {
    const got: unknown[] = [];
    for (let i = 0; i < articles.length; i += size) got.push(...analyzeBatch(articles.slice(i, i + size), { resources }));
    assert.deepEqual(got, one, `batches of ${size}`);
  }
  const withTokens = analyzeBatch(articles.slice(0, 2), { resources, tokens: true });
  withTokens.forEach((r, k) => { assert.ok(!(r instanceof DossierError)); assertValidAnalysis(r); assert.deepEqual(r, analyze(articles[k], { resources, tokens: true })); });
});

test('analyzeBatch: a bad article gets its own coded error and the others their records', () => {
  const batch: Article[] = [articles[0], { text: '   ' }, { text: articles[2].text, published: 'last Tuesday' }, { text: 42 as unknown as string }, articles[4]];
  const out = analyzeBatch(batch, { resources });
  assert.equal(out.length, batch.length);
  assert.deepEqual(out[0], analyze(articles[0], { resources }));
  assert.deepEqual(out[4], analyze(articles[4], { resources }));
  const codes = out.slice(1, 4).map((r) => (r instanceof DossierError ? r.code : 'record'));
  assert.deepEqual(codes, ['DOSSIER_INPUT_EMPTY', 'DOSSIER_BAD_DATE', 'DOSSIER_INPUT_INVALID']);
  assert.deepEqual(analyzeBatch([], { resources }), []);
});

test('runPipelineBatch: a stage that throws fails its own document only, and the others get every layer', () => {
  const boom: Stage = (doc) => { if (doc.text.startsWith('BOOM')) throw new Error('stage broke'); };
  const at = STAGES.findIndex(([name]) => name === 'parseSentences');
  const stages = [...STAGES.slice(0, at), ['boom', boom] as const, ...STAGES.slice(at)];
  const batch: Article[] = [articles[0], { text: 'BOOM went the stage.' }, articles[4]];
  const out = runPipelineBatch(batch, resources, stages);
  assert.ok(out[1] instanceof Error && out[1].message === 'stage broke');
  for (const k of [0, 2]) {
    const doc = out[k];
    assert.ok(!(doc instanceof Error));
    const alone = runPipeline(batch[k], resources);
    assert.deepEqual([...doc.head], [...alone.head]);
    assert.deepEqual(doc.attributions, alone.attributions);
    assert.deepEqual(doc.entities, alone.entities);
  }
});

test('BatchAnalyzer: calls made together are analysed together, each promise gets its own record or error', async () => {
  const batcher = new BatchAnalyzer(resources, 3);
  const calls = [...articles.map((a) => batcher.analyze(a)), batcher.analyze({ text: '' }), batcher.analyze(articles[0], { tokens: true })];
  const settled = await Promise.allSettled(calls);
  articles.forEach((a, k) => {
    const s = settled[k];
    assert.equal(s.status, 'fulfilled');
    assert.deepEqual((s as PromiseFulfilledResult<unknown>).value, analyze(a, { resources }));
  });
  const bad = settled[articles.length];
  assert.equal(bad.status, 'rejected');
  assert.equal(((bad as PromiseRejectedResult).reason as DossierError).code, 'DOSSIER_INPUT_EMPTY');
  const tok = settled[articles.length + 1] as PromiseFulfilledResult<{ tokens?: unknown[] }>;
  assert.ok(Array.isArray(tok.value.tokens) && tok.value.tokens.length > 0);
});
