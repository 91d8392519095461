// The dependency parser: arc-hybrid transitions (Kuhlmann et al. 2011) chosen by an averaged perceptron
// over the Zhang & Nivre (2011) feature templates, trained with the dynamic oracle of Goldberg & Nivre
// (2013) so it learns to recover from its own mistakes. Labels come from a second perceptron asked once
// per arc, with the arc's own features: scoring ~50 relations on every transition would cost more
// than the whole unlabelled parse.
//
// One Parser holds flat per-token arrays sized for MAX_SENTENCE words, reused for every sentence:
// parsing allocates nothing. Index n (the sentence length) is the artificial root, at the bottom of
// the stack; NONE is a padding slot whose features stand for "no such token".

import { DEPREL_INDEX, DEPRELS } from '../tagsets.js';
import { loadPerceptron, Perceptron, savePerceptron } from './perceptron.js';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { sameShape, type SharesTables, type TableSet } from './shared-tables.js';

/** Longest stretch of words parsed as one tree; longer sentences are parsed in chunks by the stage. */
export const MAX_SENTENCE = 250;

export const SHIFT = 0, LEFT = 1, RIGHT = 2;
const TRANSITIONS = ['shift', 'left', 'right'];
/** Bumped whenever the feature templates or the word hash change: old model files then refuse to load. */
export const FEATURES_VERSION = 2;

const ROOT_LABEL = DEPREL_INDEX.get('root')!;
const ROOT_TAG = 30, NONE_TAG = 31;
const ROOT_WORD = 0x2a6b1c3d, NONE_WORD = 0x51f0a7e9;
const MAX_FEATURES = 128;
const UNKNOWN_CLASS = 0x3b9ac9ff, NO_CLUSTER = 0x1d2c3b4a;
/** Bytes per label row in a loaded model (relations ≤ 64). */
const LABEL_STRIDE = 64;

/** The code unit words are keyed by: lower case, straight quotes and dashes, every digit read as 0. */
function normCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return 48;
  if (c < 128) return c;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc) return 39;
  if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x00ab || c === 0x00bb) return 34;
  if (c === 0x2013 || c === 0x2014) return 45;
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

/** FNV-1a of text[start, end) normalised by normCode; reads the characters in place (no slice). */
export function wordHash(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) { h ^= normCode(text.charCodeAt(i)); h = Math.imul(h, 0x01000193); }
  return h | 0;
}

const labelKey = (dt: number, ht: number, dir: number): number => ((dt & 31) * 32 + (ht & 31)) * 2 + dir - 1;

/**
 * Feature hash of (template, value): one multiply and a fold (the template's multiple is a constant
 * once inlined). Cheaper than perceptron.hashPair, which matters at ~90 features per transition.
 */
const fh = (template: number, value: number): number => {
  const h = Math.imul(value ^ Math.imul(template, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
};

const mix = (a: number, b: number): number => (Math.imul(a ^ 0x27d4eb2d, 0x165667b1) + b) | 0;

/** Distance between two word positions, binned (0 when either is the root or missing). */
function distanceBin(a: number, b: number, n: number): number {
  if (a >= n || b >= n) return 0;
  const d = a > b ? a - b : b - a;
  return d <= 4 ? d : d <= 7 ? 5 : d <= 12 ? 6 : 7;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Four int8 weights as one 32-bit word per row; on a big-endian machine the bytes would be in the wrong order. */
function rowWords(q: Int8Array): Int32Array | null {
  return LITTLE_ENDIAN ? new Int32Array(q.buffer, q.byteOffset, q.byteLength >> 2) : null;
}

export interface ParserModels {
  transitions: Perceptron;
  labels: Perceptron;
}

export class Parser implements SharesTables {
  readonly transitions: Perceptron;
  readonly labels: Perceptron;
  /** Per-word inputs, filled by setWord before parse(n). */
  readonly word: Int32Array;
  readonly tag: Int32Array;
  /** Outputs of parse(n): head position (n = root) and DEPRELS index of words 0..n-1. */
  readonly head: Int32Array;
  readonly label: Int32Array;

  private readonly NONE = MAX_SENTENCE + 1;
  private readonly wordTag: Int32Array;
  private readonly lc1: Int32Array; private readonly lc2: Int32Array;
  private readonly rc1: Int32Array; private readonly rc2: Int32Array;
  private readonly nLeft: Int32Array; private readonly nRight: Int32Array;
  private readonly leftLo: Int32Array; private readonly leftHi: Int32Array;
  private readonly rightLo: Int32Array; private readonly rightHi: Int32Array;
  private readonly stack: Int32Array;
  /**
   * Tag-independent word classes looked up by word hash in reset(): amb = the tags the word takes in
   * training (a wrong run-time tag leaves this intact), clu/cluFine = its word-cluster classes.
   */
  private readonly amb: Int32Array; private readonly clu: Int32Array; private readonly cluFine: Int32Array;
  private lexKeys = new Int32Array(1);
  private lexValues = new Int32Array(3);
  private lexMask = 0;
  /** Which optional template groups are on: 1 ambiguity classes, 2 clusters (transitions), 4 both in the labeller. */
  featureSet = 0;
  private sp = 0;
  private b = 0;
  private n = 0;
  private readonly feats = new Uint32Array(MAX_FEATURES);
  /** Operands of the mixed features (features()), mixed in one loop. */
  private readonly mixX = new Int32Array(MAX_FEATURES);
  private readonly mixY = new Int32Array(MAX_FEATURES);
  private readonly labelFeats = new Uint32Array(MAX_FEATURES);
  private readonly scores = new Float32Array(3);
  private readonly labelScores: Float32Array;
  /**
   * Relations seen in training for each (dependent tag, head tag, direction): the labeller scores only
   * these (a handful) instead of all ~50. Key = labelKey(dt, ht, dir); null = never seen, score all.
   */
  labelCandidates: (Uint8Array | null)[] = new Array<Uint8Array | null>(32 * 32 * 2).fill(null);
  private readonly allLabels: Uint8Array;
  /**
   * A loaded model keeps its int8 weights as they are in the file (score = per-class scale × integer
   * sum): a quarter of the float table, so far fewer cache misses; transitions padded to 4 per row.
   */
  private packedTransitions: Int8Array | null = null;
  /** packedTransitions read a row at a time (little-endian: byte c of the word is class c). */
  private transitionRows: Int32Array | null = null;
  private packedLabels: Int8Array | null = null;
  private readonly transitionScale = new Float32Array(3);
  private readonly labelScale: Float32Array;
  /** Row offsets of the arc's features in packedLabels (inference scratch). */
  private readonly labelRows = new Int32Array(MAX_FEATURES);

  constructor(models: ParserModels) {
    this.transitions = models.transitions;
    this.labels = models.labels;
    const cap = MAX_SENTENCE + 2;
    const i32 = (): Int32Array => new Int32Array(cap);
    this.word = i32(); this.tag = i32(); this.head = i32(); this.label = i32(); this.wordTag = i32();
    this.lc1 = i32(); this.lc2 = i32(); this.rc1 = i32(); this.rc2 = i32(); this.nLeft = i32(); this.nRight = i32();
    this.leftLo = i32(); this.leftHi = i32(); this.rightLo = i32(); this.rightHi = i32();
    this.stack = i32(); this.amb = i32(); this.clu = i32(); this.cluFine = i32();
    this.amb[this.NONE] = NONE_WORD; this.clu[this.NONE] = NONE_WORD; this.cluFine[this.NONE] = NONE_WORD;
    this.labelScores = new Float32Array(this.labels.nClasses);
    this.labelScale = new Float32Array(this.labels.nClasses);
    this.word[this.NONE] = NONE_WORD; this.tag[this.NONE] = NONE_TAG;
    this.allLabels = Uint8Array.from(DEPRELS.map((_, i) => i).filter((i) => i !== 0 && i !== ROOT_LABEL && i < this.labels.nClasses));
  }

  /** Learns the candidate relations from training trees (tags as the parser will see them). */
  setLabelCandidates(seen: Iterable<[dt: number, ht: number, dir: number, label: number]>, minCount = 2): void {
    const counts = new Map<number, Map<number, number>>();
    for (const [dt, ht, dir, label] of seen) {
      if (label === 0 || label === ROOT_LABEL) continue;
      const key = labelKey(dt, ht, dir);
      let m = counts.get(key);
      if (!m) counts.set(key, (m = new Map()));
      m.set(label, (m.get(label) ?? 0) + 1);
    }
    this.labelCandidates.fill(null);
    // A relation seen once for a tag pair is more often an annotation slip than a pattern.
    for (const [key, m] of counts) {
      const kept = [...m].filter(([, c]) => c >= minCount).map(([l]) => l).sort((a, b) => a - b);
      this.labelCandidates[key] = Uint8Array.from(kept.length ? kept : [...m.keys()]);
    }
  }

  /** The candidates as plain data for the model file. */
  candidatesToJSON(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    this.labelCandidates.forEach((c, key) => { if (c) out[key] = [...c]; });
    return out;
  }

  candidatesFromJSON(data: Record<string, number[]>): void {
    this.labelCandidates.fill(null);
    for (const [key, labels] of Object.entries(data)) this.labelCandidates[Number(key)] = Uint8Array.from(labels);
  }

  /** Word hash → [ambiguity class, cluster, fine cluster]; an open-addressing table (a Map costs more per token). */
  setLexicon(entries: ArrayLike<number>): void {
    const count = entries.length / 4;
    let cap = 2;
    while (cap < count * 2) cap <<= 1;
    const keys = new Int32Array(cap), values = new Int32Array(cap * 3), mask = cap - 1;
    for (let e = 0; e < count; e++) {
      const w = entries[e * 4] | 0 || 1;
      let slot = Math.imul(w, 0x9e3779b1) >>> 0 & mask;
      while (keys[slot] !== 0 && keys[slot] !== w) slot = (slot + 1) & mask;
      keys[slot] = w;
      values[slot * 3] = entries[e * 4 + 1]; values[slot * 3 + 1] = entries[e * 4 + 2]; values[slot * 3 + 2] = entries[e * 4 + 3];
    }
    this.lexKeys = keys; this.lexValues = values; this.lexMask = mask;
  }

  /** The lexicon as flat [word, amb, clu, cluFine] quadruples (for the model file). */
  lexiconEntries(): Int32Array {
    const keys = this.lexKeys, v = this.lexValues, out: number[] = [];
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== 0) out.push(keys[slot], v[slot * 3], v[slot * 3 + 1], v[slot * 3 + 2]);
    return Int32Array.from(out);
  }

  /**
   * Switches to the int8 weights of a quantised model file and frees the float tables. Label rows are
   * padded to 64 bytes so each feature's row is one cache line.
   */
  pack(transitionScales: number[], labelScales: number[]): void {
    const tw = this.transitions.weights, rows = this.transitions.buckets;
    const tq = new Int8Array(rows * 4);
    for (let r = 0; r < rows; r++) for (let c = 0; c < 3; c++) tq[r * 4 + c] = Math.round(tw[r * 3 + c] / transitionScales[c]);
    const lw = this.labels.weights, C = this.labels.nClasses, lrows = this.labels.buckets;
    const lq = new Int8Array(lrows * LABEL_STRIDE);
    for (let r = 0; r < lrows; r++) for (let c = 0; c < C; c++) lq[r * LABEL_STRIDE + c] = Math.round(lw[r * C + c] / labelScales[c]);
    this.transitionScale.set(transitionScales);
    this.labelScale.set(labelScales);
    this.packedTransitions = tq; this.packedLabels = lq;
    this.transitionRows = rowWords(tq);
    this.transitions.weights = new Float32Array(0);
    this.labels.weights = new Float32Array(0);
  }

  sharedTables(): TableSet {
    const t: TableSet = {};
    if (this.packedTransitions) t.transitions = this.packedTransitions;
    if (this.packedLabels) t.labels = this.packedLabels;
    return t;
  }

  adoptTables(tables: TableSet): void {
    this.packedTransitions = sameShape('parser', 'transitions', this.packedTransitions, tables.transitions);
    this.transitionRows = this.packedTransitions && rowWords(this.packedTransitions);
    this.packedLabels = sameShape('parser', 'labels', this.packedLabels, tables.labels);
  }

  /** Scores the three transitions; the inner loop unrolled because a generic class loop costs more than the sums. */
  private scoreTransitions(k: number): void {
    const f = this.feats, mask = this.transitions.mask, sc = this.scores, q = this.packedTransitions;
    let a = 0, b = 0, c = 0;
    if (q) {
      // A row is one 32-bit word (three int8 weights and padding): one load, the bytes sign-extended in registers.
      const rows = this.transitionRows;
      if (rows) {
        for (let i = 0; i < k; i++) {
          const v = rows[f[i] & mask];
          a += (v << 24) >> 24; b += (v << 16) >> 24; c += (v << 8) >> 24;
        }
      } else {
        for (let i = 0; i < k; i++) {
          const base = (f[i] & mask) << 2;
          a += q[base]; b += q[base + 1]; c += q[base + 2];
        }
      }
      const s = this.transitionScale;
      sc[0] = a * s[0]; sc[1] = b * s[1]; sc[2] = c * s[2];
      return;
    }
    const w = this.transitions.weights;
    for (let i = 0; i < k; i++) {
      const base = (f[i] & mask) * 3;
      a += w[base]; b += w[base + 1]; c += w[base + 2];
    }
    sc[0] = a; sc[1] = b; sc[2] = c;
  }

  /** Best relation for the arc whose features are in labelFeats, among the arc's candidates; training updates toward gold. */
  private bestLabel(k: number, d: number, h: number): number {
    const cands = this.labelCandidates[labelKey(this.tag[d], this.tag[h], d < h ? 1 : 2)] ?? this.allLabels;
    const f = this.labelFeats, w = this.labels.weights, mask = this.labels.mask, C = this.labels.nClasses, sc = this.labelScores;
    const m = cands.length, q = this.packedLabels;
    if (!q) sc.fill(0, 0, m);
    if (q) {
      // Candidate by candidate, each sum in a register: the first candidate brings the feature rows (one
      // cache line each) into L1, the others read them there, and nothing is stored per feature.
      const rows = this.labelRows;
      for (let i = 0; i < k; i++) rows[i] = (f[i] & mask) << 6;
      for (let j = 0; j < m; j++) {
        const c = cands[j];
        let s = 0;
        for (let i = 0; i < k; i++) s += q[rows[i] + c];
        sc[j] = s * this.labelScale[c];
      }
    } else {
      for (let i = 0; i < k; i++) {
        const base = (f[i] & mask) * C;
        for (let j = 0; j < m; j++) sc[j] += w[base + cands[j]];
      }
    }
    let best = 0;
    for (let j = 1; j < m; j++) if (sc[j] > sc[best]) best = j;
    return cands[best];
  }

  /** A fresh, untrained parser (for training). */
  static create(transitionBuckets: number, labelBuckets: number): Parser {
    return new Parser({
      transitions: new Perceptron({ classes: TRANSITIONS, buckets: transitionBuckets }),
      labels: new Perceptron({ classes: [...DEPRELS], buckets: labelBuckets }),
    });
  }

  setWord(i: number, word: number, tag: number): void { this.word[i] = word; this.tag[i] = tag; }

  private reset(n: number): void {
    if (n > MAX_SENTENCE) throw new RangeError(`sentence of ${n} words is longer than ${MAX_SENTENCE}`);
    const NONE = this.NONE;
    this.n = n;
    this.word[n] = ROOT_WORD; this.tag[n] = ROOT_TAG;
    for (let i = 0; i <= n; i++) this.wordTag[i] = mix(this.word[i], this.tag[i]);
    const keys = this.lexKeys, values = this.lexValues, mask = this.lexMask;
    for (let i = 0; this.featureSet !== 0 && i < n; i++) {
      const w = this.word[i] | 0 || 1;
      let slot = Math.imul(w, 0x9e3779b1) >>> 0 & mask;
      while (keys[slot] !== 0 && keys[slot] !== w) slot = (slot + 1) & mask;
      if (keys[slot] === w) { this.amb[i] = values[slot * 3]; this.clu[i] = values[slot * 3 + 1]; this.cluFine[i] = values[slot * 3 + 2]; }
      else { this.amb[i] = UNKNOWN_CLASS; this.clu[i] = NO_CLUSTER; this.cluFine[i] = NO_CLUSTER; }
    }
    this.amb[n] = ROOT_WORD; this.clu[n] = ROOT_WORD; this.cluFine[n] = ROOT_WORD;
    this.wordTag[NONE] = mix(NONE_WORD, NONE_TAG);
    for (let i = 0; i <= n; i++) {
      this.head[i] = -1; this.label[i] = 0;
      this.lc1[i] = NONE; this.lc2[i] = NONE; this.rc1[i] = NONE; this.rc2[i] = NONE;
      this.nLeft[i] = 0; this.nRight[i] = 0; this.leftLo[i] = 0; this.leftHi[i] = 0; this.rightLo[i] = 0; this.rightHi[i] = 0;
    }
    this.lc1[NONE] = NONE; this.lc2[NONE] = NONE; this.rc1[NONE] = NONE; this.rc2[NONE] = NONE;
    this.stack[0] = n; this.sp = 1; this.b = 0;
  }

  private attach(d: number, h: number, label: number): void {
    this.head[d] = h; this.label[d] = label;
    const bit = 1 << (label & 31);
    if (d < h) {
      this.nLeft[h]++;
      if (label < 32) this.leftLo[h] |= bit; else this.leftHi[h] |= bit;
      if (this.lc1[h] === this.NONE || d < this.lc1[h]) { this.lc2[h] = this.lc1[h]; this.lc1[h] = d; }
      else if (this.lc2[h] === this.NONE || d < this.lc2[h]) this.lc2[h] = d;
    } else {
      this.nRight[h]++;
      if (label < 32) this.rightLo[h] |= bit; else this.rightHi[h] |= bit;
      if (this.rc1[h] === this.NONE || d > this.rc1[h]) { this.rc2[h] = this.rc1[h]; this.rc1[h] = d; }
      else if (this.rc2[h] === this.NONE || d > this.rc2[h]) this.rc2[h] = d;
    }
  }

  /** Zhang & Nivre (2011) templates adapted to arc-hybrid (b0 has only left children). */
  private features(): number {
    const f = this.feats, st = this.stack, sp = this.sp, b = this.b, n = this.n, NONE = this.NONE;
    const W = this.word, T = this.tag, WT = this.wordTag, L = this.label;
    const s0 = sp > 0 ? st[sp - 1] : NONE, s1 = sp > 1 ? st[sp - 2] : NONE, s2 = sp > 2 ? st[sp - 3] : NONE;
    const b0 = b < n ? b : NONE, b1 = b + 1 < n ? b + 1 : NONE, b2 = b + 2 < n ? b + 2 : NONE;
    const s0w = W[s0], s0t = T[s0], s0wt = WT[s0], s1w = W[s1], s1t = T[s1], s1wt = WT[s1], s2t = T[s2];
    const b0w = W[b0], b0t = T[b0], b0wt = WT[b0], b1t = T[b1], b2t = T[b2];
    const s0l1 = this.lc1[s0], s0l2 = this.lc2[s0], s0r1 = this.rc1[s0], s0r2 = this.rc2[s0];
    const b0l1 = this.lc1[b0], b0l2 = this.lc2[b0], s1l1 = this.lc1[s1], s1r1 = this.rc1[s1];
    const s0l1t = T[s0l1], s0r1t = T[s0r1], b0l1t = T[b0l1], s1r1t = T[s1r1];
    const d = distanceBin(s0, b0, n), d1 = distanceBin(s1, s0, n);
    let k = 0;
    // single words
    f[k++] = s0w; f[k++] = s0t; f[k++] = s0wt;
    f[k++] = s1w; f[k++] = s1t; f[k++] = s1wt;
    f[k++] = s2t; f[k++] = W[s2];
    f[k++] = b0w; f[k++] = b0t; f[k++] = b0wt;
    f[k++] = W[b1]; f[k++] = b1t; f[k++] = WT[b1];
    f[k++] = W[b2]; f[k++] = b2t;
    // children of s0, s1, b0 and their labels
    f[k++] = W[s0l1]; f[k++] = s0l1t; f[k++] = L[s0l1];
    f[k++] = W[s0r1]; f[k++] = s0r1t; f[k++] = L[s0r1];
    f[k++] = T[s0l2]; f[k++] = L[s0l2]; f[k++] = T[s0r2]; f[k++] = L[s0r2];
    f[k++] = W[b0l1]; f[k++] = b0l1t; f[k++] = L[b0l1];
    f[k++] = T[b0l2]; f[k++] = L[b0l2];
    f[k++] = s1r1t; f[k++] = L[s1r1]; f[k++] = T[s1l1]; f[k++] = L[s1l1];
    // Every feature from here to the bias is mix(x, y): the operands go into two arrays and one loop mixes
    // them, since V8 stops inlining mix in a function this long (forty calls cost more than the mixing).
    // Inner mixes that several features share are made once.
    const s0tb0t = mix(s0t, b0t), s1ts0t = mix(s1t, s0t), s1ts0tb0t = mix(s1ts0t, b0t), b0tb1t = mix(b0t, b1t);
    const s0ts0l1t = mix(s0t, s0l1t), s0ts0r1t = mix(s0t, s0r1t), s0wb0w = mix(s0w, b0w);
    const X = this.mixX, Y = this.mixY;
    let m = 0;
    // word pairs
    X[m] = s0wt; Y[m++] = b0wt; X[m] = s0wt; Y[m++] = b0w; X[m] = s0w; Y[m++] = b0wt;
    X[m] = s0wt; Y[m++] = b0t; X[m] = s0t; Y[m++] = b0wt; X[m] = s0w; Y[m++] = b0w;
    X[m] = s0t; Y[m++] = b0t; X[m] = b0t; Y[m++] = b1t;
    X[m] = s1t; Y[m++] = s0t; X[m] = s1w; Y[m++] = s0w; X[m] = s1wt; Y[m++] = s0t;
    X[m] = s1t; Y[m++] = s0wt; X[m] = s1wt; Y[m++] = s0wt;
    // tag triples
    X[m] = b0tb1t; Y[m++] = b2t; X[m] = s0tb0t; Y[m++] = b1t;
    X[m] = s1ts0t; Y[m++] = b0t; X[m] = s0ts0l1t; Y[m++] = b0t;
    X[m] = s0ts0r1t; Y[m++] = b0t; X[m] = s0tb0t; Y[m++] = b0l1t;
    X[m] = s1ts0t; Y[m++] = s0l1t; X[m] = s1ts0t; Y[m++] = s0r1t;
    X[m] = mix(s2t, s1t); Y[m++] = s0t; X[m] = mix(s1t, s1r1t); Y[m++] = s0t;
    X[m] = s0ts0l1t; Y[m++] = T[s0l2]; X[m] = s0ts0r1t; Y[m++] = T[s0r2];
    X[m] = mix(b0t, b0l1t); Y[m++] = T[b0l2]; X[m] = s1ts0tb0t; Y[m++] = b1t;
    // distance
    X[m] = s0w; Y[m++] = d; X[m] = s0t; Y[m++] = d; X[m] = b0w; Y[m++] = d;
    X[m] = b0t; Y[m++] = d; X[m] = s0wb0w; Y[m++] = d; X[m] = s0tb0t; Y[m++] = d;
    X[m] = s1ts0t; Y[m++] = d1; X[m] = mix(s1w, s0w); Y[m++] = d1;
    // valency
    X[m] = s0w; Y[m++] = this.nRight[s0]; X[m] = s0t; Y[m++] = this.nRight[s0];
    X[m] = s0w; Y[m++] = this.nLeft[s0]; X[m] = s0t; Y[m++] = this.nLeft[s0];
    X[m] = b0w; Y[m++] = this.nLeft[b0]; X[m] = b0t; Y[m++] = this.nLeft[b0];
    X[m] = s1t; Y[m++] = this.nRight[s1];
    // label sets
    const s0ls = mix(this.leftLo[s0], this.leftHi[s0]), s0rs = mix(this.rightLo[s0], this.rightHi[s0]), b0ls = mix(this.leftLo[b0], this.leftHi[b0]);
    X[m] = s0w; Y[m++] = s0ls; X[m] = s0t; Y[m++] = s0ls; X[m] = s0w; Y[m++] = s0rs;
    X[m] = s0t; Y[m++] = s0rs; X[m] = b0w; Y[m++] = b0ls; X[m] = b0t; Y[m++] = b0ls;
    X[m] = s1t; Y[m++] = mix(this.rightLo[s1], this.rightHi[s1]);
    for (let j = 0; j < m; j++) f[k++] = mix(X[j], Y[j]);
    f[k++] = 0; // bias
    // The raw values above become feature hashes in one loop: a single inlined fh instead of 85 calls
    // (V8 stops inlining past a per-function bytecode budget, and the calls cost more than the hashing).
    for (let i = 0; i < k; i++) f[i] = fh(i + 1, f[i]);
    const fs = this.featureSet;
    if (fs & 1) {
      const A = this.amb, s0a = A[s0], b0a = A[b0];
      f[k++] = fh(86, s0a); f[k++] = fh(87, b0a); f[k++] = fh(88, A[s1]); f[k++] = fh(89, A[b1]);
      f[k++] = fh(90, mix(s0a, b0a)); f[k++] = fh(91, mix(s0a, b0t)); f[k++] = fh(92, mix(s0t, b0a));
      f[k++] = fh(93, mix(mix(A[s1], s0a), b0a));
    }
    if (fs & 2) {
      const K = this.clu, J = this.cluFine, s0k = K[s0], b0k = K[b0];
      f[k++] = fh(94, s0k); f[k++] = fh(95, b0k); f[k++] = fh(96, K[s1]); f[k++] = fh(97, K[b1]);
      f[k++] = fh(98, J[s0]); f[k++] = fh(99, J[b0]); f[k++] = fh(100, mix(s0k, b0k));
      f[k++] = fh(141, mix(J[s0], J[b0])); f[k++] = fh(142, mix(mix(s0k, b0k), d));
      f[k++] = fh(143, mix(s0k, b0t)); f[k++] = fh(144, mix(s0t, b0k));
    }
    return k;
  }

  /** Features of the arc h -> d at the moment it is made (d is complete: all its children are attached). */
  private arcFeatures(d: number, h: number): number {
    const f = this.labelFeats, n = this.n, NONE = this.NONE, W = this.word, T = this.tag, L = this.label;
    const dw = W[d], dt = T[d], hw = W[h], ht = T[h];
    const dir = d < h ? 1 : 2, dist = distanceBin(d, h, n);
    const dl1 = this.lc1[d], dr1 = this.rc1[d];
    const dls = mix(this.leftLo[d], this.leftHi[d]), drs = mix(this.rightLo[d], this.rightHi[d]);
    const hs = mix(mix(this.leftLo[h], this.leftHi[h]), mix(this.rightLo[h], this.rightHi[h]));
    const prev = d > 0 ? d - 1 : NONE, next = d + 1 < n ? d + 1 : NONE;
    const dtht = mix(dt, ht);
    let k = 0;
    f[k++] = dw; f[k++] = dt; f[k++] = hw; f[k++] = ht;
    f[k++] = mix(dw, ht); f[k++] = mix(dt, hw); f[k++] = dtht;
    f[k++] = mix(dw, hw); f[k++] = mix(dtht, dir); f[k++] = mix(mix(dtht, dir), dist);
    f[k++] = mix(mix(dw, dt), dir); f[k++] = mix(mix(hw, dir), dt);
    f[k++] = mix(dt, L[dl1]); f[k++] = mix(dt, L[dr1]);
    f[k++] = mix(dt, W[dl1]); f[k++] = mix(mix(dt, T[dl1]), W[dl1]);
    f[k++] = mix(dt, dls); f[k++] = mix(dt, drs);
    f[k++] = mix(mix(ht, hs), dir); f[k++] = mix(mix(dtht, hs), dir);
    f[k++] = mix(dtht, T[prev]); f[k++] = mix(dtht, T[next]);
    f[k++] = mix(mix(dw, dt), ht); f[k++] = mix(mix(dtht, dir), dls);
    f[k++] = mix(mix(hw, ht), dir); f[k++] = mix(dtht, W[dl1]);
    f[k++] = mix(dtht, T[h + 1 < n ? h + 1 : NONE]);
    f[k++] = 0;
    for (let i = 0; i < k; i++) f[i] = fh(i + 101, f[i]);
    if (this.featureSet & 4) {
      const A = this.amb, K = this.clu, J = this.cluFine;
      f[k++] = fh(129, mix(A[d], A[h])); f[k++] = fh(130, mix(mix(K[d], K[h]), dir));
      f[k++] = fh(131, mix(J[d], ht)); f[k++] = fh(132, mix(dt, J[h])); f[k++] = fh(133, mix(A[d], hw));
    }
    return k;
  }

  private predictLabel(d: number, h: number): number {
    if (h === this.n) return ROOT_LABEL;
    const only = this.labelCandidates[labelKey(this.tag[d], this.tag[h], d < h ? 1 : 2)];
    if (only && only.length === 1) return only[0];
    return this.bestLabel(this.arcFeatures(d, h), d, h);
  }

  /** Parses words 0..n-1 (set with setWord); results in head (n = root) and label. */
  parse(n: number): void {
    this.reset(n);
    const st = this.stack, sc = this.scores;
    while (this.b < n || this.sp > 1) {
      const canShift = this.b < n, canLeft = this.sp > 1 && this.b < n, canRight = this.sp > 2 || (this.sp === 2 && this.b >= n);
      let t: number;
      if (canShift && !canLeft && !canRight) t = SHIFT;
      else if (!canShift && !canLeft) t = RIGHT;
      else {
        this.scoreTransitions(this.features());
        t = -1;
        let best = -Infinity;
        if (canShift && sc[SHIFT] > best) { best = sc[SHIFT]; t = SHIFT; }
        if (canLeft && sc[LEFT] > best) { best = sc[LEFT]; t = LEFT; }
        if (canRight && sc[RIGHT] > best) { t = RIGHT; }
      }
      if (t === SHIFT) { st[this.sp++] = this.b++; continue; }
      const d = st[this.sp - 1], h = t === LEFT ? this.b : st[this.sp - 2];
      this.attach(d, h, this.predictLabel(d, h));
      this.sp--;
    }
  }

  /**
   * One training pass over a sentence with the dynamic oracle. goldHead uses n for the root; the tree
   * must be projective. `explore`: probability of following the model's own wrong transition.
   * Returns the number of words whose head came out right.
   */
  trainSentence(n: number, goldHead: Int32Array, goldLabel: Uint8Array, explore: number, random: () => number): number {
    this.reset(n);
    const st = this.stack, sc = this.scores, costs = new Int32Array(3), lf = this.labelFeats;
    while (this.b < n || this.sp > 1) {
      const b = this.b, sp = this.sp;
      const canShift = b < n, canLeft = sp > 1 && b < n, canRight = sp > 2 || (sp === 2 && b >= n);
      // costs: gold arcs made unreachable by each transition
      costs[0] = costs[1] = costs[2] = 1 << 20;
      if (canShift) {
        let c = 0;
        for (let k = 0; k < sp; k++) { const s = st[k]; if (goldHead[b] === s && k !== sp - 1) c++; if (s < n && goldHead[s] === b) c++; }
        costs[SHIFT] = c;
      }
      if (sp > 1) {
        const s0 = st[sp - 1], s1 = st[sp - 2], g = goldHead[s0];
        let kids = 0;
        for (let j = b; j < n; j++) if (goldHead[j] === s0) kids++;
        if (canLeft) costs[LEFT] = kids + (g !== b && (g === s1 || (g >= b && g < n)) ? 1 : 0);
        if (canRight) costs[RIGHT] = kids + (g >= b && g < n ? 1 : 0);
      }
      let t: number;
      const allowedCount = (canShift ? 1 : 0) + (canLeft ? 1 : 0) + (canRight ? 1 : 0);
      if (allowedCount === 1) t = canShift ? SHIFT : canLeft ? LEFT : RIGHT;
      else {
        const k = this.features();
        this.scoreTransitions(k);
        let pred = -1, predScore = -Infinity, gold = -1, goldScore = -Infinity, minCost = 1 << 20;
        for (let c = 0; c < 3; c++) if (costs[c] < minCost) minCost = costs[c];
        for (let c = 0; c < 3; c++) {
          if (costs[c] >= 1 << 20) continue;
          if (sc[c] > predScore) { predScore = sc[c]; pred = c; }
          if (costs[c] === minCost && sc[c] > goldScore) { goldScore = sc[c]; gold = c; }
        }
        if (costs[pred] > minCost) this.transitions.update(this.feats, k, gold, pred);
        this.transitions.tick();
        t = costs[pred] === minCost || random() < explore ? pred : gold;
      }
      if (t === SHIFT) { st[this.sp++] = this.b++; continue; }
      const d = st[sp - 1], h = t === LEFT ? b : st[sp - 2];
      let label: number;
      if (h === n) label = ROOT_LABEL;
      else {
        const k = this.arcFeatures(d, h);
        const pred = this.bestLabel(k, d, h);
        if (goldHead[d] === h) {
          this.labels.update(lf, k, goldLabel[d], pred);
          this.labels.tick();
          label = goldLabel[d];
        } else label = pred;
      }
      this.attach(d, h, label);
      this.sp--;
    }
    let right = 0;
    for (let i = 0; i < n; i++) if (this.head[i] === goldHead[i]) right++;
    return right;
  }

  average(): void { this.transitions.average(); this.labels.average(); }
}

/** Lifts non-projective arcs (to the head's head, shortest first) until the tree is projective; returns the lifts made. */
export function projectivize(head: Int32Array): number {
  const n = head.length;
  let lifts = 0;
  for (;;) {
    let worst = -1, worstLen = Infinity;
    for (let d = 0; d < n; d++) {
      const h = head[d];
      if (h < 0) continue;
      const lo = Math.min(h, d), hi = Math.max(h, d);
      for (let k = lo + 1; k < hi; k++) {
        let a = k;
        while (a >= 0 && a !== h) a = head[a];
        if (a !== h) { if (hi - lo < worstLen) { worstLen = hi - lo; worst = d; } break; }
      }
    }
    if (worst < 0) return lifts;
    head[worst] = head[head[worst]];
    lifts++;
  }
}

// ---- file format: "DSPR", u32 version, u32 lengths of the two savePerceptron buffers (transitions,
// labels), then they, then (version 2) the word-class lexicon: deflated Int32 quadruples ----
const MAGIC = 0x52505344; // 'DSPR'

export function saveParser(parser: Parser, meta: Record<string, unknown>, quantise = true): Buffer {
  const a = savePerceptron(parser.transitions, { ...meta, part: 'transitions', featuresVersion: FEATURES_VERSION }, quantise);
  const b = savePerceptron(parser.labels, { part: 'labels', featuresVersion: FEATURES_VERSION, candidates: parser.candidatesToJSON(), featureSet: parser.featureSet }, quantise);
  const lex = parser.lexiconEntries();
  const c = deflateSync(Buffer.from(lex.buffer, lex.byteOffset, lex.byteLength), { level: 9 });
  const head = Buffer.alloc(16);
  head.writeUInt32LE(MAGIC, 0); head.writeUInt32LE(2, 4); head.writeUInt32LE(a.length, 8); head.writeUInt32LE(b.length, 12);
  return Buffer.concat([head, a, b, c]);
}

export function loadParser(buf: Buffer): { parser: Parser; meta: Record<string, unknown> } {
  if (buf.length < 16 || buf.readUInt32LE(0) !== MAGIC) throw new DossierError('DOSSIER_DATA_MISSING', 'The parser file is not a Dossier parser (bad magic number); rebuild it with npm run train -- parser.');
  const la = buf.readUInt32LE(8), lb = buf.readUInt32LE(12);
  const a = loadPerceptron(buf.subarray(16, 16 + la), 'parser');
  const b = loadPerceptron(buf.subarray(16 + la, 16 + la + lb), 'parser');
  if (a.header.meta.featuresVersion !== FEATURES_VERSION) throw new DossierError('DOSSIER_DATA_MISSING', `The parser file was built with features version ${String(a.header.meta.featuresVersion)}; this Dossier needs ${FEATURES_VERSION}. Rebuild it with npm run train -- parser.`);
  const parser = new Parser({ transitions: a.model, labels: b.model });
  parser.featureSet = Number(b.header.meta.featureSet ?? 0);
  if (buf.readUInt32LE(4) >= 2) {
    const raw = inflateSync(buf.subarray(16 + la + lb));
    parser.setLexicon(new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2).slice());
  }
  parser.candidatesFromJSON((b.header.meta.candidates ?? {}) as Record<string, number[]>);
  if (a.header.quantised && b.header.quantised) parser.pack(a.header.scales!, b.header.scales!);
  return { parser, meta: a.header.meta };
}

/** The committed parser from the model folder, or null when models/parser.bin is missing (the stage then does nothing). */
export function loadParserModel(modelDir: string): Parser | null {
  let buf: Buffer;
  try { buf = readFileSync(path.join(modelDir, 'parser.bin')); } catch { return null; }
  return loadParser(buf).parser;
}
