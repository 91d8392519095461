// The shared learning core: a multi-class averaged perceptron over hashed features.
// Features are 32-bit hashes folded into `buckets` rows; each row holds one weight per class, so
// scoring a token reads a few contiguous rows of a Float32Array (no per-token objects).
// Averaging uses the "u = sum of c·Δ" trick (Daumé): w_avg = w − u / c, two arrays, no per-weight stamps.

import { deflateSync, inflateSync } from 'node:zlib';
import { DossierError } from '../errors.js';

/** FNV-1a over a string's UTF-16 code units, seeded; fast and stable across runs and platforms. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a template id (small integer) and a hashed value into one feature hash. */
export function hashPair(template: number, value: number): number {
  let h = Math.imul(template ^ 0x9e3779b9, 0x85ebca6b) ^ value;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Deterministic PRNG (mulberry32) for seeded shuffles in training. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with a seeded generator. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i]; items[i] = items[j]; items[j] = t;
  }
  return items;
}

export interface PerceptronShape {
  /** Class labels, index = class id. */
  classes: string[];
  /** Number of feature rows; a power of two. */
  buckets: number;
}

export class Perceptron {
  readonly classes: string[];
  readonly nClasses: number;
  readonly buckets: number;
  readonly mask: number;
  /** Current weights, row-major: weights[row * nClasses + class]. */
  weights: Float32Array;
  /** Training only: accumulated c·Δ for averaging; null once averaged or loaded. */
  private acc: Float64Array | null;
  /** Training only: number of examples seen (the "c" of the averaging trick). */
  private count = 1;

  constructor(shape: PerceptronShape, weights?: Float32Array) {
    if (shape.buckets <= 0 || (shape.buckets & (shape.buckets - 1)) !== 0) throw new RangeError('buckets must be a power of two');
    this.classes = shape.classes;
    this.nClasses = shape.classes.length;
    this.buckets = shape.buckets;
    this.mask = shape.buckets - 1;
    this.weights = weights ?? new Float32Array(this.buckets * this.nClasses);
    this.acc = weights ? null : new Float64Array(this.buckets * this.nClasses);
  }

  /** Adds the rows of `n` features into `scores` (length nClasses), which is zeroed first. */
  score(features: Uint32Array, n: number, scores: Float32Array): void {
    const C = this.nClasses, w = this.weights, mask = this.mask;
    scores.fill(0, 0, C);
    for (let f = 0; f < n; f++) {
      const base = (features[f] & mask) * C;
      for (let c = 0; c < C; c++) scores[c] += w[base + c];
    }
  }

  /** The best class by score, optionally only among classes where allowed[c] is non-zero. */
  best(scores: Float32Array, allowed?: Uint8Array): number {
    let best = -1, bestScore = -Infinity;
    for (let c = 0; c < this.nClasses; c++) {
      if (allowed && !allowed[c]) continue;
      if (scores[c] > bestScore) { bestScore = scores[c]; best = c; }
    }
    return best;
  }

  /** Perceptron update: +1 for the gold class, −1 for the predicted one (no-op when equal). */
  update(features: Uint32Array, n: number, gold: number, predicted: number, amount = 1): void {
    if (gold === predicted) return;
    const acc = this.acc;
    if (!acc) throw new Error('this model is averaged or loaded; it cannot be trained further');
    const C = this.nClasses, w = this.weights, mask = this.mask, c = this.count;
    for (let f = 0; f < n; f++) {
      const base = (features[f] & mask) * C;
      w[base + gold] += amount; acc[base + gold] += c * amount;
      if (predicted >= 0) { w[base + predicted] -= amount; acc[base + predicted] -= c * amount; }
    }
  }

  /** Call once per training example (after its update), so averaging weighs every example. */
  tick(): void { this.count++; }

  /** Replaces the weights by their average over all examples; ends training. */
  average(): void {
    const acc = this.acc;
    if (!acc) return;
    const w = this.weights, c = this.count;
    for (let i = 0; i < w.length; i++) w[i] = w[i] - acc[i] / c;
    this.acc = null;
  }

  /** Copy of the current weights (for keeping the best epoch's model). */
  snapshot(): Float32Array { return this.weights.slice(); }

  /** Copy of the weights as average() would make them, without ending training (score each epoch on dev). */
  averagedSnapshot(): Float32Array {
    const acc = this.acc;
    if (!acc) return this.weights.slice();
    const w = this.weights, c = this.count, out = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) out[i] = w[i] - acc[i] / c;
    return out;
  }
}

// ---- binary format ---------------------------------------------------------------------------------
// "DSPM" magic, u32 version, u32 header length, header JSON (classes, buckets, meta, quantisation),
// then the body deflated: a u32 count of non-empty rows, their row indices delta-coded as varints,
// and the weights, int8 per class with a per-class scale (or float32 when quantise is false).

const MAGIC = 0x4d505344; // 'DSPM' little-endian
const VERSION = 1;

export interface SavedModelHeader {
  classes: string[];
  buckets: number;
  quantised: boolean;
  scales?: number[];
  /** Free-form: what the model is, its feature templates' version, training data, dev scores. */
  meta: Record<string, unknown>;
}

/** The sparse-row header of a model body: a u32 count, then the row indices delta-coded as varints. */
export function encodeRowIndices(rows: ArrayLike<number>): Buffer {
  const varints: number[] = [];
  let prev = 0;
  for (let i = 0; i < rows.length; i++) {
    let d = rows[i] - prev; prev = rows[i];
    while (d >= 0x80) { varints.push((d & 0x7f) | 0x80); d >>>= 7; }
    varints.push(d);
  }
  const head = Buffer.alloc(4 + varints.length);
  head.writeUInt32LE(rows.length, 0);
  Buffer.from(varints).copy(head, 4);
  return head;
}

/** Reads the header written by encodeRowIndices; `offset` is where the row values start. */
export function decodeRowIndices(body: Buffer): { rows: Int32Array; offset: number } {
  const n = body.readUInt32LE(0);
  const rows = new Int32Array(n);
  let o = 4, prev = 0;
  for (let i = 0; i < n; i++) {
    let d = 0, shift = 0, b: number;
    do { b = body[o++]; d |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    prev += d; rows[i] = prev;
  }
  return { rows, offset: o };
}

/** Serialises a (trained, averaged) perceptron to a compact binary buffer. */
export function savePerceptron(model: Perceptron, meta: Record<string, unknown>, quantise = true): Buffer {
  const C = model.nClasses, w = model.weights;
  const rows: number[] = [];
  for (let r = 0; r < model.buckets; r++) {
    const base = r * C;
    for (let c = 0; c < C; c++) if (w[base + c] !== 0) { rows.push(r); break; }
  }
  const scales: number[] = [];
  if (quantise) {
    for (let c = 0; c < C; c++) {
      let max = 0;
      for (const r of rows) max = Math.max(max, Math.abs(w[r * C + c]));
      scales.push(max > 0 ? max / 127 : 1);
    }
  }
  const head = encodeRowIndices(rows);
  const valueBytes = rows.length * C * (quantise ? 1 : 4);
  const body = Buffer.alloc(head.length + valueBytes);
  head.copy(body, 0);
  let o = head.length;
  for (const r of rows) {
    for (let c = 0; c < C; c++) {
      const v = w[r * C + c];
      if (quantise) { body.writeInt8(Math.max(-127, Math.min(127, Math.round(v / scales[c]))), o); o += 1; }
      else { body.writeFloatLE(v, o); o += 4; }
    }
  }
  const header: SavedModelHeader = { classes: model.classes, buckets: model.buckets, quantised: quantise, meta, ...(quantise ? { scales } : {}) };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pre = Buffer.alloc(12);
  pre.writeUInt32LE(MAGIC, 0); pre.writeUInt32LE(VERSION, 4); pre.writeUInt32LE(headerBytes.length, 8);
  return Buffer.concat([pre, headerBytes, deflateSync(body, { level: 9 })]);
}

/** Reads a buffer written by savePerceptron; throws DOSSIER_DATA_MISSING with a sentence when it is not one. */
export function loadPerceptron(buf: Buffer, name = 'model'): { model: Perceptron; header: SavedModelHeader } {
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new DossierError('DOSSIER_DATA_MISSING', `The ${name} file is not a Dossier model (bad magic number); rebuild it with npm run train.`);
  const version = buf.readUInt32LE(4);
  if (version !== VERSION) throw new DossierError('DOSSIER_DATA_MISSING', `The ${name} file has format version ${version}; this Dossier reads version ${VERSION}.`);
  const hl = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + hl).toString('utf8')) as SavedModelHeader;
  const body = inflateSync(buf.subarray(12 + hl));
  const C = header.classes.length;
  const weights = new Float32Array(header.buckets * C);
  const { rows, offset } = decodeRowIndices(body);
  const nRows = rows.length;
  let o = offset;
  for (let i = 0; i < nRows; i++) {
    const base = rows[i] * C;
    for (let c = 0; c < C; c++) {
      if (header.quantised) { weights[base + c] = body.readInt8(o) * header.scales![c]; o += 1; }
      else { weights[base + c] = body.readFloatLE(o); o += 4; }
    }
  }
  return { model: new Perceptron({ classes: header.classes, buckets: header.buckets }, weights), header };
}
