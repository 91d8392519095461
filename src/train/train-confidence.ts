// `npm run train -- confidence [--file train.jsonl] [--epochs N]`: fits the attribution confidence
// calibration (src/resolve/calibrate-confidence.ts) on PolNeAR train. Every train article goes through
// the whole pipeline up to (not including) calibrateConfidence; each predicted attribution is labelled
// right when the linked match of src/eval/polnear.ts pairs it with a gold attribution; a logistic
// regression (L2 0.5, full-batch gradient descent with a fixed step, features seen ≥ 3 times) maps its
// features to that probability. Deterministic (no sampling). Writes models/confidence.json; re-run after
// any change to the extraction so the probabilities match what the pipeline produces.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { runPipeline, STAGES } from '../pipeline.js';
import { loadResources, MODEL_DIR, PROJECT_ROOT } from '../resources.js';
import { CONFIDENCE_FILE, confidenceFeatures } from '../resolve/calibrate-confidence.js';
import { goldUnits, predUnits, readPolnear, rightPredictions, type GoldArticle } from './polnear-match.js';

export const BEFORE_CALIBRATION = STAGES.filter(([n]) => n !== 'calibrateConfidence');

/** Features and labels of every predicted attribution in the articles. */
export function labelledPredictions(articles: GoldArticle[]): Array<{ features: string[]; right: boolean; given: number }> {
  const resources = loadResources();
  const out: Array<{ features: string[]; right: boolean; given: number }> = [];
  for (const a of articles) {
    const doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, resources, BEFORE_CALIBRATION);
    const right = rightPredictions(goldUnits(a), predUnits(a.text, doc.attributions));
    doc.attributions.forEach((p, i) => out.push({ features: confidenceFeatures(doc, p), right: right[i], given: p.confidence ?? 0.5 }));
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  let file = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'train.jsonl');
  let epochs = 1500;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--file') file = path.resolve(args[++i] ?? '');
    else if (args[i] === '--epochs') epochs = Number(args[++i]);
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${args[i]}" (expected --file PATH, --epochs N).`);
  }
  const t0 = performance.now();
  const data = labelledPredictions(readPolnear(file));
  const counts = new Map<string, number>();
  for (const d of data) for (const k of d.features) counts.set(k, (counts.get(k) ?? 0) + 1);
  const names = [...counts].filter(([, n]) => n >= 3).map(([k]) => k).sort();
  const index = new Map(names.map((k, i) => [k, i]));
  const rows = data.map((d) => ({ x: d.features.map((k) => index.get(k)).filter((i): i is number => i !== undefined), y: d.right ? 1 : 0 }));
  const w = new Float64Array(names.length);
  let b = 0;
  const l2 = 0.5, step = 0.15;
  const n = rows.length;
  for (let e = 0; e < epochs; e++) {
    const g = new Float64Array(names.length);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (const i of r.x) z += w[i];
      const err = 1 / (1 + Math.exp(-z)) - r.y;
      gb += err;
      for (const i of r.x) g[i] += err;
    }
    b -= step * gb / n;
    for (let i = 0; i < w.length; i++) w[i] -= step * (g[i] + l2 * w[i]) / n * (n / Math.max(1, counts.get(names[i])!)) ** 0.5;
  }
  let loss = 0;
  for (const r of rows) {
    let z = b;
    for (const i of r.x) z += w[i];
    const p = 1 / (1 + Math.exp(-z));
    loss -= r.y ? Math.log(p) : Math.log(1 - p);
  }
  const weights: Record<string, number> = {};
  names.forEach((k, i) => { if (Math.abs(w[i]) >= 1e-3) weights[k] = Math.round(w[i] * 1e4) / 1e4; });
  const out = path.join(MODEL_DIR, CONFIDENCE_FILE);
  writeFileSync(out, `${JSON.stringify({ version: 1, trainedOn: path.basename(file), predictions: n, right: rows.filter((r) => r.y).length, bias: Math.round(b * 1e4) / 1e4, weights }, null, 0)}\n`);
  process.stdout.write(`${n} predicted attributions (${rows.filter((r) => r.y).length} right), ${names.length} features, log loss ${(loss / n).toFixed(4)} → ${path.relative(process.cwd(), out)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}
