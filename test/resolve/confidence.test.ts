// Calibrated confidence: the stage runs with the committed model and every confidence is a probability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPipeline, STAGES } from '../../src/pipeline.js';
import { loadResources } from '../../src/resources.js';
import { calibrateConfidence, confidenceFeatures, probability } from '../../src/resolve/calibrate-confidence.js';
import { reliability } from '../../src/eval/confidence.js';
import { REFERENCE_PATH } from '../helpers/contract.js';

const resources = loadResources();

test('confidence: the committed calibration model is loaded', () => {
  assert.ok(resources.confidence, 'models/confidence.json');
  assert.ok(resources.confidence.weights.size > 50);
});

test('confidence: every attribution of the reference article has a probability, rounded to 3 places', () => {
  const doc = runPipeline({ text: readFileSync(REFERENCE_PATH, 'utf8'), published: '2022-03-28' }, resources);
  assert.ok(doc.attributions.length >= 18);
  for (const a of doc.attributions) {
    assert.ok(typeof a.confidence === 'number' && a.confidence >= 0 && a.confidence <= 1, String(a.confidence));
    assert.equal(a.confidence, Math.round(a.confidence * 1000) / 1000);
  }
  // a direct quote with a named speaker and 'said' is more likely right than not
  const told = doc.attributions.find((a) => doc.text.slice(a.cue.start, a.cue.end) === 'told');
  assert.ok(told && told.confidence! > 0.5, String(told?.confidence));
});

test('confidence: features name the rule, kind, cue class and source form', () => {
  const doc = runPipeline({ text: '"We are ready," Sergey Lavrov said on Monday.' }, resources);
  const a = doc.attributions[0];
  assert.ok(a);
  const f = confidenceFeatures(doc, a);
  for (const want of [`rule=${a.rule}`, 'kind=direct', 'cueclass=speech', 'form=name', 'resolved=1']) assert.ok(f.includes(want), `${want} in ${f.join(' ')}`);
});

test('confidence: the stage scores by family look-ups exactly as probability() over the named features', () => {
  const before = STAGES.slice(0, STAGES.findIndex(([name]) => name === 'calibrateConfidence'));
  const doc = runPipeline({ text: readFileSync(REFERENCE_PATH, 'utf8'), published: '2022-03-28' }, resources, before);
  const want = doc.attributions.map((a) => Math.round(probability(resources.confidence!, confidenceFeatures(doc, a)) * 1000) / 1000);
  calibrateConfidence(doc, resources);
  assert.deepEqual(doc.attributions.map((a) => a.confidence), want);
});

// [confidence, right] pairs → expected Brier and ECE
const RELIABILITY: Array<[Array<[number, boolean]>, number, number]> = [
  [[[0.95, true], [0.95, true]], 0.0025, 0.05],
  [[[0.25, false], [0.25, true], [0.25, false], [0.25, false]], 0.1875, 0],
  [[[0.9, false]], 0.81, 0.9],
];
for (const [pairs, brier, ece] of RELIABILITY) {
  test(`confidence: reliability of ${JSON.stringify(pairs)}`, () => {
    const r = reliability(pairs);
    assert.ok(Math.abs(r.brier - brier) < 1e-9, `Brier ${r.brier}`);
    assert.ok(Math.abs(r.ece - ece) < 1e-9, `ECE ${r.ece}`);
    assert.equal(r.bins.reduce((n, b) => n + b.n, 0), pairs.length);
  });
}
