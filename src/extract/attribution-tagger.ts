// The learned who-said-what pass: every token of a paragraph gets one of seven roles (O, B/I-source,
// B/I-cue, B/I-content) from a first-order structured perceptron (hashed features, Viterbi), trained on
// PolNeAR (src/train/train-attribution.ts, models/attribution.bin). The tagged spans are then grouped
// into attributions: each content piece and each source goes to the nearest cue.
//
// Features are numbers combined with hashPair, read from flat per-token arrays made once per document:
// the word and its neighbours, part of speech, the word clusters of the word and its lemma (so a
// reporting verb seldom seen in training is scored like the ones it shares a class with), the dependency
// relation that links the token to the nearest cue-lexicon word above it in the tree (nsubj → source,
// ccomp → content), quotation state, and what the rule pass (find-attributions.ts) already found there,
// so the model learns where to trust the rules and what they miss.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AttributionKind, Span } from '../contract.js';
import type { Doc, DocAttribution } from '../doc.js';
import { CLASS_GRANULARITIES, CLUSTER_PREFIXES, loadClusters, type Clusters } from '../models/clusters.js';
import { hashPair, hashString, loadPerceptron, Perceptron, savePerceptron } from '../models/perceptron.js';
import { docWordFeatures, normalizeWord } from '../models/word-features.js';
import { sameShape, type SharesTables, type TableSet } from '../models/shared-tables.js';
import { DEPREL_INDEX, NER_TAGS, UPOS_INDEX } from '../tagsets.js';
import { TokenFlag, TokenKind, tokenAtOrAfter, type Tokens } from '../text/tokens.js';
import type { CueEntry, CueLexicon } from './cue-lexicon.js';

export const ROLE_LABELS = ['O', 'B-source', 'I-source', 'B-cue', 'I-cue', 'B-content', 'I-content'];
const L = ROLE_LABELS.length;
const START = L; // the previous-label value before a sequence's first token
export const FEATURE_VERSION = 6;
/** Most features one token can have. */
export const MAX_FEATURES = 64;
/** The second pass's window stops past this many other cues on either side (1 tags a third more tokens for no gain on dev). */
const CUE_CUT = 0;

/** The layers of a Doc the tagger reads (all made before findAttributions). */
export type TaggerDoc = Pick<Doc, 'text' | 'tokens' | 'sentences' | 'paragraphs' | 'headlines' | 'quotes' | 'upos' | 'lemmas' | 'head' | 'deprel' | 'ner' | 'attributions'>;

const CLASS_ID: Record<string, number> = { speech: 1, thought: 2, according: 3, other: 4 };
const AUX = UPOS_INDEX.get('AUX')!, VERB = UPOS_INDEX.get('VERB')!, NOUN = UPOS_INDEX.get('NOUN')!, PROPN = UPOS_INDEX.get('PROPN')!, PRON = UPOS_INDEX.get('PRON')!;
const REL = (name: string): number => DEPREL_INDEX.get(name)!;
const NSUBJ = REL('nsubj'), NSUBJ_PASS = REL('nsubj:pass'), CCOMP = REL('ccomp'), XCOMP = REL('xcomp'), OBJ = REL('obj'), MARK = REL('mark'), PARATAXIS = REL('parataxis'), OBL = REL('obl'), ADVCL = REL('advcl'), CASE = REL('case');
void NER_TAGS;

/** Per-token arrays the feature templates read; built once per document. */
export interface TaggerInput {
  n: number;
  word: Uint32Array;
  lemma: Uint32Array;
  suffix: Uint32Array;
  shape: Uint32Array;
  upos: Uint8Array;
  deprel: Uint8Array;
  head: Int32Array;
  /** Cue-lexicon class of the token's lemma or form (CLASS_ID), 0 when none. */
  cueClass: Uint8Array;
  /** 0 outside quotes, 1 inside, 2 an opening mark, 3 a closing mark. */
  quote: Uint8Array;
  /** The relation under the nearest cue-lexicon ancestor on the path up the tree (deprel index + 1; 0 none; 255 the token is one). */
  ancRel: Uint8Array;
  ancDepth: Uint8Array;
  ancLemma: Uint32Array;
  /** The node right under that cue on the path (the root of the nsubj / ccomp subtree holding the token), -1 none. */
  ancChild: Int32Array;
  /** Where each node's subtree begins and ends (token indices, inclusive). */
  lo: Int32Array;
  hi: Int32Array;
  /** Children bits: 1 nsubj, 2 ccomp, 4 xcomp, 8 obj, 16 mark 'that'-like, 32 parataxis. */
  kids: Uint8Array;
  /** The rule pass's role for the token (a ROLE_LABELS index). */
  rule: Uint8Array;
  /**
   * Word clusters (models/clusters*.tsv.gz), hashed, three per token: the word's path prefix of 6 bits, its lemma's
   * exchange classes of 256 and of 1024 (0: the word has none).
   */
  clus: Uint32Array;
  ner: Uint8Array;
  /** 1 sentence start, 2 sentence end, 4 paragraph start, 8 headline, 16 paragraph end. */
  pos: Uint8Array;
  /** Distance buckets to the nearest cue-lexicon word left / right in the sentence. */
  cueLeft: Uint8Array;
  cueRight: Uint8Array;
  /** Paragraphs (cut at 400 tokens) as token ranges paraStart[k] .. paraEnd[k]: the role pass's windows. */
  paraStart: Int32Array;
  paraEnd: Int32Array;
  /**
   * The cue pass's sequences: paragraphs less the inside of quotations (a quarter of the tokens; 1 % of PolNeAR
   * dev cues start there, and the marks themselves stay, so "…," he said keeps its context).
   */
  seqStart: Int32Array;
  seqEnd: Int32Array;
  /** Sentence index of each token. */
  sent: Int32Array;
  /** Every upos and deprel value is one the fast path's joint tables have room for (else the feature lists score x). */
  fits: boolean;
  /** Scratch for cueContext: distance up from the cue's head, valid where upStamp equals the current stamp. */
  up: Int32Array;
  upStamp: Int32Array;
  stamp: number;
}

// Cue-lexicon class by lemma and by written form, cached per lexicon (bounded: a server reads unbounded vocabulary).
const classCache = new WeakMap<CueLexicon, { lemma: Map<string, number>; form: Map<string, number> }>();
function cueClassOf(lex: CueLexicon, lemma: string, lower: string): number {
  let m = classCache.get(lex);
  if (!m || m.lemma.size + m.form.size > 200_000) { m = { lemma: new Map(), form: new Map() }; classCache.set(lex, m); }
  let c = m.lemma.get(lemma);
  if (c === undefined) { const e = lex.entries.get(lemma); c = e && e.lemma !== ':' ? CLASS_ID[e.class] ?? 4 : 0; m.lemma.set(lemma, c); }
  if (c) return c;
  c = m.form.get(lower);
  if (c === undefined) { const e = cueEntryOf(lex, undefined, lower); c = e ? CLASS_ID[e.class] ?? 4 : 0; m.form.set(lower, c); }
  return c;
}

// A bit per hashString(key) & FILTER_MASK of every lexicon lemma and one-word form: a token whose lemma and
// norm both hit a clear bit has no entry, so cueClassOf (two string-keyed Map reads) runs for few tokens.
const FILTER_MASK = (1 << 18) - 1;
const H_ACCORDING = hashString('according');
const filterCache = new WeakMap<CueLexicon, Uint8Array>();
function cueFilter(lex: CueLexicon): Uint8Array {
  let bits = filterCache.get(lex);
  if (bits) return bits;
  bits = new Uint8Array((FILTER_MASK + 1) >>> 3);
  const set = (key: string): void => { const h = hashString(key) & FILTER_MASK; bits![h >>> 3] |= 1 << (h & 7); };
  for (const key of lex.entries.keys()) set(key);
  for (const key of lex.forms.keys()) set(key);
  filterCache.set(lex, bits);
  return bits;
}

// The same filter for the one-word keys of lex.forms whose first form goes on with more words ("pointed" of
// "pointed out"): the only tokens buildInput's multi-word pass reads further, a few in a hundred.
const phraseFilterCache = new WeakMap<CueLexicon, Uint8Array>();
function phraseFilter(lex: CueLexicon): Uint8Array {
  let bits = phraseFilterCache.get(lex);
  if (bits) return bits;
  bits = new Uint8Array((FILTER_MASK + 1) >>> 3);
  for (const [key, forms] of lex.forms) {
    if (!forms.length || !forms[0].rest.length) continue;
    const h = hashString(key) & FILTER_MASK;
    bits[h >>> 3] |= 1 << (h & 7);
  }
  phraseFilterCache.set(lex, bits);
  return bits;
}

/** The cue-lexicon entry of a token, by lemma, then by written form. */
export function cueEntryOf(lex: CueLexicon, lemma: string | undefined, lower: string): CueEntry | null {
  if (lemma) { const e = lex.entries.get(lemma); if (e && e.lemma !== ':') return e; }
  const forms = lex.forms.get(lower);
  if (forms) for (const f of forms) if (f.rest.length === 0) return f.entry;
  return null;
}

/**
 * The clusters' rows by the hash of each word as written (how TaggerInput.lemma keys a lemma) and of its normalised
 * form (how WordFeatures.norm keys a token), in an open-addressing table built once per Clusters.
 */
interface ClusterTable { /** key, row per slot (row -1: empty) */ slots: Int32Array; mask: number }
const clusterTables = new WeakMap<Clusters, ClusterTable>();
function clusterTable(c: Clusters): ClusterTable {
  let t = clusterTables.get(c);
  if (t) return t;
  let size = 1024;
  while (size < 2 * c.size) size <<= 1;
  const slots = new Int32Array(2 * size).fill(-1), mask = size - 1;
  const put = (h: number, row: number): void => {
    let k = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
    while (slots[2 * k + 1] >= 0 && slots[2 * k] !== (h | 0)) k = (k + 1) & mask;
    if (slots[2 * k + 1] < 0) { slots[2 * k] = h; slots[2 * k + 1] = row; }
  };
  for (const [word, row] of c.index) put(hashString(word), row);
  for (const [word, row] of c.index) put(hashString(normalizeWord(word)), row);
  t = { slots, mask };
  clusterTables.set(c, t);
  return t;
}
function clusterRow(t: ClusterTable, h: number): number {
  const slots = t.slots, key = h | 0;
  for (let k = (Math.imul(h, 0x9e3779b1) >>> 0) & t.mask; slots[2 * k + 1] >= 0; k = (k + 1) & t.mask) if (slots[2 * k] === key) return slots[2 * k + 1];
  return -1;
}

// The cluster row of each form's norm by form id (WordFeatures.ids), row + 2 (0: not yet looked up, 1: none), for one
// generation of ids: the table is megabytes read at random, a form's row is the same in every document.
const normRows = new WeakMap<Clusters, { generation: number; rows: Int32Array }>();
function normRowsOf(c: Clusters, generation: number): Int32Array {
  let m = normRows.get(c);
  if (!m) { m = { generation, rows: new Int32Array(1024) }; normRows.set(c, m); }
  if (m.generation !== generation) { m.generation = generation; m.rows.fill(0); }
  return m.rows;
}

const bucket = (d: number): number => (d <= 0 ? 0 : d <= 3 ? d : d <= 6 ? 4 : d <= 10 ? 5 : 6);

export function buildInput(doc: TaggerDoc, lex: CueLexicon, clusters: Clusters | null): TaggerInput {
  const t = doc.tokens, n = t.count, text = doc.text;
  const wf = docWordFeatures(doc as Doc);
  const word = wf.norm;
  const shape = wf.shape;
  const suffix = new Uint32Array(n);
  for (let i = 0; i < n; i++) suffix[i] = wf.suffix[i * 4 + 2];
  const lemma = new Uint32Array(n);
  const hasTags = doc.upos.length === n;
  const upos = hasTags ? doc.upos : new Uint8Array(n);
  const hasTree = doc.head.length === n;
  const head = hasTree ? doc.head : new Int32Array(n).fill(-1);
  const deprel = hasTree ? doc.deprel : new Uint8Array(n);
  const cueClass = new Uint8Array(n);
  const maybe = cueFilter(lex);
  for (let i = 0; i < n; i++) {
    const lm = hasTags ? doc.lemmas[i] : wf.norms[i];
    // most lemmas are the norm itself, whose hash wf.norm holds
    const hl = (lemma[i] = lm === wf.norms[i] ? wf.norm[i] : hashString(lm));
    // wf.norm is hashString of the norm: a token whose lemma and norm hashes are both off the filter has no entry
    if (maybe[(hl & FILTER_MASK) >>> 3] & (1 << (hl & 7)) || maybe[(wf.norm[i] & FILTER_MASK) >>> 3] & (1 << (wf.norm[i] & 7))) cueClass[i] = cueClassOf(lex, lm, wf.norms[i]);
    if (cueClass[i]) continue;
    if (wf.norm[i] === H_ACCORDING && wf.norms[i] === 'according' && i + 1 < n && wf.norms[i + 1] === 'to') cueClass[i] = 3;
  }
  // the words of a multi-word form ("pointed out", "talked about") take its class where the whole form is written
  const phrase = phraseFilter(lex);
  for (let i = 0; i + 1 < n; i++) {
    const h = wf.norm[i];
    if (!(phrase[(h & FILTER_MASK) >>> 3] & (1 << (h & 7)))) continue;
    const forms = lex.forms.get(wf.norms[i]);
    if (!forms || !forms[0].rest.length) continue;
    for (const f of forms) {
      const r = f.rest;
      if (!r.length || i + r.length >= n) continue;
      let k = 0;
      while (k < r.length && wf.norms[i + 1 + k] === r[k]) k++;
      if (k < r.length) continue;
      const c = CLASS_ID[f.entry.class] ?? 4;
      for (let j = i; j <= i + r.length; j++) if (!cueClass[j]) cueClass[j] = c;
      break;
    }
  }
  const clus = new Uint32Array(n * 3);
  if (clusters) {
    const ph = clusters.prefixHashes, ch = clusters.classHashes, table = clusterTable(clusters);
    let rows = normRowsOf(clusters, wf.generation);
    for (let i = 0; i < n; i++) {
      const id = wf.ids[i];
      let r: number;
      if (id < 0) r = clusterRow(table, wf.norm[i]);
      else {
        if (id >= rows.length) { const grown = new Int32Array(Math.max(2 * rows.length, id + 1)); grown.set(rows); rows = normRows.get(clusters)!.rows = grown; }
        const kept = rows[id];
        if (kept === 0) { r = clusterRow(table, wf.norm[i]); rows[id] = r + 2; } else r = kept - 2;
      }
      if (r >= 0) clus[i * 3] = ph[r * CLUSTER_PREFIXES.length + 1];
      if (!ch) continue;
      // a lemma as written ("say"; "Trump" finds no class, its word does): most are the norm itself
      const q = lemma[i] === wf.norm[i] ? r : clusterRow(table, lemma[i]);
      if (q >= 0) { clus[i * 3 + 1] = ch[q * CLASS_GRANULARITIES.length + 1]; clus[i * 3 + 2] = ch[q * CLASS_GRANULARITIES.length + 2]; }
    }
  }
  const quote = new Uint8Array(n);
  {
    let q = 0;
    const qs = doc.quotes;
    for (let i = 0; i < n; i++) {
      while (q < qs.length && qs[q].end <= t.start[i]) q++;
      if (q < qs.length && qs[q].start <= t.start[i]) quote[i] = t.start[i] === qs[q].start ? 2 : t.end[i] === qs[q].end ? 3 : 1;
    }
  }
  const kids = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const h = head[i];
    if (h < 0) continue;
    const r = deprel[i];
    kids[h] |= r === NSUBJ || r === NSUBJ_PASS ? 1 : r === CCOMP ? 2 : r === XCOMP ? 4 : r === OBJ ? 8 : r === MARK ? 16 : r === PARATAXIS ? 32 : 0;
  }
  const ancRel = new Uint8Array(n), ancDepth = new Uint8Array(n), ancLemma = new Uint32Array(n), ancChild = new Int32Array(n).fill(-1);
  const lo = new Int32Array(n), hi = new Int32Array(n);
  for (let i = 0; i < n; i++) { lo[i] = i; hi[i] = i; }
  for (let i = 0; i < n; i++) {
    let j = i, found = cueClass[i] !== 0;
    if (found) ancRel[i] = 255;
    for (let d = 1; d <= 40; d++) {
      const h = head[j];
      if (h < 0) break;
      if (lo[h] > i) lo[h] = i;
      if (hi[h] < i) hi[h] = i;
      if (!found && cueClass[h] && (upos[h] === VERB || upos[h] === NOUN || cueClass[h] === 3)) {
        ancRel[i] = deprel[j] + 1; ancDepth[i] = d; ancLemma[i] = lemma[h]; ancChild[i] = j;
        found = true;
      }
      j = h;
    }
  }
  const rule = new Uint8Array(n);
  const mark = (sp: Span, b: number): void => {
    let first = true;
    for (let i = tokenAtOrAfter(t, sp.start); i < n && t.start[i] < sp.end; i++) { rule[i] = first ? b : b + 1; first = false; }
  };
  for (const a of doc.attributions) {
    if (a.source) mark(a.source, 1);
    mark(a.cue, 3);
    for (const c of a.content) mark(c, 5);
  }
  const ner = doc.ner.length === n ? doc.ner : new Uint8Array(n);
  const pos = new Uint8Array(n);
  const sent = new Int32Array(n);
  const s = doc.sentences;
  for (let k = 0; k < s.count; k++) {
    pos[s.tokenStart[k]] |= 1;
    if (s.tokenEnd[k] > s.tokenStart[k]) pos[s.tokenEnd[k] - 1] |= 2;
    sent.fill(k, s.tokenStart[k], s.tokenEnd[k]);
  }
  for (let i = 0; i < n; i++) if (i === 0 || t.flags[i] & TokenFlag.PARAGRAPH_BEFORE) { pos[i] |= 4; if (i > 0) pos[i - 1] |= 16; }
  if (n) pos[n - 1] |= 16;
  for (const h of doc.headlines) for (let i = tokenAtOrAfter(t, h.start); i < n && t.start[i] < h.end; i++) pos[i] |= 8;
  const cueLeft = new Uint8Array(n), cueRight = new Uint8Array(n);
  for (let k = 0; k < s.count; k++) {
    let last = -1;
    for (let i = s.tokenStart[k]; i < s.tokenEnd[k]; i++) { cueLeft[i] = last < 0 ? 7 : bucket(i - last); if (cueClass[i] && upos[i] === VERB) last = i; }
    last = -1;
    for (let i = s.tokenEnd[k] - 1; i >= s.tokenStart[k]; i--) { cueRight[i] = last < 0 ? 7 : bucket(last - i); if (cueClass[i] && upos[i] === VERB) last = i; }
  }
  // sequences: paragraphs, cut into pieces of at most 400 tokens at sentence ends
  const starts: number[] = [], ends: number[] = [];
  let a = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || pos[i] & 4 || (i - a >= 400 && pos[i] & 1)) { if (i > a) { starts.push(a); ends.push(i); } a = i; }
  }
  const segStarts: number[] = [], segEnds: number[] = [];
  for (let k = 0; k < starts.length; k++) {
    let i = starts[k];
    while (i < ends[k]) {
      while (i < ends[k] && quote[i] === 1) i++;
      const from = i;
      while (i < ends[k] && quote[i] !== 1) i++;
      if (i > from) { segStarts.push(from); segEnds.push(i); }
    }
  }
  void text;
  let fits = true;
  for (let i = 0; i < n && fits; i++) fits = upos[i] < UPOS_ROOM && deprel[i] < DEPREL_ROOM;
  return {
    fits,
    n, word, lemma, suffix, shape, upos, deprel, head, cueClass, quote, ancRel, ancDepth, ancLemma, ancChild, lo, hi, kids, rule, clus, ner, pos, cueLeft, cueRight,
    paraStart: Int32Array.from(starts), paraEnd: Int32Array.from(ends), seqStart: Int32Array.from(segStarts), seqEnd: Int32Array.from(segEnds), sent, up: new Int32Array(n), upStamp: new Int32Array(n), stamp: 0,
  };
}

const mix = (a: number, b: number): number => (Math.imul(a ^ (b >>> 15), 0x9e3779b1) ^ b) >>> 0;
const NONE = 0x5bd1e995;

/** Fills `f` with the hashed features of token i; returns how many. */
export function tokenFeatures(x: TaggerInput, i: number, f: Uint32Array, o = 0): number {
  let k = o;
  const n = x.n;
  const m1 = i >= 1, m2 = i >= 2, p1 = i + 1 < n, p2 = i + 2 < n;
  const wm2 = m2 ? x.word[i - 2] : NONE, wm1 = m1 ? x.word[i - 1] : NONE, wp1 = p1 ? x.word[i + 1] : NONE, wp2 = p2 ? x.word[i + 2] : NONE;
  const um2 = m2 ? x.upos[i - 2] : 99, um1 = m1 ? x.upos[i - 1] : 99, up1 = p1 ? x.upos[i + 1] : 99, up2 = p2 ? x.upos[i + 2] : 99;
  const cm2 = m2 ? x.cueClass[i - 2] : 99, cm1 = m1 ? x.cueClass[i - 1] : 99, cp1 = p1 ? x.cueClass[i + 1] : 99;
  const qm1 = m1 ? x.quote[i - 1] : 99, qp1 = p1 ? x.quote[i + 1] : 99;
  const rm1 = m1 ? x.rule[i - 1] : 99, rp1 = p1 ? x.rule[i + 1] : 99;
  const w0 = x.word[i], u0 = x.upos[i], c0 = x.cueClass[i], q0 = x.quote[i], r0 = x.rule[i];
  const h = x.head[i];
  const hl = h >= 0 ? x.lemma[h] : NONE, hu = h >= 0 ? x.upos[h] : 99;
  f[k++] = hashPair(1, 0);
  f[k++] = hashPair(2, w0);
  f[k++] = hashPair(3, wm1);
  f[k++] = hashPair(4, wp1);
  f[k++] = hashPair(7, x.lemma[i]);
  f[k++] = hashPair(9, mix(w0, wp1));
  f[k++] = hashPair(10, x.suffix[i]);
  f[k++] = hashPair(11, x.shape[i]);
  f[k++] = hashPair(12, u0);
  f[k++] = hashPair(15, (um1 * 128 + u0) * 128 + up1);
  f[k++] = hashPair(18, c0 * 128 + u0);
  f[k++] = hashPair(19, cm1 * 128 + c0);
  f[k++] = hashPair(20, c0 * 128 + cp1);
  f[k++] = hashPair(23, x.deprel[i] * 128 + hu);
  f[k++] = hashPair(24, mix(hl, x.deprel[i]));
  f[k++] = hashPair(26, x.ancRel[i] * 16 + Math.min(x.ancDepth[i], 4));
  f[k++] = hashPair(27, mix(x.ancLemma[i], x.ancRel[i]));
  f[k++] = hashPair(29, x.kids[i] * 16 + c0);
  f[k++] = hashPair(32, qm1 * 128 + q0 * 8 + qp1);
  f[k++] = hashPair(33, mix(w0, q0));
  f[k++] = hashPair(36, rm1 * 128 + r0);
  f[k++] = hashPair(37, r0 * 128 + rp1);
  f[k++] = hashPair(38, mix(w0, r0));
  f[k++] = hashPair(44, wm2);
  f[k++] = hashPair(45, wp2);
  const cw = x.clus[i * 3], c256 = x.clus[i * 3 + 1], c1024 = x.clus[i * 3 + 2];
  f[k++] = hashPair(51, cw);
  f[k++] = hashPair(53, c256);
  f[k++] = hashPair(54, c1024);
  f[k++] = hashPair(56, mix(c1024, u0));
  // subtree edges: does the nsubj / ccomp subtree under the cue begin or end here, or just before / after?
  const ac = x.ancChild[i];
  const edge = ac < 0 ? 0 : 1 + (x.lo[ac] === i ? 1 : 0) + (x.hi[ac] === i ? 2 : 0);
  const acp = i > 0 ? x.ancChild[i - 1] : -1, acn = i + 1 < n ? x.ancChild[i + 1] : -1;
  const after = acp >= 0 && x.hi[acp] === i - 1 && acp !== ac ? x.ancRel[i - 1] : 0;
  const before = acn >= 0 && x.lo[acn] === i + 1 && acn !== ac ? x.ancRel[i + 1] : 0;
  return k - o;
}

/** What the second pass knows about one cue: its head word, window and the tree around it. */
export interface CueContext {
  a: number;
  b: number;
  /** The cue's head word: its first cue-lexicon word, else the word whose head lies outside the cue. */
  h: number;
  /** Window [wa, wb) the roles are tagged in: the cue's paragraph (and the next one when it opens with a quote). */
  wa: number;
  wb: number;
  /** Per window token (index i - wa): tree relation code and depth bucket relative to h, and the subtree root under h or under the common ancestor. */
  rel: Int32Array;
  child: Int32Array;
  /** Per window token: other cue words between it and the cue (0, 1, 2 = two or more). */
  between: Uint8Array;
  /** The quote region next to the cue (token range), [-1, -1] when none. */
  qa: number;
  qb: number;
  cueLemma: number;
  cueClass: number;
  /** The rule attribution's cue overlapping this cue: its roles per token are 'same attribution'. */
  ruleSame: Uint8Array;
}

/** Builds the second pass's view of cue [a, b) in x. `cueMask` marks every predicted cue token. */
export function cueContext(x: TaggerInput, a: number, b: number, cueMask: Uint8Array, ruleOwner: Int32Array): CueContext {
  let h = -1;
  for (let i = a; i < b && h < 0; i++) if (x.cueClass[i] && x.upos[i] !== AUX) h = i;
  if (h < 0) for (let i = a; i < b && h < 0; i++) if (x.head[i] < a || x.head[i] >= b) h = i;
  if (h < 0) h = b - 1;
  let seq = 0;
  while (seq + 1 < x.paraStart.length && x.paraStart[seq + 1] <= a) seq++;
  let wa = x.paraStart[seq];
  let wb = x.paraEnd[seq];
  if (seq + 1 < x.paraStart.length && x.quote[x.paraStart[seq + 1]] === 2 && b >= wb - 3) wb = x.paraEnd[seq + 1];
  // the quote region next to the cue: ending within two tokens before it, or starting within three after it
  let qa = -1, qb = -1;
  for (let i = a - 1; i >= Math.max(wa, a - 3); i--) if (x.quote[i] === 3) { qb = i + 1; qa = i; while (qa > wa && x.quote[qa] !== 2) qa--; break; }
  if (qa < 0) for (let i = b; i < Math.min(wb, b + 4); i++) if (x.quote[i] === 2) { qa = i; qb = i + 1; while (qb < wb && x.quote[qb - 1] !== 3) qb++; break; }
  // Cutting the window to the cue's sentence and one either side (and the quote next to it) tags 35 % fewer
  // tokens but costs 2 points of content F1 on dev (quotes and indirect content running over sentences).
  // Past the next cue on either side a token is seldom this cue's source or content: the window stops there.
  for (let i = a - 1, n = 0; i >= wa; i--) if (cueMask[i] && !(i + 1 < a && cueMask[i + 1]) && ++n > CUE_CUT) { wa = i + 1; break; }
  for (let i = b, n = 0; i < wb; i++) if (cueMask[i] && !(i > b && cueMask[i - 1]) && ++n > CUE_CUT) { wb = i; break; }
  const len = wb - wa;
  // ancestors of h with their distance up
  // ancestors of h with their distance up, in a per-document scratch array stamped with this cue
  const stamp = ++x.stamp, upOf = x.up, upStamp = x.upStamp;
  for (let j = h, d = 0; j >= 0 && d < 40; j = x.head[j], d++) { upStamp[j] = stamp; upOf[j] = d; }
  const rel = new Int32Array(len), child = new Int32Array(len).fill(-1), between = new Uint8Array(len);
  for (let k = 0; k < len; k++) {
    const i = wa + k;
    if (i >= a && i < b) { rel[k] = 1; continue; }
    let j = i, prev = -1, d = 0;
    while (j >= 0 && d < 40 && upStamp[j] !== stamp) { prev = j; j = x.head[j]; d++; }
    if (j < 0 || d >= 40) { rel[k] = 2 + 8 * (x.sent[i] === x.sent[h] ? 1 : 0); continue; }
    const up = upOf[j];
    if (prev < 0) { rel[k] = 3 + 8 * Math.min(up, 4) + 64 * (x.deprel[h] + 1); continue; } // i governs the cue
    const r = x.deprel[prev] + 1;
    rel[k] = (up === 0 ? 4 : 5) + 8 * Math.min(d, 4) + 64 * r + 64 * 128 * Math.min(up, 3);
    child[k] = prev;
  }
  // other cues between each token and this one
  {
    let c = 0;
    for (let i = a - 1; i >= wa; i--) { between[i - wa] = Math.min(c, 2); if (cueMask[i] && !(i + 1 < a && cueMask[i + 1])) c++; }
    c = 0;
    for (let i = b; i < wb; i++) { between[i - wa] = Math.min(c, 2); if (cueMask[i] && !(i > b && cueMask[i - 1])) c++; }
  }
  const ruleSame = new Uint8Array(len);
  let owner = -1;
  for (let i = a; i < b && owner < 0; i++) owner = ruleOwner[i];
  if (owner >= 0) for (let k = 0; k < len; k++) ruleSame[k] = ruleOwner[wa + k] === owner ? 1 : 2 * (ruleOwner[wa + k] >= 0 ? 1 : 0);
  return { a, b, h, wa, wb, rel, child, between, qa, qb, cueLemma: x.lemma[h], cueClass: x.cueClass[h], ruleSame };
}

/** Features of token i for the roles of cue c (second pass). */
export function roleFeatures(x: TaggerInput, c: CueContext, i: number, f: Uint32Array, o = 0): number {
  let k = o;
  const n = x.n, K = i - c.wa;
  const wm1 = i >= 1 ? x.word[i - 1] : NONE, wp1 = i + 1 < n ? x.word[i + 1] : NONE;
  const um1 = i >= 1 ? x.upos[i - 1] : 99, up1 = i + 1 < n ? x.upos[i + 1] : 99;
  const wcb = c.b < n ? x.word[c.b] : NONE, wca = c.a >= 1 ? x.word[c.a - 1] : NONE;
  const w0 = x.word[i], u0 = x.upos[i];
  const d = i < c.a ? -bucket(c.a - i) : i >= c.b ? bucket(i - c.b + 1) : 0;
  const dir = d < 0 ? 0 : d > 0 ? 2 : 1;
  const sd = Math.max(-2, Math.min(2, x.sent[i] - x.sent[c.h])) + 2;
  const rel = c.rel[K];
  const inQ = c.qa >= 0 && i >= c.qa && i < c.qb ? 1 : 0;
  const ch = c.child[K];
  const edge = ch < 0 ? 0 : 1 + (x.lo[ch] === i ? 1 : 0) + (x.hi[ch] === i ? 2 : 0);
  const ctx = (d + 8) * 8 + sd;
  const rs = c.ruleSame[K] * 8 + x.rule[i];
  f[k++] = hashPair(101, 0);
  f[k++] = hashPair(102, mix(w0, dir));
  f[k++] = hashPair(103, mix(wm1, dir));
  f[k++] = hashPair(104, mix(wp1, dir));
  f[k++] = hashPair(106, (u0 * 128 + um1) * 4 + dir);
  f[k++] = hashPair(107, (u0 * 128 + up1) * 4 + dir);
  f[k++] = hashPair(109, ctx);
  f[k++] = hashPair(110, ctx * 128 + u0);
  f[k++] = hashPair(111, rel);
  f[k++] = hashPair(112, rel * 128 + u0);
  f[k++] = hashPair(113, mix(rel, c.cueLemma));
  f[k++] = hashPair(115, (rel & 0xffff) * 8 + edge);
  f[k++] = hashPair(116, inQ * 16 + x.quote[i] * 4 + dir);
  f[k++] = hashPair(118, c.between[K] * 4 + dir);
  f[k++] = hashPair(119, (c.between[K] * 4 + dir) * 64 + sd);
  f[k++] = hashPair(120, rs);
  f[k++] = hashPair(121, rs * 128 + u0);
  f[k++] = hashPair(123, mix(c.cueLemma, ctx));
  f[k++] = hashPair(126, mix(w0, rel));
  f[k++] = hashPair(131, (x.pos[i] & 3) * 64 + inQ * 16 + c.between[K] * 4 + dir);
  f[k++] = hashPair(144, mix(x.clus[i * 3], rel));
  f[k++] = hashPair(145, mix(x.clus[i * 3 + 1], dir));
  return k - o;
}

/** A trained (or training) tagger: the perceptron plus its Viterbi decoder. */
export class AttributionTagger implements SharesTables {
  readonly model: Perceptron;
  /** The word clusters the features read (the model is trained on them: buildInput must get the same). */
  readonly clusters: Clusters | null;
  private feats = new Uint32Array(0);
  private nf = new Uint8Array(0);
  private emit = new Float32Array(0);
  private back = new Uint8Array(0);
  private readonly trans = new Float32Array((L + 1) * L);
  private readonly tmp = new Float32Array(L);
  private readonly one = new Uint32Array(1);

  /** A loaded model's weights as int8, eight per row (the saved file's own quantisation, so exact): a quarter of the memory to read. */
  private q: Int8Array | null = null;
  private readonly scale = new Float32Array(L);
  /**
   * Scores through the per-token feature lists (tokenFeatures, roleFeatures) instead of the fast path below;
   * both give the same integer row sums, so the same labels (test/extract/attribution-tagger.test.ts checks).
   */
  reference = false;
  // Fast path (frozen models only). A token's score is a sum of int8 rows, so any grouping gives the same
  // integer: features whose values come from a small set are summed once into a joint table (filled on first
  // use), and only the word-valued ones are hashed per token.
  private readonly hr = new Int32Array(24);
  private readonly jr = new Int32Array(8);
  private transFirst: Float32Array | null = null;
  private transRoles: Float32Array | null = null;
  private prevRow = new Float32Array(L);
  private curRow = new Float32Array(L);
  /** The joint tables (bases T_*, R_*, G_*, C_* below), four packed words per entry (see emitRows, joint). */
  private readonly J = new Int32Array(J_SIZE * 4);
  private readonly cueStamps = new Int32Array(J_SIZE - C_R);
  private readonly sum = new Int32Array(8);
  /** q as biased bytes (v + 128), a row in two 32-bit words, for emitRows. */
  private qb: Uint32Array | null = null;
  private cueStamp = 1;
  private readonly wk = new Int32Array(WORD_SLOTS * 4);
  private readonly ws = new Int32Array(WORD_SLOTS * 4);
  private readonly wused = new Uint8Array(WORD_SLOTS);
  private wordCount = 0;

  constructor(model: Perceptron, clusters: Clusters | null) { this.model = model; this.clusters = clusters; }

  sharedTables(): TableSet {
    const t: TableSet = {};
    if (this.q) t.q = this.q;
    if (this.qb) t.qb = this.qb;
    return t;
  }

  adoptTables(tables: TableSet): void {
    this.q = sameShape('attribution', 'q', this.q, tables.q);
    this.qb = sameShape('attribution', 'qb', this.qb, tables.qb);
  }

  /**
   * Ends training: scores from now on read the int8 copy of the weights. A model read from a file passes the file's scales: recomputed from
   * its dequantised weights they would come out a rounding error away, and the loaded model would score a
   * hair differently from the one that was saved (enough to flip a near tie).
   */
  freeze(scales?: readonly number[]): this {
    const w = this.model.weights, rows = this.model.buckets;
    // The integers are rounded against the scale in double precision, as savePerceptron rounds them: against
    // its float32 copy (this.scale) a weight on a half step could round the other way.
    const exact = new Float64Array(L);
    for (let c = 0; c < L; c++) {
      let max = 0;
      if (!scales) for (let r = 0; r < rows; r++) max = Math.max(max, Math.abs(w[r * L + c]));
      exact[c] = scales ? scales[c] : max > 0 ? max / 127 : 1;
      this.scale[c] = exact[c];
    }
    const q = new Int8Array(rows * 8);
    for (let r = 0; r < rows; r++) for (let c = 0; c < L; c++) q[r * 8 + c] = Math.round(w[r * L + c] / exact[c]);
    // Every path scores the quantised weights from here on — the feature-list one (training's, and documents
    // the fast path cannot take) and the transition rows below too: a fresh array, since training may still
    // hold the float one.
    const dequantised = new Float32Array(w.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < L; c++) dequantised[r * L + c] = q[r * 8 + c] * exact[c];
    this.model.weights = dequantised;
    this.q = q;
    if (LITTLE_ENDIAN) {
      const qb = new Uint8Array(rows * 8);
      for (let i = 0; i < qb.length; i++) qb[i] = q[i] + 128;
      this.qb = new Uint32Array(qb.buffer);
    }
    this.loadTransitions(200); this.transFirst = this.trans.slice();
    this.loadTransitions(201); this.transRoles = this.trans.slice();
    return this;
  }

  static create(buckets: number, clusters: Clusters | null): AttributionTagger {
    return new AttributionTagger(new Perceptron({ classes: ROLE_LABELS, buckets }), clusters);
  }

  private ensure(len: number): void {
    if (this.nf.length >= len) return;
    const cap = Math.max(len, 2 * this.nf.length);
    this.feats = new Uint32Array(cap * MAX_FEATURES);
    this.nf = new Uint8Array(cap);
    this.emit = new Float32Array(cap * L);
    this.back = new Uint8Array(cap * L);
  }

  /** The transition scores: rows of the same table, one per previous label. */
  private loadTransitions(template: number): void {
    for (let p = 0; p <= L; p++) {
      this.one[0] = hashPair(template, p);
      this.model.score(this.one, 1, this.tmp);
      this.trans.set(this.tmp, p * L);
    }
  }

  /** Viterbi over `len` tokens whose features `featAt` writes; labels with `skip[c]` set are never used. Result in out[0..len). */
  private decode(len: number, featAt: (k: number, f: Uint32Array, o: number) => number, skip: Uint8Array, out: Uint8Array): void {
    this.scoreReference(len, featAt);
    this.viterbi(len, this.trans, skip, out);
  }

  /** Emissions of `len` tokens whose features `featAt` writes into this.emit (features kept in this.feats for update). */
  private scoreReference(len: number, featAt: (k: number, f: Uint32Array, o: number) => number): void {
    this.ensure(len);
    const f = this.feats, emit = this.emit;
    const w = this.model.weights, mask = this.model.mask, q = this.q;
    for (let i = 0; i < len; i++) {
      const o = i * MAX_FEATURES, e = i * L;
      const nf = featAt(i, f, o);
      this.nf[i] = nf;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0;
      if (q) {
        for (let j = o; j < o + nf; j++) {
          const r = (f[j] & mask) << 3;
          s0 += q[r]; s1 += q[r + 1]; s2 += q[r + 2]; s3 += q[r + 3]; s4 += q[r + 4]; s5 += q[r + 5]; s6 += q[r + 6];
        }
        const sc = this.scale;
        s0 *= sc[0]; s1 *= sc[1]; s2 *= sc[2]; s3 *= sc[3]; s4 *= sc[4]; s5 *= sc[5]; s6 *= sc[6];
      } else {
        for (let j = o; j < o + nf; j++) {
          const r = (f[j] & mask) * L;
          s0 += w[r]; s1 += w[r + 1]; s2 += w[r + 2]; s3 += w[r + 3]; s4 += w[r + 4]; s5 += w[r + 5]; s6 += w[r + 6];
        }
      }
      emit[e] = s0; emit[e + 1] = s1; emit[e + 2] = s2; emit[e + 3] = s3; emit[e + 4] = s4; emit[e + 5] = s5; emit[e + 6] = s6;
    }
  }

  /**
   * A copy of the emissions (len · L, ROLE_LABELS order) the tagger scores for first-pass sequence `target` of x,
   * or for the window of cue context `target`: through the fast path, or the feature lists when this.reference is set.
   */
  emissions(x: TaggerInput, target: number | CueContext): Float32Array {
    const a = typeof target === 'number' ? x.seqStart[target] : target.wa;
    const len = (typeof target === 'number' ? x.seqEnd[target] : target.wb) - a;
    this.ensure(len);
    const fast = this.qb !== null && !this.reference && x.fits;
    if (typeof target === 'number') {
      if (fast) this.scoreFirst(x, a, len); else this.scoreReference(len, (i, f, o) => tokenFeatures(x, a + i, f, o));
    } else if (fast) this.scoreRoles(x, target);
    else this.scoreReference(len, (i, f, o) => roleFeatures(x, target, a + i, f, o));
    return this.emit.slice(0, len * L);
  }

  /** Viterbi over the emissions in this.emit[0 .. len·L) with transitions `trans`. */
  private viterbi(len: number, trans: Float32Array, skip: Uint8Array, out: Uint8Array): void {
    const emit = this.emit, back = this.back;
    let prev = this.prevRow, cur = this.curRow;
    for (let c = 0; c < L; c++) prev[c] = allowed(START, c) && !skip[c] ? emit[c] + trans[START * L + c] : -Infinity;
    for (let i = 1; i < len; i++) {
      for (let c = 0; c < L; c++) {
        if (skip[c]) { cur[c] = -Infinity; continue; }
        let best = -Infinity, arg = 0;
        const from = PRED[c];
        for (let m = 0; m < from.length; m++) {
          const p = from[m];
          const v = prev[p] + trans[p * L + c];
          if (v > best) { best = v; arg = p; }
        }
        cur[c] = best + emit[i * L + c];
        back[i * L + c] = arg;
      }
      const t = prev; prev = cur; cur = t;
    }
    let best = -Infinity, arg = 0;
    for (let c = 0; c < L; c++) if (prev[c] > best) { best = prev[c]; arg = c; }
    for (let i = len - 1; i >= 0; i--) { out[i] = arg; if (i > 0) arg = back[i * L + arg]; }
  }

  private update(len: number, gold: ArrayLike<number>, pred: Uint8Array, template: number): number {
    let wrong = 0;
    for (let i = 0; i < len; i++) {
      const g = gold[i], p = pred[i];
      const gp = i === 0 ? START : gold[i - 1], pp = i === 0 ? START : pred[i - 1];
      if (g !== p) { wrong++; this.model.update(this.feats.subarray(i * MAX_FEATURES), this.nf[i], g, p); }
      if (g !== p || gp !== pp) {
        this.one[0] = hashPair(template, gp); this.model.update(this.one, 1, g, -1);
        this.one[0] = hashPair(template, pp); this.model.update(this.one, 1, p, -1, -1);
      }
    }
    this.model.tick();
    return wrong;
  }

  /**
   * Emissions of token k from the rows at qb word offsets hr[0..nh) and the joint-table entries at J offsets jr[0..nj)
   * (the reference path's s_c · scale_c), plus the word entry at ws offset w (-1: none). The int8 weights are summed
   * two classes to a 32-bit word: qb holds them biased to 0..255, so masked byte pairs add without carries (classes
   * 0+2, 1+3, 4+6, 5); J and ws hold exact signed sums packed as low + 65536·high, whose carries the final unpacking
   * undoes.
   */
  private emitRows(k: number, nh: number, nj: number, w = -1): void {
    const qb = this.qb!, J = this.J, hr = this.hr, jr = this.jr;
    let e0 = 0, o0 = 0, e1 = 0, o1 = 0;
    if (w >= 0) { const ws = this.ws; e0 = ws[w]; o0 = ws[w + 1]; e1 = ws[w + 2]; o1 = ws[w + 3]; }
    for (let j = 0; j < nh; j++) {
      const r = hr[j], a = qb[r], b = qb[r + 1];
      e0 += a & 0xff00ff; o0 += (a >>> 8) & 0xff00ff; e1 += b & 0xff00ff; o1 += (b >>> 8) & 0xff00ff;
    }
    for (let j = 0; j < nj; j++) {
      const t = jr[j];
      e0 += J[t]; o0 += J[t + 1]; e1 += J[t + 2]; o1 += J[t + 3];
    }
    const bias = 128 * nh * 65537;
    e0 = (e0 - bias) | 0; o0 = (o0 - bias) | 0; e1 = (e1 - bias) | 0;
    const s0 = (e0 << 16) >> 16, s1 = (o0 << 16) >> 16, s4 = (e1 << 16) >> 16, s5 = ((o1 - 128 * nh) << 16) >> 16;
    const s2 = (e0 - s0) >> 16, s3 = (o0 - s1) >> 16, s6 = (e1 - s4) >> 16;
    const sc = this.scale, emit = this.emit, e = k * L;
    emit[e] = s0 * sc[0]; emit[e + 1] = s1 * sc[1]; emit[e + 2] = s2 * sc[2]; emit[e + 3] = s3 * sc[3];
    emit[e + 4] = s4 * sc[4]; emit[e + 5] = s5 * sc[5]; emit[e + 6] = s6 * sc[6];
  }

  /**
   * Entry `key` of the joint table at `base`: its offset in J, filled with the summed rows of h1..h4 (-1: none).
   * Word 3 carries 65536 on top of class 5's sum (the unused eighth lane) to mark it filled; entries of the per-cue
   * tables (C_R on) are valid where cueStamps holds `stamp`.
   */
  private joint(base: number, key: number, stamp: number, h1: number, h2: number, h3: number, h4: number): number {
    const e = base + key, t = e << 2, J = this.J, q = this.q!, mask = this.model.mask, sum = this.sum;
    sum.fill(0);
    addRow(q, mask, h1, sum, 0);
    if (h2 !== -1) addRow(q, mask, h2, sum, 0);
    if (h3 !== -1) addRow(q, mask, h3, sum, 0);
    if (h4 !== -1) addRow(q, mask, h4, sum, 0);
    J[t] = sum[0] + 65536 * sum[2]; J[t + 1] = sum[1] + 65536 * sum[3]; J[t + 2] = sum[4] + 65536 * sum[6]; J[t + 3] = sum[5] + 65536;
    if (e >= C_R) this.cueStamps[e - C_R] = stamp;
    return t;
  }

  /**
   * The ws offset of token i's word entry: the packed sum of the first-pass rows that read only the token's norm,
   * lemma, shape and tag (templates 2, 7, 10, 11 and the clusters' 51, 53, 54, 56), filled on first use and kept
   * across documents (keyed by all four values, so exact); the slots are emptied when three quarters are used.
   */
  private wordEntry(x: TaggerInput, i: number): number {
    const w0 = x.word[i] | 0, lm = x.lemma[i] | 0, sh = x.shape[i] | 0, u0 = x.upos[i];
    const wk = this.wk, wu = this.wused;
    let slot = (Math.imul(w0 ^ Math.imul(lm, 0x85ebca6b) ^ Math.imul(sh + u0, 0xc2b2ae35), 0x9e3779b1) >>> 0) & WORD_MASK;
    for (let s = slot; wu[s]; s = (s + 1) & WORD_MASK) {
      const o = s << 2;
      if (wk[o] === w0 && wk[o + 1] === lm && wk[o + 2] === sh && wk[o + 3] === u0) return o;
    }
    if (this.wordCount >= (WORD_SLOTS * 3) >> 2) { wu.fill(0); this.wordCount = 0; }
    while (wu[slot]) slot = (slot + 1) & WORD_MASK;
    const q = this.q!, mask = this.model.mask, sum = this.sum, c = x.clus, c1024 = c[i * 3 + 2];
    sum.fill(0);
    addRow(q, mask, hashPair(2, x.word[i]), sum, 0);
    addRow(q, mask, hashPair(7, x.lemma[i]), sum, 0);
    addRow(q, mask, hashPair(10, x.suffix[i]), sum, 0);
    addRow(q, mask, hashPair(11, x.shape[i]), sum, 0);
    addRow(q, mask, hashPair(51, c[i * 3]), sum, 0);
    addRow(q, mask, hashPair(53, c[i * 3 + 1]), sum, 0);
    addRow(q, mask, hashPair(54, c1024), sum, 0);
    addRow(q, mask, hashPair(56, mix(c1024, u0)), sum, 0);
    const o = slot << 2, ws = this.ws;
    wk[o] = w0; wk[o + 1] = lm; wk[o + 2] = sh; wk[o + 3] = u0;
    ws[o] = sum[0] + 65536 * sum[2]; ws[o + 1] = sum[1] + 65536 * sum[3]; ws[o + 2] = sum[4] + 65536 * sum[6]; ws[o + 3] = sum[5];
    wu[slot] = 1;
    this.wordCount++;
    return o;
  }

  /** First-pass emissions of tokens a .. a+len into this.emit: the sums tokenFeatures' features give. */
  private scoreFirst(x: TaggerInput, a: number, len: number): void {
    const mask = this.model.mask, n = x.n, hr = this.hr, jr = this.jr, J = this.J;
    const word = x.word, upos = x.upos, cc = x.cueClass, quote = x.quote, rule = x.rule, head = x.head, deprel = x.deprel;
    for (let k = 0; k < len; k++) {
      const i = a + k;
      const m1 = i >= 1, p1 = i + 1 < n;
      const wm1 = m1 ? word[i - 1] : NONE, wp1 = p1 ? word[i + 1] : NONE;
      const um1 = m1 ? upos[i - 1] : 99, up1 = p1 ? upos[i + 1] : 99;
      const cm1 = m1 ? cc[i - 1] : 99, cp1 = p1 ? cc[i + 1] : 99;
      const qm1 = m1 ? quote[i - 1] : 99, qp1 = p1 ? quote[i + 1] : 99;
      const rm1 = m1 ? rule[i - 1] : 99, rp1 = p1 ? rule[i + 1] : 99;
      const w0 = word[i], u0 = upos[i], c0 = cc[i], q0 = quote[i], r0 = rule[i];
      const h = head[i];
      const hl = h >= 0 ? x.lemma[h] : NONE, hu = h >= 0 ? upos[h] : 99;
      const dr = deprel[i], ar = x.ancRel[i], kd = x.kids[i];
      hr[0] = (hashPair(3, wm1) & mask) << 1;
      hr[1] = (hashPair(4, wp1) & mask) << 1;
      hr[2] = (hashPair(9, mix(w0, wp1)) & mask) << 1;
      hr[3] = (hashPair(24, mix(hl, dr)) & mask) << 1;
      hr[4] = (hashPair(27, mix(x.ancLemma[i], ar)) & mask) << 1;
      hr[5] = (hashPair(33, mix(w0, q0)) & mask) << 1;
      hr[6] = (hashPair(38, mix(w0, r0)) & mask) << 1;
      hr[7] = (hashPair(44, i >= 2 ? word[i - 2] : NONE) & mask) << 1;
      hr[8] = (hashPair(45, i + 2 < n ? word[i + 2] : NONE) & mask) << 1;
      let e = T_A + (sm(um1) * 19 + u0) * 19 + sm(up1);
      jr[0] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(T_A, e - T_A, 1, hashPair(1, 0), hashPair(12, u0), hashPair(15, (um1 * 128 + u0) * 128 + up1), -1);
      e = T_B + ((sc6(cm1) * 5 + c0) * 6 + sc6(cp1)) * 19 + u0;
      jr[1] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(T_B, e - T_B, 1, hashPair(18, c0 * 128 + u0), hashPair(19, cm1 * 128 + c0), hashPair(20, c0 * 128 + cp1), -1);
      e = T_C + dr * 19 + sm(hu);
      jr[2] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(T_C, e - T_C, 1, hashPair(23, dr * 128 + hu), -1, -1, -1);
      const depth = Math.min(x.ancDepth[i], 4);
      e = T_E + (((ar === 255 ? 53 : ar) * 5 + depth) * 64 + kd) * 5 + c0;
      jr[3] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(T_E, e - T_E, 1, hashPair(26, ar * 16 + depth), hashPair(29, kd * 16 + c0), -1, -1);
      e = T_Q + ((((s5(qm1) * 4 + q0) * 5 + s5(qp1)) * 8 + s8(rm1)) * 7 + r0) * 8 + s8(rp1);
      jr[4] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(T_Q, e - T_Q, 1, hashPair(32, qm1 * 128 + q0 * 8 + qp1), hashPair(36, rm1 * 128 + r0), hashPair(37, r0 * 128 + rp1), -1);
      this.emitRows(k, 9, 5, this.wordEntry(x, i));
    }
  }

  /** Role-pass emissions of cue c's window into this.emit: the sums roleFeatures' features give. */
  private scoreRoles(x: TaggerInput, c: CueContext): void {
    const mask = this.model.mask, n = x.n, hr = this.hr, jr = this.jr, J = this.J, cs = this.cueStamps;
    const word = x.word, upos = x.upos;
    const stamp = ++this.cueStamp, sh = x.sent[c.h], lemma = c.cueLemma;
    for (let i = c.wa; i < c.wb; i++) {
      const K = i - c.wa;
      const wm1 = i >= 1 ? word[i - 1] : NONE, wp1 = i + 1 < n ? word[i + 1] : NONE;
      const um1 = i >= 1 ? upos[i - 1] : 99, up1 = i + 1 < n ? upos[i + 1] : 99;
      const w0 = word[i], u0 = upos[i];
      const d = i < c.a ? -bucket(c.a - i) : i >= c.b ? bucket(i - c.b + 1) : 0;
      const dir = d < 0 ? 0 : d > 0 ? 2 : 1;
      const sd = Math.max(-2, Math.min(2, x.sent[i] - sh)) + 2;
      const rel = c.rel[K];
      const inQ = c.qa >= 0 && i >= c.qa && i < c.qb ? 1 : 0;
      const ctx = (d + 8) * 8 + sd;
      const rs = c.ruleSame[K] * 8 + x.rule[i];
      const bw = c.between[K];
      hr[0] = (hashPair(102, mix(w0, dir)) & mask) << 1;
      hr[1] = (hashPair(103, mix(wm1, dir)) & mask) << 1;
      hr[2] = (hashPair(104, mix(wp1, dir)) & mask) << 1;
      hr[3] = (hashPair(126, mix(w0, rel)) & mask) << 1;
      hr[4] = (hashPair(144, mix(x.clus[i * 3], rel)) & mask) << 1;
      hr[5] = (hashPair(145, mix(x.clus[i * 3 + 1], dir)) & mask) << 1;
      let e = R_U + ((sm(um1) * 19 + u0) * 19 + sm(up1)) * 3 + dir;
      jr[0] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(R_U, e - R_U, 1, hashPair(101, 0), hashPair(106, (u0 * 128 + um1) * 4 + dir), hashPair(107, (u0 * 128 + up1) * 4 + dir), -1);
      const pos3 = x.pos[i] & 3, qi = x.quote[i];
      e = R_P + ((((inQ * 4 + qi) * 3 + dir) * 3 + bw) * 5 + sd) * 4 + pos3;
      jr[1] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(R_P, e - R_P, 1, hashPair(116, inQ * 16 + qi * 4 + dir), hashPair(118, bw * 4 + dir), hashPair(119, (bw * 4 + dir) * 64 + sd), hashPair(131, pos3 * 64 + inQ * 16 + bw * 4 + dir));
      e = R_R + rs * 19 + u0;
      jr[2] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(R_R, e - R_R, 1, hashPair(120, rs), hashPair(121, rs * 128 + u0), -1, -1);
      e = G_X + ctx * 19 + u0;
      jr[3] = J[(e << 2) + 3] > 32767 ? e << 2 : this.joint(G_X, e - G_X, 1, hashPair(109, ctx), hashPair(110, ctx * 128 + u0), -1, -1);
      e = C_L + ctx;
      jr[4] = cs[e - C_R] === stamp ? e << 2 : this.joint(C_L, ctx, stamp, hashPair(123, mix(lemma, ctx)), -1, -1, -1);
      const ch = c.child[K];
      let nh = 6;
      if (ch < 0 && (rel === 1 || rel === 2 || rel === 10)) {
        // edge is 0 here: no subtree root under the cue
        e = C_R + (rel === 1 ? 0 : rel === 2 ? 1 : 2) * 19 + u0;
        jr[5] = cs[e - C_R] === stamp ? e << 2 : this.joint(C_R, e - C_R, stamp, hashPair(111, rel), hashPair(112, rel * 128 + u0), hashPair(113, mix(rel, lemma)), hashPair(115, (rel & 0xffff) * 8));
        this.emitRows(K, nh, 6);
      } else {
        const edge = ch < 0 ? 0 : 1 + (x.lo[ch] === i ? 1 : 0) + (x.hi[ch] === i ? 2 : 0);
        hr[nh++] = (hashPair(111, rel) & mask) << 1;
        hr[nh++] = (hashPair(112, rel * 128 + u0) & mask) << 1;
        hr[nh++] = (hashPair(113, mix(rel, lemma)) & mask) << 1;
        hr[nh++] = (hashPair(115, (rel & 0xffff) * 8 + edge) & mask) << 1;
        this.emitRows(K, nh, 5);
      }
    }
  }

  /** First pass: labels for every token of x (ROLE_LABELS indices). */
  tag(x: TaggerInput, out = new Uint8Array(x.n)): Uint8Array {
    if (this.qb && this.transFirst && !this.reference && x.fits) {
      for (let k = 0; k < x.seqStart.length; k++) {
        const a = x.seqStart[k], len = x.seqEnd[k] - a;
        this.ensure(len);
        this.scoreFirst(x, a, len);
        viterbi7(len, this.emit, this.transFirst, NO_SKIP, this.back, out.subarray(a));
      }
      return out;
    }
    this.loadTransitions(200);
    for (let k = 0; k < x.seqStart.length; k++) {
      const a = x.seqStart[k];
      this.decode(x.seqEnd[k] - a, (i, f, o) => tokenFeatures(x, a + i, f, o), NO_SKIP, out.subarray(a));
    }
    return out;
  }

  /** One structured-perceptron step of the first pass over sequence k of x; returns the number of wrong tokens. */
  train(x: TaggerInput, k: number, gold: Uint8Array, scratch: Uint8Array): number {
    const a = x.seqStart[k], len = x.seqEnd[k] - a;
    this.loadTransitions(200);
    this.decode(len, (i, f, o) => tokenFeatures(x, a + i, f, o), NO_SKIP, scratch);
    let g = gold.subarray(a, a + len);
    // a sequence may open inside a span (after a quotation's inside): it opens with B-X there
    if (g[0] === 2 || g[0] === 4 || g[0] === 6) { g = g.slice(); g[0]--; }
    return this.update(len, g, scratch, 200);
  }

  /** Second pass: source and content labels over cue c's window, into out[0 .. c.wb - c.wa). */
  tagRoles(x: TaggerInput, c: CueContext, out: Uint8Array): void {
    if (this.qb && this.transRoles && !this.reference && x.fits) {
      this.ensure(c.wb - c.wa);
      this.scoreRoles(x, c);
      viterbi7(c.wb - c.wa, this.emit, this.transRoles, ROLE_SKIP, this.back, out);
      return;
    }
    this.loadTransitions(201);
    this.decode(c.wb - c.wa, (i, f, o) => roleFeatures(x, c, c.wa + i, f, o), ROLE_SKIP, out);
  }

  trainRoles(x: TaggerInput, c: CueContext, gold: Uint8Array, scratch: Uint8Array): number {
    this.loadTransitions(201);
    this.decode(c.wb - c.wa, (i, f, o) => roleFeatures(x, c, c.wa + i, f, o), ROLE_SKIP, scratch);
    return this.update(c.wb - c.wa, gold, scratch, 201);
  }

  save(meta: Record<string, unknown>): Buffer {
    return savePerceptron(this.model, { ...meta, featureVersion: FEATURE_VERSION, clusterWords: this.clusters?.size ?? 0 }, true);
  }

  /** A saved model with the word clusters it was trained on (an error when they are not the same many words). */
  static load(buf: Buffer, clusters: Clusters | null): AttributionTagger {
    const { model, header } = loadPerceptron(buf, 'attribution model');
    if (header.meta.featureVersion !== FEATURE_VERSION) throw new Error(`attribution model has feature version ${String(header.meta.featureVersion)}, expected ${FEATURE_VERSION}`);
    if (header.meta.clusterWords !== (clusters?.size ?? 0)) throw new Error(`attribution model was trained with ${String(header.meta.clusterWords)} cluster words, given ${clusters?.size ?? 0}`);
    return new AttributionTagger(model, clusters).freeze(header.scales);
  }
}

const NO_SKIP = new Uint8Array(L);
/** emitRows reads the bytes of a row as two little-endian words; elsewhere the feature lists score. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// Joint tables: bases (in entries) into AttributionTagger.J. Keys take upos values below 18 (18 stands for the 99
// past a document's ends) and deprel values below 52 (ancRel below 53; 255 becomes 53).
const UPOS_ROOM = 18, DEPREL_ROOM = 52;
// First pass: bias + upos trigram (1, 12, 15); cue classes (18, 19, 20); deprel × head upos (23);
// ancestor relation and children (26, 29); quotes and rules (32, 36, 37).
const T_A = 0, T_B = T_A + 19 * 19 * 19, T_C = T_B + 6 * 5 * 6 * 19, T_E = T_C + 64 * 19, T_Q = T_E + 54 * 5 * 64 * 5;
// Role pass: bias + upos pairs by direction (101, 106, 107); position, quotes, cues between (116, 118, 119, 131);
// rule roles (120, 121); context × upos (109, 110); per cue (stamped): tree relation 1, 2, 10 × upos (111, 112, 113, 115), context (123).
const R_U = T_Q + 5 * 4 * 5 * 8 * 7 * 8, R_P = R_U + 19 * 19 * 19 * 3, R_R = R_P + 2 * 4 * 3 * 3 * 5 * 4, G_X = R_R + 24 * 19, C_R = G_X + 128 * 19, C_L = C_R + 3 * 19;
const J_SIZE = C_L + 128;
/** Slots of the first pass's word entries (AttributionTagger.wordEntry): 16,384, 512 kB with their keys. */
const WORD_SLOTS = 1 << 14, WORD_MASK = WORD_SLOTS - 1;
/** Adds the int8 row of feature hash h to acc[o .. o+7). */
function addRow(q: Int8Array, mask: number, h: number, acc: Int32Array, o: number): void {
  const r = (h & mask) << 3;
  acc[o] += q[r]; acc[o + 1] += q[r + 1]; acc[o + 2] += q[r + 2]; acc[o + 3] += q[r + 3];
  acc[o + 4] += q[r + 4]; acc[o + 5] += q[r + 5]; acc[o + 6] += q[r + 6];
}
/** Dense indices of the neighbour values tokenFeatures writes as 99 past the document's ends. */
const sm = (u: number): number => (u === 99 ? 18 : u);
const sc6 = (c: number): number => (c === 99 ? 5 : c);
const s5 = (v: number): number => (v === 99 ? 4 : v);
const s8 = (r: number): number => (r === 99 ? 7 : r);
const ROLE_SKIP = Uint8Array.of(0, 0, 0, 1, 1, 0, 0);

/**
 * AttributionTagger.viterbi unrolled for the seven labels: the same float32 scores, compared in the same order
 * (a first-seen maximum wins), so the same path; scores live in locals instead of two Float32Arrays.
 */
function viterbi7(len: number, emit: Float32Array, t: Float32Array, skip: Uint8Array, back: Uint8Array, out: Uint8Array): void {
  const k0 = skip[0] !== 0, k1 = skip[1] !== 0, k2 = skip[2] !== 0, k3 = skip[3] !== 0, k4 = skip[4] !== 0, k5 = skip[5] !== 0, k6 = skip[6] !== 0;
  const S = START * L, NEG = -Infinity;
  let p0 = k0 ? NEG : Math.fround(emit[0] + t[S + 0]);
  let p1 = k1 ? NEG : Math.fround(emit[1] + t[S + 1]);
  let p2 = NEG;
  let p3 = k3 ? NEG : Math.fround(emit[3] + t[S + 3]);
  let p4 = NEG;
  let p5 = k5 ? NEG : Math.fround(emit[5] + t[S + 5]);
  let p6 = NEG;
  for (let i = 1; i < len; i++) {
    const e = i * L;
    let best: number, arg: number, v: number;
    let n0 = NEG;
    if (!k0) {
      best = p0 + t[0]; arg = 0;
      v = p1 + t[7]; if (v > best) { best = v; arg = 1; }
      v = p2 + t[14]; if (v > best) { best = v; arg = 2; }
      v = p3 + t[21]; if (v > best) { best = v; arg = 3; }
      v = p4 + t[28]; if (v > best) { best = v; arg = 4; }
      v = p5 + t[35]; if (v > best) { best = v; arg = 5; }
      v = p6 + t[42]; if (v > best) { best = v; arg = 6; }
      n0 = Math.fround(best + emit[e + 0]); back[e + 0] = arg;
    }
    let n1 = NEG;
    if (!k1) {
      best = p0 + t[1]; arg = 0;
      v = p1 + t[8]; if (v > best) { best = v; arg = 1; }
      v = p2 + t[15]; if (v > best) { best = v; arg = 2; }
      v = p3 + t[22]; if (v > best) { best = v; arg = 3; }
      v = p4 + t[29]; if (v > best) { best = v; arg = 4; }
      v = p5 + t[36]; if (v > best) { best = v; arg = 5; }
      v = p6 + t[43]; if (v > best) { best = v; arg = 6; }
      n1 = Math.fround(best + emit[e + 1]); back[e + 1] = arg;
    }
    let n2 = NEG;
    if (!k2) {
      best = p1 + t[9]; arg = 1;
      v = p2 + t[16]; if (v > best) { best = v; arg = 2; }
      n2 = Math.fround(best + emit[e + 2]); back[e + 2] = arg;
    }
    let n3 = NEG;
    if (!k3) {
      best = p0 + t[3]; arg = 0;
      v = p1 + t[10]; if (v > best) { best = v; arg = 1; }
      v = p2 + t[17]; if (v > best) { best = v; arg = 2; }
      v = p3 + t[24]; if (v > best) { best = v; arg = 3; }
      v = p4 + t[31]; if (v > best) { best = v; arg = 4; }
      v = p5 + t[38]; if (v > best) { best = v; arg = 5; }
      v = p6 + t[45]; if (v > best) { best = v; arg = 6; }
      n3 = Math.fround(best + emit[e + 3]); back[e + 3] = arg;
    }
    let n4 = NEG;
    if (!k4) {
      best = p3 + t[25]; arg = 3;
      v = p4 + t[32]; if (v > best) { best = v; arg = 4; }
      n4 = Math.fround(best + emit[e + 4]); back[e + 4] = arg;
    }
    let n5 = NEG;
    if (!k5) {
      best = p0 + t[5]; arg = 0;
      v = p1 + t[12]; if (v > best) { best = v; arg = 1; }
      v = p2 + t[19]; if (v > best) { best = v; arg = 2; }
      v = p3 + t[26]; if (v > best) { best = v; arg = 3; }
      v = p4 + t[33]; if (v > best) { best = v; arg = 4; }
      v = p5 + t[40]; if (v > best) { best = v; arg = 5; }
      v = p6 + t[47]; if (v > best) { best = v; arg = 6; }
      n5 = Math.fround(best + emit[e + 5]); back[e + 5] = arg;
    }
    let n6 = NEG;
    if (!k6) {
      best = p5 + t[41]; arg = 5;
      v = p6 + t[48]; if (v > best) { best = v; arg = 6; }
      n6 = Math.fround(best + emit[e + 6]); back[e + 6] = arg;
    }
    p0 = n0; p1 = n1; p2 = n2; p3 = n3; p4 = n4; p5 = n5; p6 = n6;
  }
  let best = NEG, arg = 0;
  if (p0 > best) { best = p0; arg = 0; }
  if (p1 > best) { best = p1; arg = 1; }
  if (p2 > best) { best = p2; arg = 2; }
  if (p3 > best) { best = p3; arg = 3; }
  if (p4 > best) { best = p4; arg = 4; }
  if (p5 > best) { best = p5; arg = 5; }
  if (p6 > best) { best = p6; arg = 6; }
  for (let i = len - 1; i >= 0; i--) { out[i] = arg; if (i > 0) arg = back[i * L + arg]; }
}

/** I-X only after B-X or I-X. */
function allowed(p: number, c: number): boolean {
  if (c === 2 || c === 4 || c === 6) return p === c - 1 || p === c;
  return true;
}
/** For each label, the labels that may precede it. */
const PRED: Uint8Array[] = ROLE_LABELS.map((_, c) => Uint8Array.from(ROLE_LABELS.map((__, p) => p).filter((p) => allowed(p, c))));

/** Gold roles per token from character spans (a token belongs to a span when it starts inside it). */
export function goldLabels(x: TaggerInput, tokens: Tokens, roles: Array<{ role: 'source' | 'cue' | 'content'; start: number; end: number }>): Uint8Array {
  const out = new Uint8Array(x.n), starts = tokens.start;
  for (const sp of roles) {
    const b = sp.role === 'source' ? 1 : sp.role === 'cue' ? 3 : 5;
    let first = true;
    for (let i = tokenAtOrAfter(tokens, sp.start); i < x.n && starts[i] < sp.end; i++) {
      if (starts[i] < sp.start) continue;
      out[i] = first ? b : b + 1; first = false;
    }
  }
  return out;
}

export interface TaggedAttribution { cue: [number, number]; source: [number, number] | null; content: Array<[number, number]> }

/** Direct when every piece is one fully quoted stretch, mixed when some quotation marks occur, else indirect. */
export function kindOf(text: string, spans: Span[]): AttributionKind {
  let quoted = 0, marks = 0;
  const isDouble = (c: number): boolean => c === 34 || c === 0x201c || c === 0x201d || c === 0xab || c === 0xbb;
  for (const sp of spans) {
    let m = 0;
    for (let i = sp.start; i < sp.end; i++) if (isDouble(text.charCodeAt(i))) m++;
    marks += m;
    if (m === 2 && isDouble(text.charCodeAt(sp.start)) && isDouble(text.charCodeAt(sp.end - 1))) quoted++;
  }
  return quoted === spans.length ? 'direct' : marks > 0 ? 'mixed' : 'indirect';
}

/** Turns grouped token ranges into attributions, skipping every token the rule pass already used. */
export function toAttributions(doc: TaggerDoc, lex: CueLexicon, x: TaggerInput, groups: TaggedAttribution[], taken: Uint8Array): DocAttribution[] {
  const t = doc.tokens, text = doc.text;
  const span = (a: number, b: number): Span => ({ start: t.start[a], end: t.end[b - 1] });
  const free = (a: number, b: number): boolean => { for (let i = a; i < b; i++) if (taken[i]) return false; return true; };
  const out: DocAttribution[] = [];
  for (const g of groups) {
    if (!free(g.cue[0], g.cue[1])) continue;
    const piece = ([a, b]: [number, number]): boolean => b - a > 1 || t.kind[a] === TokenKind.WORD;
    let content = g.content.filter((c) => free(c[0], c[1]) && piece(c));
    // every piece inside other learned attributions ("…, experts say" after a clause another cue reports,
    // "…, according to X"): PolNeAR nests these, and the cue stands (PolNeAR dev cue +7 right / +1 wrong, a
    // held-out fifth of train +5 / +2; content −0.1 on both)
    if (!content.length) content = g.content.filter(piece);
    // the clause before a sentence-final frame may hold other attributions' spans: PolNeAR nests these
    if (!content.length) { const c = clauseBeforeFrame(doc, x, g); if (c) content.push(c); }
    if (!content.length) continue;
    content.sort((p, q) => p[0] - q[0]);
    const source = g.source && free(g.source[0], g.source[1]) ? g.source : null;
    // the cue's lexicon entry: a multi-word form inside it ("talked about", "according to"), else its first
    // word with one (has repeatedly *dismissed*)
    let entry: CueEntry | null = null;
    const wf = docWordFeatures(doc as Doc);
    for (let i = g.cue[0]; i < g.cue[1] && !entry; i++) {
      for (const form of lex.forms.get(wf.norms[i]) ?? []) {
        if (!form.rest.length || i + form.rest.length >= g.cue[1]) continue;
        if (form.rest.every((w, k) => wf.norms[i + 1 + k] === w)) { entry = form.entry; break; }
      }
    }
    for (let i = g.cue[0]; i < g.cue[1] && !entry; i++) if (x.cueClass[i]) entry = cueEntryOf(lex, doc.lemmas[i], wf.norms[i]);
    let lemma = entry?.lemma;
    if (!lemma) {
      let last = g.cue[1] - 1;
      for (let i = g.cue[0]; i < g.cue[1]; i++) if (x.upos[i] === VERB || x.upos[i] === NOUN) { last = i; break; }
      lemma = t.kind[last] === TokenKind.PUNCT && text.charCodeAt(t.start[last]) === 58 ? ':' : (doc.lemmas[last] ?? wf.norms[last]);
    }
    const spans = content.map(([a, b]) => span(a, b));
    const cueSpan = span(g.cue[0], g.cue[1]);
    const src = source ? span(source[0], source[1]) : null;
    out.push({
      id: '', kind: kindOf(text, spans),
      source: src ? { start: src.start, end: src.end, entity: null } : null,
      cue: { start: cueSpan.start, end: cueSpan.end, lemma, class: entry?.class ?? (lemma === ':' ? 'speech' : 'other') },
      content: spans, stance: entry?.stance ?? 'neutral', confidence: 0.6, rule: 'attribution-tagger/1',
    });
    for (const [a, b] of [g.cue, ...content, ...(source ? [source] : [])]) taken.fill(1, a, b);
  }
  return out;
}

/**
 * The clause before a sentence-final frame ", sources said." / ", the source added." / ", The Post has learned.":
 * [sentence start, the comma) when the role pass gave the cue no content, its source (if any) sits right before
 * the cue after a comma, and at most a short phrase without a verb ("Monday morning") follows the cue to the
 * sentence's end. The role pass leaves these without content (33 of the 180 tagged gold cues the join lost on
 * PolNeAR dev were such): with the clause, cue +10 right / +2 wrong on dev (+6 / +4 on a held-out fifth of train).
 */
function clauseBeforeFrame(doc: TaggerDoc, x: TaggerInput, g: TaggedAttribution): [number, number] | null {
  const t = doc.tokens, s = doc.sentences, k = x.sent[g.cue[0]];
  const f = g.source && g.source[1] <= g.cue[0] ? g.source[0] : g.cue[0];
  if (g.source && g.source[1] !== g.cue[0]) return null;
  const a = s.tokenStart[k], e = s.tokenEnd[k];
  if (f - 1 <= a || t.kind[f - 1] !== TokenKind.PUNCT || doc.text.charCodeAt(t.start[f - 1]) !== 44) return null;
  let tail = 0;
  for (let i = g.cue[1]; i < e; i++) {
    if (t.kind[i] === TokenKind.PUNCT) continue;
    if (x.upos[i] === VERB || x.upos[i] === AUX || ++tail > 4) return null;
  }
  let b = f - 1;
  while (b > a && t.kind[b - 1] === TokenKind.PUNCT && x.quote[b - 1] === 0) b--;
  let verb = false;
  for (let i = a; i < b && !verb; i++) verb = x.upos[i] === VERB || x.upos[i] === AUX;
  return verb && b - a >= 3 ? [a, b] : null;
}

/** Tokens used by the attributions in `atts` (any role). */
export function takenBy(doc: TaggerDoc, atts: DocAttribution[]): Uint8Array {
  const t = doc.tokens, n = t.count;
  const taken = new Uint8Array(n);
  for (const a of atts) {
    for (const sp of [a.cue, ...a.content, ...(a.source ? [a.source] : [])]) {
      for (let i = tokenAtOrAfter(t, sp.start); i < n && t.start[i] < sp.end; i++) taken[i] = 1;
    }
  }
  return taken;
}

/** Per token, the index of the rule attribution using it (any role), -1 for none. */
export function ruleOwners(doc: TaggerDoc): Int32Array {
  const t = doc.tokens, n = t.count;
  const owner = new Int32Array(n).fill(-1);
  doc.attributions.forEach((a, k) => {
    for (const sp of [a.cue, ...a.content, ...(a.source ? [a.source] : [])]) {
      for (let i = tokenAtOrAfter(t, sp.start); i < n && t.start[i] < sp.end; i++) owner[i] = k;
    }
  });
  return owner;
}

/** Cue runs of first-pass labels as [a, b) token ranges. */
export function cueRuns(labels: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 3) continue;
    let j = i + 1;
    while (j < labels.length && labels[j] === 4) j++;
    out.push([i, j]);
    i = j - 1;
  }
  return out;
}

/** Second pass over every cue: its source (the run nearest the cue) and its content runs. */
export function roleGroups(x: TaggerInput, cues: Array<[number, number]>, tagger: AttributionTagger, owner: Int32Array): TaggedAttribution[] {
  const mask = new Uint8Array(x.n);
  for (const [a, b] of cues) mask.fill(1, a, b);
  const out: TaggedAttribution[] = [];
  let buf = new Uint8Array(0);
  for (const [a, b] of cues) {
    const c = cueContext(x, a, b, mask, owner);
    const len = c.wb - c.wa;
    if (buf.length < len) buf = new Uint8Array(len * 2);
    tagger.tagRoles(x, c, buf);
    let source: [number, number] | null = null, sourceGap = Infinity;
    const content: Array<[number, number]> = [];
    for (let k = 0; k < len; k++) {
      const l = buf[k];
      if (l !== 1 && l !== 5) continue;
      let e = k + 1;
      while (e < len && buf[e] === l + 1) e++;
      const ra = c.wa + k, rb = c.wa + e;
      if (l === 5) content.push([ra, rb]);
      else {
        const g = rb <= a ? a - rb : ra - b;
        if (g < sourceGap) { sourceGap = g; source = [ra, rb]; }
      }
      k = e - 1;
    }
    out.push({ cue: [a, b], source, content });
  }
  return out;
}

/** The learned pass over one document: first-pass cues, second-pass roles, minus what `taken` (rule output) already uses. */
export function learnedAttributions(doc: TaggerDoc, lex: CueLexicon, tagger: AttributionTagger, taken?: Uint8Array): DocAttribution[] {
  if (doc.tokens.count === 0) return [];
  const x = buildInput(doc, lex, tagger.clusters);
  const labels = tagger.tag(x);
  const groups = roleGroups(x, cueRuns(labels), tagger, ruleOwners(doc));
  return toAttributions(doc, lex, x, groups, taken ?? takenBy(doc, doc.attributions));
}

void PROPN; void PRON; void OBL; void ADVCL; void CASE;

/**
 * Loads models/attribution.bin with the word clusters beside it; null when the file is missing or was trained on
 * other feature templates or other clusters (then the rule pass works alone; `npm run train -- attribution`
 * rebuilds it, and a test checks that the committed file loads).
 */
export function loadAttributionModel(modelDir: string): AttributionTagger | null {
  const file = path.join(modelDir, 'attribution.bin');
  if (!existsSync(file)) return null;
  const { model, header } = loadPerceptron(readFileSync(file), 'attribution model');
  if (header.meta.featureVersion !== FEATURE_VERSION) return null;
  const clusters = loadClusters(modelDir);
  return header.meta.clusterWords === (clusters?.size ?? 0) ? new AttributionTagger(model, clusters).freeze(header.scales) : null;
}
