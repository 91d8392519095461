// CoNLL-2003 for the NER: reading the 4-column files (IOB1 → BIO), re-splitting their tokens the
// way our tokenizer does (hyphen compounds become word, '-', word — as the pipeline will see them),
// and the entity-level exact-match score of conlleval (precision, recall, F1 overall and per type).

import { tokenize } from '../text/tokenize.js';
import { TokenFlag } from '../text/tokens.js';
import { NER_INDEX, NER_TAGS } from '../tagsets.js';
import type { NerInput } from './ner.js';

export interface ConllDoc {
  /** Sentences of [word, BIO tag]. */
  sentences: { words: string[]; tags: string[] }[];
}

/** Reads a CoNLL-2003 file into documents. '-DOCSTART-' separates documents (the file's first one sits at its end). */
export function readConll(content: string): ConllDoc[] {
  const docs: ConllDoc[] = [];
  let doc: ConllDoc = { sentences: [] };
  let words: string[] = [], tags: string[] = [];
  const endSentence = (): void => {
    if (words.length) doc.sentences.push({ words, tags: toBio(tags) });
    words = []; tags = [];
  };
  for (const line of content.split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      endSentence();
      if (doc.sentences.length) docs.push(doc);
      doc = { sentences: [] };
      continue;
    }
    if (!line.trim()) { endSentence(); continue; }
    const cols = line.trim().split(' ');
    words.push(cols[0]);
    tags.push(cols[cols.length - 1]);
  }
  endSentence();
  if (doc.sentences.length) docs.push(doc);
  return docs;
}

/** IOB1 (B- only between two same-type entities) → BIO (B- at every entity start). */
export function toBio(iob1: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < iob1.length; i++) {
    const t = iob1[i];
    if (t === 'O') { out.push('O'); continue; }
    const type = t.slice(2);
    const prev = i > 0 ? iob1[i - 1] : 'O';
    out.push(t.startsWith('B-') || prev === 'O' || prev.slice(2) !== type ? `B-${type}` : `I-${type}`);
  }
  return out;
}

export interface ConllInput {
  input: NerInput;
  /** Gold NER_TAGS index per (re-split) token. */
  gold: Uint8Array;
  /** For each original CoNLL token, its first token in `input`. */
  firstPiece: Int32Array;
  /** Original tags (BIO), flat. */
  originalTags: string[];
}

/** Builds the text, tokens and gold tags of one CoNLL document the way the pipeline would see it. */
export function conllInput(doc: ConllDoc): ConllInput {
  const parts: string[] = [];
  const start: number[] = [], end: number[] = [], space: number[] = [], gold: number[] = [], firstPiece: number[] = [];
  const sentStart: number[] = [], sentEnd: number[] = [];
  const originalTags: string[] = [];
  let pos = 0;
  for (const s of doc.sentences) {
    sentStart.push(start.length);
    for (let w = 0; w < s.words.length; w++) {
      const word = s.words[w], tag = s.tags[w];
      originalTags.push(tag);
      if (pos > 0) { parts.push(' '); pos++; }
      const t = tokenize(word);
      firstPiece.push(start.length);
      if (t.count === 0) {
        start.push(pos); end.push(pos + word.length); space.push(1); gold.push(NER_INDEX.get(tag) ?? 0);
      } else {
        for (let k = 0; k < t.count; k++) {
          start.push(pos + t.start[k]); end.push(pos + t.end[k]);
          space.push(k === 0 || (t.flags[k] & TokenFlag.SPACE_BEFORE) ? 1 : 0);
          const inside = k > 0 && tag !== 'O' ? `I-${tag.slice(2)}` : tag;
          gold.push(NER_INDEX.get(inside) ?? 0);
        }
      }
      parts.push(word); pos += word.length;
    }
    sentEnd.push(start.length);
  }
  return {
    input: {
      text: parts.join(''), count: start.length, start: Int32Array.from(start), end: Int32Array.from(end), spaceBefore: Uint8Array.from(space),
      sentences: sentStart.length, sentStart: Int32Array.from(sentStart), sentEnd: Int32Array.from(sentEnd),
    },
    gold: Uint8Array.from(gold),
    firstPiece: Int32Array.from(firstPiece),
    originalTags,
  };
}

/** Tags of the original CoNLL tokens from predictions over the re-split tokens: each takes its first piece's tag. */
export function originalTagsOf(ci: ConllInput, predicted: Uint8Array): string[] {
  return Array.from(ci.firstPiece, (p) => NER_TAGS[predicted[p]]);
}

export interface TypeScore { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

function spansOf(tags: string[], sentenceBreaks: Set<number>): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < tags.length) {
    const t = tags[i];
    if (t === 'O') { i++; continue; }
    const type = t.slice(2);
    let j = i + 1;
    while (j < tags.length && !sentenceBreaks.has(j) && tags[j] === `I-${type}`) j++;
    out.set(`${i}:${j}`, type);
    i = j;
  }
  return out;
}

/** conlleval: an entity counts when its start, end and type all match. */
export class ConllScorer {
  private readonly counts = new Map<string, { tp: number; fp: number; fn: number }>();

  add(gold: string[], predicted: string[], sentenceBreaks: Set<number> = new Set()): void {
    const g = spansOf(gold, sentenceBreaks), p = spansOf(predicted, sentenceBreaks);
    const c = (type: string): { tp: number; fp: number; fn: number } => {
      let x = this.counts.get(type);
      if (!x) { x = { tp: 0, fp: 0, fn: 0 }; this.counts.set(type, x); }
      return x;
    };
    for (const [k, type] of p) { if (g.get(k) === type) c(type).tp++; else c(type).fp++; }
    for (const [k, type] of g) if (p.get(k) !== type) c(type).fn++;
  }

  scores(): { overall: TypeScore; byType: Record<string, TypeScore> } {
    const make = (tp: number, fp: number, fn: number): TypeScore => {
      const precision = tp + fp ? tp / (tp + fp) : 0, recall = tp + fn ? tp / (tp + fn) : 0;
      return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
    };
    let tp = 0, fp = 0, fn = 0;
    const byType: Record<string, TypeScore> = {};
    for (const type of [...this.counts.keys()].sort()) {
      const x = this.counts.get(type)!;
      tp += x.tp; fp += x.fp; fn += x.fn;
      byType[type] = make(x.tp, x.fp, x.fn);
    }
    return { overall: make(tp, fp, fn), byType };
  }
}

/** Sentence starts (flat token indices) of a CoNLL document, so spans never run across sentences. */
export function sentenceBreaks(doc: ConllDoc): Set<number> {
  const out = new Set<number>();
  let n = 0;
  for (const s of doc.sentences) { out.add(n); n += s.words.length; }
  return out;
}
