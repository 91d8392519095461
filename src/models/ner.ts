// The named-entity recogniser: a hashed averaged perceptron over BIO tags (NER_TAGS), decoded
// greedily left to right with the two previous predicted tags, after Ratinov & Roth (2009):
// word, lower case, shape, affixes, ±2 window, word-cluster path prefixes, gazetteer matches,
// and document-level evidence — the same word written elsewhere in the article mid-sentence or in
// lower case, and the types predicted for it earlier in the article ("extended prediction history").
//
// Input is a run of tokens as character ranges over a text, so training (CoNLL tokens, re-split
// by our tokenizer) and the pipeline (doc.tokens) share one code path. Static features are
// computed once per document into a flat Uint32Array; only tag-history features are added while
// decoding.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clusters } from './clusters.js';
import { CLUSTER_PREFIXES, loadClusters } from './clusters.js';
import type { Gazetteer } from './gazetteer.js';
import { deflateSync, inflateSync } from 'node:zlib';
import { decodeRowIndices, encodeRowIndices, hashPair, hashString, Perceptron } from './perceptron.js';
import { DossierError } from '../errors.js';
import { sameShape, type SharesTables, type TableSet } from './shared-tables.js';
import { NER_TAGS } from '../tagsets.js';

/** Bumped whenever the feature templates change, so an old model file is refused rather than misread. */
export const NER_FEATURES_VERSION = 9;

/** Tokens of one document: character ranges over `text`, grouped into sentences. */
export interface NerInput {
  text: string;
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** 1 when whitespace precedes the token (glue tells hyphen compounds from spaced dashes). */
  spaceBefore: Uint8Array;
  sentences: number;
  sentStart: Int32Array;
  sentEnd: Int32Array;
  /**
   * Optional: per token the id of its form in the word-features form table (WordFeatures.ids) and that
   * table's generation. With them the model keeps what depends on the form alone by id (see FormFacts).
   */
  formIds?: Int32Array;
  formGeneration?: number;
}

export interface NerKnowledge {
  gazetteer: Gazetteer | null;
  clusters: Clusters | null;
  /** Words (lower case) mostly tagged one type in the training data: 1 PER, 2 ORG, 3 LOC, 4 MISC (stored in the model file). */
  wordTypes?: Map<string, number> | null;
}

// ---- per-token facts ----------------------------------------------------------------------------

const B_CAP = 1, B_ALLCAPS = 2, B_LOWER = 4, B_DIGIT = 8, B_ALLDIGIT = 16, B_PUNCT = 32, B_PERIOD = 64, B_HYPHEN_GLUE = 128,
  B_SENT_FIRST = 256, B_CAPS_SENT = 512, B_APOS = 1024, B_PLAIN = 2048;
// Lexicon bits.
const L_FIRST = 1, L_SURNAME = 2, L_TITLE = 4, L_COMMON = 8, L_ORGWORD = 16, L_LOCWORD = 32, L_MISCWORD = 64, L_STOP = 128, L_ROLE = 256, L_NOTNAME = 512,
  L_DEMONYM = 1024;
const L_FEATURE_MASK = 0x7ff, G_PHRASE_START = 0x800, G_KIND_SHIFT = 12, G_KIND_MASK = 0x7000, W_TYPE_SHIFT = 15;
/** Lexicon values keep flags in the low 18 bits and the cluster row above them (arithmetic, past 32 bits). */
const CLUSTER_UNIT = 1 << 18;
/** Gazetteer kind (GAZ_KINDS index) → entity type number (1 PER, 2 ORG, 3 LOC, 4 MISC). */
const GAZ_TYPE = [3, 4, 2, 1];
// Document bits.
const D_MID_CAP = 1, D_LOWER_SEEN = 2, D_FIRST_OF_RUN = 4;

const GAZ_KINDS = 'LDOP';
/** Lower-case words that may stand inside a gazetteer phrase ('Bank of England', 'Bosnia-Herzegovina'). */
const PHRASE_INNER = new Set(['of', 'the', 'and', 'for', '-', 'de', 'al', 'el', 'la', 'du', 'von', 'van']);

const S = 88;          // static feature slots per token (at most ~75 used)
const DYN = 16;        // dynamic (history) slots
const NCLASS = NER_TAGS.length;

// Template ids (small integers hashed with the value).
const T = {
  bias: 1, word: 2, lower: 3, shape: 4, pre: 5, suf: 9, lowerM1: 13, lowerP1: 14, lowerM2: 15, lowerP2: 16, shapeM1: 17, shapeP1: 18,
  shapeM1_0: 19, shape0_P1: 20, wordM1_0: 21, word0_P1: 22, cluster: 23, clusterM1: 27, clusterP1: 29, gaz: 31, gazM1: 32, gazP1: 33,
  lex: 34, lexM1: 35, lexP1: 36, flags: 37, doc: 38, docShape: 39, flagsM1: 40, flagsP1: 41, lowerM1_0: 42, sentFirstLower: 43,
  capsSentLower: 44, shortShape: 45, suffixShape: 46, glue: 47, known: 48, knownM1: 49, knownP1: 50,
  docRun: 93, docCue: 94, phraseLast: 95, phraseBefore: 96, phraseAfter: 97, rowNum: 90, topic: 91, topicClass: 92,
  xclass: 80, xclassM1: 83, xclassP1: 85, xclassM2: 87, xclassP2: 88,
  prev: 60, prev2: 61, prevLower: 62, prevShape: 63, hist: 64, histShape: 65, prevGaz: 66, prevCluster: 67,
} as const;

/** Per-document scratch arrays, grown as needed and reused (one set per model instance). */
class Scratch {
  cap = 0;
  lowerH = new Uint32Array(0); wordH = new Uint32Array(0); shapeH = new Uint32Array(0); shortShapeH = new Uint32Array(0);
  rowNum = new Uint8Array(0); bits = new Uint16Array(0); lex = new Uint16Array(0); known = new Uint8Array(0); docBits = new Uint8Array(0); gaz = new Uint8Array(0);
  cluster = new Int32Array(0); feats = new Uint32Array(0); nfeats = new Uint8Array(0);
  /** Per token, a document-local id of its lower-case form; per id, seen-bits and the types predicted so far. */
  wordId = new Int32Array(0); idBits = new Uint8Array(0); runBits = new Uint8Array(0); cueBits = new Uint16Array(0); history = new Uint8Array(0); sums = new Int32Array(0);
  /** Per token, the capitalised phrase it stands in: [phraseStart, phraseEnd) token range (both -1 outside one). */
  phraseStart = new Int32Array(0); phraseEnd = new Int32Array(0);
  /** describeDocument's table of lower-case form hashes (pairs: hash, id + 1). */
  idSlots = new Int32Array(0);
  lowers: string[] = [];
  ensure(n: number): void {
    if (n <= this.cap) return;
    const c = Math.max(n, this.cap * 2, 256);
    this.cap = c;
    this.lowerH = new Uint32Array(c); this.wordH = new Uint32Array(c); this.shapeH = new Uint32Array(c); this.shortShapeH = new Uint32Array(c);
    this.rowNum = new Uint8Array(c); this.bits = new Uint16Array(c); this.lex = new Uint16Array(c); this.known = new Uint8Array(c); this.docBits = new Uint8Array(c); this.gaz = new Uint8Array(c);
    this.cluster = new Int32Array(c); this.feats = new Uint32Array(c * S); this.nfeats = new Uint8Array(c);
    this.wordId = new Int32Array(c); this.idBits = new Uint8Array(c); this.runBits = new Uint8Array(c); this.cueBits = new Uint16Array(c); this.history = new Uint8Array(c); this.sums = new Int32Array(c * NCLASS);
    this.phraseStart = new Int32Array(c); this.phraseEnd = new Int32Array(c);
  }
}

// Beyond Latin-1 the case test allocates, so General Punctuation and the symbol blocks (curly quotes, dashes) skip it.
const cased = (c: number): boolean => c > 0xff && (c < 0x2000 || c > 0x2bff);
const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (cased(c) && String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c));
const isLower = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (cased(c) && String.fromCharCode(c).toUpperCase() !== String.fromCharCode(c));
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const FNV = 0x811c9dc5, PRIME = 0x01000193;

/** Word → lexicon bits (low 12) | (cluster row + 1) << 12, merged once per model so a token costs one look-up. */
function buildLexicon(k: NerKnowledge): Map<string, number> {
  const out = new Map<string, number>();
  const or = (w: string, bit: number): void => { out.set(w, (out.get(w) ?? 0) | bit); };
  const g = k.gazetteer;
  if (g) {
    for (const w of g.firstNames.keys()) or(w, L_FIRST);
    for (const w of g.surnames.keys()) or(w, L_SURNAME);
    for (const w of g.titles.keys()) or(w, L_TITLE);
    for (const w of g.common) or(w, L_COMMON);
    for (const w of g.roles.keys()) or(w, L_ROLE);
    for (const w of g.notNames) or(w, L_NOTNAME);
    for (const [w, role] of g.words) or(w, role === 'org' ? L_ORGWORD : role === 'loc' ? L_LOCWORD : role === 'misc' ? L_MISCWORD : role === 'stop' ? L_STOP : 0);
    for (const [w, e] of g.names) if (e.kind === 'D' && !w.includes(' ')) or(w, L_DEMONYM);
  }
  if (g) {
    // Gazetteer phrases: a one-word phrase's kind, and a mark on words that open a longer phrase, so
    // the phrase matcher builds strings only where a match is possible.
    for (const [w, e] of g.names) {
      const sp = w.indexOf(' ');
      if (sp < 0) { const v = out.get(w) ?? 0; if (!(v & G_KIND_MASK)) out.set(w, v | ((GAZ_KINDS.indexOf(e.kind) + 1) << G_KIND_SHIFT)); }
      else or(w.slice(0, sp), G_PHRASE_START);
    }
    for (const [variant, canonical] of g.variants) {
      const e = g.names.get(canonical);
      if (!e) continue;
      const sp = variant.indexOf(' ');
      if (sp < 0) { const v = out.get(variant) ?? 0; if (!(v & G_KIND_MASK)) out.set(variant, v | ((GAZ_KINDS.indexOf(e.kind) + 1) << G_KIND_SHIFT)); }
      else or(variant.slice(0, sp), G_PHRASE_START);
    }
  }
  if (k.wordTypes) for (const [w, t] of k.wordTypes) or(w, t << W_TYPE_SHIFT);
  if (k.clusters) for (const [w, row] of k.clusters.index) out.set(w, (out.get(w) ?? 0) + (row + 1) * CLUSTER_UNIT);
  return out;
}

/** Per-model facts of word forms seen before (bounded: emptied when full). */
class WordCache {
  static readonly LIMIT = 1 << 17;
  slot = new Map<number, number>();
  word: string[] = []; lower: string[] = [];
  lowerH = new Uint32Array(WordCache.LIMIT); affix = new Uint32Array(WordCache.LIMIT * 8); lex = new Uint16Array(WordCache.LIMIT);
  known = new Uint8Array(WordCache.LIMIT); cluster = new Int32Array(WordCache.LIMIT);
  add(h: number, word: string, lower: string, lowerH: number, lex: number, known: number, cluster: number, pre: Uint32Array, suf: Uint32Array, i: number): void {
    if (this.word.length >= WordCache.LIMIT) { this.slot.clear(); this.word.length = 0; this.lower.length = 0; }
    const k = this.word.length;
    this.slot.set(h, k); this.word.push(word); this.lower.push(lower);
    this.lowerH[k] = lowerH; this.lex[k] = lex; this.known[k] = known; this.cluster[k] = cluster;
    for (let m = 0; m < 4; m++) { this.affix[k * 8 + m] = pre[i * 4 + m]; this.affix[k * 8 + 4 + m] = suf[i * 4 + m]; }
  }
}

/**
 * What depends on a word form alone, by its form-table id (NerInput.formIds), so a form met before costs
 * array reads: the per-token facts describeTokens derives from its characters and the lexicon, and the
 * quantised weight sums of its form features (formFeatures), summed on first use. Emptied for a new
 * generation of ids.
 */
class FormFacts {
  generation = -1;
  cap = 0;
  /**
   * Per id one row of FACT_WORDS (64 bytes, so a known form costs one or two cache lines): state (FACT_FILLED,
   * FACT_SUMMED), bits | known << 16, word, shape, short-shape and lower-case hashes, lexicon bits, cluster row,
   * then the 4 prefix and 4 suffix hashes.
   */
  rows = new Uint32Array(0);
  /** Per id, FORM_SLOTS rows of NCLASS sums: the form as the word −2, −1, itself (formFeatures), +1, +2 from the token scored. */
  sums = new Int32Array(0);
  /** The same rows for "no word here", for the document's edges (slot 2 unused). */
  edge = new Int32Array(FORM_SLOTS * NCLASS); edgeSummed = false;
  lower: string[] = [];
  /** Readies the table for a document's ids: emptied for another generation, grown to its largest id. False when a token has no id. */
  prepare(inp: NerInput): boolean {
    const ids = inp.formIds!;
    for (let i = 0; i < inp.count; i++) if (ids[i] < 0) return false;
    if (inp.formGeneration !== this.generation) {
      this.generation = inp.formGeneration!;
      this.rows.fill(0); this.edgeSummed = false;
    }
    let top = -1;
    for (let i = 0; i < inp.count; i++) if (ids[i] > top) top = ids[i];
    if (top < this.cap) return true;
    const c = Math.max(top + 1, this.cap * 2, 1024);
    const rows = new Uint32Array(c * FACT_WORDS); rows.set(this.rows); this.rows = rows;
    const sums = new Int32Array(c * FORM_SLOTS * NCLASS); sums.set(this.sums); this.sums = sums;
    // Filled to the end, so the array stays packed (a far index in an empty array would make it a dictionary).
    for (let k = this.lower.length; k < c; k++) this.lower.push('');
    this.cap = c;
    return true;
  }
}

const FACT_WORDS = 16, FACT_FILLED = 1, FACT_SUMMED = 2;

/** Rows of form sums per form (FormFacts.sums): offsets −2..+2. */
const FORM_SLOTS = 5;

/** Bits describeTokens reads off the characters alone (the rest are set from the sentence and the neighbours). */
const FORM_BITS = B_CAP | B_ALLCAPS | B_LOWER | B_DIGIT | B_ALLDIGIT | B_PUNCT | B_PERIOD | B_APOS | B_PLAIN;

/** Fills the per-token arrays for one document. */
function describeTokens(inp: NerInput, lexicon: Map<string, number>, sc: Scratch, pre: Uint32Array, suf: Uint32Array, wordTypes: Map<string, number> | null, cache: WordCache | null, facts: FormFacts | null): void {
  const { text, count: n } = inp;
  sc.lowers.length = n;
  const ids = facts ? inp.formIds! : null;
  for (let i = 0; i < n; i++) {
    const a = inp.start[i], b = inp.end[i];
    const id = ids ? ids[i] : -1;
    if (id >= 0 && facts!.rows[id * FACT_WORDS] & FACT_FILLED) {
      const r = facts!.rows, o = id * FACT_WORDS;
      sc.bits[i] = r[o + 1] & 0xffff; sc.known[i] = r[o + 1] >>> 16;
      sc.wordH[i] = r[o + 2]; sc.shapeH[i] = r[o + 3]; sc.shortShapeH[i] = r[o + 4]; sc.lowerH[i] = r[o + 5];
      sc.lex[i] = r[o + 6]; sc.cluster[i] = r[o + 7] | 0;
      for (let m = 0; m < 4; m++) { pre[i * 4 + m] = r[o + 8 + m]; suf[i * 4 + m] = r[o + 12 + m]; }
      sc.lowers[i] = facts!.lower[id];
      continue;
    }
    let wh = FNV, sh = FNV, ssh = FNV, uppers = 0, lowers = 0, digits = 0, others = 0, last = -1, runs = 0;
    let bits = 0;
    for (let j = a; j < b; j++) {
      const c = text.charCodeAt(j);
      wh = Math.imul(wh ^ c, PRIME);
      let s: number;
      if (isUpper(c)) { uppers++; s = 88; } else if (isLower(c)) { lowers++; s = 120; } else if (isDigit(c)) { digits++; s = 100; } else { others++; s = c; if (c === 46) bits |= B_PERIOD; if (c === 39 || c === 0x2019) bits |= B_APOS; }
      if (j - a < 5) sh = Math.imul(sh ^ s, PRIME);
      if (s !== last && runs < 5) { ssh = Math.imul(ssh ^ s, PRIME); runs++; }
      last = s;
    }
    // Long words: the shape keeps the first 5 classes and the class of the last 2 characters.
    if (b - a > 5) {
      const c1 = text.charCodeAt(b - 2), c2 = text.charCodeAt(b - 1);
      sh = Math.imul(sh ^ 0x7e, PRIME);
      sh = Math.imul(sh ^ (isUpper(c1) ? 88 : isLower(c1) ? 120 : isDigit(c1) ? 100 : c1), PRIME);
      sh = Math.imul(sh ^ (isUpper(c2) ? 88 : isLower(c2) ? 120 : isDigit(c2) ? 100 : c2), PRIME);
    }
    const c0 = text.charCodeAt(a);
    if (isUpper(c0)) bits |= B_CAP;
    if (uppers >= 2 && lowers === 0) bits |= B_ALLCAPS;
    if (isLower(c0)) bits |= B_LOWER;
    if (digits) bits |= B_DIGIT;
    if (digits && !uppers && !lowers) bits |= B_ALLDIGIT;
    if (!uppers && !lowers && !digits && others) bits |= B_PUNCT;
    if (!uppers && !digits) bits |= B_PLAIN;
    sc.wordH[i] = wh >>> 0; sc.shapeH[i] = sh >>> 0; sc.shortShapeH[i] = ssh >>> 0;
    sc.bits[i] = bits;
    // Word forms repeat: a cache (checked against the text, so a hash collision only costs a miss)
    // saves the slice, lower-casing, affix hashing and lexicon look-up.
    const slot = cache ? cache.slot.get(sc.wordH[i]) : undefined;
    if (slot !== undefined && cache!.word[slot].length === b - a && text.startsWith(cache!.word[slot], a)) {
      const c = cache!;
      sc.lowers[i] = c.lower[slot]; sc.lowerH[i] = c.lowerH[slot]; sc.lex[i] = c.lex[slot]; sc.known[i] = c.known[slot]; sc.cluster[i] = c.cluster[slot];
      for (let m = 0; m < 4; m++) { pre[i * 4 + m] = c.affix[slot * 8 + m]; suf[i * 4 + m] = c.affix[slot * 8 + 4 + m]; }
      if (id >= 0) keepFacts(facts!, id, sc, pre, suf, i);
      continue;
    }
    const word = text.slice(a, b);
    const lower = uppers ? word.toLowerCase() : word;
    sc.lowers[i] = lower;
    sc.lowerH[i] = uppers ? hashString(lower) : sc.wordH[i];
    // Affixes of the lower-case form, hashed incrementally (no substrings).
    const L = lower.length;
    let ph = FNV, xh = 0x9747b28c;
    for (let m = 0; m < 4; m++) {
      if (m < L) { ph = Math.imul(ph ^ lower.charCodeAt(m), PRIME); xh = Math.imul(xh ^ lower.charCodeAt(L - 1 - m), PRIME); }
      pre[i * 4 + m] = m < L ? ph >>> 0 : 0;
      suf[i * 4 + m] = m < L ? xh >>> 0 : 0;
    }
    // One look-up gives the word's lexicon bits and its cluster row.
    const v = uppers || lowers ? lexicon.get(lower) : undefined;
    const low = v === undefined ? 0 : v % CLUSTER_UNIT;
    sc.lex[i] = low & 0x7fff;
    sc.known[i] = wordTypes ? (wordTypes.get(lower) ?? 0) : low >>> W_TYPE_SHIFT;
    sc.cluster[i] = v === undefined ? -1 : Math.floor(v / CLUSTER_UNIT) - 1;
    if (cache && slot === undefined) cache.add(sc.wordH[i], word, lower, sc.lowerH[i], sc.lex[i], sc.known[i], sc.cluster[i], pre, suf, i);
    if (id >= 0) keepFacts(facts!, id, sc, pre, suf, i);
  }
  // Sentence facts: first word, and headline-like all-capitals sentences (CoNLL datelines/headlines).
  for (let s = 0; s < inp.sentences; s++) {
    const a = inp.sentStart[s], b = inp.sentEnd[s];
    let words = 0, caps = 0, numbers = 0;
    for (let i = a; i < b; i++) {
      const bt = sc.bits[i];
      if (bt & (B_CAP | B_LOWER)) { words++; if (bt & B_ALLCAPS) caps++; }
      if (bt & B_DIGIT) numbers++;
    }
    const capsSent = words >= 2 && caps * 2 > words;
    // Result tables and score lines ('Leeds 2 Arsenal 1'): numbers against words in the line.
    const rowNum = numbers === 0 ? 0 : numbers * 3 < words ? 1 : numbers <= words ? 2 : 3;
    sc.rowNum.fill(rowNum, a, b);
    let first = true;
    for (let i = a; i < b; i++) {
      if (capsSent) sc.bits[i] |= B_CAPS_SENT;
      if (first && !(sc.bits[i] & B_PUNCT)) { sc.bits[i] |= B_SENT_FIRST; first = false; }
    }
  }
  // Hyphen compounds: a hyphen with no space on either side, and the words it glues.
  for (let i = 1; i + 1 < n; i++) {
    const a = inp.start[i];
    if (inp.end[i] - a === 1 && text.charCodeAt(a) === 45 && !inp.spaceBefore[i] && !inp.spaceBefore[i + 1]) {
      sc.bits[i - 1] |= B_HYPHEN_GLUE; sc.bits[i] |= B_HYPHEN_GLUE; sc.bits[i + 1] |= B_HYPHEN_GLUE;
    }
  }
}

/** Stores token i's form facts (describeTokens has just set them) under its form id. */
function keepFacts(x: FormFacts, id: number, sc: Scratch, pre: Uint32Array, suf: Uint32Array, i: number): void {
  const r = x.rows, o = id * FACT_WORDS;
  r[o + 1] = (sc.bits[i] & FORM_BITS) | (sc.known[i] << 16);
  r[o + 2] = sc.wordH[i]; r[o + 3] = sc.shapeH[i]; r[o + 4] = sc.shortShapeH[i]; r[o + 5] = sc.lowerH[i];
  r[o + 6] = sc.lex[i]; r[o + 7] = sc.cluster[i];
  for (let m = 0; m < 4; m++) { r[o + 8 + m] = pre[i * 4 + m]; r[o + 12 + m] = suf[i * 4 + m]; }
  x.lower[id] = sc.lowers[i];
  r[o] |= FACT_FILLED;
}

/** Document-level evidence: how the same word is written elsewhere in the article. Also numbers the word forms. */
function describeDocument(inp: NerInput, sc: Scratch): void {
  const n = inp.count;
  // Lower-case form hash -> id + 1, by open addressing (at most half full): ids numbered in order of first occurrence.
  let size = 1024;
  while (size < 2 * n) size *= 2;
  if (sc.idSlots.length < 2 * size) sc.idSlots = new Int32Array(2 * size);
  const slots = sc.idSlots, mask = size - 1;
  slots.fill(0, 0, 2 * size);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const h = sc.lowerH[i] | 0;
    let k = (Math.imul(h, 0x9e3779b1) >>> 12) & mask;
    while (slots[2 * k + 1] !== 0 && slots[2 * k] !== h) k = (k + 1) & mask;
    let id = slots[2 * k + 1] - 1;
    if (id < 0) { id = next++; slots[2 * k] = h; slots[2 * k + 1] = id + 1; sc.idBits[id] = 0; sc.runBits[id] = 0; sc.cueBits[id] = 0; }
    sc.wordId[i] = id;
    const bt = sc.bits[i];
    if (bt & B_LOWER) sc.idBits[id] |= D_LOWER_SEEN;
    else if ((bt & B_CAP) && !(bt & (B_SENT_FIRST | B_CAPS_SENT | B_ALLCAPS))) sc.idBits[id] |= D_MID_CAP;
  }
  for (let i = 0; i < n; i++) {
    let d = 0;
    if (sc.bits[i] & (B_CAP | B_ALLCAPS)) {
      d = sc.idBits[sc.wordId[i]] & (D_MID_CAP | D_LOWER_SEEN);
      if (i === 0 || !(sc.bits[i - 1] & (B_CAP | B_ALLCAPS))) d |= D_FIRST_OF_RUN;
    }
    sc.docBits[i] = d;
  }
}

/** Company-name endings that are not in the gazetteer's word list ('Magna International Inc', 'Douglas & Lomason Co'). */
const ORG_END = new Set(['inc', 'inc.', 'corp', 'corp.', 'co', 'co.', 'ltd', 'ltd.', 'plc', 'group', 'ag', 'sa', 'nv', 'llc', 'holdings', 'bhd', 'fc', 'cf', 'ac']);
const RUN_INNER = new Set(['of', '&', 'and', 'de', 'for']);
const R_ORG_RUN = 1, R_AFTER_TITLE = 2, R_AFTER_FIRST = 4, R_ALONE = 8;
/** Words around a mention that lean to a type: place prepositions before, speech verbs and possessives after. */
const CUE_BEFORE = new Map([['in', 1], ['at', 1], ['from', 1], ['near', 1], ['the', 2], ['against', 4], ['beat', 4], ['by', 8], ['of', 128]]);
const CUE_AFTER = new Map([['said', 16], ['says', 16], ['told', 16], ["'s", 32], ['’s', 32], ['spokesman', 256], ['officials', 256], ['shares', 256], ['chairman', 256], ['who', 512]]);

/**
 * Context aggregation (Ratinov & Roth): the capitalised runs each word form stands in anywhere in the
 * article — ending in a company/organisation word, after a title or role, after a first name, alone —
 * so 'Magna' alone inherits the evidence of 'Magna International Inc' three sentences earlier.
 */
function describeRuns(inp: NerInput, sc: Scratch): void {
  const cap = (i: number): boolean => (sc.bits[i] & (B_CAP | B_ALLCAPS)) !== 0 && !(sc.bits[i] & B_CAPS_SENT);
  for (let s = 0; s < inp.sentences; s++) {
    const a = inp.sentStart[s], b = inp.sentEnd[s];
    for (let i = a; i < b; i++) {
      if (!cap(i)) continue;
      const before = i > a ? CUE_BEFORE.get(sc.lowers[i - 1]) ?? 0 : 0;
      let j = i + 1;
      while (j < b && (cap(j) || (j + 1 < b && RUN_INNER.has(sc.lowers[j]) && cap(j + 1)))) j++;
      const last = sc.lowers[j - 1];
      const orgEnd = j - i >= 2 && ((sc.lex[j - 1] & L_ORGWORD) !== 0 || ORG_END.has(last));
      const orgAfter = j < b && ORG_END.has(sc.lowers[j]);
      const afterTitle = i > a && (sc.lex[i - 1] & (L_TITLE | L_ROLE)) !== 0;
      const afterFirst = j - i >= 2 && (sc.lex[i] & L_FIRST) !== 0;
      let cues = before | (j < b ? CUE_AFTER.get(sc.lowers[j]) ?? 0 : 0);
      if (j < b && (sc.bits[j] & B_DIGIT)) cues |= 64;
      for (let m = i; m < j; m++) {
        if (!cap(m)) continue;
        sc.cueBits[sc.wordId[m]] |= cues;
        let r = 0;
        if ((orgEnd && m < j - 1) || orgAfter) r |= R_ORG_RUN;
        if (afterTitle) r |= R_AFTER_TITLE;
        if (afterFirst && m > i) r |= R_AFTER_FIRST;
        if (j - i === 1) r |= R_ALONE;
        sc.runBits[sc.wordId[m]] |= r;
      }
      i = j - 1;
    }
  }
}

/**
 * Capitalised phrases: runs of capitalised words within a sentence, joined by hyphen compounds and by
 * of/&/and/de/for between capitals. Every word of a phrase sees its last word and the words on either
 * side of it ('Bank' in 'the National Bank of Poland said' sees 'poland', 'the' and 'said'), beyond
 * the ±2 window. (A compound's lower-case part stays in: ending the phrase at 'Ohio-based' cost 0.2 F1.)
 */
function describePhrases(inp: NerInput, sc: Scratch): void {
  sc.phraseStart.fill(-1, 0, inp.count); sc.phraseEnd.fill(-1, 0, inp.count);
  const cap = (i: number): boolean => (sc.bits[i] & (B_CAP | B_ALLCAPS)) !== 0;
  for (let s = 0; s < inp.sentences; s++) {
    const a = inp.sentStart[s], b = inp.sentEnd[s];
    for (let i = a; i < b; i++) {
      if (!cap(i)) continue;
      let j = i + 1;
      while (j < b && (cap(j) || ((sc.bits[j] & B_HYPHEN_GLUE) && (sc.bits[j - 1] & B_HYPHEN_GLUE) && !inp.spaceBefore[j]) || (j + 1 < b && RUN_INNER.has(sc.lowers[j]) && cap(j + 1)))) j++;
      sc.phraseStart.fill(i, i, j); sc.phraseEnd.fill(j, i, j);
      i = j - 1;
    }
  }
}

/** Marks gazetteer phrases (longest match from each capitalised token, within a sentence): kind index * 2 + (inside ? 1 : 0) + 1. */
function markGazetteer(inp: NerInput, g: Gazetteer | null, sc: Scratch): void {
  sc.gaz.fill(0, 0, inp.count);
  if (!g) return;
  const maxWords = Math.min(g.maxWords, 6);
  for (let s = 0; s < inp.sentences; s++) {
    const a = inp.sentStart[s], b = inp.sentEnd[s];
    for (let i = a; i < b; i++) {
      if (!(sc.bits[i] & (B_CAP | B_ALLCAPS))) continue;
      const v = sc.lex[i];
      let matched = 0, kind = -1;
      if (v & G_KIND_MASK) { matched = 1; kind = ((v & G_KIND_MASK) >> G_KIND_SHIFT) - 1; }
      if (v & G_PHRASE_START) {
        let phrase = sc.lowers[i];
        for (let m = 1; m < maxWords && i + m < b; m++) {
          const j = i + m;
          if (!(sc.bits[j] & (B_CAP | B_ALLCAPS)) && !PHRASE_INNER.has(sc.lowers[j])) break;
          phrase = phrase + (inp.spaceBefore[j] ? ' ' : '') + sc.lowers[j];
          const e = g.names.get(phrase) ?? (g.variants.has(phrase) ? g.names.get(g.variants.get(phrase)!) : undefined);
          if (e) { matched = m + 1; kind = GAZ_KINDS.indexOf(e.kind); }
        }
      }
      if (matched) {
        for (let m = 0; m < matched; m++) {
          sc.gaz[i + m] = kind * 2 + (m ? 1 : 0) + 1;
          // A gazetteer phrase counts as a known word of its type, as a training-list word does.
          if (!sc.known[i + m] || matched > 1) sc.known[i + m] = GAZ_TYPE[kind];
        }
        i += matched - 1;
      }
    }
  }
}

/** The article's first word (a wire story's section word: SOCCER, TENNIS; else the headline's first word). */
function topicOf(inp: NerInput, sc: Scratch): number {
  for (let i = 0; i < inp.count && i < 3; i++) if (sc.bits[i] & (B_CAP | B_LOWER)) return sc.lowerH[i];
  return 0x5bd1e995;
}

/**
 * The static features of token i that read its form alone (word, lower case, shapes, affixes, cluster
 * paths and classes) into F from f; returns the new end. staticFeatures writes the same ones.
 */
function formFeatures(k: NerKnowledge, sc: Scratch, pre: Uint32Array, suf: Uint32Array, i: number, F: Uint32Array, f: number): number {
  const K = CLUSTER_PREFIXES.length, ch = k.clusters ? k.clusters.prefixHashes : null;
  F[f++] = hashPair(T.bias, 0);
  F[f++] = hashPair(T.word, sc.wordH[i]);
  F[f++] = hashPair(T.lower, sc.lowerH[i]);
  F[f++] = hashPair(T.shape, sc.shapeH[i]);
  F[f++] = hashPair(T.shortShape, sc.shortShapeH[i]);
  for (let m = 0; m < 4; m++) if (pre[i * 4 + m]) { F[f++] = hashPair(T.pre + m, pre[i * 4 + m]); F[f++] = hashPair(T.suf + m, suf[i * 4 + m]); }
  F[f++] = hashPair(T.suffixShape, hashPair(suf[i * 4 + 2] || suf[i * 4], sc.shortShapeH[i]));
  if (ch) {
    const r = sc.cluster[i];
    if (r >= 0) for (let m = 0; m < K; m++) F[f++] = hashPair(T.cluster + m, ch[r * K + m]);
    else F[f++] = hashPair(T.cluster, 0);
    const xh = k.clusters!.classHashes;
    if (xh && r >= 0) for (let m = 0; m < 3; m++) F[f++] = hashPair(T.xclass + m, xh[r * 3 + m]);
  }
  return f;
}

/** Value of the "no word here" neighbour (before the first token, after the last). */
const NONE = 0x5bd1e995;

/**
 * The static features that token i = j + 2 - slot reads of its neighbour j's form alone, for slots 0, 1,
 * 3, 4 (j at offset -2, -1, +1, +2 from i): lower case, shape, cluster paths and classes, lexicon bits.
 * j < 0: no word there (the document ends). staticFeatures writes the same ones.
 */
function neighbourFeatures(k: NerKnowledge, sc: Scratch, j: number, slot: number, F: Uint32Array, f: number): number {
  const K = CLUSTER_PREFIXES.length, ch = k.clusters ? k.clusters.prefixHashes : null, xh = ch ? k.clusters!.classHashes : null;
  const lo = j >= 0 ? sc.lowerH[j] : NONE, r = j >= 0 ? sc.cluster[j] : -1;
  if (slot === 0 || slot === 4) {
    F[f++] = hashPair(slot === 0 ? T.lowerM2 : T.lowerP2, lo);
    if (xh) F[f++] = hashPair(slot === 0 ? T.xclassM2 : T.xclassP2, r >= 0 ? xh[r * 3 + 1] : 1);
    return f;
  }
  const before = slot === 1;
  F[f++] = hashPair(before ? T.lowerM1 : T.lowerP1, lo);
  F[f++] = hashPair(before ? T.shapeM1 : T.shapeP1, j >= 0 ? sc.shapeH[j] : NONE);
  if (ch) {
    const t = before ? T.clusterM1 : T.clusterP1;
    F[f++] = hashPair(t, r >= 0 ? ch[r * K + 1] : 1); F[f++] = hashPair(t + 1, r >= 0 ? ch[r * K + 2] : 1);
    if (xh) {
      const x = before ? T.xclassM1 : T.xclassP1;
      F[f++] = hashPair(x, r >= 0 ? xh[r * 3 + 1] : 1); F[f++] = hashPair(x + 1, r >= 0 ? xh[r * 3 + 2] : 1);
    }
  }
  F[f++] = hashPair(before ? T.lexM1 : T.lexP1, j >= 0 ? sc.lex[j] & L_FEATURE_MASK : 0xffff);
  return f;
}

/**
 * Static features of token i into its row of sc.feats, in the order training used. Without `withForm`
 * only those that read something besides one word's form: formFeatures and neighbourFeatures are then
 * scored from the forms' kept sums (FormFacts).
 */
function staticFeatures(inp: NerInput, k: NerKnowledge, sc: Scratch, pre: Uint32Array, suf: Uint32Array, i: number, topic: number, withForm = true): void {
  const n = inp.count;
  const F = sc.feats, K = CLUSTER_PREFIXES.length;
  const ch = k.clusters ? k.clusters.prefixHashes : null;
  {
    let f = i * S;
    const lo = sc.lowerH[i], bits = sc.bits[i];
    const lm1 = i > 0 ? sc.lowerH[i - 1] : NONE, lp1 = i + 1 < n ? sc.lowerH[i + 1] : NONE;
    const lm2 = i > 1 ? sc.lowerH[i - 2] : NONE, lp2 = i + 2 < n ? sc.lowerH[i + 2] : NONE;
    const sh = sc.shapeH[i], shm1 = i > 0 ? sc.shapeH[i - 1] : NONE, shp1 = i + 1 < n ? sc.shapeH[i + 1] : NONE;
    if (withForm) {
      F[f++] = hashPair(T.bias, 0);
      F[f++] = hashPair(T.word, sc.wordH[i]);
      F[f++] = hashPair(T.lower, lo);
      F[f++] = hashPair(T.shape, sh);
      F[f++] = hashPair(T.shortShape, sc.shortShapeH[i]);
      for (let m = 0; m < 4; m++) if (pre[i * 4 + m]) { F[f++] = hashPair(T.pre + m, pre[i * 4 + m]); F[f++] = hashPair(T.suf + m, suf[i * 4 + m]); }
      F[f++] = hashPair(T.lowerM1, lm1); F[f++] = hashPair(T.lowerP1, lp1); F[f++] = hashPair(T.lowerM2, lm2); F[f++] = hashPair(T.lowerP2, lp2);
      F[f++] = hashPair(T.shapeM1, shm1); F[f++] = hashPair(T.shapeP1, shp1);
    }
    F[f++] = hashPair(T.shapeM1_0, hashPair(shm1, sh)); F[f++] = hashPair(T.shape0_P1, hashPair(sh, shp1));
    F[f++] = hashPair(T.wordM1_0, hashPair(lm1, sc.wordH[i])); F[f++] = hashPair(T.word0_P1, hashPair(sc.wordH[i], lp1));
    if (withForm) F[f++] = hashPair(T.suffixShape, hashPair(suf[i * 4 + 2] || suf[i * 4], sc.shortShapeH[i]));
    const ctxBits = bits & (B_SENT_FIRST | B_CAPS_SENT);
    F[f++] = hashPair(T.flags, bits);
    F[f++] = hashPair(T.flagsM1, i > 0 ? sc.bits[i - 1] : 0xffff); F[f++] = hashPair(T.flagsP1, i + 1 < n ? sc.bits[i + 1] : 0xffff);
    if (ctxBits) { F[f++] = hashPair(T.sentFirstLower, hashPair(ctxBits, lo)); }
    if (bits & B_HYPHEN_GLUE) F[f++] = hashPair(T.glue, hashPair(sh, i > 0 && (sc.bits[i - 1] & B_HYPHEN_GLUE) ? 1 : 0));
    if (ch && withForm) {
      const r = sc.cluster[i];
      if (r >= 0) for (let m = 0; m < K; m++) F[f++] = hashPair(T.cluster + m, ch[r * K + m]);
      else F[f++] = hashPair(T.cluster, 0);
      const rm1 = i > 0 ? sc.cluster[i - 1] : -1, rp1 = i + 1 < n ? sc.cluster[i + 1] : -1;
      F[f++] = hashPair(T.clusterM1, rm1 >= 0 ? ch[rm1 * K + 1] : 1); F[f++] = hashPair(T.clusterM1 + 1, rm1 >= 0 ? ch[rm1 * K + 2] : 1);
      F[f++] = hashPair(T.clusterP1, rp1 >= 0 ? ch[rp1 * K + 1] : 1); F[f++] = hashPair(T.clusterP1 + 1, rp1 >= 0 ? ch[rp1 * K + 2] : 1);
      const xh = k.clusters!.classHashes;
      if (xh) {
        const rm2 = i > 1 ? sc.cluster[i - 2] : -1, rp2 = i + 2 < n ? sc.cluster[i + 2] : -1;
        if (r >= 0) for (let m = 0; m < 3; m++) F[f++] = hashPair(T.xclass + m, xh[r * 3 + m]);
        F[f++] = hashPair(T.xclassM1, rm1 >= 0 ? xh[rm1 * 3 + 1] : 1); F[f++] = hashPair(T.xclassM1 + 1, rm1 >= 0 ? xh[rm1 * 3 + 2] : 1);
        F[f++] = hashPair(T.xclassP1, rp1 >= 0 ? xh[rp1 * 3 + 1] : 1); F[f++] = hashPair(T.xclassP1 + 1, rp1 >= 0 ? xh[rp1 * 3 + 2] : 1);
        F[f++] = hashPair(T.xclassM2, rm2 >= 0 ? xh[rm2 * 3 + 1] : 1); F[f++] = hashPair(T.xclassP2, rp2 >= 0 ? xh[rp2 * 3 + 1] : 1);
      }
    }
    const gz = sc.gaz[i];
    F[f++] = hashPair(T.gaz, hashPair(gz, bits & (B_CAP | B_ALLCAPS)));
    F[f++] = hashPair(T.gazM1, i > 0 ? sc.gaz[i - 1] : 99); F[f++] = hashPair(T.gazP1, i + 1 < n ? sc.gaz[i + 1] : 99);
    F[f++] = hashPair(T.lex, hashPair(sc.lex[i] & L_FEATURE_MASK, bits & (B_CAP | B_ALLCAPS | B_SENT_FIRST)));
    if (withForm) { F[f++] = hashPair(T.lexM1, i > 0 ? sc.lex[i - 1] & L_FEATURE_MASK : 0xffff); F[f++] = hashPair(T.lexP1, i + 1 < n ? sc.lex[i + 1] & L_FEATURE_MASK : 0xffff); }
    F[f++] = hashPair(T.known, hashPair(sc.known[i], bits & (B_CAP | B_ALLCAPS | B_SENT_FIRST)));
    F[f++] = hashPair(T.knownM1, i > 0 ? sc.known[i - 1] : 9); F[f++] = hashPair(T.knownP1, i + 1 < n ? sc.known[i + 1] : 9);
    F[f++] = hashPair(T.rowNum, hashPair(sc.rowNum[i], hashPair(bits & (B_CAP | B_ALLCAPS | B_SENT_FIRST), sc.shortShapeH[i])));
    F[f++] = hashPair(T.topic, hashPair(topic, bits & (B_CAP | B_ALLCAPS | B_SENT_FIRST)));
    if (ch && k.clusters!.classHashes && sc.cluster[i] >= 0 && (bits & (B_CAP | B_ALLCAPS))) F[f++] = hashPair(T.topicClass, hashPair(topic, k.clusters!.classHashes[sc.cluster[i] * 3]));
    const pa = sc.phraseStart[i];
    if (pa >= 0) {
      // Where the word stands in its capitalised phrase (alone, first, inside, last) × the phrase's last
      // word and the words just outside it.
      const pb = sc.phraseEnd[i], pos = pb - pa === 1 ? 0 : i === pa ? 1 : i === pb - 1 ? 3 : 2;
      if (i !== pb - 1) F[f++] = hashPair(T.phraseLast, hashPair(pos, sc.lowerH[pb - 1]));
      F[f++] = hashPair(T.phraseBefore, hashPair(pos, pa > 0 ? sc.lowerH[pa - 1] : NONE));
      F[f++] = hashPair(T.phraseAfter, hashPair(pos, pb < n ? sc.lowerH[pb] : NONE));
    }
    const d = sc.docBits[i];
    F[f++] = hashPair(T.doc, hashPair(d, ctxBits));
    if (bits & (B_CAP | B_ALLCAPS)) {
      F[f++] = hashPair(T.docRun, sc.runBits[sc.wordId[i]] * 4 + (ctxBits ? (bits & B_CAPS_SENT ? 2 : 1) : 0));
      const cues = sc.cueBits[sc.wordId[i]];
      for (let c = 0; c < 10; c++) if (cues & (1 << c)) F[f++] = hashPair(T.docCue, c);
    }
    F[f++] = hashPair(T.docShape, hashPair(d, sc.shortShapeH[i]));
    sc.nfeats[i] = f - i * S;
  }
}

/** Classes allowed after each previous tag: I-X only continues B-X or I-X. */
const ALLOWED: Uint8Array[] = NER_TAGS.map((prev) => Uint8Array.from(NER_TAGS, (t) => (t.startsWith('I-') ? (prev !== 'O' && prev.slice(2) === t.slice(2) ? 1 : 0) : 1)));
const TYPE_OF_TAG = Uint8Array.from(NER_TAGS, (t) => (t === 'O' ? 0 : ['PER', 'ORG', 'LOC', 'MISC'].indexOf(t.slice(2)) + 1));

export class NerModel implements SharesTables {
  readonly perceptron: Perceptron;
  readonly knowledge: NerKnowledge;
  private readonly sc = new Scratch();
  private pre = new Uint32Array(0);
  private suf = new Uint32Array(0);
  private readonly cache = new WordCache();
  private readonly facts = new FormFacts();
  /** This document is scored with its form features' sums kept by form id (FormFacts). */
  private byForm = false;
  private readonly formBuf = new Uint32Array(32);
  private topic = 0;
  private readonly buf = new Uint32Array(S + DYN);
  private readonly scores = new Float32Array(NCLASS);
  private readonly lexicon: Map<string, number>;
  /** Inference only: the int16 weights as stored, half the memory of float32 so more rows stay in cache. */
  private readonly quantised: { weights: Int16Array; scales: Float32Array } | null;
  /** Training only: the word-type list built without the current document's fold (jackknife), so the model learns how far to trust it. */
  trainingWordTypes: Map<string, number> | null = null;

  constructor(perceptron: Perceptron, knowledge: NerKnowledge, quantised: { weights: Int16Array; scales: Float32Array } | null = null) {
    this.perceptron = perceptron;
    this.knowledge = knowledge;
    this.lexicon = buildLexicon(knowledge);
    this.quantised = quantised;
  }

  sharedTables(): TableSet {
    return this.quantised ? { weights: this.quantised.weights } : {};
  }

  adoptTables(tables: TableSet): void {
    if (this.quantised) this.quantised.weights = sameShape('NER', 'weights', this.quantised.weights, tables.weights)!;
    this.facts.generation = -1; // sums kept by form are re-summed from the adopted table
  }

  /** Scores token i from its static features (in place) and `nf` history features in this.buf. */
  private scoreQuantised(i: number, nf: number): void {
    const q = this.quantised!, w = q.weights, buf = this.buf, mask = this.perceptron.mask, F = this.sc.feats;
    // Nine named accumulators (one per class) stay in registers; an array here costs a third of the time.
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
    if (this.byForm) {
      // The sums of what the token and its ±2 neighbours give by their forms alone, kept by form id:
      // integers, so adding them first changes no score.
      const x = this.facts, ids = this.inputIds!, n = this.count;
      if (!x.edgeSummed) this.sumEdge();
      for (let slot = 0; slot < FORM_SLOTS; slot++) {
        const j = i + slot - 2;
        let fs: Int32Array, o: number;
        if (j >= 0 && j < n) {
          const id = ids[j];
          if (!(x.rows[id * FACT_WORDS] & FACT_SUMMED)) this.sumForm(j, id);
          fs = x.sums; o = (id * FORM_SLOTS + slot) * NCLASS;
        } else { fs = x.edge; o = slot * NCLASS; }
        s0 += fs[o]; s1 += fs[o + 1]; s2 += fs[o + 2]; s3 += fs[o + 3]; s4 += fs[o + 4]; s5 += fs[o + 5]; s6 += fs[o + 6]; s7 += fs[o + 7]; s8 += fs[o + 8];
      }
    }
    for (let f = i * S, e = f + this.sc.nfeats[i]; f < e; f++) {
      const b = (F[f] & mask) * NCLASS;
      s0 += w[b]; s1 += w[b + 1]; s2 += w[b + 2]; s3 += w[b + 3]; s4 += w[b + 4]; s5 += w[b + 5]; s6 += w[b + 6]; s7 += w[b + 7]; s8 += w[b + 8];
    }
    for (let f = 0; f < nf; f++) {
      const b = (buf[f] & mask) * NCLASS;
      s0 += w[b]; s1 += w[b + 1]; s2 += w[b + 2]; s3 += w[b + 3]; s4 += w[b + 4]; s5 += w[b + 5]; s6 += w[b + 6]; s7 += w[b + 7]; s8 += w[b + 8];
    }
    const sc = q.scales, out = this.scores;
    out[0] = s0 * sc[0]; out[1] = s1 * sc[1]; out[2] = s2 * sc[2]; out[3] = s3 * sc[3]; out[4] = s4 * sc[4];
    out[5] = s5 * sc[5]; out[6] = s6 * sc[6]; out[7] = s7 * sc[7]; out[8] = s8 * sc[8];
  }

  /** Sums the quantised weights of the features in formBuf[0, nf) into out[o, o + NCLASS). */
  private sumInto(nf: number, out: Int32Array, o: number): void {
    const w = this.quantised!.weights, mask = this.perceptron.mask, F = this.formBuf;
    for (let c = 0; c < NCLASS; c++) {
      let v = 0;
      for (let f = 0; f < nf; f++) v += w[(F[f] & mask) * NCLASS + c];
      out[o + c] = v;
    }
  }

  /** Sums, under token j's form id, the weights of what its form gives at each offset (FormFacts.sums). */
  private sumForm(j: number, id: number): void {
    const x = this.facts, k = this.knowledge, sc = this.sc;
    for (let slot = 0; slot < FORM_SLOTS; slot++) {
      const nf = slot === 2 ? formFeatures(k, sc, this.pre, this.suf, j, this.formBuf, 0) : neighbourFeatures(k, sc, j, slot, this.formBuf, 0);
      this.sumInto(nf, x.sums, (id * FORM_SLOTS + slot) * NCLASS);
    }
    x.rows[id * FACT_WORDS] |= FACT_SUMMED;
  }

  /** The rows of "no word here" (FormFacts.edge). */
  private sumEdge(): void {
    const x = this.facts;
    for (let slot = 0; slot < FORM_SLOTS; slot++) if (slot !== 2) this.sumInto(neighbourFeatures(this.knowledge, this.sc, -1, slot, this.formBuf, 0), x.edge, slot * NCLASS);
    x.edgeSummed = true;
  }

  private inputIds: Int32Array | null = null;
  /** Tokens in the document being tagged. */
  private count = 0;

  static create(knowledge: NerKnowledge, buckets = 1 << 20): NerModel {
    return new NerModel(new Perceptron({ classes: [...NER_TAGS], buckets }), knowledge);
  }

  /**
   * Per-document facts and static features; `withIds`: form facts and form features kept by form id
   * (inference only), when every token has one. Returns whether they are.
   */
  private prepare(inp: NerInput, withIds: boolean): boolean {
    const sc = this.sc;
    sc.ensure(inp.count);
    if (this.pre.length < inp.count * 4) { this.pre = new Uint32Array(sc.cap * 4); this.suf = new Uint32Array(sc.cap * 4); }
    const byForm = withIds && this.facts.prepare(inp);
    this.byForm = byForm;
    this.count = inp.count;
    this.inputIds = byForm ? inp.formIds! : null;
    describeTokens(inp, this.lexicon, sc, this.pre, this.suf, this.trainingWordTypes, this.trainingWordTypes ? null : this.cache, byForm ? this.facts : null);
    describeDocument(inp, sc);
    describeRuns(inp, sc);
    describePhrases(inp, sc);
    markGazetteer(inp, this.knowledge.gazetteer, sc);
    this.topic = topicOf(inp, sc);
    // Plain tokens (no capital, no digit) are only scored inside an entity: computed on demand.
    for (let i = 0; i < inp.count; i++) if (!(sc.bits[i] & B_PLAIN)) staticFeatures(inp, this.knowledge, sc, this.pre, this.suf, i, this.topic, !byForm);
    return byForm;
  }

  /** Static + history features of token i into this.buf; returns their number. */
  /** History features of token i into this.buf (after its static ones when `withStatic`); returns the count. */
  private features(i: number, p1: number, p2: number, sentFirst: boolean, withStatic: boolean): number {
    const sc = this.sc, buf = this.buf;
    let f = 0;
    if (withStatic) {
      const nf = sc.nfeats[i], F = sc.feats, base = i * S;
      for (; f < nf; f++) buf[f] = F[base + f];
    }
    if (sentFirst) { p1 = NCLASS; p2 = NCLASS; }
    buf[f++] = hashPair(T.prev, p1);
    buf[f++] = hashPair(T.prev2, p2 * 16 + p1);
    buf[f++] = hashPair(T.prevLower, hashPair(p1, sc.lowerH[i]));
    buf[f++] = hashPair(T.prevShape, hashPair(p1, sc.shortShapeH[i]));
    buf[f++] = hashPair(T.prevGaz, p1 * 64 + sc.gaz[i]);
    if (sc.cluster[i] >= 0 && this.knowledge.clusters) buf[f++] = hashPair(T.prevCluster, hashPair(p1, this.knowledge.clusters.prefixHashes[sc.cluster[i] * CLUSTER_PREFIXES.length + 1]));
    if (sc.bits[i] & (B_CAP | B_ALLCAPS)) {
      const h = sc.history[sc.wordId[i]];
      // The types this word was given earlier in the article, and whether it was ever left out.
      for (let t = 0; t < 5; t++) if (h & (1 << t)) buf[f++] = hashPair(T.hist, t);
      buf[f++] = hashPair(T.histShape, hashPair(h, sc.bits[i] & (B_SENT_FIRST | B_CAPS_SENT)));
    }
    return f;
  }

  private remember(i: number, tag: number): void {
    const sc = this.sc;
    if (!(sc.bits[i] & (B_CAP | B_ALLCAPS))) return;
    sc.history[sc.wordId[i]] |= 1 << TYPE_OF_TAG[tag];
  }

  /** Tags one document; `out` receives NER_TAGS indices. With `gold`, also learns (perceptron updates). */
  run(inp: NerInput, out: Uint8Array, gold?: Uint8Array): number {
    const p = this.perceptron, scores = this.scores, buf = this.buf, fast = this.quantised !== null && !gold;
    const byForm = this.prepare(inp, fast && inp.formIds !== undefined && inp.formGeneration !== undefined && this.trainingWordTypes === null);
    this.sc.history.fill(0, 0, inp.count);
    let errors = 0;
    for (let s = 0; s < inp.sentences; s++) {
      const a = inp.sentStart[s], b = inp.sentEnd[s];
      let p1 = 0, p2 = 0;
      for (let i = a; i < b; i++) {
        // A word with no capital and no digit outside an entity is O ('the', 'said', ','): CoNLL has a
        // handful of exceptions ('serie', 'al') against 60% of all tokens scored for nothing.
        if (this.sc.bits[i] & B_PLAIN) {
          if (i === a || p1 === 0) { out[i] = 0; p2 = p1; p1 = 0; continue; }
          staticFeatures(inp, this.knowledge, this.sc, this.pre, this.suf, i, this.topic, !byForm);
        }
        const nf = this.features(i, p1, p2, i === a, !fast);
        if (fast) this.scoreQuantised(i, nf); else p.score(buf, nf, scores);
        const guess = p.best(scores, ALLOWED[i === a ? 0 : p1]);
        if (gold) {
          const g = gold[i];
          if (g !== guess) { p.update(buf, nf, g, guess); errors++; }
          p.tick();
        }
        out[i] = guess;
        this.remember(i, guess);
        p2 = p1; p1 = guess;
      }
    }
    return errors;
  }

  /** The model as bytes: see saveWeights16. */
  save(meta: Record<string, unknown>): Buffer {
    // A loaded model keeps only its int16 table; the float weights it saves are rebuilt from it (same scales, same file).
    const q = this.quantised;
    const p = q ? new Perceptron({ classes: this.perceptron.classes, buckets: this.perceptron.buckets }, Float32Array.from(q.weights, (v, i) => v * q.scales[i % NCLASS])) : this.perceptron;
    const words = [...(this.knowledge.wordTypes ?? [])].map(([w, t]) => `${w}\t${t}`).join('\n');
    return saveWeights16(p, { ...meta, features: NER_FEATURES_VERSION }, words);
  }

  static load(buf: Buffer, knowledge: NerKnowledge): { model: NerModel; meta: Record<string, unknown> } {
    const { model, meta, quantised, extra } = loadWeights16(buf);
    if (meta.features !== NER_FEATURES_VERSION) {
      throw new DossierError('DOSSIER_DATA_MISSING', `The NER model has feature version ${String(meta.features)}; this Dossier needs ${NER_FEATURES_VERSION}. Rebuild it with npm run train -- ner.`);
    }
    const wordTypes = new Map<string, number>();
    for (const line of extra.split('\n')) { const tab = line.indexOf('\t'); if (tab > 0) wordTypes.set(line.slice(0, tab), Number(line.slice(tab + 1))); }
    return { model: new NerModel(model, { ...knowledge, wordTypes }, quantised), meta };
  }
}

// ---- file format ------------------------------------------------------------------------------------
// The shared int8 format (savePerceptron) loses a point of F1 here: a few always-firing features carry
// weights 1000× the median, so one int8 step per class wipes out the rest. This format keeps int16 per
// weight with a per-class scale: "DSNR", u32 header length, header JSON, then deflated: u32 row count,
// delta-coded varint row indices, int16 weights row by row.

const NER_MAGIC = 0x524e5344; // 'DSNR'

export function saveWeights16(p: Perceptron, meta: Record<string, unknown>, extra = ''): Buffer {
  const C = p.nClasses, w = p.weights;
  const scales: number[] = [];
  for (let c = 0; c < C; c++) {
    let max = 0;
    for (let i = c; i < w.length; i += C) max = Math.max(max, Math.abs(w[i]));
    scales.push(max > 0 ? max / 32767 : 1);
  }
  const rows: number[] = [];
  for (let r = 0; r < p.buckets; r++) {
    for (let c = 0; c < C; c++) if (Math.round(w[r * C + c] / scales[c]) !== 0) { rows.push(r); break; }
  }
  const head = encodeRowIndices(rows);
  const body = Buffer.alloc(head.length + rows.length * C * 2);
  head.copy(body, 0);
  let o = head.length;
  for (const r of rows) for (let c = 0; c < C; c++) { body.writeInt16LE(Math.round(w[r * C + c] / scales[c]), o); o += 2; }
  const weightBytes = deflateSync(body, { level: 9 });
  const header = Buffer.from(JSON.stringify({ classes: p.classes, buckets: p.buckets, scales, weightBytes: weightBytes.length, meta }), 'utf8');
  const pre = Buffer.alloc(8);
  pre.writeUInt32LE(NER_MAGIC, 0); pre.writeUInt32LE(header.length, 4);
  return Buffer.concat([pre, header, weightBytes, deflateSync(Buffer.from(extra, 'utf8'), { level: 9 })]);
}

export function loadWeights16(buf: Buffer): { model: Perceptron; meta: Record<string, unknown>; quantised: { weights: Int16Array; scales: Float32Array }; extra: string } {
  if (buf.length < 8 || buf.readUInt32LE(0) !== NER_MAGIC) throw new DossierError('DOSSIER_DATA_MISSING', 'The NER model file is not a Dossier NER model; rebuild it with npm run train -- ner.');
  const hl = buf.readUInt32LE(4);
  const header = JSON.parse(buf.subarray(8, 8 + hl).toString('utf8')) as { classes: string[]; buckets: number; scales: number[]; weightBytes: number; meta: Record<string, unknown> };
  const body = inflateSync(buf.subarray(8 + hl, 8 + hl + header.weightBytes));
  const extra = inflateSync(buf.subarray(8 + hl + header.weightBytes)).toString('utf8');
  const C = header.classes.length;
  const { rows, offset } = decodeRowIndices(body);
  const n = rows.length;
  let o = offset;
  const q = new Int16Array(header.buckets * C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) { q[rows[i] * C + c] = body.readInt16LE(o); o += 2; }
  }
  // No float copy of the table (it would cost 9 MB): inference scores the int16 weights in place.
  return { model: new Perceptron({ classes: header.classes, buckets: header.buckets }, new Float32Array(0)), meta: header.meta, quantised: { weights: q, scales: Float32Array.from(header.scales) }, extra };
}

/** BIO spans of a tag sequence: [start, end) token ranges with their type. */
export function nerSpans(tags: ArrayLike<number>, a = 0, b = tags.length): { start: number; end: number; type: string }[] {
  const out: { start: number; end: number; type: string }[] = [];
  let i = a;
  while (i < b) {
    const t = NER_TAGS[tags[i]];
    if (t === 'O') { i++; continue; }
    const type = t.slice(2);
    let j = i + 1;
    while (j < b && NER_TAGS[tags[j]] === `I-${type}`) j++;
    out.push({ start: i, end: j, type });
    i = j;
  }
  return out;
}

/** Loads models/ner.bin with the word clusters beside it; null when the model file is missing (the stage then adds nothing). */
export function loadNerModel(dir: string, gazetteer: Gazetteer | null): NerModel | null {
  const file = path.join(dir, 'ner.bin');
  if (!existsSync(file)) return null;
  return NerModel.load(readFileSync(file), { gazetteer, clusters: loadClusters(dir) }).model;
}
