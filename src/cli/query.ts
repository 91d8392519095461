// The question commands: quotes, timeline, figures, events, claims, search, entities, entity, merge,
// unmerge. Each answer is read to its last page (no caps) and printed as a table for a person, or as
// JSON (--json, one document) / JSON lines (--jsonl, one row a line) for programs. Every row names its
// article and the character span it comes from, so any answer can be checked against the text.

import type { ParseArgsConfig } from 'node:util';
import type { Store, StoryEntityRow } from '../store/store.js';
import type { Answer, ClaimAnswer, EventAnswer, QuoteAnswer } from '../story/queries.js';
import { EXIT, UsageError } from './exit.js';
import { COMMAND_HELP } from './help.js';
import { checkedDate, DEFAULT_DB, openCliStore, parseCli, parseCount } from './ingest-args.js';
import type { CliIO, Output } from './io.js';

const queries = () => import('../story/queries.js');

const COMMON = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  limit: { type: 'string' },
  width: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const OPTIONS = {
  quotes: { ...COMMON, by: { type: 'string' }, about: { type: 'string' } },
  timeline: COMMON,
  figures: { ...COMMON, subject: { type: 'string' }, measure: { type: 'string' } },
  events: { ...COMMON, code: { type: 'string' }, modality: { type: 'string' } },
  claims: COMMON,
  search: { ...COMMON, kind: { type: 'string' } },
  entities: { ...COMMON, type: { type: 'string' }, name: { type: 'string' } },
  entity: COMMON,
  merge: { db: COMMON.db, json: COMMON.json, reason: { type: 'string' }, help: COMMON.help },
  unmerge: { db: COMMON.db, json: COMMON.json, help: COMMON.help },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type Command = keyof typeof OPTIONS;

/** A column of a table: its title, and whether it takes the width left over (the snippet). */
interface Column {
  title: string;
  flex?: boolean;
  max?: number;
}

type Row = Record<string, unknown>;

/** Where the rows of one answer go: a table, JSON lines, or one JSON document. */
class Printer {
  private readonly all: unknown[] = [];
  private readonly tableRows: string[][] = [];
  extra: Record<string, unknown> = {};

  constructor(private readonly out: Output, private readonly mode: 'table' | 'json' | 'jsonl', private readonly columns: Column[], private readonly width: number) {}

  add(item: unknown, cells: string[]): void {
    if (this.mode === 'jsonl') this.out.write(`${JSON.stringify(item)}\n`);
    else if (this.mode === 'json') this.all.push(item);
    else this.tableRows.push(cells);
  }

  finish(footer: string[] = []): void {
    if (this.mode === 'json') {
      this.out.write(`${JSON.stringify({ ...this.extra, items: this.all }, null, 2)}\n`);
      return;
    }
    if (this.mode === 'jsonl') return;
    this.out.write(renderTable(this.columns, this.tableRows, this.width));
    for (const line of footer) this.out.write(`${line}\n`);
  }
}

/** Single-line cell text: whitespace runs become one space. */
export const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v)).replace(/\s+/g, ' ').trim();

/** A plain-text table: fixed columns sized to their content (capped), the flex column takes the rest. */
export function renderTable(columns: Column[], rows: string[][], width = 120): string {
  if (rows.length === 0) return '(nothing found)\n';
  const widths = columns.map((c, i) => Math.min(c.max ?? 40, Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length))));
  const flex = columns.findIndex((c) => c.flex);
  if (flex >= 0) {
    const fixed = widths.reduce((a, w, i) => (i === flex ? a : a + w), 0) + 2 * (columns.length - 1);
    const natural = Math.max(columns[flex].title.length, ...rows.map((r) => (r[flex] ?? '').length));
    widths[flex] = Math.max(20, Math.min(natural, width - fixed));
  }
  const fit = (s: string, w: number): string => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w));
  const line = (cells: string[]): string => cells.map((c, i) => fit(c, widths[i])).join('  ').trimEnd();
  const lines = [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  return `${lines.join('\n')}\n`;
}

const span = (r: { articleId: string; start: number; end: number }): string => `${r.articleId}:${r.start}-${r.end}`;

export async function queryCommand(command: string, args: string[], io: CliIO, out: Output): Promise<number> {
  if (!(command in OPTIONS)) throw new UsageError('DOSSIER_BAD_OPTION', `Unknown command "${command}".`);
  const cmd = command as Command;
  const { values, positionals } = parseCli(cmd, args, OPTIONS[cmd] as typeof COMMON & Record<string, { type: 'string' | 'boolean' }>);
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) {
    out.write(COMMAND_HELP[cmd]);
    return EXIT.OK;
  }
  if (v.json && v.jsonl) throw new UsageError('DOSSIER_BAD_OPTION', '--json and --jsonl are two ways to print the same answer; give one.');
  const mode = v.json ? 'json' : v.jsonl ? 'jsonl' : 'table';
  const limit = parseCount(v.limit as string | undefined, '--limit', 500, 1, 1000);
  const width = parseCount(v.width as string | undefined, '--width', (io.stdout as { columns?: number }).columns ?? 120, 40, 1000);
  const from = typeof v.from === 'string' ? (await checkedDate(v.from, '--from')).slice(0, 10) : null;
  const to = typeof v.to === 'string' ? (await checkedDate(v.to, '--to')).slice(0, 10) : null;
  const str = (name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const ctx: Ctx = { out, mode, width, limit, from, to };

  // Arguments are checked before the store is opened, so a usage error never creates dossier.db.
  const needs = (n: number, what: string): string[] => {
    if (positionals.length !== n) throw new UsageError('DOSSIER_BAD_OPTION', `\`dossier ${cmd}\` takes ${what}; got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}.`);
    return positionals;
  };
  let run: (store: Store) => Promise<number>;
  switch (cmd) {
    case 'quotes': {
      needs(0, 'no arguments (use --by NAME or --about TEXT, or neither for every statement)');
      const by = str('by'), about = str('about');
      if (by !== undefined && about !== undefined) throw new UsageError('DOSSIER_BAD_OPTION', '`dossier quotes` takes one of --by NAME or --about TEXT (or neither, for every statement), not both.');
      run = (store) => quotesCommand(store, ctx, by, about);
      break;
    }
    case 'timeline': {
      const [name] = needs(1, 'one NAME');
      run = (store) => timelineCommand(store, ctx, name);
      break;
    }
    case 'figures':
      needs(0, 'no arguments (use --subject and --measure)');
      run = (store) => figuresCommand(store, ctx, str('subject'), str('measure'));
      break;
    case 'events':
      needs(0, 'no arguments (use --code and --modality)');
      run = (store) => eventsCommand(store, ctx, str('code'), str('modality'));
      break;
    case 'claims':
      needs(0, 'no arguments');
      run = (store) => claimsCommand(store, ctx);
      break;
    case 'search': {
      if (positionals.length === 0) throw new UsageError('DOSSIER_BAD_OPTION', '`dossier search` needs the words to look for.');
      const kind = str('kind');
      if (kind !== undefined && kind !== 'article' && kind !== 'quote') throw new UsageError('DOSSIER_BAD_OPTION', `--kind must be article or quote, not "${kind}".`);
      run = (store) => searchCommand(store, ctx, positionals.join(' '), kind as 'article' | 'quote' | undefined);
      break;
    }
    case 'entities': {
      needs(0, 'no arguments (use --type and --name)');
      const type = str('type')?.toUpperCase();
      if (type !== undefined && !['PER', 'ORG', 'LOC', 'MISC'].includes(type)) throw new UsageError('DOSSIER_BAD_OPTION', `--type must be PER, ORG, LOC or MISC, not "${str('type')}".`);
      run = (store) => entitiesCommand(store, ctx, type, str('name'));
      break;
    }
    case 'entity': {
      const [name] = needs(1, 'one NAME or entity id');
      run = (store) => entityCommand(store, ctx, name);
      break;
    }
    case 'merge': {
      const [a, b] = needs(2, 'two entities, A and B (B is merged into A)');
      run = (store) => mergeCommand(store, ctx, a, b, str('reason'));
      break;
    }
    case 'unmerge': {
      const [id] = needs(1, 'one MERGE_ID (as `dossier merge` or `dossier entity` prints it)');
      run = (store) => unmergeCommand(store, ctx, id);
      break;
    }
  }
  const store = await openCliStore(str('db') ?? DEFAULT_DB);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

interface Ctx {
  out: Output;
  mode: 'table' | 'json' | 'jsonl';
  width: number;
  limit: number;
  from: string | null;
  to: string | null;
}

/** Follows an answer's cursor to the end, handing every item over as it comes. */
async function eachPage<A extends { items: unknown[]; next: string | null }>(fetch: (cursor: string | null) => Promise<A>, each: (item: A['items'][number]) => void): Promise<A> {
  let cursor: string | null = null;
  let first: A | null = null;
  for (;;) {
    const page: A = await fetch(cursor);
    first ??= page;
    for (const item of page.items) each(item);
    if (!page.next || page.next === cursor) return first;
    cursor = page.next;
  }
}

function countsLine(c: Answer<unknown>['counts']): string {
  return `${c.items} row${c.items === 1 ? '' : 's'} from ${c.articles} article${c.articles === 1 ? '' : 's'} (${c.independentSources} independent source${c.independentSources === 1 ? '' : 's'}; copies of one report count once).`;
}

const QUOTE_COLUMNS: Column[] = [
  { title: 'date', max: 10 }, { title: 'speaker', max: 24 }, { title: 'kind', max: 8 }, { title: 'cue', max: 14 },
  { title: 'content', flex: true }, { title: 'article:span', max: 40 },
];

const quoteCells = (q: QuoteAnswer): string[] => [
  cell(q.date), cell(q.speakerName ?? q.source?.text ?? '(unknown)'), cell(q.kind), cell(q.cue.text), cell(q.contentText), span(q),
];

async function quotesCommand(store: Store, ctx: Ctx, by: string | undefined, about: string | undefined): Promise<number> {
  const { allQuotes, quotesBy, quotesAbout } = await queries();
  const p = new Printer(ctx.out, ctx.mode, QUOTE_COLUMNS, ctx.width);
  const opts = { from: ctx.from, to: ctx.to, limit: ctx.limit };
  const ask = (cursor: string | null) => (by !== undefined ? quotesBy(store, by, { ...opts, cursor })
    : about !== undefined ? quotesAbout(store, about, { ...opts, cursor }) : allQuotes(store, { ...opts, cursor }));
  const first = await eachPage(ask, (q) => p.add(q, quoteCells(q)));
  p.extra = { query: by !== undefined ? { by } : about !== undefined ? { about } : {}, counts: first.counts };
  p.finish([countsLine(first.counts)]);
  return EXIT.OK;
}

async function timelineCommand(store: Store, ctx: Ctx, name: string): Promise<number> {
  const { timeline, findEntity } = await queries();
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'date', max: 10 }, { title: 'what', max: 10 }, { title: 'who / event', max: 28 }, { title: 'text', flex: true }, { title: 'article:span', max: 40 },
  ], ctx.width);
  const first = await eachPage((cursor) => timeline(store, name, { from: ctx.from, to: ctx.to, limit: ctx.limit, cursor }), (t) => {
    if (t.what === 'event') p.add(t, [cell(t.date), 'event', cell(`${t.code} ${t.label ?? ''} (${t.modality})`), cell(t.trigger.text), span(t)]);
    else p.add(t, [cell(t.date), t.what, cell(t.speakerName ?? t.source?.text ?? '(unknown)'), cell(`${t.cue.text}: ${t.contentText}`), span(t)]);
  });
  const found = await findEntity(store, name);
  p.extra = { entity: found?.entity ?? null, counts: first.counts };
  p.finish([`${found ? `${found.entity.name} (${found.entity.id}, ${found.entity.type})` : name}: ${countsLine(first.counts)}`]);
  return EXIT.OK;
}

async function figuresCommand(store: Store, ctx: Ctx, subject: string | undefined, measure: string | undefined): Promise<number> {
  const { figureSeries } = await queries();
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'date', max: 10 }, { title: 'value', max: 16 }, { title: 'qualifier', max: 10 }, { title: 'subject', max: 18 }, { title: 'measure', max: 14 },
    { title: 'source', max: 22 }, { title: 'text', flex: true }, { title: 'article:span', max: 40 },
  ], ctx.width);
  const value = (f: { value: number; valueMax: number | null; unit?: string | null }): string => `${f.value.toLocaleString('en-US')}${f.valueMax !== null ? `–${f.valueMax.toLocaleString('en-US')}` : ''}${f.unit ? ` ${f.unit}` : ''}`;
  const first = await eachPage((cursor) => figureSeries(store, { subject, measure, from: ctx.from, to: ctx.to, limit: ctx.limit, cursor }), (f) =>
    p.add(f, [cell(f.date), value(f), cell(f.qualifier), cell(f.subject), cell(f.measure), cell(f.sourceText), cell(f.text), span(f)]));
  p.extra = { query: { subject: subject ?? null, measure: measure ?? null }, counts: first.counts, values: first.values };
  const footer = [countsLine(first.counts)];
  if (first.values.length > 1 && ctx.mode === 'table') {
    footer.push('Values over time (first reported; independent sources):');
    for (const v of first.values) footer.push(`  ${cell(v.firstDate) || '????-??-??'}  ${v.qualifier === 'exact' ? '' : `${v.qualifier} `}${value(v)}  (${v.independentSources} source${v.independentSources === 1 ? '' : 's'}${v.sources.length ? `: ${v.sources.slice(0, 3).join('; ')}` : ''})`);
  }
  p.finish(footer);
  return EXIT.OK;
}

async function eventsCommand(store: Store, ctx: Ctx, code: string | undefined, modality: string | undefined): Promise<number> {
  const { events } = await queries();
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'date', max: 10 }, { title: 'code', max: 5 }, { title: 'event', max: 24 }, { title: 'modality', max: 11 }, { title: 'place', max: 18 },
    { title: 'trigger / condition', flex: true }, { title: 'article:span', max: 40 },
  ], ctx.width);
  const names = new EntityNames(store);
  const rows: EventAnswer[] = [];
  const first = await eachPage((cursor) => events(store, { code, modality, from: ctx.from, to: ctx.to, limit: ctx.limit, cursor }), (e) => { rows.push(e); });
  for (const e of rows) {
    const place = await names.of(e.articleId, e.place);
    p.add({ ...e, placeName: place }, [cell(e.date), cell(e.code), cell(e.label), cell(e.modality), cell(place), cell(e.trigger.text + (e.condition ? ` — if: ${e.condition.text}` : '')), span(e)]);
  }
  // venues are counted over the whole answer by the place's story entity (the same place in two articles is one venue)
  p.extra = { query: { code: code ?? null, modality: modality ?? null }, counts: first.counts, venues: first.venues };
  const footer = [countsLine(first.counts)];
  if (first.venues.length && ctx.mode === 'table') footer.push(`Venues: ${first.venues.map((v) => `${v.place} (${v.events})`).join(', ')}.`);
  p.finish(footer);
  return EXIT.OK;
}

async function claimsCommand(store: Store, ctx: Ctx): Promise<number> {
  const { claims } = await queries();
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'relation', max: 9 }, { title: 'who', max: 18 }, { title: 'challenge', flex: true }, { title: 'answers', max: 50 }, { title: 'article:span → article:span', max: 60 },
  ], ctx.width);
  let n = 0;
  await eachPage((cursor) => claims(store, { limit: ctx.limit, cursor }), (c) => {
    n++;
    const ref = (r: ClaimAnswer['challenge']): string => `${r.articleId}:${r.cue.start}-${r.cue.end}`;
    p.add(c, [cell(c.relation), cell(c.challenge.speaker?.text ?? ''), cell(`${c.challenge.cue.text}: ${c.challenge.content.map((x) => x.text).join(' … ')}`),
      cell(`${c.answers.speaker?.text ?? ''}: ${c.answers.content.map((x) => x.text).join(' … ')}`), `${ref(c.challenge)} → ${ref(c.answers)}`]);
  });
  p.finish([`${n} link${n === 1 ? '' : 's'} between a challenge and the statement it answers.`]);
  return EXIT.OK;
}

async function searchCommand(store: Store, ctx: Ctx, text: string, kind: 'article' | 'quote' | undefined): Promise<number> {
  const { search } = await queries();
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'date', max: 10 }, { title: 'kind', max: 7 }, { title: 'title', max: 36 }, { title: 'text', flex: true }, { title: 'article:span', max: 40 },
  ], ctx.width);
  let n = 0;
  await eachPage((cursor) => search(store, text, { kinds: kind ? [kind] : undefined, from: ctx.from, to: ctx.to, limit: ctx.limit, cursor }), (h) => {
    n++;
    p.add(h, [cell(h.published?.slice(0, 10)), h.kind, cell(h.title), cell(h.text), span(h)]);
  });
  p.finish([`${n} hit${n === 1 ? '' : 's'}.`]);
  return EXIT.OK;
}

async function entitiesCommand(store: Store, ctx: Ctx, type: string | undefined, name: string | undefined): Promise<number> {
  const p = new Printer(ctx.out, ctx.mode, [
    { title: 'id', max: 24 }, { title: 'type', max: 4 }, { title: 'name', max: 30 }, { title: 'articles', max: 8 }, { title: 'aliases', flex: true }, { title: 'first mention', max: 40 },
  ], ctx.width);
  const rows: StoryEntityRow[] = name ? await store.findGlobalEntities({ name, type }) : [];
  if (!name) await eachPage((cursor) => store.storyEntities({ cursor, limit: 1000 }), (e) => { if (!e.mergedInto && (!type || e.type === type)) rows.push(e); });
  const described: { row: Row; cells: string[]; articles: number }[] = [];
  for (const e of rows) {
    const view = await store.getGlobalEntity(e.id);
    if (!view) continue;
    const mention = await firstMention(store, e.id);
    const aliases = [...view.aliases].sort((a, b) => b.count - a.count).map((a) => a.alias);
    described.push({
      row: { ...view, firstMention: mention },
      cells: [e.id, e.type, cell(view.name), String(view.articleCount), cell(aliases.join('; ')), mention ? `${mention.articleId}:${mention.start}-${mention.end}` : ''],
      articles: view.articleCount,
    });
  }
  // Most reported first: the entities a story is about come to the top.
  described.sort((a, b) => b.articles - a.articles || String(a.cells[2]).localeCompare(String(b.cells[2])));
  for (const d of described) p.add(d.row, d.cells);
  p.finish([`${described.length} entit${described.length === 1 ? 'y' : 'ies'}.`]);
  return EXIT.OK;
}

/** Event places and actors are article-local entity ids ('e11'); a person reads the entity's name. */
class EntityNames {
  private readonly byArticle = new Map<string, Map<string, string>>();
  constructor(private readonly store: Store) {}
  async of(articleId: string, localId: string | null): Promise<string | null> {
    if (!localId) return null;
    let names = this.byArticle.get(articleId);
    if (!names) {
      const analysis = await this.store.getAnalysis(articleId);
      names = new Map((analysis?.entities ?? []).map((e) => [e.id, e.name]));
      this.byArticle.set(articleId, names);
    }
    return names.get(localId) ?? localId;
  }
}

/** Where an entity is first mentioned: its first linked article and that article's first mention span. */
async function firstMention(store: Store, entityId: string): Promise<{ articleId: string; start: number; end: number; text: string } | null> {
  const links = await store.storyLinks({ entityIds: [entityId], limit: 1 });
  const link = links.items[0];
  if (!link) return null;
  const rows = await store.entities({ articleIds: [link.articleId], limit: 1000 });
  const local = rows.items.find((r) => r.entityId === link.localId);
  const m = local?.mentions[0];
  return m ? { articleId: link.articleId, start: m.start, end: m.end, text: m.text } : null;
}

async function entityCommand(store: Store, ctx: Ctx, name: string): Promise<number> {
  const { describeEntity } = await queries();
  const d = await describeEntity(store, name);
  if (ctx.mode !== 'table') {
    ctx.out.write(ctx.mode === 'json' ? `${JSON.stringify(d, null, 2)}\n` : `${JSON.stringify(d)}\n`);
    return EXIT.OK;
  }
  const o = ctx.out;
  o.write(`${d.name} — ${d.type}, entity ${d.id}${d.mergedIds.length > 1 ? ` (with ${d.mergedIds.filter((x) => x !== d.id).join(', ')} merged in)` : ''}\n`);
  o.write(`${countsLine(d.counts)}\n\nAliases (count, first – last seen):\n`);
  for (const a of [...d.aliases].sort((x, y) => y.count - x.count)) o.write(`  ${a.alias} (${a.count}, ${a.firstSeen?.slice(0, 10) ?? '?'} – ${a.lastSeen?.slice(0, 10) ?? '?'})\n`);
  if (d.descriptors.length) {
    o.write('\nDescriptors:\n');
    for (const x of [...d.descriptors].sort((a, b) => (a.firstSeen ?? '').localeCompare(b.firstSeen ?? ''))) o.write(`  ${x.descriptor} (${x.count}, ${x.firstSeen?.slice(0, 10) ?? '?'} – ${x.lastSeen?.slice(0, 10) ?? '?'})\n`);
  }
  o.write('\nWhy each article was linked:\n');
  o.write(renderTable([{ title: 'seen', max: 10 }, { title: 'article', max: 22 }, { title: 'local', max: 6 }, { title: 'as written', max: 30 }, { title: 'reason', flex: true }],
    d.links.map((l) => [cell(l.seen?.slice(0, 10)), l.articleId, l.localId, cell(l.surface.join('; ')), cell(`${l.reason} (${l.score})`)]), ctx.width));
  if (d.merges.length) {
    o.write('\nMerges (undo with `dossier unmerge MERGE_ID`):\n');
    for (const m of d.merges) o.write(`  ${m.id}: ${m.fromId} into ${m.intoId} by ${m.by} at ${m.at} — ${m.reason}${m.undoneAt ? ` (undone ${m.undoneAt})` : ''}\n`);
  }
  return EXIT.OK;
}

async function mergeCommand(store: Store, ctx: Ctx, a: string, b: string, reason: string | undefined): Promise<number> {
  const { findEntity } = await queries();
  const { mergeEntities } = await import('../story/link-entities.js');
  const into = await findEntity(store, a), from = await findEntity(store, b);
  if (!into) throw new UsageError('DOSSIER_BAD_OPTION', `No entity in the store is called "${a}".`);
  if (!from) throw new UsageError('DOSSIER_BAD_OPTION', `No entity in the store is called "${b}".`);
  if (into.entity.id === from.entity.id) throw new UsageError('DOSSIER_BAD_OPTION', `"${a}" and "${b}" are already one entity (${into.entity.id}).`);
  const m = await mergeEntities(store, into.entity.id, from.entity.id, reason ?? 'merged by the user');
  if (ctx.mode === 'json') ctx.out.write(`${JSON.stringify(m)}\n`);
  else ctx.out.write(`Merged ${from.entity.name} (${from.entity.id}) into ${into.entity.name} (${into.entity.id}): merge ${m.id}. Undo with \`dossier unmerge ${m.id}\`.\n`);
  return EXIT.OK;
}

async function unmergeCommand(store: Store, ctx: Ctx, id: string): Promise<number> {
  const { undoMerge } = await import('../story/link-entities.js');
  const m = await undoMerge(store, id);
  if (ctx.mode === 'json') ctx.out.write(`${JSON.stringify(m)}\n`);
  else ctx.out.write(`Undid merge ${m.id}: ${m.fromId} stands apart from ${m.intoId} again.\n`);
  return EXIT.OK;
}
