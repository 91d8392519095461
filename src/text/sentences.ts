// The sentence splitter works on tokens, not characters: a sentence ends at . ! ? … (with any closing
// quotes and brackets glued to it) when the next token could start a sentence; at every paragraph
// break; and at a single line break only when the line is a list item or a headline-like line.
//
// Quotes: the closing mark glued to the full stop stays inside the sentence (`their "gross mistakes."`);
// `…right now," Sergey Lavrov told …` does not end (a comma is no terminal); inside a quotation each
// full sentence is its own sentence (`He said: "Yes. No." Then …` -> `He said: "Yes.` / `No."` / `Then …`),
// as UD does.

import type { Doc } from '../doc.js';
import { TokenFlag, TokenKind, type Paragraphs, type Sentences, type Tokens } from './tokens.js';
import { CharClass, charClass, Q } from './chars.js';

/** Titles before a name: their period never ends a sentence. */
const TITLES = new Set([
  'Mr.', 'Mrs.', 'Ms.', 'Messrs.', 'Mmes.', 'Dr.', 'Prof.', 'Gen.', 'Sen.', 'Sens.', 'Rep.', 'Reps.', 'Gov.', 'Lt.', 'Col.',
  'Capt.', 'Cpt.', 'Sgt.', 'Maj.', 'Adm.', 'Cmdr.', 'Cdr.', 'Rev.', 'Hon.', 'Pres.', 'Supt.', 'Insp.', 'Det.', 'Fr.', 'Gens.',
  'Amb.', 'Atty.', 'Brig.', 'Cpl.', 'Pvt.', 'vs.', 'No.', 'Nos.', 'no.', 'Vol.', 'vol.', 'Fig.', 'fig.', 'pp.', 'Art.', 'Ch.', 'Mt.', 'Ft.', 'cf.',
]);

/** Words that start sentences: after an abbreviation such as Inc. or U.S., one of these means a new sentence. */
const STARTERS = new Set([
  'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those', 'There', 'His', 'Her',
  'Its', 'Their', 'Our', 'My', 'Your', 'But', 'And', 'So', 'Yet', 'Or', 'In', 'On', 'At', 'As', 'After', 'Before', 'If', 'When',
  'While', 'Since', 'Although', 'Though', 'However', 'Meanwhile', 'Also', 'Then', 'Now', 'What', 'Who', 'Why', 'How', 'Where',
  'Some', 'Many', 'Most', 'Not', 'One', 'Both', 'All', 'For', 'To', 'By', 'With', 'Here', 'Thanks', 'Please', 'Thank',
  'Still', 'Instead', 'Last', 'Earlier', 'Later', 'According', 'During', 'Under', 'From', 'Each', 'Every', 'No', 'Yes',
]);

class SentenceWriter {
  count = 0;
  tokenStart = new Int32Array(16);
  tokenEnd = new Int32Array(16);
  push(a: number, b: number): void {
    if (b <= a) return;
    if (this.count === this.tokenStart.length) {
      const s = new Int32Array(this.count * 2); s.set(this.tokenStart); this.tokenStart = s;
      const e = new Int32Array(this.count * 2); e.set(this.tokenEnd); this.tokenEnd = e;
    }
    this.tokenStart[this.count] = a; this.tokenEnd[this.count] = b; this.count++;
  }
}

const isCloserCode = (c: number): boolean =>
  c === Q.DOUBLE || c === Q.SINGLE || c === Q.RIGHT_DOUBLE || c === Q.RIGHT_SINGLE || c === Q.RIGHT_GUILLEMET || c === Q.RIGHT_SINGLE_GUILLEMET ||
  c === Q.LEFT_DOUBLE /* closes „…“ */ || c === 0x29 || c === 0x5d || c === 0x7d;

const isBulletCode = (c: number): boolean =>
  c === 0x2d || c === 0x2a || c === 0x2022 || c === 0x2023 || c === 0x25e6 || c === 0xb7 || c === 0x25aa || c === 0x2013 || c === 0x2014 || c === 0x25cf || c === 0x25a0;

export function splitSentences(text: string, tokens: Tokens, paragraphs?: Paragraphs): Sentences {
  const t = tokens;
  const n = t.count;
  const out = new SentenceWriter();
  const first = (i: number): number => text.charCodeAt(t.start[i]);
  const last = (i: number): number => text.charCodeAt(t.end[i] - 1);
  const len = (i: number): number => t.end[i] - t.start[i];
  const flag = (i: number, f: number): boolean => (t.flags[i] & f) !== 0;

  // Paragraph breaks: given paragraphs win; otherwise the tokeniser's PARAGRAPH_BEFORE flag.
  const paraBefore = new Uint8Array(n);
  if (paragraphs && paragraphs.count > 0) {
    let p = 0;
    for (let i = 0; i < n; i++) {
      let moved = false;
      while (p < paragraphs.count && t.start[i] >= paragraphs.end[p]) { p++; moved = true; }
      if (moved && i > 0) paraBefore[i] = 1;
    }
  } else {
    for (let i = 1; i < n; i++) if (flag(i, TokenFlag.PARAGRAPH_BEFORE)) paraBefore[i] = 1;
  }

  const isTerminal = (i: number): boolean => {
    if (t.kind[i] !== TokenKind.PUNCT) return false;
    const c = first(i);
    return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
  };
  const isEllipsis = (i: number): boolean => first(i) === 0x2026 || (first(i) === 0x2e && len(i) > 1);
  const isCloser = (i: number): boolean => (t.kind[i] === TokenKind.QUOTE || t.kind[i] === TokenKind.PUNCT) && len(i) <= 2 && isCloserCode(first(i));
  const isBulletAt = (i: number): boolean => {
    if (i >= n) return false;
    if (len(i) === 1 && isBulletCode(first(i))) return true;
    return t.kind[i] === TokenKind.NUMBER && len(i) <= 3 && i + 1 < n && !flag(i + 1, TokenFlag.SPACE_BEFORE) && (first(i + 1) === 0x2e || first(i + 1) === 0x29) && len(i + 1) === 1;
  };
  /** Could token j begin a sentence? */
  const canStart = (j: number): boolean => {
    const k = charClass(first(j));
    if (k === CharClass.UPPER || k === CharClass.DIGIT) return true;
    if (k === CharClass.LOWER) return false;
    if (t.kind[j] === TokenKind.QUOTE || first(j) === 0x28 || first(j) === 0x5b) return true; // opening quote or bracket
    if (t.kind[j] === TokenKind.PUNCT) return false;                                             // , ; : ) - …
    return true;                                                                                // symbols, emoji
  };
  const isStarterWord = (j: number): boolean => {
    if (len(j) > 10 || t.kind[j] !== TokenKind.WORD) return false;
    return STARTERS.has(text.slice(t.start[j], t.end[j]));
  };
  /** The line [a, b] (token indices) looks like a headline: many of its words capitalised. */
  const titleLike = (a: number, b: number): boolean => {
    let words = 0, caps = 0;
    for (let i = a; i <= b; i++) {
      if (t.kind[i] !== TokenKind.WORD || len(i) < 3) continue;
      words++;
      if (flag(i, TokenFlag.CAPITALIZED)) caps++;
    }
    // Headlines in sentence case still capitalise their names: 5 of 12 words in a typical one.
    return words > 0 && caps * 5 >= words * 2;
  };

  let sentStart = 0;
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    if (i > sentStart && paraBefore[i]) { out.push(sentStart, i); sentStart = i; }
    if (flag(i, TokenFlag.NEWLINE_BEFORE) || paraBefore[i]) lineStart = i;
    let j = -1; // first token of the next sentence, when token i ends one
    if (isTerminal(i) && !(i === lineStart + 1 && isBulletAt(lineStart))) { // "1." opening a list item is no stop
      j = i + 1;
      while (j < n && !flag(j, TokenFlag.SPACE_BEFORE) && !paraBefore[j] && (isCloser(j) || isTerminal(j))) j++;
      if (j < n && !paraBefore[j]) {
        const next = j;
        const ellipsis = isEllipsis(i);
        if (ellipsis) {
          if (!flag(next, TokenFlag.NEWLINE_BEFORE) && charClass(first(next)) !== CharClass.UPPER) j = -1;
        } else if (!canStart(next)) {
          // Web and e-mail text often starts sentences in lower case ("...interested. jill allen finishes");
          // after a closing quote a lower-case word continues the sentence ("Why?" he asked).
          if (!(charClass(first(next)) === CharClass.LOWER && next === i + 1 && flag(next, TokenFlag.SPACE_BEFORE))) j = -1;
        }
      }
    } else if (t.kind[i] === TokenKind.WORD && last(i) === 0x2e && len(i) > 1) {
      // An abbreviation's period (Inc. U.S. Jan.): a sentence ends only before a typical sentence opener.
      j = i + 1;
      while (j < n && !flag(j, TokenFlag.SPACE_BEFORE) && !paraBefore[j] && isCloser(j)) j++;
      if (j < n && !paraBefore[j]) {
        const word = len(i) <= 8 ? text.slice(t.start[i], t.end[i]) : '';
        const initial = len(i) === 2 && charClass(first(i)) === CharClass.UPPER;
        if (TITLES.has(word) || initial) j = -1;
        else if (!(isStarterWord(j) || flag(j, TokenFlag.NEWLINE_BEFORE) || (t.kind[j] === TokenKind.QUOTE && j + 1 < n && isStarterWord(j + 1)))) j = -1;
      }
    } else if (i + 1 < n && flag(i + 1, TokenFlag.NEWLINE_BEFORE) && !paraBefore[i + 1]) {
      // A single line break ends a sentence after a list item or a headline-like line.
      const c = last(i);
      const joiner = c === 0x2c || c === 0x3b || c === 0x3a || c === 0x2d || c === 0x28 || c === 0x2f || c === 0x26;
      if (isBulletAt(i + 1) && c !== 0x2c) j = i + 1;
      else if (!joiner && canStart(i + 1) && (isBulletAt(lineStart) || titleLike(lineStart, i) || t.end[i] - t.start[lineStart] < 40)) j = i + 1;
    }
    if (j > 0) {
      out.push(sentStart, j);
      sentStart = j;
      i = j - 1;
    }
  }
  out.push(sentStart, n);

  const count = out.count;
  const tokenStart = out.tokenStart.slice(0, count), tokenEnd = out.tokenEnd.slice(0, count);
  const start = new Int32Array(count), end = new Int32Array(count);
  for (let s = 0; s < count; s++) { start[s] = t.start[tokenStart[s]]; end[s] = t.end[tokenEnd[s] - 1]; }
  return { count, tokenStart, tokenEnd, start, end };
}

/** Pipeline stage: doc.sentences (reads doc.tokens and doc.paragraphs). */
export function splitSentencesDoc(doc: Doc): void {
  doc.sentences = splitSentences(doc.text, doc.tokens, doc.paragraphs);
}
