// `npm run eval -- polnear-dev [--file PATH] [--json] [--errors N]`: scores attributions on PolNeAR
// like the CofeNet table: exact-span P/R/F1 per role (source, cue, content), plus a linked score.
// Headline number: content scored per contiguous piece (a discontinuous gold content is several spans).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Doc } from '../doc.js';
import { DossierError } from '../errors.js';
import { runPipeline } from '../pipeline.js';
import { loadResources, PROJECT_ROOT } from '../resources.js';
import { goldUnits, linked, predUnits, trimSpan, type GoldArticle, type Unit } from '../train/polnear-match.js';

export { goldUnits, linked, predUnits, rightPredictions, trimSpan, type GoldArticle, type Unit } from '../train/polnear-match.js';

interface Counts { tp: number; fp: number; fn: number }
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const prf = (c: Counts): { p: number; r: number; f1: number; tp: number; fp: number; fn: number } => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, ...c };
};

const ROLES = ['source', 'cue', 'content', 'contentMerged', 'linked'] as const;
type Role = (typeof ROLES)[number];
type Table = Record<Role, Counts>;
const newTable = (): Table => ({ source: zero(), cue: zero(), content: zero(), contentMerged: zero(), linked: zero() });

const key = (s: number, e: number): string => `${s}:${e}`;

function scoreSets(gold: Set<string>, pred: Set<string>, c: Counts): void {
  for (const k of pred) if (gold.has(k)) c.tp++; else c.fp++;
  for (const k of gold) if (!pred.has(k)) c.fn++;
}

function scoreArticle(gold: Unit[], pred: Unit[], t: Table): { missed: Unit[]; spurious: Unit[] } {
  const sets = (units: Unit[]) => ({
    source: new Set(units.flatMap((u) => (u.source ? [key(...u.source)] : []))),
    cue: new Set(units.flatMap((u) => (u.cue ? [key(...u.cue)] : []))),
    content: new Set(units.flatMap((u) => u.content.map((c) => key(...c)))),
    contentMerged: new Set(units.filter((u) => u.content.length).map((u) => u.content.map((c) => key(...c)).join('+'))),
  });
  const g = sets(gold), p = sets(pred);
  scoreSets(g.source, p.source, t.source);
  scoreSets(g.cue, p.cue, t.cue);
  scoreSets(g.content, p.content, t.content);
  scoreSets(g.contentMerged, p.contentMerged, t.contentMerged);
  const used = new Set<number>();
  const missed: Unit[] = [];
  for (const gu of gold) {
    const k = pred.findIndex((pu, i) => !used.has(i) && linked(gu, pu));
    if (k >= 0) { used.add(k); t.linked.tp++; } else { t.linked.fn++; missed.push(gu); }
  }
  const spurious = pred.filter((_, i) => !used.has(i));
  t.linked.fp += spurious.length;
  return { missed, spurious };
}

function show(text: string, u: Unit): string {
  const sl = (s: [number, number] | null): string => (s ? JSON.stringify(text.slice(s[0], s[1])) : '∅');
  return `source ${sl(u.source)} | cue ${sl(u.cue)} | content ${u.content.map((c) => sl(c)).join(' + ').slice(0, 220)}`;
}

export async function run(args: string[]): Promise<void> {
  let file = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');
  let json = false;
  let errors = 0;
  let limit = Infinity;
  let byLemmaOut = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--file') file = path.resolve(args[++i] ?? '');
    else if (a === '--json') json = true;
    else if (a === '--errors') errors = Number(args[++i] ?? '10');
    else if (a === '--by-cue') byLemmaOut = true;
    else if (a === '--limit') limit = Number(args[++i] ?? 'Infinity');
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${a}" (expected --file PATH, --json, --errors N, --limit N).`);
  }
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `PolNeAR file ${file} could not be read.`, { cause: err });
  }
  const articles = lines.slice(0, limit).map((l) => JSON.parse(l) as GoldArticle);
  const resources = loadResources();
  const cueClass = (text: string): string | undefined => {
    const first = text.toLowerCase().replace(/\u2019/g, "'").split(/\s+/).find((w) => !/^(has|have|had|also|is|was|are|were)$/.test(w));
    return first ? resources.cues.forms.get(first)?.[0]?.entry.class : undefined;
  };

  const all = newTable(), speech = newTable();
  // per cue lemma: predicted cues that match a gold cue exactly, and all predicted cues
  const byLemma = new Map<string, { tp: number; n: number }>();
  const byRule = new Map<string, { tp: number; n: number }>();
  const missedCues = new Map<string, number>();
  const errorLines: string[] = [];
  let ms = 0;
  // warm the JIT so that articles/s reflects steady-state speed
  for (const a of articles.slice(0, 10)) runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, resources);
  for (const a of articles) {
    const t0 = performance.now();
    const doc: Doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, resources);
    ms += performance.now() - t0;
    const gold = goldUnits(a), pred = predUnits(a.text, doc.attributions);
    const goldCues = new Set(gold.flatMap((u) => (u.cue ? [key(...u.cue)] : [])));
    const predCues = new Set(pred.flatMap((u) => (u.cue ? [key(...u.cue)] : [])));
    for (const u of gold) {
      if (!u.cue || predCues.has(key(...u.cue))) continue;
      const k = a.text.slice(u.cue[0], u.cue[1]).toLowerCase();
      missedCues.set(k, (missedCues.get(k) ?? 0) + 1);
    }
    for (const p of doc.attributions) {
      const hit = goldCues.has(key(...trimSpan(a.text, p.cue.start, p.cue.end))) ? 1 : 0;
      for (const [m, k] of [[byLemma, p.cue.lemma], [byRule, p.rule]] as const) {
        const e = m.get(k) ?? { tp: 0, n: 0 };
        e.tp += hit; e.n++; m.set(k, e);
      }
    }
    const { missed, spurious } = scoreArticle(gold, pred, all);
    const isSpeech = (u: Unit): boolean => !!u.cue && cueClass(a.text.slice(u.cue[0], u.cue[1])) === 'speech';
    scoreArticle(gold.filter(isSpeech), pred.filter(isSpeech), speech);
    if (errorLines.length < errors * 2) {
      for (const u of spurious.slice(0, 1)) errorLines.push(`[${a.id}] SPURIOUS ${show(a.text, u)}`);
      for (const u of missed.slice(0, 1)) errorLines.push(`[${a.id}] MISSED   ${show(a.text, u)}`);
    }
  }
  const fmt = (tbl: Table) => Object.fromEntries(ROLES.map((r) => [r, prf(tbl[r])]));
  const result = {
    file, articles: articles.length, articlesPerSecond: articles.length / (ms / 1000),
    all: fmt(all), speechCues: fmt(speech),
  };
  if (json) { process.stdout.write(`${JSON.stringify(result, null, 2)}\n`); return; }
  const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
  const table = (title: string, rows: ReturnType<typeof fmt>): string => [
    title,
    `  ${'role'.padEnd(15)}    P      R     F1      tp     fp     fn`,
    ...ROLES.map((r) => `  ${r.padEnd(15)} ${pct(rows[r].p)}  ${pct(rows[r].r)}  ${pct(rows[r].f1)}  ${String(rows[r].tp).padStart(6)} ${String(rows[r].fp).padStart(6)} ${String(rows[r].fn).padStart(6)}`),
  ].join('\n');
  process.stdout.write(`PolNeAR ${path.basename(file)}: ${articles.length} articles, ${result.articlesPerSecond.toFixed(0)} articles/s (whole pipeline)\n`);
  process.stdout.write(`exact spans, whitespace-trimmed; content = per contiguous piece (headline), contentMerged = all pieces of an attribution as one unit;\nlinked = cue overlaps, content overlaps >= 50% of gold chars, sources overlap or both absent\n\n`);
  process.stdout.write(`${table('all attributions', result.all)}\n\n${table('gold/predicted cue is a speech verb (cue lexicon class speech)', result.speechCues)}\n`);
  if (byLemmaOut) {
    const rows = (m: Map<string, { tp: number; n: number }>) => [...m].sort((x, y) => (y[1].n - y[1].tp) - (x[1].n - x[1].tp)).map(([k, v]) => `  ${k.padEnd(24)} ${String(v.tp).padStart(5)}/${String(v.n).padEnd(5)} ${pct(v.tp / v.n)}`).join('\n');
    process.stdout.write(`\nmost missed gold cues: ${[...missedCues].sort((x, y) => y[1] - x[1]).slice(0, 40).map(([k, v]) => `${JSON.stringify(k)} ${v}`).join(', ')}\n`);
    process.stdout.write(`\ncue precision by rule:\n${rows(byRule)}\n\ncue precision by lemma (most false cues first):\n${rows(byLemma)}\n`);
  }
  if (errorLines.length) process.stdout.write(`\nexample errors:\n${errorLines.join('\n')}\n`);
}
