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
  /** Per token, the number of its form in this thread's form table (see FormTable), of `generation`; -1 for none (FORM_ID_LIMIT). */
  ids: Int32Array;
  generation: number;
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
  const f = prepareOutput(n, out);
  f.forms = forms;
  for (let i = 0; i < n; i++) {
    const w = forms[i];
    let h = FNV_OFFSET;
    for (let k = 0; k < w.length; k++) h = Math.imul(h ^ w.charCodeAt(k), FNV_PRIME);
    h >>>= 0;
    const id = FORMS.find(h);
    if (id >= 0 && FORMS.forms[id] === w) copyForm(f, i, id);
    else computeForm(f, i, w, h, id < 0);
  }
  return f;
}

/** Word features of the tokens [start[i], end[i]) of text; a form met before costs a look-up and no string. */
export function textWordFeatures(text: string, start: Int32Array, end: Int32Array, n: number, out?: WordFeatures): WordFeatures {
  const f = prepareOutput(n, out);
  const forms = new Array<string>(n);
  f.forms = forms;
  for (let i = 0; i < n; i++) {
    const a = start[i], b = end[i];
    let h = FNV_OFFSET;
    for (let k = a; k < b; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
    h >>>= 0;
    const id = FORMS.find(h);
    if (id >= 0) {
      const known = FORMS.forms[id];
      if (known.length === b - a && text.startsWith(known, a)) { forms[i] = known; copyForm(f, i, id); continue; }
    }
    const w = text.slice(a, b);
    forms[i] = w;
    computeForm(f, i, w, h, id < 0);
  }
  return f;
}

/**
 * Word forms met so far in this thread, numbered. A form's features are computed once and copied after;
 * and the models key their own per-form caches by the number (WordFeatures.ids), an array index where a
 * string look-up per token would be. Full at FORM_LIMIT: it starts over as a new generation, between
 * documents, so every id of one WordFeatures belongs to its generation.
 */
class FormTable {
  generation = 0;
  /**
   * Open addressing over the form hash: pairs (hash, id + 1), 0 = empty; at most half full (FORM_LIMIT ids
   * in 2 × FORM_LIMIT slots), so a look-up reads one cache line where a Map reads several.
   */
  slots = new Int32Array(4 * FORM_LIMIT);
  forms: string[] = [];
  norms: string[] = [];
  /** Per id, the form in lower case (String.toLowerCase), made on first request. */
  lowers: string[] = [];
  /** Per id, FORM_WORDS values: form, norm and shape hashes, the AFFIXES prefix and AFFIXES suffix hashes, the bits. */
  hashes = new Uint32Array(1024 * FORM_WORDS);
  get size(): number { return this.forms.length; }
  /** The id kept for form hash h, or -1. */
  find(h: number): number {
    const slots = this.slots, mask = 2 * FORM_LIMIT - 1, key = h | 0;
    for (let k = (Math.imul(h, 0x9e3779b1) >>> 15) & mask; ; k = (k + 1) & mask) {
      const id = slots[2 * k + 1];
      if (id === 0) return -1;
      if (slots[2 * k] === key) return id - 1;
    }
  }
  /** Keeps id for form hash h (not yet kept). A table past FORM_LIMIT ids keeps no more (they are then computed every time until it starts over). */
  keep(h: number, id: number): void {
    if (id >= FORM_LIMIT) return;
    const slots = this.slots, mask = 2 * FORM_LIMIT - 1;
    let k = (Math.imul(h, 0x9e3779b1) >>> 15) & mask;
    while (slots[2 * k + 1] !== 0) k = (k + 1) & mask;
    slots[2 * k] = h | 0;
    slots[2 * k + 1] = id + 1;
  }
  clear(): void {
    this.generation++;
    this.slots.fill(0);
    this.forms.length = 0;
    this.norms.length = 0;
    this.lowers.length = 0;
  }
}

/** Per id in FormTable.hashes: form, norm, shape, AFFIXES prefixes, AFFIXES suffixes, bits. */
const FORM_WORDS = 4 + 2 * AFFIXES;
/** Forms kept before the table starts over (news vocabulary over many articles rarely reaches it). */
export const FORM_LIMIT = 1 << 16;
/** Ids a generation hands out at most (a document bigger than the table goes past FORM_LIMIT once). */
export const FORM_ID_LIMIT = 2 * FORM_LIMIT;
const FORMS = new FormTable();

/** The generation of form ids now being handed out (models compare it with WordFeatures.generation). */
export const formGeneration = (): number => FORMS.generation;

/** Token i's form in lower case (String.toLowerCase), made once per form while its id lasts. */
export function lowerForm(wf: WordFeatures, i: number): string {
  const id = wf.ids[i];
  if (wf.generation !== FORMS.generation || id < 0) return wf.forms[i].toLowerCase();
  let lower = FORMS.lowers[id];
  if (lower === undefined) lower = FORMS.lowers[id] = wf.forms[i].toLowerCase();
  return lower;
}

function prepareOutput(n: number, out?: WordFeatures): WordFeatures {
  const f = out && out.form.length >= n ? out : allocate(Math.max(n, 16));
  if (FORMS.size + n > FORM_LIMIT) FORMS.clear();
  f.count = n;
  f.generation = FORMS.generation;
  if (f.norms.length !== n) f.norms = new Array<string>(n);
  return f;
}

function copyForm(f: WordFeatures, i: number, id: number): void {
  const h = FORMS.hashes, o = id * FORM_WORDS, base = i * AFFIXES;
  f.ids[i] = id;
  f.form[i] = h[o];
  f.norm[i] = h[o + 1];
  f.shape[i] = h[o + 2];
  for (let k = 0; k < AFFIXES; k++) { f.prefix[base + k] = h[o + 3 + k]; f.suffix[base + k] = h[o + 3 + AFFIXES + k]; }
  f.bits[i] = h[o + 3 + 2 * AFFIXES];
  f.norms[i] = FORMS.norms[id];
}

/** Computes token i's features from its form w (hash h) and gives the form a new id, kept for look-up when `keep`. */
function computeForm(f: WordFeatures, i: number, w: string, h: number, keep: boolean): void {
  const len = w.length;
  let buf = scratch;
  if (len > buf.length) buf = scratch = new Uint16Array(len * 2);
  let hNorm = FNV_OFFSET, hShape = FNV_OFFSET;
  let bits = 0, upper = 0, lowerCount = 0, changed = false;
  let lastShape = -1, run = 0;
  for (let k = 0; k < len; k++) {
    const c = w.charCodeAt(k);
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
  f.form[i] = h;
  f.norm[i] = hNorm >>> 0;
  f.shape[i] = hShape >>> 0;
  f.bits[i] = bits;
  const norm = changed ? String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]) : w;
  f.norms[i] = norm;
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
  // A new id even when the hash is taken by another form (then never found again: a collision only costs a miss).
  // Past FORM_ID_LIMIT (one enormous document of new forms) no id at all: -1, and the models read such a
  // document without their per-form tables, so neither they nor this table grow without bound.
  const id = FORMS.forms.length;
  if (id >= FORM_ID_LIMIT) { f.ids[i] = -1; return; }
  f.ids[i] = id;
  if (keep) FORMS.keep(h, id);
  FORMS.forms.push(w);
  FORMS.norms.push(norm);
  FORMS.lowers.push(undefined as unknown as string);
  if (FORMS.hashes.length <= id * FORM_WORDS) {
    const grown = new Uint32Array(FORMS.hashes.length * 2); grown.set(FORMS.hashes); FORMS.hashes = grown;
  }
  const o = id * FORM_WORDS, t = FORMS.hashes;
  t[o] = h; t[o + 1] = f.norm[i]; t[o + 2] = f.shape[i];
  for (let k = 0; k < AFFIXES; k++) { t[o + 3 + k] = f.prefix[base + k]; t[o + 3 + AFFIXES + k] = f.suffix[base + k]; }
  t[o + 3 + 2 * AFFIXES] = bits;
}

let scratch = new Uint16Array(64);

function allocate(n: number): WordFeatures {
  return {
    count: 0, forms: [], norms: [], generation: 0, ids: new Int32Array(n),
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
  const f = textWordFeatures(text, t.start, t.end, t.count);
  byTokens.set(t, f);
  return f;
}
