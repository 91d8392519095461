// Shared helpers for the text-layer tests: run the text stages, list token and span texts.
import { createDoc, type Doc } from '../../src/doc.js';
import { tokenizeDoc } from '../../src/text/tokenize.js';
import { findParagraphsDoc } from '../../src/text/paragraphs.js';
import { splitSentencesDoc } from '../../src/text/sentences.js';
import { findHeadlines } from '../../src/text/headlines.js';
import { findQuoteRegions } from '../../src/text/quote-regions.js';
import type { Tokens } from '../../src/text/tokens.js';

export function textDoc(text: string, title?: string): Doc {
  const doc = createDoc({ text, title: title ?? null });
  tokenizeDoc(doc);
  findParagraphsDoc(doc);
  splitSentencesDoc(doc);
  findHeadlines(doc);
  findQuoteRegions(doc);
  return doc;
}

export function tokenTexts(text: string, t: Tokens): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(text.slice(t.start[i], t.end[i]));
  return out;
}

export function sentenceTexts(doc: Doc): string[] {
  const out: string[] = [];
  for (let i = 0; i < doc.sentences.count; i++) out.push(doc.text.slice(doc.sentences.start[i], doc.sentences.end[i]));
  return out;
}

const WS = /^[\s\u00a0\u2028\u2029\u200b\ufeff]$/u;
/** Every invariant a text-layer result must keep, whatever the input. */
export function checkInvariants(doc: Doc): void {
  const { text, tokens: t, sentences: s, paragraphs: p } = doc;
  let prev = 0;
  for (let i = 0; i < t.count; i++) {
    if (!(t.start[i] >= prev && t.end[i] > t.start[i] && t.end[i] <= text.length)) throw new Error(`token ${i} out of order: ${t.start[i]}-${t.end[i]}`);
    if (WS.test(text[t.start[i]]) || WS.test(text[t.end[i] - 1])) throw new Error(`token ${i} starts or ends in whitespace: ${JSON.stringify(text.slice(t.start[i], t.end[i]))}`);
    prev = t.end[i];
  }
  let next = 0;
  for (let i = 0; i < s.count; i++) {
    if (s.tokenStart[i] !== next || s.tokenEnd[i] <= s.tokenStart[i]) throw new Error(`sentence ${i} does not follow on: tokens ${s.tokenStart[i]}-${s.tokenEnd[i]}`);
    if (s.start[i] !== t.start[s.tokenStart[i]] || s.end[i] !== t.end[s.tokenEnd[i] - 1]) throw new Error(`sentence ${i} span does not match its tokens`);
    next = s.tokenEnd[i];
  }
  if (next !== t.count) throw new Error(`sentences cover ${next} of ${t.count} tokens`);
  for (let i = 0; i < p.count; i++) {
    if (WS.test(text[p.start[i]]) || WS.test(text[p.end[i] - 1])) throw new Error(`paragraph ${i} starts or ends in whitespace`);
  }
  for (const q of doc.quotes) if (q.end <= q.start || q.end > text.length) throw new Error('bad quote region');
}
