// `npm run eval -- article-extraction [--json] [--worst N] [--only ID]`: scores the HTML article
// extractor on the ScrapingHub article-extraction benchmark pages in ../shared/data/article-extraction,
// the way that benchmark's evaluate.py does:
//   - tokens are `\w+` runs (Python's Unicode \w: letters, digits, underscore), case kept;
//   - shingles are 4-grams of tokens (a text under 4 tokens is one shingle of all of them), counted as a
//     multiset (Python Counter): tp = Σ min, fp/fn = the excess on either side;
//   - each page's tp/fp/fn are normalised to sum to 1; precision is averaged over pages with tp+fp > 0,
//     recall over pages with tp+fn > 0; F1 is the harmonic mean of the two averages.
// The ground truth's articleBody has no headline, so the body is scored without our leading title paragraph.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DossierError, asDossierError } from '../errors.js';
import { articleFromHtmlBytes } from '../ingest/load-input.js';

// dist/src/eval/x.js -> the project root is three folders up; shared/ sits beside it.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATA_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'article-extraction');

const WORD = /[\p{L}\p{N}_]+/gu;

/** Shingle multiset of a text: 4-grams of \w+ tokens joined by a separator no token contains. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(WORD) ?? [];
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    const key = gram.join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Normalised [tp, fp, fn] of one page, as evaluate.py's string_shingle_matching. */
export function shingleMatch(truth: string, predicted: string): [number, number, number] {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, tc] of t) {
    const pc = p.get(k) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [k, pc] of p) fp += Math.max(0, pc - (t.get(k) ?? 0));
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function precisionScore(tp: number, fp: number, fn: number): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}
function recallScore(tp: number, fp: number, fn: number): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function aggregate(rows: Array<[number, number, number]>): { precision: number; recall: number; f1: number } {
  const ps = rows.filter(([tp, fp]) => tp + fp > 0).map(([tp, fp, fn]) => precisionScore(tp, fp, fn));
  const rs = rows.filter(([tp, , fn]) => tp + fn > 0).map(([tp, fp, fn]) => recallScore(tp, fp, fn));
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(ps);
  const recall = mean(rs);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

interface PageResult {
  id: string;
  url: string;
  precision: number;
  recall: number;
  f1: number;
  error?: string;
  warnings: string[];
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const worstAt = args.indexOf('--worst');
  const worstN = worstAt !== -1 ? Number(args[worstAt + 1]) : 10;
  const onlyAt = args.indexOf('--only');
  const only = onlyAt !== -1 ? args[onlyAt + 1] : null;
  const dataAt = args.indexOf('--data');
  const dataDir = dataAt !== -1 ? path.resolve(args[dataAt + 1]) : DATA_DIR;
  let truth: Record<string, { articleBody: string; url: string }>;
  try {
    truth = JSON.parse(readFileSync(path.join(dataDir, 'ground-truth.json'), 'utf8')) as typeof truth;
  } catch {
    throw new DossierError('DOSSIER_DATA_MISSING', `The article-extraction data is missing: expected ${dataDir}/ground-truth.json and html/*.html.gz.`);
  }
  const files = readdirSync(path.join(dataDir, 'html')).filter((f) => f.endsWith('.html.gz')).sort();
  const pages = files.map((f) => ({ id: f.replace(/\.html\.gz$/, ''), bytes: gunzipSync(readFileSync(path.join(dataDir, 'html', f))) })).filter((p) => p.id in truth && (!only || p.id.startsWith(only)));
  // One untimed pass first, so pages/s measures compiled code rather than the JIT warming up.
  for (const page of pages) {
    try {
      articleFromHtmlBytes(page.bytes, { url: truth[page.id].url });
    } catch {
      // scored below
    }
  }
  const rows: Array<[number, number, number]> = [];
  const results: PageResult[] = [];
  const t0 = performance.now();
  for (const page of pages) {
    const gold = truth[page.id];
    let predicted = '';
    let error: string | undefined;
    let warnings: string[] = [];
    try {
      const a = articleFromHtmlBytes(page.bytes, { url: gold.url, contentType: null, what: `Page ${page.id}` });
      predicted = a.text.slice(a.bodyStart);
      warnings = (a.warnings ?? []).map((w) => w.code);
      if (only) process.stderr.write(`--- title: ${a.title}\n--- published: ${a.published} (${a.publishedFrom})\n${a.text}\n`);
    } catch (err) {
      error = asDossierError(err).code;
    }
    const row = shingleMatch(gold.articleBody ?? '', predicted);
    rows.push(row);
    const [tp, fp, fn] = row;
    const p = precisionScore(tp, fp, fn);
    const r = recallScore(tp, fp, fn);
    results.push({ id: page.id, url: gold.url, precision: p, recall: r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0, error, warnings });
  }
  const seconds = (performance.now() - t0) / 1000;
  const scores = aggregate(rows);
  const pagesPerSecond = pages.length / seconds;
  const worst = [...results].sort((a, b) => a.f1 - b.f1).slice(0, worstN);
  if (json) {
    process.stdout.write(`${JSON.stringify({ set: 'article-extraction', pages: pages.length, ...scores, pagesPerSecond, worst }, null, 2)}\n`);
    return;
  }
  const f = (x: number): string => x.toFixed(3);
  process.stdout.write(`article-extraction: ${pages.length} pages  precision=${f(scores.precision)}  recall=${f(scores.recall)}  F1=${f(scores.f1)}  (${pagesPerSecond.toFixed(1)} pages/s, ${seconds.toFixed(2)} s)\n`);
  process.stdout.write(`worst ${worst.length}:\n`);
  for (const w of worst) {
    process.stdout.write(`  ${w.id.slice(0, 12)}  P=${f(w.precision)} R=${f(w.recall)} F1=${f(w.f1)}${w.error ? `  ${w.error}` : ''}${w.warnings.length ? `  [${w.warnings.join(',')}]` : ''}  ${w.url}\n`);
  }
}
