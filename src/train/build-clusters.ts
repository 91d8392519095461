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
  // eng.testa contributes its words only (never its labels): the dev text is unlabelled text at hand.
  const conll = ['eng.train', 'eng.testa'].flatMap((f) => readFileSync(path.join(dataDir, 'conll2003', f), 'utf8').split('\n'));
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

/**
 * Flat word classes by the exchange algorithm (Kneser & Ney 1993; Uszkoreit & Brants 2008), two-sided:
 * maximises the likelihood of each word given the class of the word before it plus that of each word
 * given the class of the word after it. Words (count ≥ minCount, in frequency order) start in class
 * rank mod K and move, one at a time, to the class that gains most, for `sweeps` passes. Rare words
 * and sentence boundaries are fixed context classes. Tables are laid out word-major so the scan over
 * all K candidate classes reads memory in order. Deterministic (no randomness at all).
 */
export function exchangeClasses(sentences: string[][], K: number, sweeps: number, minCount = 3, log?: (s: string) => void): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const V = vocab.length, UNK = V, BOUND = V + 1, VT = V + 2, KT = K + 2;
  const vid = new Map(vocab.map((w, i) => [w, i]));
  // Distinct bigrams (u, w) over word ids with boundaries, as CSR lists both ways.
  const pair = new Map<number, number>();
  const freq = new Float64Array(VT);
  for (const s of sentences) {
    let prev = BOUND;
    for (let i = 0; i <= s.length; i++) {
      const w = i < s.length ? (vid.get(s[i]) ?? UNK) : BOUND;
      const key = prev * VT + w;
      pair.set(key, (pair.get(key) ?? 0) + 1);
      freq[w]++;
      prev = w;
    }
  }
  const csr = (byFirst: boolean): { off: Int32Array; other: Int32Array; n: Int32Array } => {
    const off = new Int32Array(VT + 1);
    for (const key of pair.keys()) { const u = Math.floor(key / VT), w = key - u * VT; off[(byFirst ? u : w) + 1]++; }
    for (let i = 0; i < VT; i++) off[i + 1] += off[i];
    const fill = off.slice(0, VT), other = new Int32Array(pair.size), n = new Int32Array(pair.size);
    for (const [key, c] of pair) { const u = Math.floor(key / VT), w = key - u * VT; const x = byFirst ? u : w; other[fill[x]] = byFirst ? w : u; n[fill[x]++] = c; }
    return { off, other, n };
  };
  const succ = csr(true), pred = csr(false);
  const cls = new Int32Array(VT);
  for (let v = 0; v < V; v++) cls[v] = v % K;
  cls[UNK] = K; cls[BOUND] = K + 1;
  // fwd[w * KT + c]: word w after a word of class c; bwd[u * KT + c]: word u before a word of class c.
  const fwd = new Int32Array(VT * KT), bwd = new Int32Array(VT * KT), classCount = new Float64Array(KT);
  for (const [key, c] of pair) { const u = Math.floor(key / VT), w = key - u * VT; fwd[w * KT + cls[u]] += c; bwd[u * KT + cls[w]] += c; }
  for (let v = 0; v < VT; v++) classCount[cls[v]] += freq[v];
  let maxCount = 0;
  for (let i = 0; i < freq.length; i++) maxCount = Math.max(maxCount, freq[i]);
  const flog = new Float64Array(maxCount + 2);
  for (let i = 2; i < flog.length; i++) flog[i] = i * Math.log(i);
  const flogAt = (x: number): number => x * Math.log(x || 1);
  const gain = new Float64Array(K);
  const move = (v: number, to: number, sign: number): void => {
    for (let e = succ.off[v]; e < succ.off[v + 1]; e++) fwd[succ.other[e] * KT + to] += sign * succ.n[e];
    for (let e = pred.off[v]; e < pred.off[v + 1]; e++) bwd[pred.other[e] * KT + to] += sign * pred.n[e];
    classCount[to] += sign * freq[v];
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let moved = 0;
    for (let v = 0; v < V; v++) {
      const from = cls[v], nv = freq[v];
      move(v, from, -1);
      for (let b = 0; b < K; b++) gain[b] = -2 * (flogAt(classCount[b] + nv) - flogAt(classCount[b]));
      for (let e = succ.off[v]; e < succ.off[v + 1]; e++) {
        const base = succ.other[e] * KT, n = succ.n[e];
        for (let b = 0; b < K; b++) { const x = fwd[base + b]; gain[b] += flog[x + n] - flog[x]; }
      }
      for (let e = pred.off[v]; e < pred.off[v + 1]; e++) {
        const base = pred.other[e] * KT, n = pred.n[e];
        for (let b = 0; b < K; b++) { const x = bwd[base + b]; gain[b] += flog[x + n] - flog[x]; }
      }
      let best = from;
      for (let b = 0; b < K; b++) if (gain[b] > gain[best] + 1e-9) best = b;
      if (best !== from) moved++;
      cls[v] = best;
      move(v, best, 1);
    }
    log?.(`exchange K=${K} sweep ${sweep + 1}: ${moved} of ${V} words moved`);
    if (moved < V / 200) break;
  }
  const out = new Map<string, number>();
  for (let v = 0; v < V; v++) out.set(vocab[v], cls[v]);
  return out;
}

/** The exchange granularities written to models/clusters.classes.tsv.gz (one column each). */
export const EXCHANGE_K = [64, 256, 1024] as const;

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
  const log = (s: string): void => { process.stderr.write(`clusters: ${s}\n`); };
  const sweeps = Number(process.env.EXCHANGE_SWEEPS ?? 8);
  const tables = EXCHANGE_K.map((k) => exchangeClasses(sentences, k, sweeps, 3, log));
  const words = [...tables[0].keys()].sort();
  const classBody = `# word\t${EXCHANGE_K.map((k) => `class of ${k}`).join('\t')} (build-clusters.ts, exchange algorithm; ${words.length} words)\n${words.map((w) => `${w}\t${tables.map((t) => t.get(w)).join('\t')}`).join('\n')}\n`;
  const classFile = outFile.replace(/\.tsv\.gz$/, '.classes.tsv.gz');
  const classGz = gzipSync(Buffer.from(classBody, 'utf8'), { level: 9 });
  writeFileSync(classFile, classGz);
  process.stderr.write(`clusters: exchange classes in ${Date.now() - t2} ms, ${classGz.length} bytes → ${classFile}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main(process.argv.slice(2));
