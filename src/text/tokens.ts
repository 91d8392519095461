// Tokens live in flat typed arrays, one array per attribute, indexed by token number
// (wink-nlp style): no object per token on the hot path.

/** What a token is, by its characters. */
export const TokenKind = {
  WORD: 1,        // letters and digits, with inner apostrophes (O'Brien), prefix hyphens (e-mail) or periods (U.S., Feb.);
                  // also URLs, e-mail addresses and clitics (n't ’s). Putin-Zelenskyy is three tokens, see tokenize.ts.
  NUMBER: 2,      // digits with separators/decimals (1,119  3.82  10:30  11/28/2000; 2022-03-28 is split)
  PUNCT: 3,       // . , ; : ! ? ( ) [ ] — – - … and the like
  QUOTE: 4,       // a quotation mark: " “ ” ‘ ’ « » „ and ' when used as a quote
  SYMBOL: 5,      // $ £ € % & @ # + = / and other symbols
  OTHER: 6,       // anything else (emoji, stray marks)
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** Bit flags per token. */
export const TokenFlag = {
  SPACE_BEFORE: 1,      // whitespace precedes the token
  NEWLINE_BEFORE: 2,    // a line break precedes the token
  PARAGRAPH_BEFORE: 4,  // a blank line (or more) precedes the token
  CAPITALIZED: 8,       // first character is an upper-case letter
  ALL_CAPS: 16,         // all letters upper case, at least two letters
  QUOTE_OPEN: 32,       // QUOTE token judged to open a quotation
  QUOTE_CLOSE: 64,      // QUOTE token judged to close a quotation
  CLITIC: 128,          // split off the word before it, as UD does: n't ’s 'll 're 've 'm 'd and the possessive '
} as const;

export interface Tokens {
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  flags: Uint8Array;
}

export function emptyTokens(): Tokens {
  return { count: 0, start: new Int32Array(0), end: new Int32Array(0), kind: new Uint8Array(0), flags: new Uint8Array(0) };
}

export const tokenText = (text: string, t: Tokens, i: number): string => text.slice(t.start[i], t.end[i]);
export const hasFlag = (t: Tokens, i: number, flag: number): boolean => (t.flags[i] & flag) !== 0;

/** Index of the first token whose end is > offset (binary search); t.count when none. */
export function tokenAtOrAfter(t: Tokens, offset: number): number {
  let lo = 0, hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.end[mid] <= offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Index of the last sentence starting at or before offset (binary search); 0 when none does. Any ranges
 * in text order will do: paragraphs are asked the same way.
 */
export function sentenceAt(s: Pick<Sentences, 'count' | 'start'>, offset: number): number {
  let lo = 0, hi = s.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (s.start[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** Sentences as token ranges [tokenStart, tokenEnd) with their character extent. */
export interface Sentences {
  count: number;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/** Paragraphs (blocks separated by blank lines) as character ranges. */
export interface Paragraphs {
  count: number;
  start: Int32Array;
  end: Int32Array;
}
