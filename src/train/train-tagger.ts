// `npm run train -- tagger [--epochs N] [--seed S] [--seeds K] [--buckets 2^k] [--limit N] [--folds K] [--clusters] [--no-ptb] [--out FILE] [--no-save]`
// Trains the UPOS tagger on UD English EWT train (gold words), scores every epoch on dev, keeps the best
// epoch, saves it quantised to models/tagger.bin and checks dev again after loading the file back.
// Rebuilds lexicons/lemma-exceptions.tsv from train and writes models/tagger.card.md.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { LEXICON_DIR, MODEL_DIR, PROJECT_ROOT } from '../resources.js';
import { UPOS } from '../tagsets.js';
import { Perceptron, seededRandom, shuffle } from '../models/perceptron.js';
import { readTaggedConllu, type TaggedSentence } from '../models/tagger-conllu.js';
import {
  createLexicon, dictTagOf, lexiconEntries, lineKind, loadTagger, MAX_FEATURES, N_TAGS, packLexEntry, saveTagger, stackedFeatures, taggerFrom, tokenFeatures,
  type LexiconWord, type Tagger, type TaggerLexicon,
} from '../models/tagger.js';
import { buildLemmaExceptions, lemmaExceptionsPath, type Lemmatiser } from '../models/lemmatiser.js';
import { loadClusters, type Clusters } from '../models/clusters.js';
import { normalizeWord, wordFeatures, type WordFeatures } from '../models/word-features.js';

export const EWT_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'ud-english-ewt');

export function readEwt(split: 'train' | 'dev'): ReturnType<typeof readTaggedConllu> {
  const file = path.join(EWT_DIR, `en_ewt-ud-${split}.conllu`);
  let content: string;
  try { content = readFileSync(file, 'utf8'); } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${file}; the EWT data lives in ../shared/data/ud-english-ewt.`, { cause: err });
  }
  return readTaggedConllu(content);
}

export interface LexiconOptions {
  /** A word enters the lexicon (ambiguity class) when seen this often. */
  minCount: number;
  /** A tag joins a word's ambiguity class when it has at least this share of the word's uses. */
  minShare: number;
  /** Tag dictionary: seen this often ... */
  dictMinCount: number;
  /** ... with one tag taking at least this share. */
  dictMinShare: number;
}
export const DEFAULT_LEXICON: LexiconOptions = { minCount: 1, minShare: 0.05, dictMinCount: 10, dictMinShare: 0.99 };

export function buildLexicon(sentences: TaggedSentence[], clusters: Clusters | null, o: LexiconOptions = DEFAULT_LEXICON, ptb: Map<string, string> | null = null): TaggerLexicon {
  const counts = new Map<string, Int32Array>();
  for (const s of sentences) {
    for (let i = 0; i < s.forms.length; i++) {
      const w = normalizeWord(s.forms[i]);
      let c = counts.get(w);
      if (!c) counts.set(w, (c = new Int32Array(N_TAGS)));
      c[s.upos[i]]++;
    }
  }
  const words = new Map<string, LexiconWord>();
  for (const [w, c] of counts) {
    let total = 0, best = 0;
    for (let t = 0; t < N_TAGS; t++) { total += c[t]; if (c[t] > c[best]) best = t; }
    if (total < o.minCount) continue;
    let amb = 0;
    for (let t = 0; t < N_TAGS; t++) if (c[t] > 0 && c[t] >= o.minShare * total) amb |= 1 << t;
    const dict = total >= o.dictMinCount && c[best] >= o.dictMinShare * total ? best : -1;
    words.set(w, { packed: packLexEntry(amb, dict), path: '' });
  }
  if (ptb) {
    for (const [w, cls] of ptb) {
      const e = words.get(w);
      if (!e) words.set(w, { packed: packLexEntry(0, -1), path: '', ptb: cls });
      else e.ptb = cls;
    }
  }
  if (clusters) {
    for (const [word, row] of clusters.index) {
      const w = normalizeWord(word);
      const e = words.get(w);
      if (!e) words.set(w, { packed: packLexEntry(0, -1), path: clusters.paths[row] });
      else if (!e.path) e.path = clusters.paths[row];
    }
  }
  return createLexicon(words);
}

/**
 * Word -> Penn Treebank tag class in CoNLL-2003 eng.train (column 2; the NER labels are not read):
 * tags with at least minShare of the word's uses, sorted, joined by '|'.
 */
export function readPtbClasses(files: string[], minShare = 0.1): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const line of files.flatMap((file) => readFileSync(file, 'utf8').split('\n'))) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const form = line.slice(0, sp);
    if (form === '-DOCSTART-') continue;
    const sp2 = line.indexOf(' ', sp + 1);
    const tag = line.slice(sp + 1, sp2 < 0 ? undefined : sp2);
    const w = normalizeWord(form);
    let m = counts.get(w);
    if (!m) counts.set(w, (m = new Map()));
    m.set(tag, (m.get(tag) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [w, m] of counts) {
    let total = 0;
    for (const c of m.values()) total += c;
    const tags = [...m].filter(([, c]) => c >= minShare * total).map(([t]) => t).sort();
    out.set(w, tags.join('|'));
  }
  return out;
}
export const CONLL_TRAIN = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'conll2003', 'eng.train');
let ptbCache: Map<string, string> | null = null;

/** The PTB tag classes of CoNLL-2003 eng.train, read once per process. */
export function conllPtbClasses(): Map<string, string> {
  if (ptbCache) return ptbCache;
  try { ptbCache = readPtbClasses([CONLL_TRAIN]); } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${CONLL_TRAIN}; the tagger's PTB word classes come from ../shared/data/conll2003.`, { cause: err });
  }
  return ptbCache;
}

interface Prepared { s: TaggedSentence; wf: WordFeatures; lex: Uint32Array; lexicon: TaggerLexicon }

function prepare(sentences: TaggedSentence[], lexicon: TaggerLexicon, wfs?: WordFeatures[]): Prepared[] {
  return sentences.map((s, k) => { const wf = wfs?.[k] ?? wordFeatures(s.forms); return { s, wf, lex: lexiconEntries(wf, lexicon), lexicon }; });
}

/**
 * Training sentences whose lexicon entries come from the OTHER folds of train: a word's ambiguity
 * class then never includes the very use being learned, so the model trusts it as much as it can be
 * trusted on new text (with the whole of train, rare words' classes would always be right).
 */
function prepareJackknifed(sentences: TaggedSentence[], wfs: WordFeatures[], folds: number, clusters: Clusters | null, o: LexiconOptions | undefined, ptb: Map<string, string> | null): Prepared[] {
  const out: Prepared[] = new Array(sentences.length);
  for (let f = 0; f < folds; f++) {
    const lexicon = buildLexicon(sentences.filter((_, k) => k % folds !== f), clusters, o, ptb);
    for (let k = f; k < sentences.length; k += folds) out[k] = { s: sentences[k], wf: wfs[k], lex: lexiconEntries(wfs[k], lexicon), lexicon };
  }
  return out;
}

/** UPOS accuracy of a tagger over gold-tokenised sentences; fills pred when given. */
export function scoreTagger(tagger: Tagger, data: Prepared[], pred?: Uint8Array[]): { correct: number; total: number; accuracy: number } {
  let correct = 0, total = 0;
  for (let k = 0; k < data.length; k++) {
    const d = data[k];
    const n = d.s.forms.length;
    const out = new Uint8Array(n);
    tagger.tagRange(d.wf, lexiconEntries(d.wf, tagger.lexicon), 0, n, out);
    for (let i = 0; i < n; i++) if (out[i] === d.s.upos[i]) correct++;
    total += n;
    if (pred) pred[k] = out;
  }
  return { correct, total, accuracy: total ? correct / total : 0 };
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  buckets: number;
  /** Folds for the first pass's tags that the second pass trains on (0 = one pass only). */
  folds: number;
  /** Folds for jackknifing the lexicon's ambiguity classes on train (0/1 = none). */
  lexiconFolds?: number;
  lexicon?: LexiconOptions;
  /** Shuffles trained and averaged into the first pass (default 3). */
  seeds?: number;
  /** Word -> PTB tag class (readPtbClasses); default CoNLL-2003 eng.train, null = none. */
  ptb?: Map<string, string> | null;
  clusters?: Clusters | null;
  log?: (line: string) => void;
}

const feats = new Uint32Array(MAX_FEATURES), scores = new Float32Array(N_TAGS);

/** Tags one sentence with float weights; with gold, updates the model on each mistake (one training step). */
function decode(model: Perceptron, d: Prepared, guess: Uint8Array | null, out: Uint8Array, gold: Uint8Array | null): void {
  const n = d.s.forms.length, lexicon = d.lexicon;
  let p1 = -1, p2 = -1;
  const line = lineKind(d.wf, 0, n);
  for (let i = 0; i < n; i++) {
    let tag = dictTagOf(lexicon.packed[d.lex[i]]);
    if (tag < 0) {
      let f = tokenFeatures(d.wf, lexicon, d.lex, i, 0, n, p1, p2, feats, line);
      if (guess) f = stackedFeatures(d.wf, i, 0, n, p1, guess, feats, f);
      model.score(feats, f, scores);
      tag = model.best(scores);
      if (gold) { model.update(feats, f, gold[i], tag); model.tick(); }
    }
    out[i] = tag;
    p2 = p1; p1 = tag;
  }
}

function accuracy(data: Prepared[], pred: Uint8Array[]): number {
  let ok = 0, total = 0;
  for (let k = 0; k < data.length; k++) { const g = data[k].s.upos; for (let i = 0; i < g.length; i++) { if (g[i] === pred[k][i]) ok++; total++; } }
  return total ? ok / total : 0;
}

/**
 * Trains one pass for `epochs` epochs with seeded shuffling; keeps the epoch best on `dev` (or the last
 * when no dev). guesses = the first pass's tags per sentence for a second pass.
 */
function trainPass(train: Prepared[], trainGuess: Uint8Array[] | null, dev: Prepared[], devGuess: Uint8Array[] | null,
  o: TrainOptions, label: string): { model: Perceptron; epoch: number; dev: number; history: number[] } {
  const model = new Perceptron({ classes: [...UPOS], buckets: o.buckets });
  const random = seededRandom(o.seed);
  const order = train.map((_, i) => i);
  const outs = train.map((d) => new Uint8Array(d.s.forms.length));
  const devOut = dev.map((d) => new Uint8Array(d.s.forms.length));
  let best: { weights: Float32Array; epoch: number; dev: number } | null = null;
  const history: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffle(order, random);
    for (const k of order) decode(model, train[k], trainGuess ? trainGuess[k] : null, outs[k], train[k].s.upos);
    const averaged = new Perceptron({ classes: [...UPOS], buckets: o.buckets }, model.averagedSnapshot());
    for (let k = 0; k < dev.length; k++) decode(averaged, dev[k], devGuess ? devGuess[k] : null, devOut[k], null);
    const acc = dev.length ? accuracy(dev, devOut) : 0;
    history.push(acc);
    o.log?.(`${label} epoch ${epoch}: train ${(100 * accuracy(train, outs)).toFixed(2)}  dev ${(100 * acc).toFixed(2)}`);
    if (!best || acc > best.dev || dev.length === 0) best = { weights: averaged.weights, epoch, dev: acc };
  }
  return { model: new Perceptron({ classes: [...UPOS], buckets: o.buckets }, best!.weights), epoch: best!.epoch, dev: best!.dev, history };
}

function tagAll(model: Perceptron, data: Prepared[]): Uint8Array[] {
  return data.map((d) => { const out = new Uint8Array(d.s.forms.length); decode(model, d, null, out, null); return out; });
}

/**
 * Trains the first pass on all of train (best epoch on dev), then — when folds > 0 — the second pass on
 * first-pass tags of train made by models that never saw those sentences (jackknifing, so the second
 * pass learns how far to trust tags as wrong as they will be on new text).
 */
export function trainTagger(train: TaggedSentence[], dev: TaggedSentence[], o: TrainOptions): { first: Perceptron; second: Perceptron | null; lexicon: TaggerLexicon; tagger: Tagger; epoch: number; dev: number; history: number[] } {
  const ptb = o.ptb === undefined ? conllPtbClasses() : o.ptb;
  const lexicon = buildLexicon(train, o.clusters ?? null, o.lexicon, ptb);
  const wfs = train.map((s) => wordFeatures(s.forms));
  const lexFolds = o.lexiconFolds ?? 10;
  const trainData = lexFolds > 1 ? prepareJackknifed(train, wfs, lexFolds, o.clusters ?? null, o.lexicon, ptb) : prepare(train, lexicon, wfs);
  const devData = prepare(dev, lexicon);
  const one = trainPass(trainData, null, devData, null, o, 'pass 1');
  const seeds = o.seeds ?? 3;
  if (seeds > 1) {
    // Models trained on other shuffles of train, each at its best epoch, averaged weight by weight:
    // the average is a linear model too, and steadier than any one shuffle's.
    const sum = one.model.weights;
    for (let k = 1; k < seeds; k++) {
      const m = trainPass(trainData, null, devData, null, { ...o, seed: o.seed + 1000 * k }, `pass 1 seed ${k + 1}`);
      const w = m.model.weights;
      for (let i = 0; i < sum.length; i++) sum[i] += w[i];
    }
    for (let i = 0; i < sum.length; i++) sum[i] /= seeds;
  }
  if (o.folds <= 0) {
    // The score that counts is the quantised one, as the saved file will tag.
    const tagger = taggerFrom(one.model, null, lexicon);
    return { first: one.model, second: null, lexicon, tagger, epoch: one.epoch, dev: scoreTagger(tagger, devData).accuracy, history: one.history };
  }

  const guesses: Uint8Array[] = new Array(train.length);
  for (let f = 0; f < o.folds; f++) {
    const inFold = (k: number): boolean => k % o.folds === f;
    const rest = train.filter((_, k) => !inFold(k)), held = train.filter((_, k) => inFold(k));
    const foldLexicon = buildLexicon(rest, o.clusters ?? null, o.lexicon, ptb);
    const restWfs = wfs.filter((_, k) => !inFold(k));
    const restData = lexFolds > 1 ? prepareJackknifed(rest, restWfs, lexFolds, o.clusters ?? null, o.lexicon, ptb) : prepare(rest, foldLexicon, restWfs);
    const heldData = prepare(held, foldLexicon, wfs.filter((_, k) => inFold(k)));
    const m = trainPass(restData, null, [], null, { ...o, epochs: one.epoch }, `fold ${f + 1}/${o.folds}`);
    const tags = tagAll(m.model, heldData);
    let j = 0;
    for (let k = 0; k < train.length; k++) if (inFold(k)) guesses[k] = tags[j++];
  }
  o.log?.(`jackknifed first-pass accuracy on train: ${(100 * accuracy(trainData, guesses)).toFixed(2)}`);
  const devGuess = tagAll(one.model, devData);
  const two = trainPass(trainData, guesses, devData, devGuess, o, 'pass 2');
  const tagger = taggerFrom(one.model, two.model, lexicon);
  const check = scoreTagger(tagger, devData).accuracy;
  return { first: one.model, second: two.model, lexicon, tagger, epoch: two.epoch, dev: check, history: two.history };
}

/** Lemma accuracy over sentences, with the given UPOS per sentence. */
export function scoreLemmas(lemmatiser: Lemmatiser, sentences: TaggedSentence[], upos: ArrayLike<number>[]): number {
  let correct = 0, total = 0;
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k];
    for (let i = 0; i < s.forms.length; i++) { if (lemmatiser.lemma(s.forms[i], upos[k][i]) === s.lemmas[i]) correct++; total++; }
  }
  return total ? correct / total : 0;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v)) throw new DossierError('DOSSIER_BAD_OPTION', `${name} takes a number.`);
  return v;
}

export async function run(args: string[]): Promise<void> {
  const t0 = Date.now();
  const epochs = option(args, '--epochs', 8), seed = option(args, '--seed', 1), buckets = option(args, '--buckets', 1 << 18);
  const limit = option(args, '--limit', Infinity), folds = option(args, '--folds', 0);
  const save = !args.includes('--no-save');
  const oi = args.indexOf('--out');
  const out = oi >= 0 ? path.resolve(args[oi + 1]) : path.join(MODEL_DIR, 'tagger.bin');
  const log = (line: string): void => { process.stderr.write(line + '\n'); };

  const train = readEwt('train').sentences.slice(0, limit);
  const dev = readEwt('dev').sentences;
  log(`EWT train: ${train.length} sentences, dev: ${dev.length}`);
  // Word clusters (models/clusters.tsv.gz, built for the recogniser) moved dev UPOS by less than 0.05 and
  // would tie this model to that file's version, so they are opt-in.
  const clusters = args.includes('--clusters') ? loadClusters(MODEL_DIR) : null;
  if (args.includes('--clusters') && !clusters) log('no word clusters (models/clusters.tsv.gz): training without them');
  const lexicon: LexiconOptions = {
    minCount: option(args, '--min-count', DEFAULT_LEXICON.minCount), minShare: option(args, '--min-share', DEFAULT_LEXICON.minShare),
    dictMinCount: option(args, '--dict-min-count', DEFAULT_LEXICON.dictMinCount), dictMinShare: option(args, '--dict-min-share', DEFAULT_LEXICON.dictMinShare),
  };
  const lexiconFolds = option(args, '--lexicon-folds', 10), seeds = option(args, '--seeds', 3);
  const ptb = args.includes('--no-ptb') ? null : conllPtbClasses();
  const r = trainTagger(train, dev, { epochs, seed, seeds, buckets, folds, lexiconFolds, log, clusters, lexicon, ptb });
  const trainSeconds = (Date.now() - t0) / 1000;
  log(`best epoch ${r.epoch}: dev UPOS ${(100 * r.dev).toFixed(2)} (quantised)  [${trainSeconds.toFixed(0)} s]`);

  // Lemmas: exceptions from train with gold UPOS; scored on dev with gold and predicted UPOS.
  const flat = { forms: [] as string[], upos: [] as number[], lemmas: [] as string[] };
  for (const s of train) for (let i = 0; i < s.forms.length; i++) { flat.forms.push(s.forms[i]); flat.upos.push(s.upos[i]); flat.lemmas.push(s.lemmas[i]); }
  const lemmatiser = buildLemmaExceptions(flat.forms, flat.upos, flat.lemmas);

  if (!save) return;
  const meta = { model: 'tagger', data: 'UD English EWT v2.16 train; PTB tag classes of CoNLL-2003 eng.train words', seed, seeds, epochs, bestEpoch: r.epoch, devUpos: Number((100 * r.dev).toFixed(2)) };
  const buf = saveTagger(r.first, r.second, r.lexicon, meta);
  writeFileSync(out, buf);
  const loaded = loadTagger(readFileSync(out));
  const devData = prepare(dev, loaded.lexicon);
  const pred: Uint8Array[] = [];
  const after = scoreTagger(loaded, devData, pred);
  log(`saved ${path.relative(PROJECT_ROOT, out)} (${(buf.length / 1024).toFixed(0)} KiB); dev UPOS after load ${(100 * after.accuracy).toFixed(2)}`);
  if (Math.abs(after.accuracy - r.dev) > 1e-9) log('warning: dev accuracy changed after the save/load round trip');

  const lemmaFile = lemmaExceptionsPath(LEXICON_DIR);
  writeFileSync(lemmaFile, lemmatiser.toTsv(`# form\tUPOS\tlemma — EWT lemmas the suffix rules (src/models/lemmatiser.ts) miss; built by npm run train -- tagger from UD English EWT train`));
  const lemmaGold = scoreLemmas(lemmatiser, dev, dev.map((s) => s.upos));
  const lemmaPred = scoreLemmas(lemmatiser, dev, pred);
  log(`lemmas: ${lemmatiser.size} exceptions; dev accuracy ${(100 * lemmaGold).toFixed(2)} (gold UPOS), ${(100 * lemmaPred).toFixed(2)} (predicted UPOS)`);

  if (out === path.join(MODEL_DIR, 'tagger.bin')) {
    writeFileSync(path.join(MODEL_DIR, 'tagger.card.md'), card({
      devUpos: after.accuracy, lemmaGold, lemmaPred, size: buf.length, seconds: trainSeconds, epochs, bestEpoch: r.epoch, seed, seeds, buckets,
      lexiconWords: r.lexicon.words.size, exceptions: lemmatiser.size, history: r.history, trainSentences: train.length,
    }));
  }
}

function card(c: { devUpos: number; lemmaGold: number; lemmaPred: number; size: number; seconds: number; epochs: number; bestEpoch: number; seed: number; seeds: number; buckets: number; lexiconWords: number; exceptions: number; history: number[]; trainSentences: number }): string {
  const pct = (x: number): string => (100 * x).toFixed(2);
  return `# models/tagger.bin — UPOS tagger (+ lexicons/lemma-exceptions.tsv, the lemmatiser's table)

- **What**: greedy left-to-right averaged perceptron over the 17 UD UPOS tags (src/models/tagger.ts). Features per
  token from src/models/word-features.ts and the lexicon: normalised word, cased form, prefixes and suffixes 1–4,
  shape, capitalisation/sentence-initial bits (also of ±1), words ±2 with their 3-letter suffixes, shapes ±1,
  ambiguity classes of the word and of the two words to its right, the two previous predicted tags and their pairs,
  and the Penn Treebank tag class of the word and of its neighbours in CoNLL-2003 eng.train news (POS column only;
  the NER labels are not read), also with the word's case, the line's case (title case, capitals, no capitals) and
  the previous tag (word clusters from models/clusters.tsv.gz are opt-in with \`--clusters\`: they moved dev UPOS by < 0.05).
  Lexicon of ${c.lexiconWords} words (EWT train words with their ambiguity classes, jackknifed over 10 folds of train
  while training; CoNLL-2003 words with their PTB class; tag dictionary for words seen ≥ 10 times with one tag ≥ 99%,
  tagged without scoring). Weights hashed into ${c.buckets} rows; ${c.seeds} shuffles of train (seeds ${c.seed}, ${c.seed} + 1000, …),
  each at its best epoch on dev, averaged weight by weight, then int8 per class with a per-class scale (the tagger scores
  with the int8 values).
- **Data**: UD English EWT v2.16 train (${c.trainSentences} sentences, gold syntactic words), dev for choosing the epoch;
  CoNLL-2003 eng.train (words and their POS tags) for the PTB word classes.
- **Command**: \`npm run train -- tagger\` (seed ${c.seed}, ${c.seeds} shuffles, ${c.epochs} epochs, best epoch of the first ${c.bestEpoch}); score with \`npm run eval -- ewt-tagger\`.
- **Dev scores** (EWT dev, gold tokens, after the save/load round trip): UPOS accuracy **${pct(c.devUpos)}**;
  lemma accuracy ${pct(c.lemmaGold)} with gold UPOS, ${pct(c.lemmaPred)} with predicted UPOS (${c.exceptions} exceptions + suffix rules).
- Dev UPOS by epoch (first shuffle alone): ${c.history.map(pct).join(', ')}.
- **Size**: ${(c.size / 1024).toFixed(0)} KiB (lexicons/lemma-exceptions.tsv beside it). **Training time**: ${c.seconds.toFixed(0)} s on one shared core.
- **Speed**: \`npm run eval -- ewt-tagger\` prints tokens/s of the stage and of tagging alone (one core, CPU time).
- Gains on dev (one shuffle unless said): PTB word classes +0.15–0.2 (unknown words +1.3); averaging 3 shuffles +0.07–0.1;
  ambiguity classes for words seen once (were: twice) +0.05. Tried without gain: suffix × case, ambiguity class × case,
  line-case features alone, CoNLL eng.testa words too, 5 shuffles. A stacked second pass (\`--folds 5\`: first-pass
  tags to the right, jackknifed) was tried: +0.01 on dev for twice the work, so it is off. Known weakness: PROPN/NOUN in title-case lines and e-mail text, ADP/SCONJ/ADV for "for", "that", "up".
- **Date**: 2026-11-25.
- **Licence of the data**: CC BY-SA 4.0 (UD English EWT); CoNLL-2003 (Reuters) for training only. The file holds learned
  weights and a word list with tag classes, not the text of either corpus.
`;
}
