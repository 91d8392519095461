// `npm run eval -- confidence [--file dev.jsonl] [--json]`: is an attribution's confidence the
// probability that it is right? On PolNeAR dev, each predicted attribution is right when the linked
// match (src/eval/polnear.ts: cue overlaps, content ≥ 50 % of gold characters, sources overlap or both
// absent) pairs it with a gold attribution. Reliability table in 10 equal-width bins (count, mean
// confidence, observed precision), Brier score and expected calibration error (ECE: the bins' |mean
// confidence − precision| weighted by count), for the confidence as extracted and as calibrated.

import path from 'node:path';
import type { Doc } from '../doc.js';
import { DossierError } from '../errors.js';
import { runPipeline, STAGES } from '../pipeline.js';
import { loadResources, PROJECT_ROOT } from '../resources.js';
import { calibrateConfidence } from '../resolve/calibrate-confidence.js';
import { goldUnits, predUnits, rightPredictions } from './polnear.js';
import { readPolnear } from '../train/polnear-match.js';

interface Bin { n: number; conf: number; right: number }

export function reliability(pairs: Array<[p: number, right: boolean]>): { bins: Bin[]; brier: number; ece: number } {
  const bins: Bin[] = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
  let brier = 0;
  for (const [p, y] of pairs) {
    const b = bins[Math.min(9, Math.floor(p * 10))];
    b.n++; b.conf += p; if (y) b.right++;
    brier += (p - (y ? 1 : 0)) ** 2;
  }
  const n = pairs.length || 1;
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / n) * Math.abs(b.conf / b.n - b.right / b.n) : 0), 0);
  return { bins, brier: brier / n, ece };
}

export async function run(args: string[]): Promise<void> {
  let file = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');
  let json = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--file') file = path.resolve(args[++i] ?? '');
    else if (args[i] === '--json') json = true;
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${args[i]}" (expected --file PATH, --json).`);
  }
  const resources = loadResources();
  if (!resources.confidence) throw new DossierError('DOSSIER_DATA_MISSING', 'models/confidence.json is missing; run "npm run train -- confidence".');
  const before = STAGES.filter(([n]) => n !== 'calibrateConfidence');
  const raw: Array<[number, boolean]> = [], cal: Array<[number, boolean]> = [];
  let ms = 0, articles = 0;
  for (const a of readPolnear(file)) {
    articles++;
    const doc: Doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, resources, before);
    const right = rightPredictions(goldUnits(a), predUnits(a.text, doc.attributions));
    const given = doc.attributions.map((p) => p.confidence ?? 0.5);
    const t0 = performance.now();
    calibrateConfidence(doc, resources);
    ms += performance.now() - t0;
    doc.attributions.forEach((p, i) => { raw.push([given[i], right[i]]); cal.push([p.confidence ?? 0.5, right[i]]); });
  }
  const r0 = reliability(raw), r1 = reliability(cal);
  if (json) { process.stdout.write(`${JSON.stringify({ file, predictions: cal.length, extracted: r0, calibrated: r1, msPerArticle: ms / articles }, null, 2)}\n`); return; }
  const f = (x: number, d = 3): string => x.toFixed(d);
  const out = [`PolNeAR ${path.basename(file)}: ${cal.length} predicted attributions in ${articles} articles, ${cal.filter(([, y]) => y).length} right (linked match); calibrateConfidence ${f(ms / articles, 3)} ms/article`, ''];
  out.push(`  ${'bin'.padEnd(9)} | ${'as extracted'.padEnd(24)} | calibrated`);
  out.push(`  ${''.padEnd(9)} | ${'n'.padStart(5)}  mean conf  prec  | ${'n'.padStart(5)}  mean conf  prec`);
  for (let k = 0; k < 10; k++) {
    const cell = (b: Bin): string => b.n ? `${String(b.n).padStart(5)}  ${f(b.conf / b.n).padStart(9)}  ${f(b.right / b.n)}` : `${'0'.padStart(5)}  ${'-'.padStart(9)}  ${'-'.padStart(5)}`;
    out.push(`  ${`${f(k / 10, 1)}-${f((k + 1) / 10, 1)}`.padEnd(9)} | ${cell(r0.bins[k])} | ${cell(r1.bins[k])}`);
  }
  out.push('', `  Brier  as extracted ${f(r0.brier, 4)}   calibrated ${f(r1.brier, 4)}`, `  ECE    as extracted ${f(r0.ece, 4)}   calibrated ${f(r1.ece, 4)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
