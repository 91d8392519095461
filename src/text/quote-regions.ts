// Quote regions: quotation marks paired into stretches that include the marks.
//
// - Curly and guillemet marks say which way they face: “ ‘ « „ ‚ open, ” ’ » close („…“ closes with “).
// - A straight " faces by its neighbours: whitespace or an opening bracket before it opens, whitespace or
//   punctuation after it closes; when both sides agree or both are unclear, an open " closes and otherwise opens.
// - ’ and ' are apostrophes unless a single quote is open (Russia’s and don’t never reach here: the
//   tokeniser keeps them inside clitic tokens; parents' and ’90s likewise). A QUOTE token judged to be
//   an apostrophe has its kind changed to PUNCT, so later stages see only real quotation marks as QUOTE.
// - A paragraph that ends inside a quote, followed by a paragraph that opens with a mark, is the news
//   convention for a quote running on: each paragraph's piece is a region with `continued: true`.
// - Any other quote left open at a paragraph end runs to that end, `unclosed: true`, with a warning.

import type { Doc, QuoteRegion } from '../doc.js';
import type { Warning } from '../contract.js';
import { TokenFlag, TokenKind, type Paragraphs, type Tokens } from './tokens.js';
import { CharClass, charClass, Q } from './chars.js';

const DOUBLE = 1, SINGLE = 2, GUILLEMET = 3, SINGLE_GUILLEMET = 4;
const MAX_DEPTH = 16;
const MAX_WARNINGS = 20;

interface Open { token: number; family: number; continued: boolean; low: boolean }

export interface QuoteResult { regions: QuoteRegion[]; warnings: Warning[] }

/** Pairs the QUOTE tokens of `tokens` paragraph by paragraph; sets QUOTE_OPEN / QUOTE_CLOSE on the marks it pairs. */
export function findQuotes(text: string, tokens: Tokens, paragraphs: Paragraphs): QuoteResult {
  const t = tokens;
  const regions: QuoteRegion[] = [];
  const warnings: Warning[] = [];
  const first = (i: number): number => text.charCodeAt(t.start[i]);
  const spaceBefore = (i: number): boolean => (t.flags[i] & TokenFlag.SPACE_BEFORE) !== 0;

  const region = (a: number, b: number, unclosed: boolean, continued: boolean): void => {
    regions.push({ start: t.start[a], end: t.end[b], unclosed, continued });
  };

  let tok = 0;
  let carry: Open[] = []; // quotes running on from the paragraph before
  for (let p = 0; p < paragraphs.count; p++) {
    const pEnd = paragraphs.end[p];
    while (tok < t.count && t.end[tok] <= paragraphs.start[p]) tok++;
    const a = tok;
    let b = a;
    while (b < t.count && t.start[b] < pEnd) b++;
    tok = b;
    if (a === b) continue;
    const stack: Open[] = [];

    /** Opening side: start of paragraph, after whitespace, an opening bracket, a dash or another opening mark. */
    const leftOpen = (i: number): boolean => {
      if (i === a || spaceBefore(i)) return true;
      const c = text.charCodeAt(t.start[i] - 1);
      return c === 0x28 || c === 0x5b || c === 0x7b || c === 0x2014 || c === 0x2013 || c === 0x2d || c === 0x2f || c === 0x3a ||
        c === Q.LEFT_DOUBLE || c === Q.LEFT_SINGLE || c === Q.LEFT_GUILLEMET || c === Q.LOW_DOUBLE || ((t.flags[i - 1] & TokenFlag.QUOTE_OPEN) !== 0);
    };
    /** Closing side: end of paragraph, whitespace after, or punctuation after. */
    const rightClose = (i: number): boolean => {
      if (i + 1 >= b || spaceBefore(i + 1)) return true;
      const k = charClass(first(i + 1));
      return k === CharClass.PUNCT && !(first(i + 1) === 0x28 || first(i + 1) === 0x5b);
    };
    const findOpen = (family: number): number => {
      for (let s = stack.length - 1; s >= 0; s--) if (stack[s].family === family) return s;
      return -1;
    };
    const close = (s: number, closer: number): void => {
      // Marks opened inside and never closed: doubles are reported, singles were apostrophes after all.
      for (let k = stack.length - 1; k > s; k--) {
        const o = stack[k];
        if (o.family !== SINGLE && closer - 1 >= o.token) unclosedRegion(o, closer - 1);
        else t.flags[o.token] &= ~TokenFlag.QUOTE_OPEN;
      }
      const o = stack[s];
      stack.length = s;
      t.flags[closer] |= TokenFlag.QUOTE_CLOSE;
      region(o.token, closer, false, o.continued);
    };
    const unclosedRegion = (o: Open, lastTok: number): void => {
      region(o.token, lastTok, true, o.continued);
      warnings.push({
        code: 'DOSSIER_QUOTE_UNBALANCED',
        message: 'A quotation mark opens a quote that is not closed before the end of its paragraph; the quote is taken to run to the paragraph end.',
        span: { start: t.start[o.token], end: t.end[o.token] },
      });
    };
    const open = (i: number, family: number, low = false): void => {
      if (stack.length >= MAX_DEPTH) return; // marks piled up without closing: no real quote nests this deep
      const cont = carry.length > 0 && i === a && carry.some((c) => c.family === family);
      if (cont) carry = carry.filter((c) => c.family !== family);
      stack.push({ token: i, family, continued: cont, low });
      t.flags[i] |= TokenFlag.QUOTE_OPEN;
    };
    const stray = (i: number): void => {
      warnings.push({
        code: 'DOSSIER_QUOTE_UNBALANCED',
        message: 'A closing quotation mark has no opening mark in its paragraph.',
        span: { start: t.start[i], end: t.end[i] },
      });
    };

    for (let i = a; i < b; i++) {
      if (t.kind[i] !== TokenKind.QUOTE) continue;
      const c = first(i);
      const two = t.end[i] - t.start[i] === 2; // `` or ''
      if (c === Q.LEFT_DOUBLE) {
        const s = findOpen(DOUBLE);
        if (s >= 0 && stack[s].low) close(s, i); else open(i, DOUBLE); // „…“ closes with “
      } else if (c === Q.LOW_DOUBLE || (c === Q.BACKTICK && two)) {
        open(i, DOUBLE, c === Q.LOW_DOUBLE);
      } else if (c === Q.RIGHT_DOUBLE || (c === Q.SINGLE && two)) {
        const s = findOpen(DOUBLE);
        if (s >= 0) close(s, i);
        else if (leftOpen(i) && !rightClose(i)) open(i, DOUBLE); // ”…” used both ways
        else stray(i);
      } else if (c === Q.DOUBLE) {
        const s = findOpen(DOUBLE);
        const l = leftOpen(i), r = rightClose(i);
        if (l && !r) open(i, DOUBLE);
        else if (!l && r) { if (s >= 0) close(s, i); else stray(i); }
        else if (s >= 0) close(s, i);
        else open(i, DOUBLE);
      } else if (c === Q.LEFT_SINGLE || c === Q.LOW_SINGLE || c === Q.BACKTICK) {
        const s = findOpen(SINGLE);
        if (c === Q.LEFT_SINGLE && s >= 0 && stack[s].low) close(s, i); else open(i, SINGLE, c === Q.LOW_SINGLE);
      } else if (c === Q.RIGHT_SINGLE || c === Q.SINGLE) {
        const s = findOpen(SINGLE);
        const l = leftOpen(i), r = rightClose(i);
        if (s >= 0 && !l) close(s, i);
        else if (c === Q.SINGLE && l && !r && i + 1 < b && charClass(first(i + 1)) !== CharClass.PUNCT) open(i, SINGLE);
        else t.kind[i] = TokenKind.PUNCT; // an apostrophe: not a quotation mark at all
      } else if (c === Q.LEFT_GUILLEMET) {
        open(i, GUILLEMET);
      } else if (c === Q.RIGHT_GUILLEMET) {
        const s = findOpen(GUILLEMET);
        if (s >= 0) close(s, i); else stray(i);
      } else if (c === Q.LEFT_SINGLE_GUILLEMET) {
        open(i, SINGLE_GUILLEMET);
      } else if (c === Q.RIGHT_SINGLE_GUILLEMET) {
        const s = findOpen(SINGLE_GUILLEMET);
        if (s >= 0) close(s, i); else stray(i);
      }
    }

    // Paragraph end: run-on quotes continue when the next paragraph opens with a mark of the same family.
    carry = [];
    let nextOpens = 0;
    if (b < t.count && t.kind[b] === TokenKind.QUOTE) {
      const c = first(b);
      if (c === Q.LEFT_DOUBLE || c === Q.LOW_DOUBLE || c === Q.DOUBLE || (c === Q.BACKTICK && t.end[b] - t.start[b] === 2)) nextOpens = DOUBLE;
      else if (c === Q.LEFT_SINGLE || c === Q.SINGLE) nextOpens = SINGLE;
      else if (c === Q.LEFT_GUILLEMET) nextOpens = GUILLEMET;
    }
    for (let k = 0; k < stack.length; k++) {
      const o = stack[k];
      if (o.family === nextOpens && k === findLast(stack, nextOpens)) {
        region(o.token, b - 1, false, true);
        carry.push(o);
      } else if (o.family === SINGLE && (first(o.token) === Q.SINGLE)) {
        t.flags[o.token] &= ~TokenFlag.QUOTE_OPEN; // a straight ' left open was an apostrophe ('cause)
        t.kind[o.token] = TokenKind.PUNCT;
      } else {
        unclosedRegion(o, b - 1);
      }
    }
  }
  regions.sort((x, y) => x.start - y.start || y.end - x.end);
  return { regions, warnings };
}

function findLast(stack: Open[], family: number): number {
  for (let s = stack.length - 1; s >= 0; s--) if (stack[s].family === family) return s;
  return -1;
}

/** Pipeline stage: doc.quotes, QUOTE_OPEN / QUOTE_CLOSE flags, and a warning per unbalanced mark. */
export function findQuoteRegions(doc: Doc): void {
  const { regions, warnings } = findQuotes(doc.text, doc.tokens, doc.paragraphs);
  doc.quotes = regions;
  // A mangled text can hold thousands of stray marks; a reader needs the first few and a count.
  const shown = Math.min(warnings.length, MAX_WARNINGS);
  for (let i = 0; i < shown; i++) doc.warnings.push(warnings[i]);
  if (warnings.length > shown) {
    doc.warnings.push({ code: 'DOSSIER_QUOTE_UNBALANCED', message: `${warnings.length - shown} more unbalanced quotation marks were not listed one by one.` });
  }
}
