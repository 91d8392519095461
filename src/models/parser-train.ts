// Training and scoring of the parser on gold-tokenised trees (EWT). Shared by `npm run train -- parser`,
// `npm run eval -- ewt-parser` and the tests, so all three see the same data preparation.

import { DEPRELS } from '../tagsets.js';
import { seededRandom, shuffle } from './perceptron.js';
import { MAX_SENTENCE, Parser, projectivize, wordHash } from './parser.js';
import type { DependencySentence } from './parser-conllu.js';

export interface ParserTrainOptions {
  epochs: number;
  seed: number;
  transitionBuckets: number;
  labelBuckets: number;
  /** Probability of following the model's own wrong transition, from the second epoch on. */
  explore: number;
  /** Per-sentence UPOS to train on instead of the gold ones (jack-knifed tagger output). */
  tags?: Uint8Array[];
  log?: (line: string) => void;
}

export const DEFAULT_TRAIN_OPTIONS: ParserTrainOptions = { epochs: 15, seed: 1, transitionBuckets: 1 << 20, labelBuckets: 1 << 17, explore: 0.9 };

export interface TrainReport {
  sentences: number;
  skippedLong: number;
  /** Sentences whose gold tree was non-projective and was projectivised by lifting. */
  projectivised: number;
  lifts: number;
  seconds: number;
}

interface Prepared { n: number; words: Int32Array; tags: Uint8Array; head: Int32Array; label: Uint8Array }

export function wordHashes(forms: string[]): Int32Array {
  const out = new Int32Array(forms.length);
  for (let i = 0; i < forms.length; i++) out[i] = wordHash(forms[i]);
  return out;
}

export function trainParser(sentences: DependencySentence[], options: Partial<ParserTrainOptions> = {}): { parser: Parser; report: TrainReport } {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const t0 = performance.now();
  const data: Prepared[] = [];
  let skippedLong = 0, projectivised = 0, lifts = 0;
  sentences.forEach((s, idx) => {
    const n = s.forms.length;
    if (n > MAX_SENTENCE) { skippedLong++; return; }
    const head = Int32Array.from(s.head);
    const lifted = projectivize(head);
    if (lifted > 0) { projectivised++; lifts += lifted; }
    for (let i = 0; i < n; i++) if (head[i] < 0) head[i] = n;
    data.push({ n, words: wordHashes(s.forms), tags: o.tags ? o.tags[idx] : s.upos, head, label: s.deprel });
  });
  const parser = Parser.create(o.transitionBuckets, o.labelBuckets);
  parser.setLabelCandidates((function* () {
    for (const s of data) for (let i = 0; i < s.n; i++) if (s.head[i] < s.n) yield [s.tags[i], s.tags[s.head[i]], i < s.head[i] ? 1 : 2, s.label[i]] as [number, number, number, number];
  })());
  const random = seededRandom(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let right = 0, total = 0;
    for (const s of shuffle(data, random)) {
      for (let i = 0; i < s.n; i++) parser.setWord(i, s.words[i], s.tags[i]);
      right += parser.trainSentence(s.n, s.head, s.label, epoch === 0 ? 0 : o.explore, random);
      total += s.n;
    }
    o.log?.(`epoch ${epoch + 1}/${o.epochs}: train UAS ${(100 * right / total).toFixed(2)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  parser.average();
  return { parser, report: { sentences: data.length, skippedLong, projectivised, lifts, seconds: (performance.now() - t0) / 1000 } };
}

export interface AttachmentScores {
  words: number;
  /** Unlabelled attachment score, punctuation included (CoNLL 2018). */
  uas: number;
  /** Labelled, universal relation only (subtypes ignored, as the CoNLL 2018 scorer does). */
  las: number;
  /** Labelled with the full relation (nsubj:pass ≠ nsubj). */
  lasFull: number;
  /** Parse time only (tags given), words per second. */
  wordsPerSecond: number;
}

const baseRelation = DEPRELS.map((r) => { const c = r.indexOf(':'); return c > 0 ? r.slice(0, c) : r; });

/** Parses every sentence with the given tags (gold when omitted) and scores against the gold trees. */
export function scoreParser(parser: Parser, sentences: DependencySentence[], tags?: Uint8Array[]): AttachmentScores {
  const words = sentences.map((s) => wordHashes(s.forms));
  let total = 0, uas = 0, las = 0, lasFull = 0, parseMs = 0;
  sentences.forEach((s, idx) => {
    const n = s.forms.length;
    if (n > MAX_SENTENCE) { total += n; return; }
    const t = tags ? tags[idx] : s.upos, w = words[idx];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) parser.setWord(i, w[i], t[i]);
    parser.parse(n);
    parseMs += performance.now() - t0;
    for (let i = 0; i < n; i++) {
      const h = parser.head[i] === n ? -1 : parser.head[i];
      total++;
      if (h !== s.head[i]) continue;
      uas++;
      if (baseRelation[parser.label[i]] === baseRelation[s.deprel[i]]) las++;
      if (parser.label[i] === s.deprel[i]) lasFull++;
    }
  });
  return { words: total, uas: 100 * uas / total, las: 100 * las / total, lasFull: 100 * lasFull / total, wordsPerSecond: total / (parseMs / 1000) };
}
