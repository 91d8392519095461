// `npm run train -- attribution [--epochs N] [--limit DOCS] [--buckets LOG2] [--seed N] [--seeds N] [--out FILE] [--no-save] [--cache FILE]`
// Trains the learned attribution pass (src/extract/attribution-tagger.ts) on PolNeAR train, picks the
// epoch by PolNeAR dev (exact-span F1 of source, cue and content, rules + tagger as the pipeline runs
// them), scores the saved file after a save/load round trip and writes models/attribution.bin.
// --cache FILE keeps the documents run through the earlier stages (tokens, tags, trees, rule output) in a
// v8-serialised file, so feature work does not re-run the pipeline; it is not stale-checked: delete it
// when an earlier stage changes.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { AttributionTagger, buildInput, cueContext, goldLabels, ruleOwners, type TaggerDoc, type TaggerInput } from '../extract/attribution-tagger.js';
import { joinAttributions } from '../extract/tag-attributions.js';
import type { CueLexicon } from '../extract/cue-lexicon.js';
import { loadClusters, type Clusters } from '../models/clusters.js';
import { Perceptron, seededRandom, shuffle } from '../models/perceptron.js';
import { runPipeline, STAGES } from '../pipeline.js';
import { loadResources, MODEL_DIR, PROJECT_ROOT } from '../resources.js';
import { readPolnear, type GoldArticle } from './polnear-match.js';

export const POLNEAR_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear');

export { readPolnear };

export interface Example { doc: TaggerDoc; gold: GoldArticle }

/** Runs the stages before the learned pass (through the rule-based findAttributions). */
export function prepare(articles: GoldArticle[]): Example[] {
  const resources = { ...loadResources(), attribution: null };
  const upTo = STAGES.findIndex(([name]) => name === 'findAttributions');
  const stages = STAGES.slice(0, upTo + 1);
  return articles.map((gold) => {
    const d = runPipeline({ text: gold.text, id: gold.id, title: gold.title ?? null }, resources, stages);
    const doc: TaggerDoc = {
      text: d.text, tokens: d.tokens, sentences: d.sentences, paragraphs: d.paragraphs, headlines: d.headlines, quotes: d.quotes,
      upos: d.upos, lemmas: d.lemmas, head: d.head, deprel: d.deprel, ner: d.ner, attributions: d.attributions,
    };
    return { doc, gold };
  });
}

function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

function goldRoles(g: GoldArticle): Array<{ role: 'source' | 'cue' | 'content'; start: number; end: number }> {
  const out: Array<{ role: 'source' | 'cue' | 'content'; start: number; end: number }> = [];
  for (const a of g.attributions) {
    for (const [role, parts] of [['source', a.source], ['cue', a.cue], ['content', a.content]] as const) {
      for (const p of parts) {
        // a discontinuous source or cue is one span from its first to its last piece; content pieces stay apart
        const spans = role === 'content' ? p.spans : [[p.spans[0][0], p.spans[p.spans.length - 1][1]] as [number, number]];
        for (const [s, e] of spans) { const [ts, te] = trim(g.text, s, e); if (te > ts) out.push({ role, start: ts, end: te }); }
      }
    }
  }
  return out;
}

interface Counts { tp: number; fp: number; fn: number }
export interface DevScore { source: Counts; cue: Counts; content: Counts }
export const f1 = (c: Counts): number => (c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0);

/** Exact-span scores of the pipeline's attributions (rules joined with the tagger, as tagAttributions does) as npm run eval -- polnear-dev counts them. */
export function scoreDev(examples: Example[], lex: CueLexicon, tagger: AttributionTagger | null): DevScore {
  const score: DevScore = { source: { tp: 0, fp: 0, fn: 0 }, cue: { tp: 0, fp: 0, fn: 0 }, content: { tp: 0, fp: 0, fn: 0 } };
  for (const { doc, gold } of examples) {
    const atts = tagger ? joinAttributions(doc, lex, tagger) : doc.attributions;
    const g = { source: new Set<string>(), cue: new Set<string>(), content: new Set<string>() };
    for (const r of goldRoles(gold)) g[r.role].add(`${r.start}:${r.end}`);
    const p = { source: new Set<string>(), cue: new Set<string>(), content: new Set<string>() };
    const k = (sp: { start: number; end: number }): string => trim(doc.text, sp.start, sp.end).join(':');
    for (const a of atts) {
      if (a.source) p.source.add(k(a.source));
      p.cue.add(k(a.cue));
      for (const c of a.content) p.content.add(k(c));
    }
    for (const role of ['source', 'cue', 'content'] as const) {
      for (const x of p[role]) if (g[role].has(x)) score[role].tp++; else score[role].fp++;
      for (const x of g[role]) if (!p[role].has(x)) score[role].fn++;
    }
  }
  return score;
}

export const formatDev = (s: DevScore): string => (['source', 'cue', 'content'] as const)
  .map((r) => `${r} P ${(100 * s[r].tp / Math.max(1, s[r].tp + s[r].fp)).toFixed(1)} R ${(100 * s[r].tp / Math.max(1, s[r].tp + s[r].fn)).toFixed(1)} F1 ${(100 * f1(s[r])).toFixed(1)}`).join(' | ');

const meanF1 = (s: DevScore): number => (f1(s.source) + f1(s.cue) + f1(s.content)) / 3;

/**
 * Trains a tagger on the word clusters `opts.clusters` (none when left out); with `dev`, keeps the epoch whose
 * averaged weights score best there. Deterministic for a seed.
 */
export function trainAttribution(train: Example[], lex: CueLexicon, opts: { epochs: number; seed: number; buckets: number; clusters?: Clusters | null; dev?: Example[]; log?: (s: string) => void }): { tagger: AttributionTagger; epoch: number; dev: DevScore | null } {
  const clusters = opts.clusters ?? null;
  const tagger = AttributionTagger.create(opts.buckets, clusters);
  const inputs: TaggerInput[] = train.map((e) => buildInput(e.doc, lex, clusters));
  const golds = train.map((e, k) => goldLabels(inputs[k], e.doc.tokens, goldRoles(e.gold)));
  const order: Array<[number, number]> = [];
  inputs.forEach((x, d) => { for (let s = 0; s < x.seqStart.length; s++) order.push([d, s]); });
  // second pass: one item per gold attribution with a cue: its tokens' roles (source 1/2, content 5/6)
  const cueItems: Array<{ d: number; a: number; b: number; roles: Array<{ role: 'source' | 'cue' | 'content'; start: number; end: number }> }> = [];
  const owners = train.map((e) => ruleOwners(e.doc));
  const cueMasks = inputs.map((x, d) => { const m = new Uint8Array(x.n); for (let i = 0; i < x.n; i++) if (golds[d][i] === 3 || golds[d][i] === 4) m[i] = 1; return m; });
  train.forEach((e, d) => {
    const t = e.doc.tokens;
    for (const g of e.gold.attributions) {
      if (!g.cue.length) continue;
      const roles = goldRoles({ ...e.gold, attributions: [g] });
      const cue = roles.find((r) => r.role === 'cue');
      if (!cue) continue;
      let a = 0;
      while (a < t.count && t.end[a] <= cue.start) a++;
      let b = a;
      while (b < t.count && t.start[b] < cue.end) b++;
      if (b > a) cueItems.push({ d, a, b, roles: roles.filter((r) => r.role !== 'cue') });
    }
  });
  const random = seededRandom(opts.seed);
  let scratch = new Uint8Array(0);
  let best: { weights: Float32Array; epoch: number; dev: DevScore | null; f: number } | null = null;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, random);
    let wrong = 0, tokens = 0;
    for (const [d, s] of order) {
      const x = inputs[d];
      if (scratch.length < x.n) scratch = new Uint8Array(x.n * 2);
      wrong += tagger.train(x, s, golds[d], scratch);
      tokens += x.seqEnd[s] - x.seqStart[s];
    }
    shuffle(cueItems, random);
    let wrong2 = 0, tokens2 = 0;
    for (const it of cueItems) {
      const x = inputs[it.d];
      const c = cueContext(x, it.a, it.b, cueMasks[it.d], owners[it.d]);
      const all = goldLabels(x, train[it.d].doc.tokens, it.roles);
      const gold = all.subarray(c.wa, c.wb);
      if (scratch.length < gold.length) scratch = new Uint8Array(gold.length * 2);
      wrong2 += tagger.trainRoles(x, c, gold, scratch);
      tokens2 += gold.length;
    }
    const weights = tagger.model.averagedSnapshot();
    let dev: DevScore | null = null, f = epoch;
    if (opts.dev) {
      dev = scoreDev(opts.dev, lex, new AttributionTagger(new Perceptron({ classes: tagger.model.classes, buckets: tagger.model.buckets }, weights), clusters).freeze());
      f = meanF1(dev);
    }
    opts.log?.(`epoch ${epoch}: cues ${wrong} wrong of ${tokens} tokens (${((100 * wrong) / tokens).toFixed(2)}%), roles ${((100 * wrong2) / tokens2).toFixed(2)}% of ${tokens2}${dev ? `; dev ${formatDev(dev)}` : ''}`);
    if (!best || f > best.f) best = { weights, epoch, dev, f };
  }
  const out = new AttributionTagger(new Perceptron({ classes: tagger.model.classes, buckets: tagger.model.buckets }, best!.weights), clusters);
  return { tagger: out, epoch: best!.epoch, dev: best!.dev };
}

/**
 * One tagger whose weights are the mean of `taggers`' (same buckets and clusters). The model is linear in its
 * weights, so this scores every token with the mean of the taggers' scores: an ensemble at the cost of one model.
 */
export function averageTaggers(taggers: AttributionTagger[]): AttributionTagger {
  const first = taggers[0].model;
  const w = new Float32Array(first.weights.length);
  for (const t of taggers) {
    const v = t.model.weights;
    for (let i = 0; i < w.length; i++) w[i] += v[i];
  }
  for (let i = 0; i < w.length; i++) w[i] /= taggers.length;
  return new AttributionTagger(new Perceptron({ classes: first.classes, buckets: first.buckets }, w), taggers[0].clusters);
}

function loadExamples(file: string, limit: number, cache: string | undefined, log: (s: string) => void): Example[] {
  if (cache && existsSync(cache)) { log(`reading ${cache}`); return deserialize(readFileSync(cache)) as Example[]; }
  const t0 = Date.now();
  const ex = prepare(readPolnear(file, limit));
  log(`ran the earlier stages over ${ex.length} articles of ${path.basename(file)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (cache) writeFileSync(cache, serialize(ex));
  return ex;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args, strict: true,
    options: {
      epochs: { type: 'string' }, limit: { type: 'string' }, buckets: { type: 'string' }, seed: { type: 'string' }, seeds: { type: 'string' },
      out: { type: 'string' }, 'no-save': { type: 'boolean' }, data: { type: 'string' }, cache: { type: 'string' },
    },
  });
  const dir = values.data ?? POLNEAR_DIR;
  const epochs = Number(values.epochs ?? 8), seed = Number(values.seed ?? 1), buckets = 1 << Number(values.buckets ?? 17);
  // --seeds N trains seeds seed .. seed+N-1 and keeps the mean of their weights
  const seeds = Number(values.seeds ?? 1);
  const limit = values.limit ? Number(values.limit) : Infinity;
  const log = (s: string): void => { process.stderr.write(`train attribution: ${s}\n`); };
  const lex = loadResources().cues;
  const clusters = loadClusters(MODEL_DIR);
  const train = loadExamples(path.join(dir, 'train.jsonl'), limit, values.cache ? `${values.cache}.train` : undefined, log);
  const dev = loadExamples(path.join(dir, 'dev.jsonl'), Infinity, values.cache ? `${values.cache}.dev` : undefined, log);
  log(`rules alone on dev: ${formatDev(scoreDev(dev, lex, null))}`);
  const t0 = Date.now();
  const runs = Array.from({ length: seeds }, (_, k) => {
    const r = trainAttribution(train, lex, { epochs, seed: seed + k, buckets, clusters, dev, log });
    if (seeds > 1) log(`seed ${seed + k}: best epoch ${r.epoch}; dev ${formatDev(r.dev!)}`);
    return r;
  });
  const tagger = seeds > 1 ? averageTaggers(runs.map((r) => r.tagger)) : runs[0].tagger;
  const epoch = seeds > 1 ? runs.map((r) => r.epoch) : runs[0].epoch;
  const trainSeconds = (Date.now() - t0) / 1000;
  const meta = { what: 'PolNeAR attribution roles (BIO source/cue/content), structured perceptron + Viterbi', data: 'PolNeAR train.jsonl, word clusters models/clusters*.tsv.gz', epochs, bestEpoch: epoch, seed, ...(seeds > 1 ? { seeds } : {}), buckets };
  const bytes = tagger.save(meta);
  const loaded = AttributionTagger.load(bytes, clusters);
  const s = scoreDev(dev, lex, loaded);
  log(`trained in ${trainSeconds.toFixed(1)} s; best epoch ${String(epoch)}; model ${bytes.length} bytes`);
  process.stdout.write(`PolNeAR dev, rules + tagger, after save/load: ${formatDev(s)}\n`);
  if (values['no-save']) return;
  const out = values.out ?? path.join(MODEL_DIR, 'attribution.bin');
  writeFileSync(out, tagger.save({ ...meta, dev: { source: +(100 * f1(s.source)).toFixed(1), cue: +(100 * f1(s.cue)).toFixed(1), content: +(100 * f1(s.content)).toFixed(1) } }));
  log(`wrote ${out}`);
}
