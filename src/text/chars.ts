// Character classes by char code, shared by the tokeniser, the paragraph finder and the quote pairer.
// ASCII and Latin-1 are decided by comparisons; the rest of the BMP is looked up once per code point
// with Unicode property regexes and cached, so no stage pays for a regex per character.

export const CharClass = {
  OTHER: 0,
  UPPER: 1,    // upper- or title-case letter
  LOWER: 2,    // any other letter (lower case, CJK, modifier letters)
  DIGIT: 3,
  SPACE: 4,    // whitespace that does not break a line
  NEWLINE: 5,  // a line break: \n \r U+0085 U+2028 \v \f
  MARK: 6,     // combining mark: continues the letter before it
  HIGH_SURROGATE: 7,
  LOW_SURROGATE: 8,
  PUNCT: 9,
  SYMBOL: 10,
  PARA_SEP: 11, // U+2029: a paragraph break on its own
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const UNKNOWN = 255;
const cache = new Uint8Array(65536).fill(UNKNOWN);

const RE_UPPER = /^[\p{Lu}\p{Lt}]$/u;
const RE_LETTER = /^[\p{L}]$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_MARK = /^\p{M}$/u;
const RE_PUNCT = /^\p{P}$/u;
const RE_SYMBOL = /^\p{S}$/u;

function computeClass(c: number): CharClass {
  if (c >= 0xd800 && c <= 0xdbff) return CharClass.HIGH_SURROGATE;
  if (c >= 0xdc00 && c <= 0xdfff) return CharClass.LOW_SURROGATE;
  if (c === 0x2028 || c === 0x85) return CharClass.NEWLINE;
  if (c === 0x2029) return CharClass.PARA_SEP;
  // Zero-width space and BOM are invisible separators in pasted text: spans must not start on them.
  if (c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0xa0) return CharClass.SPACE;
  if (c === 0x200c || c === 0x200d) return CharClass.MARK;
  const s = String.fromCharCode(c);
  if (RE_UPPER.test(s)) return CharClass.UPPER;
  if (RE_LETTER.test(s)) return CharClass.LOWER;
  if (RE_DIGIT.test(s)) return CharClass.DIGIT;
  if (RE_MARK.test(s)) return CharClass.MARK;
  if (RE_PUNCT.test(s)) return CharClass.PUNCT;
  if (RE_SYMBOL.test(s)) return CharClass.SYMBOL;
  if (/^\s$/u.test(s)) return CharClass.SPACE;
  return CharClass.OTHER;
}

function asciiClass(c: number): CharClass {
  if (c >= 97 && c <= 122) return CharClass.LOWER;
  if (c >= 65 && c <= 90) return CharClass.UPPER;
  if (c >= 48 && c <= 57) return CharClass.DIGIT;
  if (c === 32 || c === 9) return CharClass.SPACE;
  if (c === 10 || c === 13 || c === 11 || c === 12) return CharClass.NEWLINE;
  if (c < 32 || c === 127) return CharClass.SPACE; // control characters separate like spaces
  if (c === 36 || c === 43 || c === 60 || c === 61 || c === 62 || c === 94 || c === 96 || c === 124 || c === 126) return CharClass.SYMBOL;
  return CharClass.PUNCT;
}
// ASCII is filled in up front, so the common case is one table read.
for (let c = 0; c < 128; c++) cache[c] = asciiClass(c);

/** The class of one UTF-16 code unit. */
export function charClass(c: number): CharClass {
  const k = cache[c];
  if (k === undefined) return (c < 128 ? asciiClass(c) : k) as CharClass; // callers pass -1 (or NaN) past either end of the text
  return (k !== UNKNOWN ? k : (cache[c] = computeClass(c))) as CharClass;
}

/** Whitespace as the regex \s (and String.prototype.trim) sees it. */
export function isRegexSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export const isSpaceClass = (k: number): boolean => k === CharClass.SPACE || k === CharClass.NEWLINE || k === CharClass.PARA_SEP;
export const isSpaceCode = (c: number): boolean => isSpaceClass(charClass(c));
export const isLetterClass = (k: number): boolean => k === CharClass.UPPER || k === CharClass.LOWER;
export const isLetterCode = (c: number): boolean => isLetterClass(charClass(c));
export const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
export const isAlnumCode = (c: number): boolean => { const k = charClass(c); return k === CharClass.UPPER || k === CharClass.LOWER || k === CharClass.DIGIT; };
export const isUpperCode = (c: number): boolean => charClass(c) === CharClass.UPPER;
export const isLowerCode = (c: number): boolean => charClass(c) === CharClass.LOWER;

// Quotation marks and apostrophes by code.
export const Q = {
  DOUBLE: 0x22,        // "
  SINGLE: 0x27,        // '
  BACKTICK: 0x60,      // `
  LEFT_DOUBLE: 0x201c, // “
  RIGHT_DOUBLE: 0x201d, // ”
  LOW_DOUBLE: 0x201e,  // „
  LEFT_SINGLE: 0x2018, // ‘
  RIGHT_SINGLE: 0x2019, // ’ (also the typographic apostrophe)
  LOW_SINGLE: 0x201a,  // ‚
  LEFT_GUILLEMET: 0xab, // «
  RIGHT_GUILLEMET: 0xbb, // »
  LEFT_SINGLE_GUILLEMET: 0x2039, // ‹
  RIGHT_SINGLE_GUILLEMET: 0x203a, // ›
  MODIFIER_APOSTROPHE: 0x2bc, // ʼ
} as const;

export const isApostropheCode = (c: number): boolean => c === Q.SINGLE || c === Q.RIGHT_SINGLE || c === Q.MODIFIER_APOSTROPHE;

export function isQuoteCode(c: number): boolean {
  return c === Q.DOUBLE || c === Q.SINGLE || c === Q.BACKTICK || (c >= 0x2018 && c <= 0x201f) || c === Q.LEFT_GUILLEMET || c === Q.RIGHT_GUILLEMET || c === Q.LEFT_SINGLE_GUILLEMET || c === Q.RIGHT_SINGLE_GUILLEMET;
}
