// TEMPORARY stand-in for the text layer (tokens, sentences, paragraphs, quote regions) while those
// stages are stubs: findAttributions uses it only when doc.tokens is empty. Remove once the real
// text layer has landed.

import type { QuoteRegion } from '../doc.js';
import { TokenFlag, TokenKind, type Paragraphs, type Sentences, type Tokens } from '../text/tokens.js';

export interface TextLayer {
  tokens: Tokens;
  sentences: Sentences;
  paragraphs: Paragraphs;
  quotes: QuoteRegion[];
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x200b;
const isQuoteChar = (c: number): boolean => c === 34 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xab || c === 0xbb || c === 0x201e || c === 39;

const ABBREV = new Set(['mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'sgt', 'st', 'jr', 'sr', 'prof', 'rev', 'hon', 'pres', 'vs', 'no', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'inc', 'corp', 'co', 'ltd', 'u.s', 'u.n', 'u.k', 'e.g', 'i.e', 'mt', 'ft', 'capt', 'cmdr', 'adm', 'maj', 'supt', 'det', 'insp', 'ave', 'blvd', 'calif', 'fla', 'ky', 'ga', 'pa', 'va', 'wash', 'tenn', 'mass', 'conn', 'ill', 'mich', 'minn', 'wis', 'ariz', 'colo', 'okla', 'ore', 'nev', 'n.y', 'd.c', 'n.j', 'n.c', 's.c', 'ala', 'ark', 'del', 'ind', 'kan', 'la', 'md', 'miss', 'mo', 'mont', 'neb', 'vt', 'wyo', 'r', 'd', 'i']);

export function buildTextLayer(text: string): TextLayer {
  const n = text.length;
  const start: number[] = [], end: number[] = [], kind: number[] = [], flags: number[] = [];
  let space = 0, newline = 0, para = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      space = 1;
      if (c === 10) { if (newline) para = 1; newline = 1; }
      i++;
      continue;
    }
    const s = i;
    let k: number;
    if (isLetter(c) || isDigit(c)) {
      let digitsOnly = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d)) { digitsOnly = false; i++; continue; }
        if (isDigit(d)) { i++; continue; }
        // inner apostrophe, hyphen, period or digit separator joins when a letter/digit follows
        if ((d === 39 || d === 0x2019 || d === 45 || d === 46 || d === 44 || d === 38) && i + 1 < n && (isLetter(text.charCodeAt(i + 1)) || isDigit(text.charCodeAt(i + 1)))) {
          if (d === 44 && !(digitsOnly && isDigit(text.charCodeAt(i + 1)))) break;
          if (d === 38 && !(i - s <= 2)) break;
          i++;
          continue;
        }
        break;
      }
      // abbreviation period: single letters (U.S.) or known abbreviations keep their final period
      if (i < n && text.charCodeAt(i) === 46) {
        const w = text.slice(s, i).toLowerCase();
        if (ABBREV.has(w) || /^(?:[a-z]\.)+[a-z]$/.test(w)) i++;
      }
      k = digitsOnly ? TokenKind.NUMBER : TokenKind.WORD;
    } else if (isQuoteChar(c)) {
      i++;
      k = TokenKind.QUOTE;
    } else {
      i++;
      // runs of the same punctuation (..., --) are one token
      while (i < n && text.charCodeAt(i) === c && (c === 46 || c === 45)) i++;
      k = c === 36 || c === 37 || c === 38 || c === 64 || c === 35 || c === 43 || c === 61 || c === 47 || c === 0x20ac || c === 0xa3 ? TokenKind.SYMBOL : TokenKind.PUNCT;
    }
    let f = (space ? TokenFlag.SPACE_BEFORE : 0) | (newline ? TokenFlag.NEWLINE_BEFORE : 0) | (para ? TokenFlag.PARAGRAPH_BEFORE : 0);
    const c0 = text.charCodeAt(s);
    if (c0 >= 65 && c0 <= 90) f |= TokenFlag.CAPITALIZED;
    start.push(s); end.push(i); kind.push(k); flags.push(f);
    space = 0; newline = 0; para = 0;
  }
  const count = start.length;
  const tokens: Tokens = { count, start: Int32Array.from(start), end: Int32Array.from(end), kind: Uint8Array.from(kind), flags: Uint8Array.from(flags) };
  // an apostrophe next to a letter on both sides is a word-internal mark, not a quote
  for (let t = 0; t < count; t++) {
    if (tokens.kind[t] !== TokenKind.QUOTE) continue;
    const c = text.charCodeAt(tokens.start[t]);
    const sp = (tokens.flags[t] & TokenFlag.SPACE_BEFORE) !== 0;
    const spAfter = t + 1 >= count || (tokens.flags[t + 1] & TokenFlag.SPACE_BEFORE) !== 0;
    if (c === 0x201c || c === 0xab || c === 0x201e) tokens.flags[t] |= TokenFlag.QUOTE_OPEN;
    else if (c === 0x201d || c === 0xbb) tokens.flags[t] |= TokenFlag.QUOTE_CLOSE;
    else if (c === 34) tokens.flags[t] |= sp || t === 0 || (!spAfter && (t === 0 || tokens.kind[t - 1] === TokenKind.PUNCT && text.charCodeAt(tokens.start[t - 1]) !== 46 && text.charCodeAt(tokens.start[t - 1]) !== 44)) ? TokenFlag.QUOTE_OPEN : TokenFlag.QUOTE_CLOSE;
  }

  // paragraphs: blocks separated by blank lines
  const pStart: number[] = [], pEnd: number[] = [];
  for (let t = 0; t < count; t++) {
    if (t === 0 || (tokens.flags[t] & TokenFlag.PARAGRAPH_BEFORE)) { if (t > 0) pEnd.push(tokens.end[t - 1]); pStart.push(tokens.start[t]); }
  }
  if (count) pEnd.push(tokens.end[count - 1]);

  // sentences: break after . ! ? (plus closing quotes) before a capital/quote/digit, and at line breaks
  const sTok: number[] = [], eTok: number[] = [];
  let first = 0;
  for (let t = 0; t < count; t++) {
    const next = t + 1;
    let brk = next >= count || (tokens.flags[next] & TokenFlag.NEWLINE_BEFORE) !== 0;
    if (!brk && tokens.kind[t] === TokenKind.PUNCT) {
      const c = text.charCodeAt(tokens.start[t]);
      if (c === 46 || c === 33 || c === 63) {
        let u = next;
        while (u < count && tokens.kind[u] === TokenKind.QUOTE && (tokens.flags[u] & TokenFlag.QUOTE_CLOSE) && !(tokens.flags[u] & TokenFlag.SPACE_BEFORE)) u++;
        if (u < count && (tokens.flags[u] & TokenFlag.SPACE_BEFORE)) {
          const c2 = text.charCodeAt(tokens.start[u]);
          if ((c2 >= 65 && c2 <= 90) || tokens.kind[u] === TokenKind.QUOTE || isDigit(c2)) { t = u - 1; brk = true; }
        }
      }
    }
    if (brk) { sTok.push(first); eTok.push(t + 1); first = t + 1; }
  }
  const sentences: Sentences = {
    count: sTok.length, tokenStart: Int32Array.from(sTok), tokenEnd: Int32Array.from(eTok),
    start: Int32Array.from(sTok.map((x) => tokens.start[x])), end: Int32Array.from(eTok.map((x) => tokens.end[x - 1])),
  };

  // quote regions: pair open/close double marks within a paragraph; a paragraph that opens a quote
  // and never closes it continues into the next paragraph when that one re-opens with a mark
  const quotes: QuoteRegion[] = [];
  let open = -1;
  for (let t = 0; t < count; t++) {
    if ((tokens.flags[t] & TokenFlag.PARAGRAPH_BEFORE) && open >= 0) {
      const reopens = tokens.kind[t] === TokenKind.QUOTE && (tokens.flags[t] & TokenFlag.QUOTE_OPEN);
      quotes.push({ start: tokens.start[open], end: tokens.end[t - 1], unclosed: !reopens, continued: !!reopens });
      open = -1;
    }
    if (tokens.kind[t] !== TokenKind.QUOTE) continue;
    const c = text.charCodeAt(tokens.start[t]);
    if (c === 39 || c === 0x2018 || c === 0x2019) continue;
    if (tokens.flags[t] & TokenFlag.QUOTE_OPEN) { if (open < 0) open = t; }
    else if (open >= 0) { quotes.push({ start: tokens.start[open], end: tokens.end[t], unclosed: false, continued: false }); open = -1; }
  }
  if (open >= 0) quotes.push({ start: tokens.start[open], end: tokens.end[count - 1], unclosed: true, continued: false });
  return { tokens, sentences, paragraphs: { count: pStart.length, start: Int32Array.from(pStart), end: Int32Array.from(pEnd) }, quotes };
}
