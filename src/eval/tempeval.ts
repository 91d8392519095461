// `npm run eval -- tempeval-dev [--split TimeBank|AQUAINT] [--errors N] [--times-only] [--json]`:
// scores doc.times on TempEval-3 TimeBank + AQUAINT (TBAQ-cleaned), the way the TempEval-3 task did.
// Each .tml file's <TEXT> is stripped of its tags (entities decoded, offsets tracked) and analysed with
// published = the document creation time (the CREATION_TIME TIMEX3, which is itself not scored).
// Reported with the official TempEval-3 definitions (UzZaman et al. 2013; TE3-evaluation.py):
//  - strict span P/R/F1: exact extent; relaxed span P/R/F1: any overlap;
//  - attribute accuracy = correct attribute / relaxed matches; attribute P = accuracy × relaxed P,
//    R = accuracy × relaxed R, attribute F1 = accuracy × relaxed F1. "value F1" is that for value (the
//    number HeidelTime's 77.61 on the TE3 platinum test is);
// and, not a TE3 metric, "strict-span value F1" (exact extent and exact value), plus documents per second.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DossierError } from '../errors.js';
import { runPipeline, STAGES, type Stage } from '../pipeline.js';
import { loadResources, type Resources } from '../resources.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATA_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'tempeval3', 'TBAQ-cleaned');

export interface GoldTimex {
  start: number;
  end: number;
  type: string;
  value: string;
}

export interface TimeMLDoc {
  id: string;
  dct: string;
  text: string;
  timexes: GoldTimex[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses a TimeML file: the DCT, the raw text of <TEXT>, and its TIMEX3 spans in that text. */
export function parseTimeML(id: string, xml: string): TimeMLDoc {
  const dctMatch = /<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>/.exec(xml);
  const dct = dctMatch ? (/value="([^"]*)"/.exec(dctMatch[0])?.[1] ?? '') : '';
  const open = xml.indexOf('<TEXT>');
  const close = xml.lastIndexOf('</TEXT>');
  const body = open >= 0 && close > open ? xml.slice(open + 6, close) : '';
  let text = '';
  const timexes: GoldTimex[] = [];
  const stack: Array<{ start: number; type: string; value: string } | null> = [];
  const tagRe = /<(\/?)([A-Za-z0-9_]+)([^>]*?)(\/?)>|&(#?\w+);/g;
  let last = 0;
  for (let m = tagRe.exec(body); m; m = tagRe.exec(body)) {
    text += body.slice(last, m.index);
    last = tagRe.lastIndex;
    if (m[5] !== undefined) {
      const e = m[5];
      text += e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(+e.slice(1)) : (ENTITIES[e] ?? `&${e};`);
      continue;
    }
    const closing = m[1] === '/', name = m[2], attrs = m[3], selfClosing = m[4] === '/';
    if (selfClosing) continue;
    if (!closing) {
      stack.push(name === 'TIMEX3' ? { start: text.length, type: /type="([^"]*)"/.exec(attrs)?.[1] ?? '', value: /value="([^"]*)"/.exec(attrs)?.[1] ?? '' } : null);
    } else {
      const top = stack.pop();
      if (name === 'TIMEX3' && top) timexes.push({ start: top.start, end: text.length, type: top.type, value: top.value });
    }
  }
  text += body.slice(last);
  return { id, dct, text, timexes };
}

function listDocs(split: string | null): Array<{ id: string; file: string }> {
  const out: Array<{ id: string; file: string }> = [];
  for (const sub of ['TimeBank', 'AQUAINT']) {
    if (split && sub.toLowerCase() !== split.toLowerCase()) continue;
    let names: string[];
    try {
      names = readdirSync(path.join(DATA_DIR, sub));
    } catch (err) {
      throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${path.join(DATA_DIR, sub)}; TempEval-3 lives in ../shared/data/tempeval3.`, { cause: err });
    }
    for (const n of names.sort()) if (n.endsWith('.tml')) out.push({ id: `${sub}/${n}`, file: path.join(DATA_DIR, sub, n) });
  }
  return out;
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);

export async function run(args: string[]): Promise<void> {
  let split: string | null = null;
  let errors = 0;
  let json = false;
  let timesOnly = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--split') split = args[++i] ?? null;
    else if (a === '--errors') errors = Number(args[++i] ?? '20');
    else if (a === '--json') json = true;
    else if (a === '--times-only') timesOnly = true;
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${a}" (expected --split TimeBank|AQUAINT, --errors N, --times-only, --json).`);
  }
  const docs = listDocs(split).map(({ id, file }) => parseTimeML(id, readFileSync(file, 'utf8')));
  // findTimes reads no resources: --times-only works even while a model file is being rebuilt.
  const resources = timesOnly ? ({} as Resources) : loadResources();
  // --times-only runs just the time stage (its own speed); otherwise the whole pipeline.
  const stages: ReadonlyArray<readonly [string, Stage]> = timesOnly ? STAGES.filter(([n]) => n === 'findTimes') : STAGES;

  let gold = 0, pred = 0, strict = 0, relaxed = 0, relaxedPred = 0, valueOk = 0, typeOk = 0, strictValue = 0;
  const misses: string[] = [], spurious: string[] = [], wrongValue: string[] = [];
  let ms = 0;
  for (const d of docs) {
    const t0 = performance.now();
    const doc = runPipeline({ text: d.text, id: d.id, published: d.dct }, resources, stages);
    ms += performance.now() - t0;
    const g = d.timexes, p = doc.times;
    gold += g.length;
    pred += p.length;
    const ctx = (s: number, e: number): string => JSON.stringify(d.text.slice(Math.max(0, s - 30), s) + '[' + d.text.slice(s, e) + ']' + d.text.slice(e, e + 20)).replace(/\\n/g, ' ');
    const usedPred = new Set<number>();
    for (const gt of g) {
      let best = -1;
      for (let k = 0; k < p.length; k++) {
        if (usedPred.has(k)) continue;
        if (p[k].start < gt.end && gt.start < p[k].end) {
          if (best < 0 || (p[k].start === gt.start && p[k].end === gt.end)) best = k;
        }
      }
      if (best < 0) {
        misses.push(`${d.id} ${gt.type} ${gt.value} ${ctx(gt.start, gt.end)}`);
        continue;
      }
      usedPred.add(best);
      const pt = p[best];
      relaxed++;
      const exact = pt.start === gt.start && pt.end === gt.end;
      if (exact) strict++;
      if (pt.value === gt.value) { valueOk++; if (exact) strictValue++; }
      else wrongValue.push(`${d.id} dct=${d.dct} gold ${gt.type} ${gt.value} ours ${pt.type} ${pt.value} ${ctx(pt.start, pt.end)}`);
      if (pt.type === gt.type) typeOk++;
    }
    for (let k = 0; k < p.length; k++) {
      if (!usedPred.has(k)) {
        // A prediction overlapping an already-matched gold span is not spurious for relaxed precision.
        if (g.some((gt) => p[k].start < gt.end && gt.start < p[k].end)) { relaxedPred++; continue; }
        spurious.push(`${d.id} ${p[k].type} ${p[k].value} ${ctx(p[k].start, p[k].end)}`);
      }
    }
  }
  const sP = pred ? strict / pred : 0, sR = gold ? strict / gold : 0;
  const rP = pred ? (relaxed + relaxedPred) / pred : 0, rR = gold ? relaxed / gold : 0;
  const valueAcc = relaxed ? valueOk / relaxed : 0, typeAcc = relaxed ? typeOk / relaxed : 0;
  const rF = f1(rP, rR);
  const strictValueF = f1(pred ? strictValue / pred : 0, gold ? strictValue / gold : 0);
  const result = {
    docs: docs.length, gold, predicted: pred,
    strict: { p: sP, r: sR, f1: f1(sP, sR) },
    relaxed: { p: rP, r: rR, f1: rF },
    value: { accuracy: valueAcc, p: rP * valueAcc, r: rR * valueAcc, f1: rF * valueAcc, strictF1: strictValueF },
    type: { accuracy: typeAcc, p: rP * typeAcc, r: rR * typeAcc, f1: rF * typeAcc },
    docsPerSecond: docs.length / (ms / 1000),
  };
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const out: string[] = [];
  out.push(`TempEval-3 TBAQ-cleaned${split ? ` (${split})` : ''}: ${docs.length} documents, ${gold} gold TIMEX3 (DCT excluded), ${pred} predicted`);
  out.push(`TempEval-3 official metrics                       P      R     F1  accuracy`);
  out.push(`timex strict span (exact extent)               ${pct(result.strict.p)}  ${pct(result.strict.r)}  ${pct(result.strict.f1)}`);
  out.push(`timex relaxed span (overlap)                   ${pct(result.relaxed.p)}  ${pct(result.relaxed.r)}  ${pct(result.relaxed.f1)}`);
  out.push(`value (accuracy over relaxed × relaxed P/R/F1) ${pct(result.value.p)}  ${pct(result.value.r)}  ${pct(result.value.f1)}  ${pct(valueAcc)}`);
  out.push(`type  (accuracy over relaxed × relaxed P/R/F1) ${pct(result.type.p)}  ${pct(result.type.r)}  ${pct(result.type.f1)}  ${pct(typeAcc)}`);
  out.push(`not a TE3 metric: strict-span value F1 (exact extent and exact value) ${pct(strictValueF)}`);
  out.push(`reference: HeidelTime on the TE3 platinum test set: value F1 77.61, relaxed F1 90.30, strict F1 81.34`);
  out.push(`speed: ${result.docsPerSecond.toFixed(0)} docs/s (${timesOnly ? 'findTimes only' : 'whole pipeline'}, ${(ms / docs.length).toFixed(2)} ms/doc)`);
  if (errors > 0) {
    out.push(`\nmissed (${misses.length}):`, ...misses.slice(0, errors));
    out.push(`\nspurious (${spurious.length}):`, ...spurious.slice(0, errors));
    out.push(`\nwrong value (${wrongValue.length}):`, ...wrongValue.slice(0, errors));
  }
  process.stdout.write(out.join('\n') + '\n');
}
