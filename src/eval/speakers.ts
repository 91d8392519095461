// `npm run eval -- speakers [--errors] [--json] [--draft]`: how well attribution sources are linked to
// the entity they refer to, on PolNeAR dev (PolNeAR has no gold links; the gold set is hand-made).
//
// 1. Share resolved, by source form: over predicted attributions whose source overlaps a gold source,
//    the share whose source got an entity, per form of the source as written — pronoun (he, she, they,
//    it, we, I), description (a title or role noun heads it: 'the Russian foreign minister', 'the
//    Republican presidential nominee', 'officials'), name (it ends in a person's name), organisation
//    (an organisation or place name inside: 'Kyiv', 'UN estimates', 'the Clinton campaign'), other.
// 2. Accuracy on test/fixtures/speakers-gold.jsonl: ~120 gold dev sources, each labelled by hand with the
//    name of the entity it refers to (or null: 'officials', 'a source' refer to nobody the text names).
//    Selection (reproducible with --draft, which prints each pick with its context and the current
//    resolution as a starting point for labelling): dev gold attributions with a source, in article-id
//    order, shuffled with mulberry32 seeded 2024 (Fisher-Yates); taken in that order while the quota of
//    their form is open (pronoun 40, description 35, name 20, organisation 15, other 10) and the article
//    has given fewer than 4, so that pronouns and descriptions are well represented.
//    Scoring: right = the predicted entity's name matches the gold name by name key (src/story/names.ts:
//    the same key, the same surname with compatible given names, or the same acronym); resolved = the
//    system named an entity (a resolution of a null-gold source counts as resolved and wrong);
//    all = gold items with a name. P = right / resolved, R = right / all. Two settings:
//      end to end     the pipeline's own attributions; a gold source no predicted source overlaps is unresolved;
//      gold sources   the gold attribution is added (source, cue, content) before resolveSpeakers wherever
//                     the extractor missed it, so every item is resolved by the resolver: resolution alone.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Doc, DocAttribution } from '../doc.js';
import { DossierError } from '../errors.js';
import { runPipeline, STAGES } from '../pipeline.js';
import { loadResources, PROJECT_ROOT, type Resources } from '../resources.js';
import { seededRandom, shuffle } from '../models/perceptron.js';
import { keysOf, nameKey, personNamesCompatible } from '../story/names.js';
import { readPolnear, type GoldArticle } from '../train/polnear-match.js';

const DEV = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');
export const SPEAKERS_FIXTURE = path.resolve(PROJECT_ROOT, 'test', 'fixtures', 'speakers-gold.jsonl');
const SEED = 2024;
const QUOTA: Record<Form, number> = { pronoun: 40, description: 35, name: 20, organisation: 15, other: 10 };
const PER_ARTICLE = 4;


export type Form = 'pronoun' | 'description' | 'name' | 'organisation' | 'other';
const FORMS: Form[] = ['pronoun', 'description', 'name', 'organisation', 'other'];
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);

/** One hand-labelled item of the fixture. */
export interface SpeakerGold {
  article: string;
  source: [number, number];
  text: string;
  cue: [number, number];
  /** Gold content spans, for adding the attribution where the extractor missed it. */
  content: Array<[number, number]>;
  form: Form;
  /** Canonical name of the entity the source refers to; null when the text names nobody it refers to. */
  gold: string | null;
  /** Other names that are right too ('UN' for 'United Nations'). */
  also?: string[];
  chosen: string;
  note?: string;
}

/** The form of a source as written, from the names the pipeline found inside it. */
export function sourceForm(doc: Doc, start: number, end: number, r: Resources): { form: Form; sub: string } {
  const phrase = doc.text.slice(start, end);
  const lower = phrase.toLowerCase().trim();
  if (PRONOUNS.has(lower)) return { form: 'pronoun', sub: lower };
  const inside = doc.names.filter((m) => m.start >= start && m.end <= end);
  const persons = inside.filter((m) => m.type === 'PER' || doc.entities[m.entity]?.type === 'PER');
  const last = persons[persons.length - 1];
  if (last && phrase.slice(last.end - start).trim() === '') return { form: 'name', sub: 'name' };
  const words = lower.replace(/[’']s\b/g, '').split(/[\s-]+/).filter(Boolean);
  const g = r.gazetteer;
  const titled = words.some((w, i) => g.titles.has(w) || g.roles.has(w) || (i + 1 < words.length && g.titles.has(`${w} ${words[i + 1]}`)));
  if (titled && !inside.some((m) => m.type !== 'PER' && phrase.slice(m.end - start).trim() === '')) return { form: 'description', sub: words[0] === 'the' ? 'the …' : 'other' };
  if (inside.length) return { form: 'organisation', sub: inside.some((m) => m.type === 'LOC') ? 'place' : 'organisation' };
  return { form: 'other', sub: 'other' };
}

/** Whether a predicted entity name is the gold entity (name key, surname with compatible given names, acronym). */
export function sameEntity(pred: string, predType: string, gold: string): boolean {
  const p = nameKey(pred), g = nameKey(gold);
  if (!p || !g) return false;
  if (p === g) return true;
  if (predType === 'PER' && personNamesCompatible(p, g)) return true;
  const pk = new Set(keysOf(pred, predType === 'PER' ? 'PER' : 'ORG').filter((k) => k.kind === 'acronym').map((k) => k.key));
  return keysOf(gold, 'ORG').some((k) => k.kind === 'acronym' && pk.has(k.key));
}

function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

const overlap = (a: [number, number], b: [number, number]): number => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

const loadDev = (): GoldArticle[] => readPolnear(DEV);

export function loadSpeakersGold(file = SPEAKERS_FIXTURE): SpeakerGold[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l) as SpeakerGold)
    .filter((x) => typeof x.article === 'string');
}

const RESOLVE_AT = STAGES.findIndex(([n]) => n === 'resolveSpeakers');

/** The whole pipeline; with `add`, the given gold attributions join the extractor's before resolveSpeakers where no predicted source overlaps theirs. */
function analyse(a: GoldArticle, r: Resources, add: SpeakerGold[] = []): Doc {
  const doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, r, STAGES.slice(0, RESOLVE_AT));
  for (const x of add) {
    if (doc.attributions.some((p) => p.source && overlap([p.source.start, p.source.end], x.source) > 0)) continue;
    doc.attributions.push({
      id: `gold${doc.attributions.length}`, kind: 'indirect', source: { start: x.source[0], end: x.source[1], entity: null },
      cue: { start: x.cue[0], end: x.cue[1], lemma: a.text.slice(x.cue[0], x.cue[1]).toLowerCase() },
      content: x.content.map(([s, e]) => ({ start: s, end: e })), rule: 'gold-source',
    });
  }
  for (const [, stage] of STAGES.slice(RESOLVE_AT)) stage(doc, r);
  return doc;
}

function predictedFor(doc: Doc, span: [number, number]): DocAttribution | undefined {
  let best: DocAttribution | undefined, most = 0;
  for (const p of doc.attributions) {
    if (!p.source) continue;
    const o = overlap([p.source.start, p.source.end], span);
    if (o > most) { most = o; best = p; }
  }
  return best;
}

interface Score { right: number; resolved: number; all: number; items: number }
const newScore = (): Score => ({ right: 0, resolved: 0, all: 0, items: 0 });

function draft(articles: GoldArticle[], r: Resources): void {
  const picks: Array<{ a: GoldArticle; g: GoldArticle['attributions'][number]; n: number }> = [];
  const ids = articles.map((a) => a.id).sort();
  const byId = new Map(articles.map((a) => [a.id, a]));
  const pool: Array<[string, number]> = [];
  for (const id of ids) byId.get(id)!.attributions.forEach((g, n) => { if (g.source.length) pool.push([id, n]); });
  shuffle(pool, seededRandom(SEED));
  const docs = new Map<string, Doc>();
  const taken: Record<Form, number> = { pronoun: 0, description: 0, name: 0, organisation: 0, other: 0 };
  const perArticle = new Map<string, number>();
  const out: SpeakerGold[] = [];
  for (const [id, n] of pool) {
    const a = byId.get(id)!;
    if ((perArticle.get(id) ?? 0) >= PER_ARTICLE) continue;
    const g = a.attributions[n];
    const src = trim(a.text, g.source[0].spans[0][0], g.source[0].spans[g.source[0].spans.length - 1][1]);
    let doc = docs.get(id);
    if (!doc) { doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, r); docs.set(id, doc); }
    const { form } = sourceForm(doc, src[0], src[1], r);
    if (taken[form] >= QUOTA[form]) continue;
    taken[form]++;
    perArticle.set(id, (perArticle.get(id) ?? 0) + 1);
    picks.push({ a, g, n });
    const cue = g.cue.length ? trim(a.text, g.cue[0].spans[0][0], g.cue[0].spans[g.cue[0].spans.length - 1][1]) : src;
    const p = predictedFor(doc, src);
    const e = p?.source?.entity ? doc.entities.find((x) => x.id === p.source!.entity) : undefined;
    out.push({
      article: id, source: src, text: a.text.slice(src[0], src[1]), cue,
      content: g.content.flatMap((c) => c.spans.map(([s, e2]) => trim(a.text, s, e2))),
      form, gold: e?.name ?? null, chosen: `seed ${SEED} draw ${pool.findIndex(([i, k]) => i === id && k === n)}, ${form} ${taken[form]}/${QUOTA[form]}`,
      note: `CONTEXT ${JSON.stringify(a.text.slice(Math.max(0, src[0] - 500), src[1] + 120).replace(/\s+/g, ' '))} WHY ${p?.resolution ?? 'not extracted'}`,
    });
    if (FORMS.every((f) => taken[f] >= QUOTA[f])) break;
  }
  for (const x of out) process.stdout.write(`${JSON.stringify(x)}\n`);
}

export async function run(args: string[]): Promise<void> {
  let json = false, errors = false, doDraft = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--errors') errors = true;
    else if (a === '--draft') doDraft = true;
    else throw new DossierError('DOSSIER_BAD_OPTION', `Unknown option "${a}" (expected --json, --errors, --draft).`);
  }
  const articles = loadDev();
  const r = loadResources();
  if (doDraft) { draft(articles, r); return; }
  const gold = loadSpeakersGold();
  const goldBy = new Map<string, SpeakerGold[]>();
  for (const x of gold) goldBy.set(x.article, [...goldBy.get(x.article) ?? [], x]);

  // 1. share resolved by form, end to end
  const share = new Map<string, { n: number; resolved: number }>();
  const bump = (k: string, ok: boolean): void => { const s = share.get(k) ?? { n: 0, resolved: 0 }; s.n++; if (ok) s.resolved++; share.set(k, s); };
  const e2e = newScore(), oracle = newScore();
  const perForm = new Map<string, { e2e: Score; oracle: Score }>();
  const errorLines: string[] = [];
  let ms = 0, resolveMs = 0;
  const score = (doc: Doc, x: SpeakerGold, s: Score, f: Score, log: boolean): void => {
    const p = predictedFor(doc, x.source);
    const ent = p?.source?.entity ? doc.entities.find((e) => e.id === p.source!.entity) : undefined;
    const names = [x.gold, ...(x.also ?? [])].filter((n): n is string => !!n);
    const right = !!ent && names.some((n) => sameEntity(ent.name, ent.type, n));
    for (const t of [s, f]) {
      t.items++;
      if (x.gold) t.all++;
      if (ent) t.resolved++;
      if (right) t.right++;
    }
    if (log && !right && (ent || x.gold)) {
      errorLines.push(`[${x.article}:${x.source[0]}] ${x.form.padEnd(12)} ${JSON.stringify(x.text)} gold ${x.gold ?? '∅'} | got ${ent?.name ?? '∅'} | ${p?.resolution ?? 'not extracted'}`);
    }
  };
  for (const a of articles) {
    const t0 = performance.now();
    const doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, r);
    ms += performance.now() - t0;
    const t1 = performance.now();
    // resolution alone, again, for its cost (it is idempotent on a resolved doc)
    STAGES[RESOLVE_AT][1](doc, r);
    resolveMs += performance.now() - t1;
    const goldSources = a.attributions.filter((g) => g.source.length).map((g) => trim(a.text, g.source[0].spans[0][0], g.source[0].spans[g.source[0].spans.length - 1][1]));
    for (const p of doc.attributions) {
      if (!p.source) continue;
      const ps: [number, number] = [p.source.start, p.source.end];
      if (!goldSources.some((g) => overlap(g, ps) > 0)) continue;
      const { form, sub } = sourceForm(doc, ps[0], ps[1], r);
      const ok = !!p.source.entity;
      bump(form, ok);
      if (form === 'pronoun' || form === 'description') bump(`${form} ${sub}`, ok);
      bump('all', ok);
    }
    const mine = goldBy.get(a.id) ?? [];
    if (!mine.length) continue;
    for (const x of mine) {
      const pf = perForm.get(x.form) ?? { e2e: newScore(), oracle: newScore() };
      perForm.set(x.form, pf);
      score(doc, x, e2e, pf.e2e, false);
    }
    const doc2 = analyse(a, r, mine);
    for (const x of mine) score(doc2, x, oracle, perForm.get(x.form)!.oracle, true);
  }
  const prf = (s: Score) => {
    const p = s.resolved ? s.right / s.resolved : 0, rr = s.all ? s.right / s.all : 0;
    return { ...s, p, r: rr, f1: p + rr ? (2 * p * rr) / (p + rr) : 0 };
  };
  const shareRows = [...share].sort((x, y) => x[0].localeCompare(y[0]));
  const result = {
    articles: articles.length, msPerArticle: ms / articles.length, resolveMsPerArticle: resolveMs / articles.length,
    share: Object.fromEntries(shareRows.map(([k, v]) => [k, { ...v, share: v.resolved / v.n }])),
    gold: { items: gold.length, endToEnd: prf(e2e), goldSources: prf(oracle), byForm: Object.fromEntries([...perForm].map(([k, v]) => [k, { endToEnd: prf(v.e2e), goldSources: prf(v.oracle) }])) },
  };
  if (json) { process.stdout.write(`${JSON.stringify(result, null, 2)}\n`); return; }
  const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
  const out: string[] = [];
  out.push(`PolNeAR dev: ${articles.length} articles; resolveSpeakers ${result.resolveMsPerArticle.toFixed(3)} ms/article`);
  out.push('', 'predicted attributions whose source overlaps a gold source: share resolved to an entity, by source form');
  out.push(`  ${'form'.padEnd(22)} ${'n'.padStart(5)} ${'resolved'.padStart(9)}  share`);
  for (const [k, v] of shareRows) out.push(`  ${k.padEnd(22)} ${String(v.n).padStart(5)} ${String(v.resolved).padStart(9)}  ${pct(v.resolved / v.n)}`);
  out.push('', `hand-labelled gold set (${path.relative(PROJECT_ROOT, SPEAKERS_FIXTURE)}, ${gold.length} items): right / resolved / all`);
  out.push(`  ${'setting'.padEnd(26)} right resolved   all      P      R     F1`);
  const row = (label: string, s: Score): string => { const x = prf(s); return `  ${label.padEnd(26)} ${String(x.right).padStart(5)} ${String(x.resolved).padStart(8)} ${String(x.all).padStart(5)}  ${pct(x.p)}  ${pct(x.r)}  ${pct(x.f1)}`; };
  out.push(row('end to end', e2e), row('gold sources', oracle));
  for (const f of FORMS) {
    const v = perForm.get(f);
    if (v) out.push(row(`  ${f} (end to end)`, v.e2e), row(`  ${f} (gold sources)`, v.oracle));
  }
  if (errors && errorLines.length) out.push('', 'errors (gold sources):', ...errorLines);
  process.stdout.write(`${out.join('\n')}\n`);
}
