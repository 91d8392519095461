// A light lexer for the figure and time scanners: the text cut into pieces (letter runs, digit runs
// with their separators, single marks) in flat typed arrays, plus the parsing of number words.
// The scanners need finer pieces than the shared tokens ("2.5m" = 2.5 + m, "Feb.24" = Feb . 24,
// "twenty-five" = twenty - five) and must work before the text layer exists, so they lex for
// themselves; one lex per document is cached and shared by findTimes and findFigures.

import type { Doc } from '../doc.js';
import { sentenceAt } from '../text/tokens.js';

export const Piece = {
  WORD: 1,    // letters, with inner apostrophes (don't, Lavrov's)
  NUMBER: 2,  // digits, with inner , or . followed by a digit (1,119  3.82  1.2.3)
  MARK: 3,    // any other single non-space character
} as const;

/** Bit flags per piece. */
export const PieceFlag = {
  SPACE_BEFORE: 1,
  NEWLINE_BEFORE: 2,
  CAPITALIZED: 4,
  BLANK_LINE_BEFORE: 8,
} as const;

export interface Pieces {
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** Lower-cased text of WORD pieces, the mark itself for MARK pieces, the digits for NUMBER pieces. */
  lower: string[];
  /** Sentence number of each piece (doc.sentences when present, else a fallback splitter). */
  sentence: Int32Array;
}

/** The sentence number of the last piece starting at or before `offset` (0 when there are no pieces). */
export function sentenceOfOffset(p: Pieces, offset: number): number {
  return p.count ? p.sentence[sentenceAt(p, offset)] : 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x2028 || c === 0x2029 ||
  (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
/** Letters: ASCII, Latin-1/extended Latin, Greek, Cyrillic (enough for names around numbers). */
export const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x370 && c <= 0x52f);
const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x410 && c <= 0x42f);
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;

const cache = new WeakMap<Doc, Pieces>();

/** The pieces of a document, lexed once and shared by the stages that need them. */
export function piecesOf(doc: Doc): Pieces {
  let p = cache.get(doc);
  if (!p) {
    p = lex(doc.text);
    assignSentences(doc, p);
    cache.set(doc, p);
  }
  return p;
}

export function lex(text: string): Pieces {
  const n = text.length;
  // A piece needs at least one character, so n bounds the count; typed arrays are cheap.
  let cap = Math.max(16, Math.min(n, 1 << 16));
  let start = new Int32Array(cap), end = new Int32Array(cap);
  let kind = new Uint8Array(cap), flags = new Uint8Array(cap);
  const lower: string[] = [];
  let count = 0;
  let pendingFlags = 0;
  let newlines = 0;
  // One lower-casing of the whole text, sliced per word: the same as lower-casing each word unless a
  // character's lower case is longer (İ) or depends on its neighbours (final sigma); then per word.
  const lowText = text.toLowerCase();
  const sliceLower = lowText.length === n && text.indexOf('\u03a3') < 0;
  const push = (s: number, e: number, k: number, f: number): void => {
    if (count === cap) {
      cap *= 2;
      const s2 = new Int32Array(cap); s2.set(start); start = s2;
      const e2 = new Int32Array(cap); e2.set(end); end = e2;
      const k2 = new Uint8Array(cap); k2.set(kind); kind = k2;
      const f2 = new Uint8Array(cap); f2.set(flags); flags = f2;
    }
    start[count] = s; end[count] = e; kind[count] = k; flags[count] = f;
    lower.push(k !== Piece.WORD ? text.slice(s, e) : sliceLower ? lowText.slice(s, e) : text.slice(s, e).toLowerCase());
    count++;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      pendingFlags |= PieceFlag.SPACE_BEFORE;
      if (c === 10 || c === 0x2029) {
        newlines++;
        pendingFlags |= PieceFlag.NEWLINE_BEFORE;
        if (newlines >= 2) pendingFlags |= PieceFlag.BLANK_LINE_BEFORE;
      }
      i++;
      continue;
    }
    newlines = 0;
    const s = i;
    if (isLetter(c)) {
      i++;
      for (;;) {
        while (i < n && isLetter(text.charCodeAt(i))) i++;
        if (i + 1 < n && isApostrophe(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1))) {
          // The possessive 's is its own piece, so "today's" and "last month's" read like "today".
          const sEnd = i + 2;
          if ((text.charCodeAt(i + 1) | 32) === 115 && (sEnd >= n || !isLetter(text.charCodeAt(sEnd)))) break;
          i += 2;
          continue;
        }
        break;
      }
      push(s, i, Piece.WORD, pendingFlags | (isUpper(c) ? PieceFlag.CAPITALIZED : 0));
      if (i + 1 < n && isApostrophe(text.charCodeAt(i)) && (text.charCodeAt(i + 1) | 32) === 115 && (i + 2 >= n || !isLetter(text.charCodeAt(i + 2)))) {
        push(i, i + 2, Piece.WORD, 0);
        i += 2;
      }
    } else if (isDigit(c)) {
      i++;
      for (;;) {
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        const d = i < n ? text.charCodeAt(i) : 0;
        if ((d === 44 || d === 46) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) { i += 2; continue; }
        break;
      }
      push(s, i, Piece.NUMBER, pendingFlags);
    } else {
      // Keep a surrogate pair together so no piece ends inside a character.
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      push(s, i, Piece.MARK, pendingFlags);
    }
    pendingFlags = 0;
  }
  return { count, start, end, kind, flags, lower, sentence: new Int32Array(count) };
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'prof', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'vs', 'etc', 'u', 's', 'inc', 'corp', 'co', 'ltd', 'jr', 'sr']);

/** Sentence numbers: from doc.sentences when the text layer made them, else end marks and blank lines. */
function assignSentences(doc: Doc, p: Pieces): void {
  const sents = doc.sentences;
  if (sents.count > 0) {
    let s = 0;
    for (let i = 0; i < p.count; i++) {
      while (s < sents.count - 1 && p.start[i] >= sents.end[s]) s++;
      p.sentence[i] = s;
    }
    return;
  }
  let s = 0;
  for (let i = 0; i < p.count; i++) {
    if (i > 0 && (p.flags[i] & PieceFlag.BLANK_LINE_BEFORE) !== 0) s++;
    p.sentence[i] = s;
    const m = p.lower[i];
    if (p.kind[i] === Piece.MARK && (m === '.' || m === '!' || m === '?') && i + 1 < p.count && (p.flags[i + 1] & PieceFlag.SPACE_BEFORE) !== 0) {
      const prev = i > 0 && p.kind[i - 1] === Piece.WORD ? p.lower[i - 1] : '';
      if (m === '.' && ABBREVIATIONS.has(prev)) continue;
      // A closing quotation mark right after the end mark stays with this sentence.
      let j = i + 1;
      if (p.kind[j] === Piece.MARK && /["”’']/.test(p.lower[j]) && (p.flags[j] & PieceFlag.SPACE_BEFORE) === 0) j++;
      if (j < p.count && ((p.flags[j] & PieceFlag.CAPITALIZED) !== 0 || p.kind[j] !== Piece.WORD)) s++;
    }
  }
}

export const isWord = (p: Pieces, i: number): boolean => i >= 0 && i < p.count && p.kind[i] === Piece.WORD;
export const isNumber = (p: Pieces, i: number): boolean => i >= 0 && i < p.count && p.kind[i] === Piece.NUMBER;
export const isMark = (p: Pieces, i: number, m?: string): boolean =>
  i >= 0 && i < p.count && p.kind[i] === Piece.MARK && (m === undefined || p.lower[i] === m);
export const spaceBefore = (p: Pieces, i: number): boolean => (p.flags[i] & PieceFlag.SPACE_BEFORE) !== 0;
export const capitalized = (p: Pieces, i: number): boolean => (p.flags[i] & PieceFlag.CAPITALIZED) !== 0;
/** Pieces i-1 and i touch (no space between them). */
export const glued = (p: Pieces, i: number): boolean => i > 0 && i < p.count && (p.flags[i] & PieceFlag.SPACE_BEFORE) === 0;
export const sameSentence = (p: Pieces, a: number, b: number): boolean =>
  a >= 0 && b >= 0 && a < p.count && b < p.count && p.sentence[a] === p.sentence[b];
/** Is piece i the first of its sentence (ignoring opening quotes and brackets)? */
export function sentenceInitial(p: Pieces, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && p.sentence[j] === p.sentence[i] && p.kind[j] === Piece.MARK && /["“‘'(\[—–-]/.test(p.lower[j])) j--;
  return j < 0 || p.sentence[j] !== p.sentence[i] || (p.flags[j + 1] & PieceFlag.NEWLINE_BEFORE) !== 0;
}

// ---- numbers ----

export const UNITS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15],
  ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19],
]);
export const TENS: ReadonlyMap<string, number> = new Map([
  ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
]);
const SCALES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1e3], ['million', 1e6], ['billion', 1e9], ['trillion', 1e12],
]);
/** Fractions after "a"/"one"/a number: "a third", "two-thirds", "a quarter of". */
export const FRACTIONS: ReadonlyMap<string, number> = new Map([
  ['half', 1 / 2], ['halves', 1 / 2], ['third', 1 / 3], ['thirds', 1 / 3], ['quarter', 1 / 4], ['quarters', 1 / 4],
  ['fifth', 1 / 5], ['fifths', 1 / 5], ['tenth', 1 / 10], ['tenths', 1 / 10],
]);
/** Plural number words that count vaguely, with the low value they stand for. */
export const VAGUE: ReadonlyMap<string, number> = new Map([
  ['dozens', 24], ['scores', 40], ['hundreds', 200], ['thousands', 2000], ['millions', 2e6], ['billions', 2e9], ['trillions', 2e12],
]);

export interface NumberRead {
  value: number;
  /** One past the last piece read. */
  end: number;
  /** 'digits' | 'words' | 'vague' (dozens, tens of thousands) */
  form: 'digits' | 'words' | 'vague';
}

/**
 * Parses a plain digit string with thousands commas and one decimal point. Returns NaN when the
 * separators do not make a number (1,2,3 is a list; 1.2.3 a version; more than 15 digits an id).
 */
export function parseDigits(s: string): number {
  let digits = 0, dot = -1;
  const firstComma = s.indexOf(',');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) { digits++; continue; }
    if (c === 46) { if (dot >= 0) return NaN; dot = i; continue; }
    if (c === 44) {
      if (dot >= 0) return NaN;
      // Thousands groups: 1-3 digits, then groups of exactly 3.
      if (i === firstComma ? i > 3 || i === 0 : false) return NaN;
      let k = i + 1, g = 0;
      while (k < s.length && isDigit(s.charCodeAt(k))) { k++; g++; }
      if (g !== 3) return NaN;
      continue;
    }
    return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  return Number(firstComma >= 0 ? s.replace(/,/g, '') : s);
}

/** Reads number words from piece i: "twenty-five", "three hundred and six", "one million", "a dozen". */
export function readNumberWords(p: Pieces, i: number, limit: number): NumberRead | null {
  let total = 0, current = 0, any = false, j = i, end = i;
  let lastWasUnit = false;
  while (j < limit && p.kind[j] === Piece.WORD) {
    const w = p.lower[j];
    const u = UNITS.get(w);
    const t = TENS.get(w);
    if (u !== undefined) {
      if (lastWasUnit || (current % 100 !== 0 && current % 10 !== 0) || (current % 100 !== 0 && current % 100 < 20)) break;
      current += u; any = true; lastWasUnit = true; end = j + 1;
    } else if (t !== undefined) {
      if (current % 100 !== 0) break;
      current += t; any = true; lastWasUnit = false; end = j + 1;
      // twenty-five
      if (isMark(p, j + 1, '-') && glued(p, j + 1) && glued(p, j + 2) && isWord(p, j + 2)) {
        const u2 = UNITS.get(p.lower[j + 2]);
        if (u2 !== undefined && u2 > 0 && u2 < 10) { current += u2; j += 3; end = j; lastWasUnit = true; continue; }
      }
    } else if (w === 'hundred' && any) {
      if (current === 0 || current >= 100) break;
      current *= 100; lastWasUnit = false; end = j + 1;
    } else if (w === 'dozen' && any) {
      current *= 12; lastWasUnit = false; end = j + 1;
    } else if (SCALES.has(w) && any) {
      total += (current || 1) * SCALES.get(w)!; current = 0; lastWasUnit = false; end = j + 1;
    } else if (w === 'and' && any && current >= 100 && current % 100 === 0 && j + 1 < limit && (UNITS.has(p.lower[j + 1]) || TENS.has(p.lower[j + 1]))) {
      // "three hundred and six"
    } else break;
    j++;
  }
  if (!any) return null;
  return { value: total + current, end, form: 'words' };
}

/** "a dozen", "a hundred", "a million", "a thousand" */
export function readArticleNumber(p: Pieces, i: number, limit: number): NumberRead | null {
  if (!isWord(p, i) || (p.lower[i] !== 'a' && p.lower[i] !== 'an') || i + 1 >= limit) return null;
  const w = p.lower[i + 1];
  if (w === 'dozen') return { value: 12, end: i + 2, form: 'words' };
  if (w === 'hundred') return { value: 100, end: i + 2, form: 'words' };
  const s = SCALES.get(w);
  if (s !== undefined) return { value: s, end: i + 2, form: 'words' };
  return null;
}

/** "dozens", "hundreds", "tens of thousands", "hundreds of thousands", "several hundred", "a few thousand". */
export function readVague(p: Pieces, i: number, limit: number): NumberRead | null {
  if (!isWord(p, i)) return null;
  const w = p.lower[i];
  if ((w === 'tens' || w === 'hundreds') && i + 2 < limit && p.lower[i + 1] === 'of') {
    const s = VAGUE.get(p.lower[i + 2]);
    if (s !== undefined && s >= 2000) return { value: (w === 'tens' ? 10 : 100) * s, end: i + 3, form: 'vague' };
  }
  const v = VAGUE.get(w);
  if (v !== undefined) return { value: v, end: i + 1, form: 'vague' };
  if ((w === 'several' || w === 'many') && i + 1 < limit) {
    const s = p.lower[i + 1];
    if (s === 'hundred' || SCALES.has(s)) return { value: 3 * (s === 'hundred' ? 100 : SCALES.get(s)!), end: i + 2, form: 'vague' };
  }
  if (w === 'a' && i + 2 < limit && p.lower[i + 1] === 'few') {
    const s = p.lower[i + 2];
    if (s === 'hundred' || s === 'dozen' || SCALES.has(s)) return { value: 2 * (s === 'hundred' ? 100 : s === 'dozen' ? 12 : SCALES.get(s)!), end: i + 3, form: 'vague' };
  }
  return null;
}

/**
 * Words that readNumber (with vague counts) can start a number at: 'a'/'an' (readArticleNumber, readVague),
 * a unit or a ten (readNumberWords), a vague count ('dozens', 'tens of …', 'several hundred'). Any other
 * word reads as no number, so a scanner may pass it over without asking (keep beside the readers below).
 */
export const NUMBER_START_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'tens', 'hundreds', 'several', 'many', ...UNITS.keys(), ...TENS.keys(), ...VAGUE.keys()]);

/** Any number at piece i: digits, words, or "a dozen"-style; vague plurals only when `vague`. */
export function readNumber(p: Pieces, i: number, limit: number, vague = false): NumberRead | null {
  if (i >= limit) return null;
  if (p.kind[i] === Piece.NUMBER) {
    const v = parseDigits(p.lower[i]);
    if (Number.isNaN(v)) return null;
    return { value: v, end: i + 1, form: 'digits' };
  }
  if (p.kind[i] !== Piece.WORD) return null;
  return readArticleNumber(p, i, limit) ?? readNumberWords(p, i, limit) ?? (vague ? readVague(p, i, limit) : null);
}
