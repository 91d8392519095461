// Word clusters from unlabelled text at hand: PolNeAR train+dev (tokenised by our tokenizer),
// CoNLL-2003 train and UD EWT train (their own tokens). A fast stand-in for Brown clustering:
// each word (lower case, count ≥ 3) is described by its neighbours at ±1 and ±2 (counts of the
// most frequent context words, square-rooted, sketched into a dense vector by signed hashing),
// and the words are split top-down into a binary tree — principal-direction split refined by
// 2-means on cosine — so every word gets a bit-string path whose prefixes are word classes.
// Seeded and reproducible; a few seconds on one core.
//
//   node dist/src/train/build-clusters.js [dataDir] [outFile]

import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { tokenize } from '../text/tokenize.js';
import { hashPair, seededRandom } from '../models/perceptron.js';
import { MODEL_DIR, PROJECT_ROOT } from '../resources.js';

const MIN_COUNT = 3;
const CONTEXT_WORDS = 2000;
const DIMS = 256;
const MAX_DEPTH = 20;
const SEED = 20261125;

export interface ClusterBuildResult {
  paths: Map<string, string>;
  tokens: number;
  vocabulary: number;
}

/** Sentences of lower-cased words from the three corpora. */
export function readCorpora(dataDir: string): string[][] {
  const out: string[][] = [];
  const conll = readFileSync(path.join(dataDir, 'conll2003', 'eng.train'), 'utf8').split('\n');
  let sent: string[] = [];
  for (const line of conll) {
    if (!line.trim() || line.startsWith('-DOCSTART-')) { if (sent.length) out.push(sent); sent = []; continue; }
    sent.push(line.slice(0, line.indexOf(' ')).toLowerCase());
  }
  if (sent.length) out.push(sent);
  sent = [];
  for (const line of readFileSync(path.join(dataDir, 'ud-english-ewt', 'en_ewt-ud-train.conllu'), 'utf8').split('\n')) {
    if (!line) { if (sent.length) out.push(sent); sent = []; continue; }
    if (line.charCodeAt(0) === 35) continue;
    const cols = line.split('\t');
    if (cols[0].includes('-') || cols[0].includes('.')) continue;
    sent.push(cols[1].toLowerCase());
  }
  if (sent.length) out.push(sent);
  for (const file of ['train.jsonl', 'dev.jsonl']) {
    for (const line of readFileSync(path.join(dataDir, 'polnear', file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const text = (JSON.parse(line) as { text: string }).text;
      const t = tokenize(text);
      // Paragraphs are close enough to sentences for neighbour counts; line breaks end them.
      let s: string[] = [];
      for (let i = 0; i < t.count; i++) {
        if (i > 0 && (t.flags[i] & 2) && s.length) { out.push(s); s = []; }
        s.push(text.slice(t.start[i], t.end[i]).toLowerCase());
      }
      if (s.length) out.push(s);
    }
  }
  return out;
}

export function buildClusters(sentences: string[][]): ClusterBuildResult {
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const s of sentences) for (const w of s) { counts.set(w, (counts.get(w) ?? 0) + 1); tokens++; }
  // Frequency order with the word itself as tie-break keeps the result independent of Map order.
  const byFreq = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocab = byFreq.filter(([, c]) => c >= MIN_COUNT).map(([w]) => w);
  const vid = new Map(vocab.map((w, i) => [w, i]));
  const ctxId = new Map(byFreq.slice(0, CONTEXT_WORDS).map(([w], i) => [w, i]));
  const OTHER = CONTEXT_WORDS, BOUNDARY = CONTEXT_WORDS + 1, PER_OFFSET = CONTEXT_WORDS + 2;
  const V = vocab.length;
  // Count sketch of the context counts: each (offset, context word) lands in one of DIMS cells with a sign.
  const raw = new Map<number, number>();
  const offsets = [-2, -1, 1, 2];
  for (const s of sentences) {
    const ids = s.map((w) => vid.get(w) ?? -1);
    const cids = s.map((w) => ctxId.get(w) ?? OTHER);
    for (let i = 0; i < s.length; i++) {
      const v = ids[i];
      if (v < 0) continue;
      for (let k = 0; k < 4; k++) {
        const j = i + offsets[k];
        const c = j < 0 || j >= s.length ? BOUNDARY : cids[j];
        const key = v * 4 * PER_OFFSET + k * PER_OFFSET + c;
        raw.set(key, (raw.get(key) ?? 0) + 1);
      }
    }
  }
  const X = new Float32Array(V * DIMS);
  for (const [key, n] of raw) {
    const v = Math.floor(key / (4 * PER_OFFSET));
    const f = key - v * 4 * PER_OFFSET;
    const k = Math.floor(f / PER_OFFSET);
    const h = hashPair(k + 1, f);
    const weight = (k === 1 || k === 2 ? 1 : 0.5) * Math.sqrt(n);
    X[v * DIMS + (h % DIMS)] += (h & 0x80000000 ? -1 : 1) * weight;
  }
  for (let v = 0; v < V; v++) {
    let norm = 0;
    for (let d = 0; d < DIMS; d++) norm += X[v * DIMS + d] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < DIMS; d++) X[v * DIMS + d] /= norm;
  }

  const random = seededRandom(SEED);
  const paths = new Map<string, string>();
  const mu = new Float64Array(DIMS), dir = new Float64Array(DIMS), next = new Float64Array(DIMS);
  const c0 = new Float64Array(DIMS), c1 = new Float64Array(DIMS);

  const normOf = (c: Float64Array): number => { let s = 0; for (let d = 0; d < DIMS; d++) s += c[d] * c[d]; return Math.sqrt(s) || 1; };

  const split = (members: Int32Array): Uint8Array => {
    const n = members.length;
    const side = new Uint8Array(n);
    mu.fill(0);
    for (let i = 0; i < n; i++) { const b = members[i] * DIMS; for (let d = 0; d < DIMS; d++) mu[d] += X[b + d]; }
    for (let d = 0; d < DIMS; d++) mu[d] /= n;
    for (let d = 0; d < DIMS; d++) dir[d] = random() - 0.5;
    const proj = new Float64Array(n);
    for (let iter = 0; iter < 6; iter++) {
      let muDir = 0;
      for (let d = 0; d < DIMS; d++) muDir += mu[d] * dir[d];
      next.fill(0);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const b = members[i] * DIMS;
        let s = -muDir;
        for (let d = 0; d < DIMS; d++) s += X[b + d] * dir[d];
        proj[i] = s; sum += s;
        for (let d = 0; d < DIMS; d++) next[d] += X[b + d] * s;
      }
      let norm = 0;
      for (let d = 0; d < DIMS; d++) { next[d] -= mu[d] * sum; norm += next[d] ** 2; }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < DIMS; d++) dir[d] = next[d] / norm;
    }
    for (let i = 0; i < n; i++) side[i] = proj[i] > 0 ? 1 : 0;
    // 2-means refinement on cosine: centroids of the two sides, reassign, a few rounds.
    for (let iter = 0; iter < 4; iter++) {
      c0.fill(0); c1.fill(0);
      for (let i = 0; i < n; i++) {
        const b = members[i] * DIMS, c = side[i] ? c1 : c0;
        for (let d = 0; d < DIMS; d++) c[d] += X[b + d];
      }
      const n0 = normOf(c0), n1 = normOf(c1);
      let changed = 0;
      for (let i = 0; i < n; i++) {
        const b = members[i] * DIMS;
        let s0 = 0, s1 = 0;
        for (let d = 0; d < DIMS; d++) { s0 += X[b + d] * c0[d]; s1 += X[b + d] * c1[d]; }
        const nside = s1 / n1 > s0 / n0 ? 1 : 0;
        if (nside !== side[i]) { side[i] = nside; changed++; }
      }
      if (!changed) break;
    }
    return side;
  };

  const stack: { members: Int32Array; path: string }[] = [{ members: Int32Array.from({ length: V }, (_, i) => i), path: '' }];
  while (stack.length) {
    const { members, path: p } = stack.pop()!;
    if (members.length === 1 || p.length >= MAX_DEPTH) {
      for (const m of members) paths.set(vocab[m], p || '0');
      continue;
    }
    let side = split(members);
    let ones = 0;
    for (const s of side) ones += s;
    if (ones === 0 || ones === members.length) {
      // Identical vectors: split in frequency order so the tree still bottoms out.
      side = new Uint8Array(members.length);
      for (let i = members.length >> 1; i < members.length; i++) side[i] = 1;
      ones = members.length - (members.length >> 1);
    }
    const a = new Int32Array(members.length - ones), b = new Int32Array(ones);
    let ia = 0, ib = 0;
    for (let i = 0; i < members.length; i++) { if (side[i]) b[ib++] = members[i]; else a[ia++] = members[i]; }
    stack.push({ members: b, path: p + '1' }, { members: a, path: p + '0' });
  }
  return { paths, tokens, vocabulary: V };
}

export async function main(argv: string[]): Promise<void> {
  const dataDir = argv[0] ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
  const outFile = argv[1] ?? path.join(MODEL_DIR, 'clusters.tsv.gz');
  const t0 = Date.now();
  const sentences = readCorpora(dataDir);
  const t1 = Date.now();
  const { paths, tokens, vocabulary } = buildClusters(sentences);
  const t2 = Date.now();
  const lines = [...paths].sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[0] < y[0] ? -1 : 1)).map(([w, p]) => `${w}\t${p}`);
  const body = `# word\tpath (build-clusters.ts; ${vocabulary} words from ${tokens} tokens)\n${lines.join('\n')}\n`;
  const gz = gzipSync(Buffer.from(body, 'utf8'), { level: 9 });
  writeFileSync(outFile, gz);
  process.stderr.write(`clusters: ${tokens} tokens read in ${t1 - t0} ms, ${vocabulary} words clustered in ${t2 - t1} ms, ${gz.length} bytes → ${outFile}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main(process.argv.slice(2));
