// `npm run train -- parser [--epochs N] [--seed N] [--limit N] [--tags gold|tagger] [--out FILE]`:
// trains the arc-hybrid parser on UD English EWT train and writes models/parser.bin and its card.
//
// Tags: a parser trained on gold UPOS learns to trust them and loses accuracy on a tagger's output, so
// by default (--tags tagger) it trains on the UPOS our own tagging stage predicts for EWT train. The
// tagger saw those sentences in training, so its train tags are cleaner than its dev tags (no
// jack-knifing yet; see the card). Without a tagger model it falls back to gold tags and says so.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { loadResources, MODEL_DIR, PROJECT_ROOT } from '../resources.js';
import { tagTokens } from '../models/tag-tokens.js';
import { readDependencyConllu, type DependencySentence } from '../models/parser-conllu.js';
import { saveParser, loadParser } from '../models/parser.js';
import { DEFAULT_TRAIN_OPTIONS, scoreParser, tagWithStage, trainParser, type AttachmentScores } from '../models/parser-train.js';

export const EWT_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'ud-english-ewt');

export function readEwtTrees(split: 'train' | 'dev' | 'test'): DependencySentence[] {
  const file = path.join(EWT_DIR, `en_ewt-ud-${split}.conllu`);
  let content: string;
  try { content = readFileSync(file, 'utf8'); } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${file}; the EWT data lives in ../shared/data/ud-english-ewt.`, { cause: err });
  }
  return readDependencyConllu(content);
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

const fmt = (s: AttachmentScores): string => `UAS ${s.uas.toFixed(2)}  LAS ${s.las.toFixed(2)}  LAS(full labels) ${s.lasFull.toFixed(2)}`;

export async function run(args: string[]): Promise<void> {
  const epochs = Number(option(args, '--epochs', String(DEFAULT_TRAIN_OPTIONS.epochs)));
  const seed = Number(option(args, '--seed', String(DEFAULT_TRAIN_OPTIONS.seed)));
  const limit = Number(option(args, '--limit', '0'));
  const tagSource = option(args, '--tags', 'tagger');
  const out = option(args, '--out', path.join(MODEL_DIR, 'parser.bin'));
  const log = (line: string): void => { process.stderr.write(line + '\n'); };

  let train = readEwtTrees('train');
  if (limit > 0) train = train.slice(0, limit);
  const dev = readEwtTrees('dev');
  const resources = loadResources();
  let trainTags: Uint8Array[] | undefined, devTags: Uint8Array[] | null = null, tagsUsed = 'gold';
  if (tagSource === 'tagger') {
    const t0 = performance.now();
    const predicted = tagWithStage(train, resources, tagTokens);
    devTags = tagWithStage(dev, resources, tagTokens);
    if (predicted && devTags) {
      trainTags = predicted;
      tagsUsed = 'tagger';
      log(`tagged train and dev with the tagging stage in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else log('no tagger model loaded: training on gold UPOS');
  }

  const { parser, report } = trainParser(train, { epochs, seed, tags: trainTags, log });
  log(`trained on ${report.sentences} sentences in ${report.seconds.toFixed(1)} s; ${report.projectivised} non-projective trees projectivised (${report.lifts} arcs lifted), ${report.skippedLong} too long`);

  const buf = saveParser(parser, { data: 'UD English EWT train (en_ewt-ud-train.conllu)', epochs, seed, tags: tagsUsed, date: '2026-11-25' });
  // Score what ships: the quantised file, loaded back.
  const shipped = loadParser(buf).parser;
  const gold = scoreParser(shipped, dev);
  const predicted = devTags ? scoreParser(shipped, dev, devTags) : null;
  log(`dev, gold UPOS:      ${fmt(gold)}`);
  if (predicted) log(`dev, predicted UPOS: ${fmt(predicted)}`);
  writeFileSync(out, buf);
  log(`wrote ${out} (${(buf.length / 1048576).toFixed(2)} MB)`);

  if (out === path.join(MODEL_DIR, 'parser.bin')) {
    const row = (name: string, s: AttachmentScores | null): string => s ? `| ${name} | ${s.uas.toFixed(2)} | ${s.las.toFixed(2)} | ${s.lasFull.toFixed(2)} |` : `| ${name} | – | – | – |`;
    const card = `# parser.bin — dependency parser

- **What**: arc-hybrid transition parser (Kuhlmann et al. 2011) trained with the dynamic oracle and
  exploration of Goldberg & Nivre (2013); averaged perceptron over hashed Zhang & Nivre (2011) features
  (words/tags of s0–s2, b0–b2, children and their labels, distance, valency, label sets, pairs, triples).
  Relations come from a second perceptron asked once per arc, among the relations seen in training
  for the arc's (dependent tag, head tag, direction). Weights int8 per class (scores shown are of the
  quantised file).
- **Data**: UD English EWT train (${report.sentences} sentences; ${report.projectivised} non-projective trees projectivised by lifting, ${report.lifts} arcs).
  Syntactic words (multiword tokens split, empty nodes skipped); relations outside src/tagsets.ts DEPRELS
  map to their base type.
- **Training tags**: ${tagsUsed === 'tagger' ? 'UPOS predicted by our tagger (models/tagger.bin) on EWT train; the tagger was trained on the same sentences, so these tags are cleaner than at run time (not jack-knifed)' : 'gold UPOS'}.
- **Command**: \`npm run train -- parser${args.length ? ' ' + args.join(' ') : ''}\` (epochs ${epochs}, seed ${seed}); deterministic for the seed.
- **Training time**: ${report.seconds.toFixed(0)} s on one core (shared 2-core machine).
- **Size**: ${(buf.length / 1048576).toFixed(2)} MB.
- **Date**: 2026-11-25.

## EWT dev (punctuation included, CoNLL 2018 convention; LAS compares universal relations, as the CoNLL 2018 scorer does; "full" compares subtypes too)

| tags | UAS | LAS | LAS (full labels) |
|---|---|---|---|
${row('gold UPOS', gold)}
${row('predicted UPOS (our tagger)', predicted)}

Reproduce: \`npm run eval -- ewt-parser\`.
`;
    writeFileSync(path.join(MODEL_DIR, 'parser.card.md'), card);
  }
}
