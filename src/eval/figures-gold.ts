// `npm run eval -- figures-gold [--errors] [--json] [--draft]`: scores doc.figures on a hand-made gold set
// of 50 PolNeAR dev sentences (test/fixtures/figures-gold.jsonl).
//
// Selection (reproducible with --draft, which prints the sentences with the pipeline's current figures
// as a starting point for hand annotation): the dev article ids, sorted, are shuffled with mulberry32
// seeded 2016 (Fisher-Yates); articles are read in that order, each split into sentences by the
// pipeline, and a sentence is taken when it holds a digit or a number word (NUMBER_WORD below), at most
// two per article so that fifty sentences come from 25+ articles and publishers, until 50 are taken.
// The fixture stores, per sentence, the article id, the sentence's offsets in the article text and its
// text (checked against the article at load), and the expected figures with absolute offsets.
//
// Scoring: each whole dev article is analysed (published = its date); the figures inside a gold sentence
// are matched to gold figures by span overlap (greedy, best overlap first). Detection P/R/F1 counts
// matches; for each attribute (value, qualifier, subject, measure, source) accuracy is over matched
// pairs, and P/R count a predicted (resp. gold) figure as right only when it is matched and the attribute
// agrees — for subject, measure and source, pairs where both sides are null are left out of P and R (they
// say nothing is there) but count in accuracy. Subjects and measures compare by head word (last word,
// lower-cased, crude plural s stripped): "Syrian refugees" ~ "refugees"; sources too ("An exhaustive study"
// ~ "the study"), the fixture keeping the source as written. Values compare to three significant digits.
// Conventions of the gold set: a vague plural ("thousands", "millions") is valued at two of its scale,
// as the extractor does; ages ("Crutcher, 40", "a 43-year-old"), durations ("60 hours a week", "six
// weeks of paid leave"), years, dates, names and numbers ("Fortune 500", "Article 21", "No. 2") and "one"
// as a pronoun or determiner ("one of the parties", "one piece of") are not figures.

import { seededRandom as mulberry32 } from '../models/perceptron.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Figure } from '../contract.js';
import type { Doc } from '../doc.js';
import { DossierError } from '../errors.js';
import { runPipeline } from '../pipeline.js';
import { loadResources, PROJECT_ROOT } from '../resources.js';

const DEV = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');
const FIXTURE = path.resolve(PROJECT_ROOT, 'test', 'fixtures', 'figures-gold.jsonl');
const SEED = 2016;
const PER_ARTICLE = 2;
const WANTED = 50;

export const NUMBER_WORD = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|third|quarter|percent)\b/i;

export interface GoldFigure {
  start: number;
  end: number;
  text: string;
  value: number;
  valueMax: number | null;
  unit: string | null;
  qualifier: string;
  subject: string | null;
  measure: string | null;
  /** The source as written of the attribution that reports the figure, or null. */
  source: string | null;
}

export interface GoldSentence {
  article: string;
  start: number;
  end: number;
  text: string;
  figures: GoldFigure[];
}

interface DevArticle { id: string; date?: string; text: string }


function readDev(): Map<string, DevArticle> {
  let raw: string;
  try {
    raw = readFileSync(DEV, 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${DEV}; PolNeAR lives in ../shared/data/polnear.`, { cause: err });
  }
  const out = new Map<string, DevArticle>();
  for (const line of raw.split('\n')) if (line.trim()) { const a = JSON.parse(line) as DevArticle; out.set(a.id, a); }
  return out;
}

/** The dev article ids in the seeded order of the selection. */
export function seededOrder(ids: string[]): string[] {
  const order = [...ids].sort();
  const rnd = mulberry32(SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export function readGold(file = FIXTURE): GoldSentence[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${file}.`, { cause: err });
  }
  return raw.split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l) as GoldSentence);
}

function analyse(a: DevArticle, resources: ReturnType<typeof loadResources>): Doc {
  return runPipeline({ text: a.text, id: a.id, published: a.date ?? null }, resources);
}

function sourceOf(doc: Doc, f: Figure): string | null {
  if (!f.attribution) return null;
  const att = doc.attributions.find((a) => a.id === f.attribution);
  return att?.source ? doc.text.slice(att.source.start, att.source.end) : null;
}

export function headWord(s: string | null | undefined): string | null {
  if (!s) return null;
  const words = s.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu);
  if (!words) return null;
  let w = words[words.length - 1];
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

function draft(dev: Map<string, DevArticle>): void {
  const resources = loadResources();
  let taken = 0;
  for (const id of seededOrder([...dev.keys()])) {
    if (taken >= WANTED) break;
    const a = dev.get(id)!;
    const doc = analyse(a, resources);
    let here = 0;
    for (let s = 0; s < doc.sentences.count && here < PER_ARTICLE && taken < WANTED; s++) {
      const start = doc.sentences.start[s], end = doc.sentences.end[s];
      const text = a.text.slice(start, end);
      if (!NUMBER_WORD.test(text)) continue;
      here++; taken++;
      const figures: GoldFigure[] = doc.figures.filter((f) => f.start >= start && f.end <= end).map((f) => ({
        start: f.start, end: f.end, text: a.text.slice(f.start, f.end), value: f.value, valueMax: f.valueMax ?? null, unit: f.unit ?? null,
        qualifier: f.qualifier, subject: f.subject ?? null, measure: f.measure ?? null, source: sourceOf(doc, f),
      }));
      process.stdout.write(JSON.stringify({ article: id, start, end, text, figures }) + '\n');
    }
  }
}

type Attr = 'value' | 'qualifier' | 'subject' | 'measure' | 'source';
const ATTRS: Attr[] = ['value', 'qualifier', 'subject', 'measure', 'source'];

function attrOf(which: Attr, f: GoldFigure): string | null {
  switch (which) {
    case 'value': return `${f.value.toPrecision(3)}${f.valueMax !== null && f.valueMax !== undefined ? `-${f.valueMax.toPrecision(3)}` : ''}`;
    case 'qualifier': return f.qualifier;
    case 'subject': return headWord(f.subject);
    case 'measure': return headWord(f.measure);
    case 'source': return headWord(f.source?.replace(/['’]s$/, ''));
  }
}

export interface FiguresScore {
  sentences: number; gold: number; predicted: number; matched: number;
  detection: { p: number; r: number; f1: number };
  attributes: Record<Attr, { accuracy: number; p: number; r: number; f1: number; right: number; pairs: number }>;
}

export function score(gold: GoldSentence[], dev: Map<string, DevArticle>, errors: string[] | null): FiguresScore {
  const resources = loadResources();
  const docs = new Map<string, Doc>();
  let nGold = 0, nPred = 0, matched = 0;
  const right: Record<Attr, number> = { value: 0, qualifier: 0, subject: 0, measure: 0, source: 0 };
  const pairs: Record<Attr, number> = { value: 0, qualifier: 0, subject: 0, measure: 0, source: 0 };
  const predNonNull: Record<Attr, number> = { value: 0, qualifier: 0, subject: 0, measure: 0, source: 0 };
  const goldNonNull: Record<Attr, number> = { value: 0, qualifier: 0, subject: 0, measure: 0, source: 0 };
  const rightNonNull: Record<Attr, number> = { value: 0, qualifier: 0, subject: 0, measure: 0, source: 0 };
  for (const g of gold) {
    const a = dev.get(g.article);
    if (!a) throw new DossierError('DOSSIER_DATA_MISSING', `Gold sentence names article ${g.article}, which is not in PolNeAR dev.`);
    if (a.text.slice(g.start, g.end) !== g.text) throw new DossierError('DOSSIER_DATA_MISSING', `Gold sentence ${g.article}:${g.start}-${g.end} does not match the article text.`);
    let doc = docs.get(a.id);
    if (!doc) { doc = analyse(a, resources); docs.set(a.id, doc); }
    const d = doc;
    const pred: GoldFigure[] = d.figures.filter((f) => f.start < g.end && f.end > g.start).map((f) => ({
      start: f.start, end: f.end, text: a.text.slice(f.start, f.end), value: f.value, valueMax: f.valueMax ?? null, unit: f.unit ?? null,
      qualifier: f.qualifier, subject: f.subject ?? null, measure: f.measure ?? null, source: sourceOf(d, f),
    }));
    nGold += g.figures.length;
    nPred += pred.length;
    for (const which of ATTRS) {
      for (const f of pred) if (attrOf(which, f) !== null) predNonNull[which]++;
      for (const f of g.figures) if (attrOf(which, f) !== null) goldNonNull[which]++;
    }
    // Greedy matching by overlap, largest first.
    const cands: Array<[number, number, number]> = [];
    g.figures.forEach((gf, gi) => pred.forEach((pf, pi) => {
      const ov = Math.min(gf.end, pf.end) - Math.max(gf.start, pf.start);
      if (ov > 0) cands.push([ov, gi, pi]);
    }));
    cands.sort((x, y) => y[0] - x[0]);
    const usedG = new Set<number>(), usedP = new Set<number>();
    for (const [, gi, pi] of cands) {
      if (usedG.has(gi) || usedP.has(pi)) continue;
      usedG.add(gi); usedP.add(pi); matched++;
      const gf = g.figures[gi], pf = pred[pi];
      for (const which of ATTRS) {
        const gv = attrOf(which, gf), pv = attrOf(which, pf);
        pairs[which]++;
        if (gv === pv) { right[which]++; if (gv !== null) rightNonNull[which]++; }
        else errors?.push(`${which.padEnd(9)} ${g.article}:${gf.start} "${gf.text}" gold ${JSON.stringify(which === 'subject' || which === 'measure' ? gf[which] : gv)} ours ${JSON.stringify(which === 'subject' || which === 'measure' ? pf[which] : pv)}`);
      }
    }
    g.figures.forEach((gf, gi) => { if (!usedG.has(gi)) errors?.push(`missed    ${g.article}:${gf.start} "${gf.text}" in ${JSON.stringify(g.text.slice(0, 160))}`); });
    pred.forEach((pf, pi) => { if (!usedP.has(pi)) errors?.push(`spurious  ${g.article}:${pf.start} "${pf.text}" (${pf.value}) in ${JSON.stringify(g.text.slice(0, 160))}`); });
  }
  const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);
  const dp = nPred ? matched / nPred : 0, dr = nGold ? matched / nGold : 0;
  const attributes = {} as FiguresScore['attributes'];
  for (const which of ATTRS) {
    const p = predNonNull[which] ? rightNonNull[which] / predNonNull[which] : 0;
    const r = goldNonNull[which] ? rightNonNull[which] / goldNonNull[which] : 0;
    attributes[which] = { accuracy: pairs[which] ? right[which] / pairs[which] : 0, p, r, f1: f1(p, r), right: right[which], pairs: pairs[which] };
  }
  return { sentences: gold.length, gold: nGold, predicted: nPred, matched, detection: { p: dp, r: dr, f1: f1(dp, dr) }, attributes };
}

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);

export async function run(args: string[]): Promise<void> {
  let json = false, showErrors = false, wantDraft = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--errors') showErrors = true;
    else if (a === '--draft') wantDraft = true;
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${a}" (expected --errors, --json, --draft).`);
  }
  const dev = readDev();
  if (wantDraft) { draft(dev); return; }
  const errors: string[] | null = showErrors ? [] : null;
  const s = score(readGold(), dev, errors);
  if (json) { process.stdout.write(JSON.stringify(s) + '\n'); return; }
  const out: string[] = [];
  out.push(`Figures on ${s.sentences} hand-annotated PolNeAR dev sentences: ${s.gold} gold figures, ${s.predicted} predicted, ${s.matched} matched by overlap`);
  out.push(`                 P      R     F1   accuracy (over matched pairs)`);
  out.push(`detection    ${pct(s.detection.p)}  ${pct(s.detection.r)}  ${pct(s.detection.f1)}`);
  for (const which of ATTRS) {
    const a = s.attributes[which];
    out.push(`${which.padEnd(11)}  ${pct(a.p)}  ${pct(a.r)}  ${pct(a.f1)}   ${pct(a.accuracy)}  (${a.right}/${a.pairs})`);
  }
  out.push(`attribute P/R: a figure counts when matched and the attribute agrees; for subject/measure/source, null on both sides is left out of P/R.`);
  if (errors) out.push('', ...errors);
  process.stdout.write(out.join('\n') + '\n');
}
