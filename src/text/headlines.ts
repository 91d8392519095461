// Headlines in plain-text articles: the title line at the top, a standfirst (summary) right under it,
// and later lines that repeat a headline (pasted pages often carry the title twice).
//
// Conservative by design: a body paragraph taken for a headline hides its sentences from nothing (they
// stay sentences), but a headline taken for body copy would give attribution a fake "says" sentence
// with no context, so the rules only fire on clear shapes.

import type { Doc, Headline } from '../doc.js';
import type { Paragraphs, Sentences } from './tokens.js';
import { CharClass, charClass, isRegexSpaceCode } from './chars.js';

const MAX_TITLE_CHARS = 200;
const MAX_TITLE_WORDS = 25;
const MAX_STANDFIRST_CHARS = 300;
const MAX_STANDFIRST_WORDS = 40;
/** A standfirst not confirmed by a repeated headline must be short: wire ledes run 30+ words. */
const MAX_UNCONFIRMED_STANDFIRST_WORDS = 25;

/** Lower-cased with runs of whitespace as one space and trailing punctuation dropped, for comparing lines. */
export function normalizeLine(s: string): string {
  return s.replace(/[\s\u00a0\u2028\u2029]+/g, ' ').trim().replace(/[.:;,!?\s]+$/, '').toLowerCase();
}

/**
 * False when normalizeLine(s) surely differs from every line in `known`: a non-empty normalised line
 * starts with the first non-space character of s, lower-cased; for an ASCII character that is one
 * comparison, so most paragraphs are never normalised.
 */
export function mayEqualNormalized(s: string, known: Iterable<string>): boolean {
  let i = 0;
  while (i < s.length && isRegexSpaceCode(s.charCodeAt(i))) i++;
  if (i >= s.length) return true;
  let c = s.charCodeAt(i);
  if (c >= 128) return true;
  if (c >= 65 && c <= 90) c += 32;
  for (const k of known) if (k.length === 0 || k.charCodeAt(0) === c) return true;
  return false;
}

/** normalizeLine(s) is in `known`. */
function isKnownLine(s: string, known: Set<string>): boolean {
  return mayEqualNormalized(s, known) && known.has(normalizeLine(s));
}

function countWords(s: string): number {
  let words = 0, inWord = false;
  for (let i = 0; i < s.length; i++) {
    const k = charClass(s.charCodeAt(i));
    const w = k === CharClass.UPPER || k === CharClass.LOWER || k === CharClass.DIGIT;
    if (w && !inWord) words++;
    inWord = w || (inWord && k === CharClass.MARK);
  }
  return words;
}

/** One line, no line breaks inside. */
const isSingleLine = (s: string): boolean => !/[\n\r\u2028\u0085]/.test(s);

/** Shape of a title: short, one line, no final full stop, has a capitalised word, is not a byline or dateline. */
function titleShaped(s: string): boolean {
  if (s.length > MAX_TITLE_CHARS || !isSingleLine(s)) return false;
  const words = countWords(s);
  if (words < 2 || words > MAX_TITLE_WORDS) return false;
  const last = s.charCodeAt(s.length - 1);
  if (last === 0x2e && !s.endsWith('...')) return false; // a full stop: a sentence, not a headline
  if (last === 0x2c || last === 0x3b || last === 0x3a) return false;
  if (/^by\s/i.test(s)) return false;
  return charClass(s.charCodeAt(0)) !== CharClass.LOWER;
}

function sentencesIn(sentences: Sentences, start: number, end: number): number {
  let n = 0;
  for (let i = 0; i < sentences.count; i++) if (sentences.start[i] >= start && sentences.end[i] <= end) n++;
  return n;
}

export function findHeadlineLines(text: string, paragraphs: Paragraphs, sentences: Sentences, title?: string | null): Headline[] {
  const out: Headline[] = [];
  if (paragraphs.count === 0) return out;
  const para = (p: number): string => text.slice(paragraphs.start[p], paragraphs.end[p]);
  const known = new Set<string>();

  // The title: the line equal to the given title, else the first paragraph when it is title-shaped
  // and body copy follows.
  let titlePara = -1;
  const givenTitle = title ? normalizeLine(title) : '';
  if (givenTitle) {
    const given = [givenTitle];
    for (let p = 0; p < Math.min(paragraphs.count, 5); p++) if (mayEqualNormalized(para(p), given) && normalizeLine(para(p)) === givenTitle) { titlePara = p; break; }
  }
  if (titlePara < 0 && paragraphs.count >= 3 && titleShaped(para(0))) titlePara = 0;
  if (titlePara >= 0) {
    out.push({ start: paragraphs.start[titlePara], end: paragraphs.end[titlePara], role: 'title' });
    known.add(normalizeLine(para(titlePara)));
  }
  if (givenTitle) known.add(givenTitle);

  // The standfirst: the paragraph right under the title, one short sentence on one line. Confirmed
  // when the title is repeated right after it; otherwise it must be shorter than a typical lede.
  if (titlePara >= 0 && titlePara + 2 < paragraphs.count) {
    const p = titlePara + 1;
    const s = para(p);
    const words = countWords(s);
    const repeatedNext = isKnownLine(para(p + 1), known);
    const oneSentence = sentencesIn(sentences, paragraphs.start[p], paragraphs.end[p]) === 1;
    if (isSingleLine(s) && oneSentence && s.length <= MAX_STANDFIRST_CHARS && words >= 4 && !known.has(normalizeLine(s)) &&
      (repeatedNext ? words <= MAX_STANDFIRST_WORDS : words <= MAX_UNCONFIRMED_STANDFIRST_WORDS && paragraphs.count >= 5)) {
      out.push({ start: paragraphs.start[p], end: paragraphs.end[p], role: 'standfirst' });
    }
  }

  // Repeats: any later single-line paragraph equal to a headline.
  if (known.size > 0) {
    for (let p = Math.max(titlePara, 0) + (titlePara >= 0 ? 1 : 0); p < paragraphs.count; p++) {
      const s = para(p);
      // The one-character test first: most paragraphs fail it, before the line-break scan of all of them.
      if (s.length > MAX_TITLE_CHARS * 2 || !mayEqualNormalized(s, known) || !isSingleLine(s) || !known.has(normalizeLine(s))) continue;
      if (titlePara < 0) { out.push({ start: paragraphs.start[p], end: paragraphs.end[p], role: 'title' }); titlePara = p; continue; }
      out.push({ start: paragraphs.start[p], end: paragraphs.end[p], role: 'repeat' });
    }
  }
  out.sort((x, y) => x.start - y.start);
  return out;
}

/** Pipeline stage: doc.headlines (reads paragraphs and sentences). */
export function findHeadlines(doc: Doc): void {
  doc.headlines = findHeadlineLines(doc.text, doc.paragraphs, doc.sentences, doc.article.title);
}
