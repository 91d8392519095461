// Per-token word features shared by the tagger, parser and recogniser: each token's form is read once
// per document and turned into a handful of 32-bit hashes in flat typed arrays, so the models' feature
// templates only combine numbers (hashPair) and never build strings on the hot path.
//
// The normalised form ("norm") is what the models key words by: lower case, curly apostrophes and
// quotes straightened (news writes Russia’s, EWT writes Russia's) and every digit read as 0, so 1990
// and 2022 share a feature and unseen numbers look like seen ones.
//
// Stable API (other models import it): WordFeatures, WordBit, wordFeatures(), docWordFeatures(),
// normCode(), normalizeWord().

import type { Doc } from '../doc.js';

/** Bit flags per token in WordFeatures.bits. */
export const WordBit = {
  CAPITALIZED: 1,   // first character is an upper-case letter
  ALL_CAPS: 2,      // at least two letters, none lower case
  HAS_DIGIT: 4,
  HAS_HYPHEN: 8,
  HAS_LETTER: 16,
  HAS_PERIOD: 32,
  NO_ALNUM: 64,     // punctuation and symbols only
  HAS_LOWER: 128,
} as const;

export interface WordFeatures {
  count: number;
  /** The token's characters as written. */
  forms: string[];
  /** Normalised forms (see normalizeWord); what lexicons are keyed by. */
  norms: string[];
  /** hashString of the form as written (case kept). */
  form: Uint32Array;
  /** hashString of the normalised form. */
  norm: Uint32Array;
  /** Hash of the word's shape: Xx, dd, X.X., with runs of one class cut at two (Kyiv -> Xxx, 2022 -> dd... ). */
  shape: Uint32Array;
  /** prefix[i*AFFIXES + k-1] = hash of the first k characters of the norm (the whole norm when shorter). */
  prefix: Uint32Array;
  /** suffix[i*AFFIXES + k-1] = hash of the last k characters of the norm (the whole norm when shorter). */
  suffix: Uint32Array;
  bits: Uint8Array;
}

/** Affix lengths kept per token: 1..AFFIXES. */
export const AFFIXES = 4;

const FNV_OFFSET = 0x811c9dc5, FNV_PRIME = 0x01000193;

/** The code unit the norm uses for code unit c: lower case, straight quotes, digits as '0'. */
export function normCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return 48;
  if (c < 128) return c;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x2032) return 39; // ’ ‘ ʼ ′ -> '
  if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x00ab || c === 0x00bb) return 34; // “ ” „ « » -> "
  if (c === 0x2013 || c === 0x2014) return 45; // – — -> -
  if (c === 0x2026) return 46;
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

/** The normalised form as a string (for lexicon keys at build time and for tests). */
export function normalizeWord(form: string): string {
  let out = '';
  for (let i = 0; i < form.length; i++) out += String.fromCharCode(normCode(form.charCodeAt(i)));
  return out;
}

const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c > 0xff && String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c));
const isLower = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (c > 0xff && String.fromCharCode(c).toUpperCase() !== String.fromCharCode(c));

/** Shape class of one code unit: X upper, x lower, d digit, or the (normalised) character itself. */
function shapeCode(c: number): number {
  if (c >= 48 && c <= 57) return 100;  // 'd'
  if (c >= 97 && c <= 122) return 120; // 'x'
  if (c >= 65 && c <= 90) return 88;   // 'X'
  if (c < 128) return c;
  if (isUpper(c)) return 88;
  if (isLower(c)) return 120;
  return normCode(c);
}

/** Computes every token's features from its form; `out` is reused when large enough. */
export function wordFeatures(forms: string[], out?: WordFeatures): WordFeatures {
  const n = forms.length;
  const f = out && out.form.length >= n ? out : allocate(Math.max(n, 16));
  f.count = n;
  f.forms = forms;
  if (f.norms.length !== n) f.norms = new Array<string>(n);
  const codes = scratch.length >= 64 ? scratch : (scratch = new Uint16Array(64));
  for (let i = 0; i < n; i++) {
    const w = forms[i];
    const len = w.length;
    let buf = codes;
    if (len > buf.length) buf = scratch = new Uint16Array(len * 2);
    let hForm = FNV_OFFSET, hNorm = FNV_OFFSET, hShape = FNV_OFFSET;
    let bits = 0, upper = 0, lowerCount = 0, changed = false;
    let lastShape = -1, run = 0;
    for (let k = 0; k < len; k++) {
      const c = w.charCodeAt(k);
      hForm = Math.imul(hForm ^ c, FNV_PRIME);
      const nc = normCode(c);
      if (nc !== c) changed = true;
      buf[k] = nc;
      hNorm = Math.imul(hNorm ^ nc, FNV_PRIME);
      const sc = shapeCode(c);
      if (sc === lastShape) run++; else { lastShape = sc; run = 1; }
      if (run <= 2) hShape = Math.imul(hShape ^ sc, FNV_PRIME);
      if (sc === 88) { upper++; bits |= WordBit.HAS_LETTER; if (k === 0) bits |= WordBit.CAPITALIZED; }
      else if (sc === 120) { lowerCount++; bits |= WordBit.HAS_LETTER | WordBit.HAS_LOWER; }
      else if (sc === 100) bits |= WordBit.HAS_DIGIT;
      else if (c === 45) bits |= WordBit.HAS_HYPHEN;
      else if (c === 46) bits |= WordBit.HAS_PERIOD;
    }
    if (upper >= 2 && lowerCount === 0) bits |= WordBit.ALL_CAPS;
    if ((bits & (WordBit.HAS_LETTER | WordBit.HAS_DIGIT)) === 0) bits |= WordBit.NO_ALNUM;
    f.form[i] = hForm >>> 0;
    f.norm[i] = hNorm >>> 0;
    f.shape[i] = hShape >>> 0;
    f.bits[i] = bits;
    f.norms[i] = changed ? String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]) : w;
    // Prefixes hash the first k norm codes; suffixes hash the last k, read right to left.
    let hp = FNV_OFFSET, hs = FNV_OFFSET;
    const base = i * AFFIXES;
    for (let k = 0; k < AFFIXES; k++) {
      if (k < len) {
        hp = Math.imul(hp ^ buf[k], FNV_PRIME);
        hs = Math.imul(hs ^ buf[len - 1 - k], FNV_PRIME);
      }
      f.prefix[base + k] = (hp ^ 0x5bd1e995) >>> 0;
      f.suffix[base + k] = (hs ^ 0x27d4eb2f) >>> 0;
    }
  }
  return f;
}

let scratch = new Uint16Array(64);

function allocate(n: number): WordFeatures {
  return {
    count: 0, forms: [], norms: [],
    form: new Uint32Array(n), norm: new Uint32Array(n), shape: new Uint32Array(n),
    prefix: new Uint32Array(n * AFFIXES), suffix: new Uint32Array(n * AFFIXES), bits: new Uint8Array(n),
  };
}

const byTokens = new WeakMap<object, WordFeatures>();

/** Word features of every token of a document, computed once per tokenisation and shared by the stages. */
export function docWordFeatures(doc: Doc): WordFeatures {
  const t = doc.tokens, text = doc.text;
  const cached = byTokens.get(t);
  if (cached) return cached;
  const forms = new Array<string>(t.count);
  for (let i = 0; i < t.count; i++) forms[i] = text.slice(t.start[i], t.end[i]);
  const f = wordFeatures(forms);
  byTokens.set(t, f);
  return f;
}
