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

/** What the calibration reads of one attribution, as feature names (each present feature has value 1). */
export function confidenceFeatures(doc: Doc, a: DocAttribution): string[] {
  const f: string[] = [];
  const rule = a.rule ?? '';
  f.push(`rule=${rule}`);
  const parts = rule.split('+');
  if (parts.length > 1) for (const p of parts) f.push(`rulepart=${p}`);
  f.push(`kind=${a.kind}`, `cueclass=${a.cue.class ?? 'none'}`, `lemma=${a.cue.lemma}`, `stance=${a.stance ?? 'neutral'}`);
  f.push(`kind×class=${a.kind}|${a.cue.class ?? 'none'}`);
  let form = 'none';
  if (a.source) {
    const phrase = doc.text.slice(a.source.start, a.source.end).trim();
    const words = phrase.split(/\s+/).length;
    const why = a.resolution ?? '';
    form = PRONOUN.test(phrase) ? 'pronoun' : why.startsWith('name') || why.startsWith('surname') ? 'name' : why.startsWith('description') ? 'description'
      : why.startsWith('first person') ? 'first-person' : why.includes('government') ? 'government' : /^[A-Z]/.test(phrase) && !/^(The|A|An)\b/.test(phrase) ? 'capitalised' : 'other';
    f.push(`srcwords=${Math.min(words, 8)}`, `resolved=${a.source.entity ? 1 : 0}`, `form×resolved=${form}|${a.source.entity ? 1 : 0}`);
    f.push(`source-after-cue=${a.source.start > a.cue.start ? 1 : 0}`);
  }
  f.push(`form=${form}`, `form×kind=${form}|${a.kind}`);
  let chars = 0;
  for (const c of a.content) chars += c.end - c.start;
  f.push(`contentlen=${log2Bucket(chars)}`, `pieces=${Math.min(a.content.length, 4)}`);
  const first = a.content[0];
  if (first) {
    const c0 = doc.text.charCodeAt(first.start);
    f.push(`content-starts-quote=${c0 === 0x22 || c0 === 0x201c ? 1 : 0}`, `content-after-cue=${first.start > a.cue.start ? 1 : 0}`);
    const gap = first.start > a.cue.end ? first.start - a.cue.end : a.cue.start - (a.content[a.content.length - 1].end);
    f.push(`gap=${log2Bucket(Math.max(0, gap))}`);
  }
  if (typeof a.confidence === 'number') f.push(`given=${Math.min(9, Math.floor(a.confidence * 10))}`);
  return f;
}

export function probability(model: ConfidenceModel, features: string[]): number {
  let z = model.bias;
  for (const k of features) z += model.weights.get(k) ?? 0;
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
  for (const a of doc.attributions) a.confidence = Math.round(probability(model, confidenceFeatures(doc, a)) * 1000) / 1000;
}
