// Each attribution's `confidence` becomes the probability that it is right — its cue, content
// (≥ 50 % of the characters) and source all match what an annotator marked, the linked match of
// src/eval/polnear.ts — from a logistic regression over what is known once speakers are resolved:
// the rule or model that made it (and each part of a combined rule 'quote-cue-after/1+tagger/1'),
// kind, cue class and lemma, stance, the source's form and whether and how it was resolved, the
// content's length and pieces, and the confidence the extractor gave (binned). The weights are fitted
// on PolNeAR train (`npm run train -- confidence`, models/confidence.json, card beside it); the
// reliability table on dev is `npm run eval -- confidence`. Without the model file nothing changes.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Doc, DocAttribution } from '../doc.js';
import type { Resources } from '../resources.js';
import { DossierError } from '../errors.js';

export const CONFIDENCE_FILE = 'confidence.json';

export interface ConfidenceModel {
  version: number;
  bias: number;
  weights: Map<string, number>;
}

const PRONOUN = /^(he|she|they|it|we|i|him|her|them|us)$/i;

/** Buckets a count on a log2 scale: 0, 1, 2-3, 4-7 … */
function log2Bucket(n: number): number { return n <= 0 ? 0 : 1 + Math.floor(Math.log2(n)); }

/** One feature: its family ('rule', 'lemma', 'gap') and value; the feature's name is `family=value`. */
type FeatureSink = (family: string, value: string | number) => void;

/** What the calibration reads of one attribution, as features handed to `add` one by one, in a fixed order. */
function visitFeatures(doc: Doc, a: DocAttribution, add: FeatureSink): void {
  const rule = a.rule ?? '';
  add('rule', rule);
  if (rule.includes('+')) for (const p of rule.split('+')) add('rulepart', p);
  const cls = a.cue.class ?? 'none';
  add('kind', a.kind); add('cueclass', cls); add('lemma', a.cue.lemma); add('stance', a.stance ?? 'neutral');
  add('kind×class', `${a.kind}|${cls}`);
  let form = 'none';
  if (a.source) {
    const phrase = doc.text.slice(a.source.start, a.source.end).trim();
    const words = phrase.split(/\s+/).length;
    const why = a.resolution ?? '';
    form = PRONOUN.test(phrase) ? 'pronoun' : why.startsWith('name') || why.startsWith('surname') ? 'name' : why.startsWith('description') ? 'description'
      : why.startsWith('first person') ? 'first-person' : why.includes('government') ? 'government' : /^[A-Z]/.test(phrase) && !/^(The|A|An)\b/.test(phrase) ? 'capitalised' : 'other';
    const resolved = a.source.entity ? 1 : 0;
    add('srcwords', Math.min(words, 8)); add('resolved', resolved); add('form×resolved', `${form}|${resolved}`);
    add('source-after-cue', a.source.start > a.cue.start ? 1 : 0);
  }
  add('form', form); add('form×kind', `${form}|${a.kind}`);
  let chars = 0;
  for (const c of a.content) chars += c.end - c.start;
  add('contentlen', log2Bucket(chars)); add('pieces', Math.min(a.content.length, 4));
  const first = a.content[0];
  if (first) {
    const c0 = doc.text.charCodeAt(first.start);
    add('content-starts-quote', c0 === 0x22 || c0 === 0x201c ? 1 : 0); add('content-after-cue', first.start > a.cue.start ? 1 : 0);
    const gap = first.start > a.cue.end ? first.start - a.cue.end : a.cue.start - (a.content[a.content.length - 1].end);
    add('gap', log2Bucket(Math.max(0, gap)));
  }
  if (typeof a.confidence === 'number') add('given', Math.min(9, Math.floor(a.confidence * 10)));
}

/** What the calibration reads of one attribution, as feature names (each present feature has value 1). */
export function confidenceFeatures(doc: Doc, a: DocAttribution): string[] {
  const f: string[] = [];
  visitFeatures(doc, a, (family, value) => { f.push(`${family}=${value}`); });
  return f;
}

export function probability(model: ConfidenceModel, features: string[]): number {
  let z = model.bias;
  for (const k of features) z += model.weights.get(k) ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The weights by family and then value, so scoring looks up the values it has instead of building a
 * name per feature (those names were most of the stage's time). A value that reads as a number is
 * kept under the number too, as visitFeatures gives counts as numbers.
 */
type WeightsByFamily = Map<string, Map<string | number, number>>;
const weightsByFamilyOf = new WeakMap<ConfidenceModel, WeightsByFamily>();

function weightsByFamily(model: ConfidenceModel): WeightsByFamily {
  let byFamily = weightsByFamilyOf.get(model);
  if (byFamily) return byFamily;
  byFamily = new Map();
  for (const [name, w] of model.weights) {
    const eq = name.indexOf('=');
    if (eq < 0) continue; // no feature is named without a family
    const family = name.slice(0, eq), value = name.slice(eq + 1);
    let values = byFamily.get(family);
    if (!values) byFamily.set(family, values = new Map());
    values.set(value, w);
    if (value !== '' && String(Number(value)) === value) values.set(Number(value), w);
  }
  weightsByFamilyOf.set(model, byFamily);
  return byFamily;
}

/** probability(model, confidenceFeatures(doc, a)), summed in the same order (so to the same bits). */
function attributionProbability(model: ConfidenceModel, byFamily: WeightsByFamily, doc: Doc, a: DocAttribution): number {
  let z = model.bias;
  visitFeatures(doc, a, (family, value) => { z += byFamily.get(family)?.get(value) ?? 0; });
  return 1 / (1 + Math.exp(-z));
}

export function loadConfidenceModel(dir: string): ConfidenceModel | null {
  const file = path.join(dir, CONFIDENCE_FILE);
  if (!existsSync(file)) return null;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { version: number; bias: number; weights: Record<string, number> };
    return { version: raw.version, bias: raw.bias, weights: new Map(Object.entries(raw.weights)) };
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The confidence model ${file} could not be read; run "npm run train -- confidence".`, { cause: err });
  }
}

export function calibrateConfidence(doc: Doc, resources: Resources): void {
  const model = resources.confidence;
  if (!model) return;
  const byFamily = weightsByFamily(model);
  for (const a of doc.attributions) a.confidence = Math.round(attributionProbability(model, byFamily, doc, a) * 1000) / 1000;
}
