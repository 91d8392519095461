// Training and scoring of the parser on gold-tokenised trees (EWT). Shared by `npm run train -- parser`,
// `npm run eval -- ewt-parser` and the tests, so all three see the same data preparation.

import { DEPRELS, UPOS } from '../tagsets.js';
import type { Clusters } from '../models/clusters.js';
import { hashString, seededRandom, shuffle } from '../models/perceptron.js';
import { MAX_SENTENCE, Parser, projectivize, wordHash } from '../models/parser.js';
import type { DependencySentence } from '../models/parser-conllu.js';
import { createDoc, type Doc } from '../doc.js';
import { LEXICON_DIR, MODEL_DIR, type Resources } from '../resources.js';
import { loadParserModel } from '../models/parser.js';
import { loadTaggerModel } from '../models/tag-tokens.js';
import { TokenFlag, TokenKind } from '../text/tokens.js';

export interface ParserTrainOptions {
  epochs: number;
  seed: number;
  transitionBuckets: number;
  labelBuckets: number;
  /** Probability of following the model's own wrong transition, from the second epoch on. */
  explore: number;
  /** Per-sentence UPOS to train on instead of the gold ones (jack-knifed tagger output). */
  tags?: Uint8Array[];
  /** Optional template groups (Parser.featureSet). */
  featureSet: number;
  /** Words seen fewer times in train get no ambiguity class. */
  lexiconMinCount: number;
  /** A relation must be seen this often for a (dependent tag, head tag, direction) to be a candidate; 0 = every relation always. */
  candidateMinCount: number;
  /** Word clusters for the cluster templates (models/clusters.tsv.gz); none: those features stay constant. */
  clusters?: Clusters | null;
  log?: (line: string) => void;
}

export const DEFAULT_TRAIN_OPTIONS: ParserTrainOptions = { epochs: 15, seed: 1, transitionBuckets: 1 << 18, labelBuckets: 1 << 15, explore: 0.9, featureSet: 0, lexiconMinCount: 2, candidateMinCount: 2 };

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

/**
 * The parser's word-class lexicon: for words seen at least minCount times in train, the set of gold
 * tags taking ≥ 5% of their uses plus the most frequent one (what the word can be, whatever the
 * tagger says of it in context); for words in the clusters, their path prefixes of 6 and 10 bits
 * (exchange classes of 64 and 256 when the clusters file has them). Flat [word, amb, clu, cluFine].
 */
export function buildLexicon(sentences: DependencySentence[], minCount: number, clusters: Clusters | null): Int32Array {
  const tagCounts = new Map<number, Uint32Array>();
  for (const s of sentences) {
    for (let i = 0; i < s.forms.length; i++) {
      const w = wordHash(s.forms[i]);
      let c = tagCounts.get(w);
      if (!c) tagCounts.set(w, (c = new Uint32Array(UPOS.length)));
      c[s.upos[i]]++;
    }
  }
  const entries = new Map<number, [number, number, number]>();
  for (const [w, c] of tagCounts) {
    let total = 0, best = 0;
    for (let t = 0; t < c.length; t++) { total += c[t]; if (c[t] > c[best]) best = t; }
    if (total < minCount) continue;
    let set = 0;
    for (let t = 0; t < c.length; t++) if (c[t] * 20 >= total) set |= 1 << t;
    entries.set(w, [(set * 32 + best) | 0, 0, 0]);
  }
  if (clusters) {
    const classes = clusters.classHashes ?? null;
    for (const [word, row] of clusters.index) {
      const w = wordHash(word);
      const coarse = classes && classes[row * 3] ? classes[row * 3] : hashString(clusters.paths[row].slice(0, 6), 0x2545f491);
      const fine = classes && classes[row * 3 + 1] ? classes[row * 3 + 1] : hashString(clusters.paths[row].slice(0, 10), 0x2545f492);
      const e = entries.get(w);
      if (e) { e[1] = coarse | 0; e[2] = fine | 0; } else entries.set(w, [0x3b9ac9ff, coarse | 0, fine | 0]);
    }
  }
  const out = new Int32Array(entries.size * 4);
  let k = 0;
  for (const w of [...entries.keys()].sort((a, b) => a - b)) { const e = entries.get(w)!; out[k++] = w; out[k++] = e[0]; out[k++] = e[1] || 0x1d2c3b4a; out[k++] = e[2] || 0x1d2c3b4a; }
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
  parser.featureSet = o.featureSet;
  if (o.featureSet !== 0) parser.setLexicon(buildLexicon(sentences, o.lexiconMinCount, o.clusters ?? null));
  if (o.candidateMinCount > 0) parser.setLabelCandidates((function* () {
    for (const s of data) for (let i = 0; i < s.n; i++) if (s.head[i] < s.n) yield [s.tags[i], s.tags[s.head[i]], i < s.head[i] ? 1 : 2, s.label[i]] as [number, number, number, number];
  })(), o.candidateMinCount);
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

/**
 * Just what parsing needs (the tagger and the parser) without loadResources(): training, scoring and
 * tests of the parser then do not depend on every other model file being current. A tagger that fails
 * to load counts as none.
 */
export function parserResources(withParser = true): Resources {
  let tagger = null;
  try { tagger = loadTaggerModel(MODEL_DIR, LEXICON_DIR); } catch { tagger = null; }
  return { tagger, parser: withParser ? loadParserModel(MODEL_DIR) : null } as unknown as Resources;
}

/**
 * UPOS for gold-tokenised sentences from the pipeline's own tagging stage (whatever tagger Resources
 * holds), one Doc per sentence with the words joined by spaces; null when no tagger is loaded.
 */
export function tagWithStage(sentences: DependencySentence[], resources: Resources, tagStage: (doc: Doc, r: Resources) => void): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  for (const s of sentences) {
    const n = s.forms.length;
    const text = s.forms.join(' ');
    const doc = createDoc({ text });
    const start = new Int32Array(n), end = new Int32Array(n), kind = new Uint8Array(n), flags = new Uint8Array(n);
    let o = 0;
    for (let i = 0; i < n; i++) {
      const f = s.forms[i];
      start[i] = o; end[i] = o + f.length; o += f.length + 1;
      kind[i] = tokenKind(f);
      flags[i] = (i > 0 ? TokenFlag.SPACE_BEFORE : 0) | caseFlags(f) | (i > 0 && CLITICS.has(f.toLowerCase().replace('’', "'")) ? TokenFlag.CLITIC : 0);
    }
    doc.tokens = { count: n, start, end, kind, flags };
    doc.sentences = { count: 1, tokenStart: Int32Array.of(0), tokenEnd: Int32Array.of(n), start: Int32Array.of(0), end: Int32Array.of(text.length) };
    tagStage(doc, resources);
    if (doc.upos.length !== n) return null;
    out.push(doc.upos);
  }
  return out;
}

const CLITICS = new Set(["n't", "'s", "'ll", "'re", "'ve", "'m", "'d", "'"]);

function tokenKind(f: string): number {
  const c = f.charCodeAt(0);
  if (f === '"' || f === '“' || f === '”' || f === '‘' || f === "''" || f === '``') return TokenKind.QUOTE;
  if (/^[0-9][0-9.,:/]*$/.test(f)) return TokenKind.NUMBER;
  if (/[\p{L}\p{N}]/u.test(f)) return TokenKind.WORD;
  if (/^[$£€%&@#+=/<>*^~|\\]+$/.test(f)) return TokenKind.SYMBOL;
  return c < 128 || /\p{P}/u.test(f) ? TokenKind.PUNCT : TokenKind.OTHER;
}

function caseFlags(f: string): number {
  const first = f.charAt(0);
  let flags = first !== first.toLowerCase() ? TokenFlag.CAPITALIZED : 0;
  const letters = f.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) flags |= TokenFlag.ALL_CAPS;
  return flags;
}
