// The part-of-speech tagger: a greedy left-to-right averaged perceptron over UPOS (Collins 2002;
// Honnibal's "good POS tagger in 200 lines"), trained on UD English EWT.
//
// Per token it reads the shared word features (word-features.ts) of itself and two words either side,
// the two tags it has just predicted, and a word lexicon learned from the training data:
// - an ambiguity class per frequent word (the set of tags it takes), which tells the model about the
//   words to the RIGHT before they are tagged ("to" + a word that can be a verb);
// - a tag dictionary for frequent words that always take one tag: they are tagged without scoring
//   (about half of running text), which is both faster and no less accurate;
// - the Penn Treebank tag class of each word in CoNLL-2003 news, which gives many words EWT lacks
//   (names, news vocabulary) a hint of their part of speech (+1.3 on unknown words, +0.2 overall).
//
// At inference the weights are the saved int8 values with a scale per class, so a row is 17 bytes
// and the whole table stays in cache; scores are summed as integers and scaled once per token.

import { deflateSync, inflateSync } from 'node:zlib';
import { DossierError } from '../errors.js';
import { UPOS } from '../tagsets.js';
import { hashString, loadPerceptron, Perceptron, savePerceptron, type SavedModelHeader } from './perceptron.js';
import { AFFIXES, WordBit, type WordFeatures } from './word-features.js';
import { sameShape, type SharesTables, type TableSet } from './shared-tables.js';

export const TAGGER_FEATURES_VERSION = 4;
export const N_TAGS = UPOS.length;

/** Lexicon entry, packed: bits 0..16 = ambiguity class (a bit per UPOS), bits 20..24 = dictionary tag + 1. */
const DICT_SHIFT = 20;
export const packLexEntry = (ambiguity: number, dictTag: number): number => (ambiguity | ((dictTag + 1) << DICT_SHIFT)) >>> 0;
export const dictTagOf = (packed: number): number => ((packed >>> DICT_SHIFT) & 31) - 1;
export const ambiguityOf = (packed: number): number => packed & ((1 << DICT_SHIFT) - 1);

/** Cluster path prefixes the tagger reads (a path shorter than a prefix counts whole). */
export const TAGGER_CLUSTER_PREFIXES = [4, 8, 12, 20] as const;
const NP = TAGGER_CLUSTER_PREFIXES.length;

/**
 * One word the lexicon knows: its packed entry, its cluster path ('' when it has none) and its Penn
 * Treebank tag class in CoNLL-2003 news ("NNP" or "JJ|NN": the tags of at least a tenth of its uses).
 */
export interface LexiconWord { packed: number; path: string; ptb?: string }

/**
 * Word lexicon, as rows: row 0 is "not in the lexicon"; norm hash -> row. The cluster paths are copied
 * in at training time, so the tagger file stands alone when models/clusters.tsv.gz is rebuilt.
 */
export interface TaggerLexicon {
  rows: Map<number, number>;
  packed: Uint32Array;
  /** rows x NP hashes of the cluster path prefixes (row 0 and words without a path: fixed values). */
  cluster: Uint32Array;
  words: Map<string, LexiconWord>;
  /** Whether any word has a cluster path; without, the cluster templates are left out. */
  hasClusters: boolean;
  /** Per row: hash of the word's Penn Treebank tag class in tagged news (CoNLL-2003), or PTB_NONE. */
  ptb: Uint32Array;
}
const PTB_NONE = 0x9b70001;

export function createLexicon(words: Map<string, LexiconWord>): TaggerLexicon {
  const n = words.size + 1;
  const rows = new Map<number, number>();
  const packed = new Uint32Array(n), cluster = new Uint32Array(n * NP), ptb = new Uint32Array(n);
  ptb[0] = PTB_NONE;
  for (let k = 0; k < NP; k++) cluster[k] = 0xc105 + k;
  let r = 1, hasClusters = false;
  for (const [w, e] of words) {
    if (e.path) hasClusters = true;
    rows.set(hashString(w), r);
    packed[r] = e.packed;
    ptb[r] = e.ptb ? hashString(e.ptb, 0x3c6ef372) : PTB_NONE;
    for (let k = 0; k < NP; k++) cluster[r * NP + k] = e.path ? hashString(e.path.slice(0, TAGGER_CLUSTER_PREFIXES[k]), 0x2545f491 + k) : 0xc105 + k;
    r++;
  }
  return { rows, packed, cluster, words, hasClusters, ptb };
}

/** Lexicon row of every token (0 = not in the lexicon); computed once per document. */
export function lexiconEntries(wf: WordFeatures, lexicon: TaggerLexicon, out?: Uint32Array): Uint32Array {
  const n = wf.count;
  const a = out && out.length >= n ? out : new Uint32Array(n);
  const e = lexicon.rows;
  for (let i = 0; i < n; i++) a[i] = e.get(wf.norm[i]) ?? 0;
  return a;
}

// Feature templates. Values outside the sentence are fixed sentinels, one per offset.
const T = {
  BIAS: 1, NORM: 2, FORM: 3, SUFFIX: 4, PREFIX: 8, SHAPE: 12, BITS: 13,
  NORM_M1: 14, NORM_M2: 15, NORM_P1: 16, NORM_P2: 17,
  SUF3_M1: 18, SUF3_P1: 19, SUF3_M2: 20, SUF3_P2: 21,
  SHAPE_M1: 24, SHAPE_P1: 25,
  AMB: 26, AMB_P1: 27, AMB_P2: 28,
  NORM_NORM_P1: 30, NORM_M1_NORM: 31, AMB_P1_NORM: 32, AMB_P1_AMB_P2: 33,
  BITS_M1: 35, BITS_P1: 36, TAG_M1_BITS: 37, CLUSTER: 34, CL_M1: 50, CL_P1: 51, CL_P2: 53,
  PTB: 75, PTB_P1: 76, PTB_CASE: 77, PTB_M1: 78, PTB_TAG_M1: 80,
  TAG_M1: 40, TAG_M2: 41, TAG_M1_M2: 42, TAG_M1_NORM: 43, TAG_M1_AMB: 44, TAG_M1_AMB_P1: 45, TAG_M1_SUF3: 47, TAG_M1_CL: 48,
} as const;
const SENT = [0x51a7e001, 0x51a7e002, 0x51a7e003, 0x51a7e004]; // -2, -1, +1, +2
// Feature values are already hashes (or small integers), so one multiply and a shift mix a template
// in well enough; hashPair's three multiplies per feature showed in the tagger's profile.
const fh = (template: number, value: number): number => {
  const h = Math.imul(value ^ Math.imul(template, 0x27d4eb2f), 0x9e3779b1);
  return h ^ (h >>> 15);
};
const mix = (a: number, b: number): number => {
  const h = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0xc2b2ae35);
  return h ^ (h >>> 13);
};

export const MAX_FEATURES = 96;

/**
 * What kind of line a sentence [from, to) is, from its words' case: 1 = title case (most words
 * capitalised: headlines, subject lines), 2 = all capitals, 3 = no capitals at all (chat, e-mail), 0 = other.
 */
export function lineKind(wf: WordFeatures, from: number, to: number): number {
  let letters = 0, caps = 0, allCaps = 0;
  for (let i = from; i < to; i++) {
    const b = wf.bits[i];
    if ((b & WordBit.HAS_LETTER) === 0) continue;
    letters++;
    if (b & WordBit.ALL_CAPS) allCaps++;
    else if (b & WordBit.CAPITALIZED) caps++;
  }
  if (letters < 3) return 0;
  if (allCaps * 4 >= letters * 3) return 2;
  if ((caps + allCaps) * 4 >= letters * 3) return 1;
  if (caps + allCaps === 0) return 3;
  return 0;
}

/**
 * Writes the features of token i (sentence [from, to)) into feats; p1/p2 are the tags predicted for
 * i-1 and i-2 (-1 outside the sentence). Returns the number written.
 */
export function tokenFeatures(wf: WordFeatures, lexicon: TaggerLexicon, lex: Uint32Array, i: number, from: number, to: number, p1: number, p2: number, feats: Uint32Array, line = 0): number {
  const norm = wf.norm, suffix = wf.suffix, shape = wf.shape, packed = lexicon.packed, cl = lexicon.cluster;
  const has = (j: number): boolean => j >= from && j < to;
  const nM1 = has(i - 1) ? norm[i - 1] : SENT[1], nM2 = has(i - 2) ? norm[i - 2] : SENT[0];
  const nP1 = has(i + 1) ? norm[i + 1] : SENT[2], nP2 = has(i + 2) ? norm[i + 2] : SENT[3];
  const amb = ambiguityOf(packed[lex[i]]);
  const aP1 = has(i + 1) ? ambiguityOf(packed[lex[i + 1]]) | 0x40000 : SENT[2];
  const aP2 = has(i + 2) ? ambiguityOf(packed[lex[i + 2]]) | 0x40000 : SENT[3];
  const r = lex[i] * NP;
  const s3 = suffix[i * AFFIXES + 2];
  const w = norm[i];
  let n = 0;
  feats[n++] = fh(T.BIAS, 0);
  feats[n++] = fh(T.NORM, w);
  feats[n++] = fh(T.FORM, wf.form[i]);
  for (let k = 0; k < AFFIXES; k++) {
    feats[n++] = fh(T.SUFFIX + k, suffix[i * AFFIXES + k]);
    feats[n++] = fh(T.PREFIX + k, wf.prefix[i * AFFIXES + k]);
  }
  feats[n++] = fh(T.SHAPE, shape[i]);
  feats[n++] = fh(T.BITS, wf.bits[i] | (i === from ? 256 : 0));
  feats[n++] = fh(T.BITS_M1, has(i - 1) ? wf.bits[i - 1] | (i - 1 === from ? 256 : 0) : SENT[1]);
  feats[n++] = fh(T.BITS_P1, has(i + 1) ? wf.bits[i + 1] : SENT[2]);
  feats[n++] = fh(T.NORM_M1, nM1);
  feats[n++] = fh(T.NORM_M2, nM2);
  feats[n++] = fh(T.NORM_P1, nP1);
  feats[n++] = fh(T.NORM_P2, nP2);
  feats[n++] = fh(T.SUF3_M1, has(i - 1) ? suffix[(i - 1) * AFFIXES + 2] : SENT[1]);
  feats[n++] = fh(T.SUF3_P1, has(i + 1) ? suffix[(i + 1) * AFFIXES + 2] : SENT[2]);
  feats[n++] = fh(T.SUF3_M2, has(i - 2) ? suffix[(i - 2) * AFFIXES + 2] : SENT[0]);
  feats[n++] = fh(T.SUF3_P2, has(i + 2) ? suffix[(i + 2) * AFFIXES + 2] : SENT[3]);
  feats[n++] = fh(T.SHAPE_M1, has(i - 1) ? shape[i - 1] : SENT[1]);
  feats[n++] = fh(T.SHAPE_P1, has(i + 1) ? shape[i + 1] : SENT[2]);
  feats[n++] = fh(T.AMB, amb);
  feats[n++] = fh(T.AMB_P1, aP1);
  feats[n++] = fh(T.AMB_P2, aP2);
  feats[n++] = fh(T.NORM_NORM_P1, mix(w, nP1));
  feats[n++] = fh(T.NORM_M1_NORM, mix(nM1, w));
  feats[n++] = fh(T.AMB_P1_NORM, mix(aP1, w));
  feats[n++] = fh(T.AMB_P1_AMB_P2, mix(aP1, aP2));
  if (lexicon.hasClusters) {
    for (let k = 0; k < NP; k++) feats[n++] = fh(T.CLUSTER + k * 256, cl[r + k]);
    feats[n++] = fh(T.CL_M1, has(i - 1) ? cl[lex[i - 1] * NP + 1] : SENT[1]);
    feats[n++] = fh(T.CL_P1, has(i + 1) ? cl[lex[i + 1] * NP + 1] : SENT[2]);
    feats[n++] = fh(T.CL_P2, has(i + 2) ? cl[lex[i + 2] * NP + 1] : SENT[3]);
  }
  // History: the tags just predicted.
  const t1 = p1 + 1, t2 = p2 + 1;
  feats[n++] = fh(T.TAG_M1, t1);
  feats[n++] = fh(T.TAG_M2, t2);
  feats[n++] = fh(T.TAG_M1_M2, t1 * 32 + t2);
  feats[n++] = fh(T.TAG_M1_NORM, mix(t1, w));
  feats[n++] = fh(T.TAG_M1_AMB, mix(t1, amb));
  feats[n++] = fh(T.TAG_M1_AMB_P1, mix(t1, aP1));
  feats[n++] = fh(T.TAG_M1_SUF3, mix(t1, s3));
  if (lexicon.hasClusters) feats[n++] = fh(T.TAG_M1_CL, mix(t1, cl[r + 2]));
  feats[n++] = fh(T.TAG_M1_BITS, t1 * 512 + (wf.bits[i] | (i === from ? 256 : 0)));
  // Penn Treebank tag class of the word in CoNLL-2003 news (28% of the words EWT train lacks have one):
  // the words to either side, with the case of the word and of its line, and after the previous tag.
  const pt = lexicon.ptb, ptI = pt[lex[i]];
  const cased = (wf.bits[i] & (WordBit.CAPITALIZED | WordBit.ALL_CAPS)) | (i === from ? 4 : 0) | (line << 3);
  feats[n++] = fh(T.PTB, ptI);
  feats[n++] = fh(T.PTB_M1, has(i - 1) ? pt[lex[i - 1]] : SENT[1]);
  feats[n++] = fh(T.PTB_P1, has(i + 1) ? pt[lex[i + 1]] : SENT[2]);
  feats[n++] = fh(T.PTB_CASE, mix(ptI, cased));
  feats[n++] = fh(T.PTB_TAG_M1, mix(ptI, t1));
  return n;
}

// ---- Inference by word: the same features, summed in two groups ----
// 29 of the ~46 features of a token read one word only — the token itself or one neighbour at a fixed
// offset (its norm, affixes, shape, ambiguity class, news tag class …). Their weight sums depend on that
// word's form and the offset alone, so they are summed once per form and offset and kept; the rest
// (sentence-start bits, word pairs, the tags just predicted) are hashed per token as before. Integer sums
// in any grouping are the same integers, so the tags are exactly those of tokenFeatures (a test holds
// the two to each other, feature for feature).

/** Offsets −2, −1, 0, +1, +2 of a word relative to the token being tagged, as slots 0..4. */
export const SLOTS = 5;

/** Int16 values per form in the tagger's sums table: SLOTS rows of 17 class sums. */
const FORM_SUMS = SLOTS * 17;

/** Rows of the tagger's (form, previous tag) cache, and int16 values a row: key halves, 17 sums, padding. */
const TAG_CACHE_BITS = 16, TAG_CACHE_ROWS = 1 << TAG_CACHE_BITS, TAG_CACHE_ROW = 20;

/**
 * The features that word j contributes when it stands at `slot` relative to the token being tagged;
 * j < 0: no word there (the sentence ends), so the offset's sentinel values. Slot 2 is the token itself.
 */
export function slotFeatures(wf: WordFeatures, lexicon: TaggerLexicon, lex: Uint32Array, j: number, slot: number, feats: Uint32Array, n = 0): number {
  const cl = lexicon.cluster, clusters = lexicon.hasClusters;
  if (slot === 2) {
    const suffix = wf.suffix, r = lex[j] * NP;
    feats[n++] = fh(T.BIAS, 0);
    feats[n++] = fh(T.NORM, wf.norm[j]);
    feats[n++] = fh(T.FORM, wf.form[j]);
    for (let k = 0; k < AFFIXES; k++) {
      feats[n++] = fh(T.SUFFIX + k, suffix[j * AFFIXES + k]);
      feats[n++] = fh(T.PREFIX + k, wf.prefix[j * AFFIXES + k]);
    }
    feats[n++] = fh(T.SHAPE, wf.shape[j]);
    feats[n++] = fh(T.AMB, ambiguityOf(lexicon.packed[lex[j]]));
    if (clusters) for (let k = 0; k < NP; k++) feats[n++] = fh(T.CLUSTER + k * 256, cl[r + k]);
    feats[n++] = fh(T.PTB, lexicon.ptb[lex[j]]);
    return n;
  }
  const there = j >= 0;
  const sent = SENT[slot < 2 ? slot : slot - 1];
  const norm = there ? wf.norm[j] : sent, suf3 = there ? wf.suffix[j * AFFIXES + 2] : sent;
  if (slot === 0) {
    feats[n++] = fh(T.NORM_M2, norm);
    feats[n++] = fh(T.SUF3_M2, suf3);
  } else if (slot === 1) {
    feats[n++] = fh(T.NORM_M1, norm);
    feats[n++] = fh(T.SUF3_M1, suf3);
    feats[n++] = fh(T.SHAPE_M1, there ? wf.shape[j] : sent);
    if (clusters) feats[n++] = fh(T.CL_M1, there ? cl[lex[j] * NP + 1] : sent);
    feats[n++] = fh(T.PTB_M1, there ? lexicon.ptb[lex[j]] : sent);
  } else if (slot === 3) {
    feats[n++] = fh(T.BITS_P1, there ? wf.bits[j] : sent);
    feats[n++] = fh(T.NORM_P1, norm);
    feats[n++] = fh(T.SUF3_P1, suf3);
    feats[n++] = fh(T.SHAPE_P1, there ? wf.shape[j] : sent);
    feats[n++] = fh(T.AMB_P1, there ? ambiguityOf(lexicon.packed[lex[j]]) | 0x40000 : sent);
    if (clusters) feats[n++] = fh(T.CL_P1, there ? cl[lex[j] * NP + 1] : sent);
    feats[n++] = fh(T.PTB_P1, there ? lexicon.ptb[lex[j]] : sent);
  } else {
    feats[n++] = fh(T.NORM_P2, norm);
    feats[n++] = fh(T.SUF3_P2, suf3);
    feats[n++] = fh(T.AMB_P2, there ? ambiguityOf(lexicon.packed[lex[j]]) | 0x40000 : sent);
    if (clusters) feats[n++] = fh(T.CL_P2, there ? cl[lex[j] * NP + 1] : sent);
  }
  return n;
}

/** The features of token i that slotFeatures leaves out: they read two words, the sentence start or the tags just predicted. */
export function contextFeatures(wf: WordFeatures, lexicon: TaggerLexicon, lex: Uint32Array, i: number, from: number, to: number, p1: number, p2: number, feats: Uint32Array, line = 0): number {
  const n = pairFeatures(wf, lexicon, lex, i, from, to, p1, p2, feats, line);
  return tagFormFeatures(wf, lexicon, lex, i, p1 + 1, feats, n);
}

/**
 * The contextFeatures that read the token's form and the tag just predicted (t1 = that tag + 1, 0 at the
 * sentence start) and nothing else, so their sums can be kept per form and tag.
 */
export function tagFormFeatures(wf: WordFeatures, lexicon: TaggerLexicon, lex: Uint32Array, i: number, t1: number, feats: Uint32Array, n: number): number {
  const row = lex[i], ptI = lexicon.ptb[row];
  feats[n++] = fh(T.TAG_M1_NORM, mix(t1, wf.norm[i]));
  feats[n++] = fh(T.TAG_M1_AMB, mix(t1, ambiguityOf(lexicon.packed[row])));
  feats[n++] = fh(T.TAG_M1_SUF3, mix(t1, wf.suffix[i * AFFIXES + 2]));
  if (lexicon.hasClusters) feats[n++] = fh(T.TAG_M1_CL, mix(t1, lexicon.cluster[row * NP + 2]));
  feats[n++] = fh(T.PTB_TAG_M1, mix(ptI, t1));
  return n;
}

/** The rest of contextFeatures: two words, the sentence start, the line, the tags just predicted with something besides the form. */
export function pairFeatures(wf: WordFeatures, lexicon: TaggerLexicon, lex: Uint32Array, i: number, from: number, to: number, p1: number, p2: number, feats: Uint32Array, line = 0): number {
  const norm = wf.norm, packed = lexicon.packed;
  const has = (j: number): boolean => j >= from && j < to;
  const nM1 = has(i - 1) ? norm[i - 1] : SENT[1], nP1 = has(i + 1) ? norm[i + 1] : SENT[2];
  const aP1 = has(i + 1) ? ambiguityOf(packed[lex[i + 1]]) | 0x40000 : SENT[2];
  const aP2 = has(i + 2) ? ambiguityOf(packed[lex[i + 2]]) | 0x40000 : SENT[3];
  const w = norm[i], bits = wf.bits[i] | (i === from ? 256 : 0);
  let n = 0;
  feats[n++] = fh(T.BITS, bits);
  feats[n++] = fh(T.BITS_M1, has(i - 1) ? wf.bits[i - 1] | (i - 1 === from ? 256 : 0) : SENT[1]);
  feats[n++] = fh(T.NORM_NORM_P1, mix(w, nP1));
  feats[n++] = fh(T.NORM_M1_NORM, mix(nM1, w));
  feats[n++] = fh(T.AMB_P1_NORM, mix(aP1, w));
  feats[n++] = fh(T.AMB_P1_AMB_P2, mix(aP1, aP2));
  const t1 = p1 + 1, t2 = p2 + 1;
  feats[n++] = fh(T.TAG_M1, t1);
  feats[n++] = fh(T.TAG_M2, t2);
  feats[n++] = fh(T.TAG_M1_M2, t1 * 32 + t2);
  feats[n++] = fh(T.TAG_M1_AMB_P1, mix(t1, aP1));
  feats[n++] = fh(T.TAG_M1_BITS, t1 * 512 + bits);
  const ptI = lexicon.ptb[lex[i]];
  const cased = (wf.bits[i] & (WordBit.CAPITALIZED | WordBit.ALL_CAPS)) | (i === from ? 4 : 0) | (line << 3);
  feats[n++] = fh(T.PTB_CASE, mix(ptI, cased));
  return n;
}

/**
 * Features a second pass adds: the first pass's tags to the RIGHT (and its guess here), which a
 * left-to-right tagger cannot otherwise see ("that" before a clause, "up" before a noun phrase).
 */
export function stackedFeatures(wf: WordFeatures, i: number, from: number, to: number, p1: number, guess: Uint8Array, feats: Uint32Array, n: number): number {
  const g0 = guess[i] + 1;
  const g1 = i + 1 < to ? guess[i + 1] + 1 : 30, g2 = i + 2 < to ? guess[i + 2] + 1 : 31;
  const w = wf.norm[i];
  feats[n++] = fh(S.G0, g0);
  feats[n++] = fh(S.G_P1, g1);
  feats[n++] = fh(S.G_P2, g2);
  feats[n++] = fh(S.G_P1_P2, g1 * 32 + g2);
  feats[n++] = fh(S.G0_NORM, mix(g0, w));
  feats[n++] = fh(S.G_P1_NORM, mix(g1, w));
  feats[n++] = fh(S.TAG_M1_G_P1, (p1 + 1) * 32 + g1);
  feats[n++] = fh(S.G_M1_G0_G_P1, ((i > from ? guess[i - 1] + 1 : 29) * 32 + g0) * 32 + g1);
  return n;
}
const S = { G0: 60, G_P1: 61, G_P2: 62, G_P1_P2: 63, G0_NORM: 64, G_P1_NORM: 65, TAG_M1_G_P1: 66, G_M1_G0_G_P1: 67 } as const;

/** One pass's weights at inference: int8 with a scale per class. */
export interface TaggerPass {
  weights: Int8Array;
  scales: Float32Array;
  mask: number;
}

/** The model at inference: a first left-to-right pass, and a second that also sees the first's tags to the right. */
export class Tagger implements SharesTables {
  readonly nClasses: number;
  readonly first: TaggerPass;
  readonly second: TaggerPass | null;
  readonly lexicon: TaggerLexicon;
  readonly meta: Record<string, unknown>;
  private readonly feats = new Uint32Array(MAX_FEATURES);
  private readonly sums = new Int32Array(32);
  private lex = new Uint32Array(256);
  private guess = new Uint8Array(256);
  /**
   * First pass, by word form (WordFeatures.ids): at (id + 1) × FORM_SUMS the weight sums of the form's
   * slotFeatures at each of the SLOTS offsets (17 int16 a slot: at most 18 int8 weights); at 0 the same
   * sums for "no word here" (the sentence ends; slot 2 unused). `filled` marks the ids summed so far,
   * for the form table's generation `idGeneration`; a new generation empties both.
   */
  private formSumTable = new Int16Array(1024 * FORM_SUMS);
  private filled = new Uint8Array(1024);
  /** Per form id: its lexicon row + 1 (0 = not looked up yet). */
  private rowOfId = new Int32Array(1024);
  private idGeneration = -1;
  private slotAt = new Int32Array(256);
  /** The sentence being tagged has form ids (formTablesFor), so decodeByForm may serve it. */
  private byForm = false;
  /**
   * The weight sums of tagFormFeatures by (form id, tag just predicted), direct-mapped: TAG_CACHE_ROWS rows
   * of the key ((id + 1) × 32 + t1, in two int16 halves; 0 = empty) and 17 sums. A word's context
   * features that read its form and the previous tag cost one row where they cost four weight rows.
   */
  private tagFormCache = new Int16Array(TAG_CACHE_ROWS * TAG_CACHE_ROW);
  /** Scores through tokenFeatures alone (the training path's features), for tests of the fast path. */
  reference = false;

  constructor(first: TaggerPass, second: TaggerPass | null, lexicon: TaggerLexicon, meta: Record<string, unknown>) {
    this.nClasses = first.scales.length;
    this.first = first;
    this.second = second;
    this.lexicon = lexicon;
    this.meta = meta;
  }

  sharedTables(): TableSet {
    const t: TableSet = { first: this.first.weights };
    if (this.second) t.second = this.second.weights;
    return t;
  }

  adoptTables(tables: TableSet): void {
    this.first.weights = sameShape('tagger', 'first', this.first.weights, tables.first)!;
    if (this.second) this.second.weights = sameShape('tagger', 'second', this.second.weights, tables.second)!;
    this.idGeneration = -1;
  }

  /**
   * Empties the per-form tables when wf's form ids are of another generation, and grows them to the largest
   * id of tokens [from, to). False when a token has no id (see FORM_ID_LIMIT): then no table is used.
   */
  private formTablesFor(wf: WordFeatures, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (wf.ids[i] < 0) return false;
    if (wf.generation !== this.idGeneration) {
      this.idGeneration = wf.generation;
      this.filled.fill(0);
      this.tagFormCache.fill(0);
      this.rowOfId.fill(0);
    }
    let top = 0;
    for (let i = from; i < to; i++) if (wf.ids[i] > top) top = wf.ids[i];
    if (top + 2 > this.filled.length) {
      const cap = Math.max(top + 2, this.filled.length * 2);
      const sums = new Int16Array(cap * FORM_SUMS); sums.set(this.formSumTable); this.formSumTable = sums;
      const filled = new Uint8Array(cap); filled.set(this.filled); this.filled = filled;
      const rows = new Int32Array(cap); rows.set(this.rowOfId); this.rowOfId = rows;
    }
    return true;
  }

  /** Tags every sentence [sentStart[s], sentEnd[s]) of a document into out (UPOS indices). */
  tagDocument(wf: WordFeatures, sentStart: Int32Array, sentEnd: Int32Array, count: number, out: Uint8Array): void {
    if (this.lex.length < wf.count) this.lex = new Uint32Array(wf.count * 2);
    if (!this.formTablesFor(wf, 0, wf.count)) {
      const lex = lexiconEntries(wf, this.lexicon, this.lex);
      for (let s = 0; s < count; s++) this.tagRange(wf, lex, sentStart[s], sentEnd[s], out);
      return;
    }
    // Lexicon rows by form id: one array read per token once the form has been looked up.
    const lex = this.lex, ids = wf.ids, rowOfId = this.rowOfId, rows = this.lexicon.rows;
    for (let i = 0; i < wf.count; i++) {
      const id = ids[i];
      let r = rowOfId[id];
      if (r === 0) r = rowOfId[id] = (rows.get(wf.norm[i]) ?? 0) + 1;
      lex[i] = r - 1;
    }
    for (let s = 0; s < count; s++) this.tagRange(wf, lex, sentStart[s], sentEnd[s], out);
  }

  /** Tags one sentence [from, to); lex = lexiconEntries of the document. */
  tagRange(wf: WordFeatures, lex: Uint32Array, from: number, to: number, out: Uint8Array): void {
    this.byForm = this.formTablesFor(wf, from, to);
    if (!this.second) { this.decode(this.first, wf, lex, from, to, null, out); return; }
    if (this.guess.length < to) { const g = new Uint8Array(to * 2); this.guess = g; }
    this.decode(this.first, wf, lex, from, to, null, this.guess);
    this.decode(this.second, wf, lex, from, to, this.guess, out);
  }

  /** Sums of pass weights over the features in feats[0, n) into out[at + slot × 17 …] (17 classes). */
  private sumInto(w: Int8Array, mask: number, n: number, out: Int16Array, at: number, slot: number): void {
    const feats = this.feats, base = at + slot * 17;
    for (let c = 0; c < 17; c++) {
      let v = 0;
      for (let f = 0; f < n; f++) v += w[(feats[f] & mask) * 17 + c];
      out[base + c] = v;
    }
  }

  /** Where in formSumTable the slot sums of token j's form start (summed on first use), or those of the sentence edge for j < 0. */
  private formSums(pass: TaggerPass, wf: WordFeatures, lex: Uint32Array, j: number): number {
    const key = j < 0 ? 0 : wf.ids[j] + 1, at = key * FORM_SUMS;
    if (this.filled[key]) return at;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (j < 0 && slot === 2) continue;
      this.sumInto(pass.weights, pass.mask, slotFeatures(wf, this.lexicon, lex, j, slot, this.feats), this.formSumTable, at, slot);
    }
    this.filled[key] = 1;
    return at;
  }

  /**
   * decode's first pass for UPOS: the word sums from formSums, the (word, previous tag) sums from the
   * tagFormCache, and only pairFeatures hashed per token.
   */
  private decodeByForm(pass: TaggerPass, wf: WordFeatures, lex: Uint32Array, from: number, to: number, out: Uint8Array): void {
    const w = pass.weights, mask = pass.mask, scales = pass.scales, feats = this.feats, sums = this.sums, packed = this.lexicon.packed;
    const n = to - from;
    if (this.slotAt.length < n) this.slotAt = new Int32Array(n * 2);
    const at = this.slotAt;
    for (let i = from; i < to; i++) at[i - from] = this.formSums(pass, wf, lex, i);
    const edge = this.formSums(pass, wf, lex, -1), t = this.formSumTable;
    let p1 = -1, p2 = -1;
    const line = lineKind(wf, from, to);
    for (let i = from; i < to; i++) {
      let tag = dictTagOf(packed[lex[i]]);
      if (tag < 0) {
        const m2 = i - 2 >= from ? at[i - 2 - from] : edge, m1 = i - 1 >= from ? at[i - 1 - from] : edge, me = at[i - from];
        const q1 = i + 1 < to ? at[i + 1 - from] : edge, q2 = i + 2 < to ? at[i + 2 - from] : edge;
        const tc = this.tagFormCache, key = (wf.ids[i] + 1) * 32 + p1 + 1;
        const row = (Math.imul(key, 0x9e3779b1) >>> (32 - TAG_CACHE_BITS)) * TAG_CACHE_ROW;
        if ((tc[row] & 0xffff) !== (key & 0xffff) || tc[row + 1] !== key >>> 16) {
          this.sumInto(w, mask, tagFormFeatures(wf, this.lexicon, lex, i, p1 + 1, feats, 0), tc, row + 2, 0);
          tc[row] = key; tc[row + 1] = key >>> 16;
        }
        for (let c = 0; c < 17; c++) sums[c] = t[m2 + c] + t[m1 + 17 + c] + t[me + 34 + c] + t[q1 + 51 + c] + t[q2 + 68 + c] + tc[row + 2 + c];
        const k = pairFeatures(wf, this.lexicon, lex, i, from, to, p1, p2, feats, line);
        let s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3], s4 = sums[4], s5 = sums[5], s6 = sums[6], s7 = sums[7], s8 = sums[8];
        let s9 = sums[9], s10 = sums[10], s11 = sums[11], s12 = sums[12], s13 = sums[13], s14 = sums[14], s15 = sums[15], s16 = sums[16];
        for (let f = 0; f < k; f++) {
          const b = (feats[f] & mask) * 17;
          s0 += w[b]; s1 += w[b + 1]; s2 += w[b + 2]; s3 += w[b + 3]; s4 += w[b + 4]; s5 += w[b + 5]; s6 += w[b + 6]; s7 += w[b + 7]; s8 += w[b + 8];
          s9 += w[b + 9]; s10 += w[b + 10]; s11 += w[b + 11]; s12 += w[b + 12]; s13 += w[b + 13]; s14 += w[b + 14]; s15 += w[b + 15]; s16 += w[b + 16];
        }
        sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7; sums[8] = s8;
        sums[9] = s9; sums[10] = s10; sums[11] = s11; sums[12] = s12; sums[13] = s13; sums[14] = s14; sums[15] = s15; sums[16] = s16;
        let best = 0, bestScore = -Infinity;
        for (let c = 0; c < 17; c++) {
          const v = sums[c] * scales[c];
          if (v > bestScore) { bestScore = v; best = c; }
        }
        tag = best;
      }
      out[i] = tag;
      p2 = p1; p1 = tag;
    }
  }

  private decode(pass: TaggerPass, wf: WordFeatures, lex: Uint32Array, from: number, to: number, guess: Uint8Array | null, out: Uint8Array): void {
    if (this.nClasses === 17 && !guess && pass === this.first && !this.reference && this.byForm) { this.decodeByForm(pass, wf, lex, from, to, out); return; }
    const C = this.nClasses, w = pass.weights, mask = pass.mask, scales = pass.scales, feats = this.feats, sums = this.sums;
    const lexicon = this.lexicon, packed = lexicon.packed;
    let p1 = -1, p2 = -1;
    const line = lineKind(wf, from, to);
    for (let i = from; i < to; i++) {
      let tag = dictTagOf(packed[lex[i]]);
      if (tag < 0) {
        let n = tokenFeatures(wf, lexicon, lex, i, from, to, p1, p2, feats, line);
        if (guess) n = stackedFeatures(wf, i, from, to, p1, guess, feats, n);
        if (C === 17) {
          // UPOS has 17 tags: sums kept in locals (registers), not memory — the hot loop of the tagger.
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0;
          for (let f = 0; f < n; f++) {
            const b = (feats[f] & mask) * 17;
            s0 += w[b + 0];
            s1 += w[b + 1];
            s2 += w[b + 2];
            s3 += w[b + 3];
            s4 += w[b + 4];
            s5 += w[b + 5];
            s6 += w[b + 6];
            s7 += w[b + 7];
            s8 += w[b + 8];
            s9 += w[b + 9];
            s10 += w[b + 10];
            s11 += w[b + 11];
            s12 += w[b + 12];
            s13 += w[b + 13];
            s14 += w[b + 14];
            s15 += w[b + 15];
            s16 += w[b + 16];
          }
          sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7; sums[8] = s8; sums[9] = s9; sums[10] = s10; sums[11] = s11; sums[12] = s12; sums[13] = s13; sums[14] = s14; sums[15] = s15; sums[16] = s16;
        } else {
          sums.fill(0, 0, C);
          for (let f = 0; f < n; f++) {
            const base = (feats[f] & mask) * C;
            for (let c = 0; c < C; c++) sums[c] += w[base + c];
          }
        }
        let best = 0, bestScore = -Infinity;
        for (let c = 0; c < C; c++) {
          const v = sums[c] * scales[c];
          if (v > bestScore) { bestScore = v; best = c; }
        }
        tag = best;
      }
      out[i] = tag;
      p2 = p1; p1 = tag;
    }
  }
}

// ---- file: "DSTG", u32 version, u32 length of each pass (0 = no second pass), the passes (perceptron.ts
// format), then the lexicon deflated: one "norm \t ambiguity \t dictionary tag \t cluster path \t PTB class"
// line per word.

const MAGIC = 0x47545344; // 'DSTG'
const VERSION = 3;

export function saveTagger(first: Perceptron, second: Perceptron | null, lexicon: TaggerLexicon, meta: Record<string, unknown>): Buffer {
  const p1 = savePerceptron(first, { ...meta, features: TAGGER_FEATURES_VERSION, pass: 1 });
  const p2 = second ? savePerceptron(second, { features: TAGGER_FEATURES_VERSION, pass: 2 }) : Buffer.alloc(0);
  const lines: string[] = [];
  for (const [w, e] of [...lexicon.words].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) lines.push(`${w}\t${ambiguityOf(e.packed)}\t${dictTagOf(e.packed)}\t${e.path}\t${e.ptb ?? ''}`);
  const lex = deflateSync(Buffer.from(lines.join('\n'), 'utf8'), { level: 9 });
  const pre = Buffer.alloc(16);
  pre.writeUInt32LE(MAGIC, 0); pre.writeUInt32LE(VERSION, 4); pre.writeUInt32LE(p1.length, 8); pre.writeUInt32LE(p2.length, 12);
  return Buffer.concat([pre, p1, p2, lex]);
}

export function loadTagger(buf: Buffer): Tagger {
  if (buf.length < 16 || buf.readUInt32LE(0) !== MAGIC) throw new DossierError('DOSSIER_DATA_MISSING', 'The tagger file is not a Dossier tagger (bad magic number); rebuild it with npm run train -- tagger.');
  if (buf.readUInt32LE(4) !== VERSION) throw new DossierError('DOSSIER_DATA_MISSING', `The tagger file has format version ${buf.readUInt32LE(4)}; this Dossier reads version ${VERSION}.`);
  const len1 = buf.readUInt32LE(8), len2 = buf.readUInt32LE(12);
  const one = loadPerceptron(buf.subarray(16, 16 + len1), 'tagger');
  const two = len2 > 0 ? loadPerceptron(buf.subarray(16 + len1, 16 + len1 + len2), 'tagger') : null;
  if (one.header.meta.features !== TAGGER_FEATURES_VERSION) throw new DossierError('DOSSIER_DATA_MISSING', 'The tagger file was trained with other feature templates; rebuild it with npm run train -- tagger.');
  const words = new Map<string, LexiconWord>();
  const text = inflateSync(buf.subarray(16 + len1 + len2)).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [w, a, d, p, t] = line.split('\t');
    words.set(w, { packed: packLexEntry(Number(a), Number(d)), path: p ?? '', ...(t ? { ptb: t } : {}) });
  }
  return new Tagger(toPass(one.model, one.header), two ? toPass(two.model, two.header) : null, createLexicon(words), one.header.meta);
}

/** Int8 weights from a quantised perceptron (exact), or quantised here from a float one (training, tests). */
export function toPass(model: Perceptron, header: Pick<SavedModelHeader, 'quantised' | 'scales'> | null): TaggerPass {
  const C = model.nClasses, w = model.weights;
  let scales: number[];
  if (header?.quantised && header.scales) scales = header.scales;
  else {
    scales = [];
    for (let c = 0; c < C; c++) {
      let max = 0;
      for (let i = c; i < w.length; i += C) { const v = Math.abs(w[i]); if (v > max) max = v; }
      scales.push(max > 0 ? max / 127 : 1);
    }
  }
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i] / scales[i % C])));
  return { weights: q, scales: Float32Array.from(scales), mask: model.buckets - 1 };
}

/** A tagger from trained (float) passes, quantised as the saved file will be. */
export function taggerFrom(first: Perceptron, second: Perceptron | null, lexicon: TaggerLexicon, meta: Record<string, unknown> = {}): Tagger {
  return new Tagger(toPass(first, null), second ? toPass(second, null) : null, lexicon, meta);
}
