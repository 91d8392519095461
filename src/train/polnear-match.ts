// Matching predicted attributions to PolNeAR gold ones, shared by the scorer (src/eval/polnear.ts) and
// the confidence calibration's trainer (train-confidence.ts), so both count a prediction right alike.

import { readFileSync } from 'node:fs';
import type { DocAttribution } from '../doc.js';
import { DossierError } from '../errors.js';

export interface GoldPart { spans: Array<[number, number]>; text: string }
export interface GoldAttribution { source: GoldPart[]; cue: GoldPart[]; content: GoldPart[] }
export interface GoldArticle { id: string; title?: string; text: string; attributions: GoldAttribution[] }

/** A PolNeAR JSON-lines file, one article a line (the first `limit` of them). */
export function readPolnear(file: string, limit = Infinity): GoldArticle[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(0, limit).map((l) => JSON.parse(l) as GoldArticle);
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `PolNeAR file ${file} could not be read.`, { cause: err });
  }
}

/** Trims whitespace on both sides so that annotator slack does not count as an error. */
export function trimSpan(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

export interface Unit { source: [number, number] | null; cue: [number, number] | null; content: Array<[number, number]> }

export function goldUnits(a: GoldArticle): Unit[] {
  return a.attributions.map((g) => ({
    source: g.source.length ? trimSpan(a.text, g.source[0].spans[0][0], g.source[0].spans[g.source[0].spans.length - 1][1]) : null,
    cue: g.cue.length ? trimSpan(a.text, g.cue[0].spans[0][0], g.cue[0].spans[g.cue[0].spans.length - 1][1]) : null,
    content: g.content.flatMap((c) => c.spans.map(([s, e]) => trimSpan(a.text, s, e))).sort((x, y) => x[0] - y[0]),
  }));
}

export function predUnits(text: string, atts: DocAttribution[]): Unit[] {
  return atts.map((p) => ({
    source: p.source ? trimSpan(text, p.source.start, p.source.end) : null,
    cue: trimSpan(text, p.cue.start, p.cue.end),
    content: p.content.map((c) => trimSpan(text, c.start, c.end)),
  }));
}

export const overlap = (a: [number, number], b: [number, number]): number => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

export function linked(g: Unit, p: Unit): boolean {
  if (!g.cue || !p.cue || overlap(g.cue, p.cue) === 0) return false;
  const goldChars = g.content.reduce((n, c) => n + c[1] - c[0], 0);
  let shared = 0;
  for (const gc of g.content) for (const pc of p.content) shared += overlap(gc, pc);
  if (goldChars === 0 ? p.content.length > 0 : shared < 0.5 * goldChars) return false;
  if (!g.source || !p.source) return !g.source && !p.source;
  return overlap(g.source, p.source) > 0;
}

/** Which predictions are right: matched one-to-one to a gold attribution (gold in order, first linked prediction), as the linked score counts them. */
export function rightPredictions(gold: Unit[], pred: Unit[]): boolean[] {
  const used = new Array<boolean>(pred.length).fill(false);
  for (const gu of gold) {
    const k = pred.findIndex((pu, i) => !used[i] && linked(gu, pu));
    if (k >= 0) used[k] = true;
  }
  return used;
}

