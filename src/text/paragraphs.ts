// Paragraphs are blocks of text separated by blank lines; a line holding only whitespace
// (spaces, tabs, U+00A0 …) is blank. U+2029 is a paragraph break on its own. Each paragraph's
// span is trimmed, so it starts and ends on a visible character.

import type { Doc } from '../doc.js';
import { TokenFlag, type Paragraphs, type Tokens } from './tokens.js';
import { CharClass, charClass } from './chars.js';

export function findParagraphs(text: string): Paragraphs {
  const n = text.length;
  let starts = new Int32Array(16), ends = new Int32Array(16), count = 0;
  let start = -1, end = -1;  // current paragraph's first and one-past-last visible character
  let breaks = 0;            // line breaks since the last visible character
  const close = (): void => {
    if (start < 0) return;
    if (count === starts.length) {
      const s = new Int32Array(count * 2); s.set(starts); starts = s;
      const e = new Int32Array(count * 2); e.set(ends); ends = e;
    }
    starts[count] = start; ends[count] = end; count++;
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = charClass(c);
    if (k === CharClass.NEWLINE) {
      if (!(c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10)) breaks++;
    } else if (k === CharClass.PARA_SEP) {
      breaks += 2;
    } else if (k !== CharClass.SPACE) {
      if (breaks >= 2) close();
      breaks = 0;
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  close();
  return { count, start: starts.slice(0, count), end: ends.slice(0, count) };
}

/**
 * The same paragraphs read off the tokens: tokens cover exactly the visible characters, and the
 * tokeniser counts line breaks in each whitespace run as findParagraphs does (\r\n one break, U+2029
 * two), marking PARAGRAPH_BEFORE at two. One step per token instead of one per character.
 */
export function paragraphsFromTokens(t: Tokens): Paragraphs {
  let count = 0;
  for (let i = 0; i < t.count; i++) if (i === 0 || (t.flags[i] & TokenFlag.PARAGRAPH_BEFORE) !== 0) count++;
  const start = new Int32Array(count), end = new Int32Array(count);
  let p = -1;
  for (let i = 0; i < t.count; i++) {
    if (i === 0 || (t.flags[i] & TokenFlag.PARAGRAPH_BEFORE) !== 0) start[++p] = t.start[i];
    end[p] = t.end[i];
  }
  return { count, start, end };
}

/** Pipeline stage: doc.paragraphs (from doc.tokens when the text is tokenised). */
export function findParagraphsDoc(doc: Doc): void {
  doc.paragraphs = doc.tokens.count > 0 ? paragraphsFromTokens(doc.tokens) : findParagraphs(doc.text);
}
