// The questions Dossier answers across articles (used by the CLI and the HTTP API). Every answer item
// names its article and character spans; every answer pages with an opaque cursor and has no cap;
// every aggregate answer counts independent sources (dup groups) beside articles, so five wire copies
// of one report read as one source.

import type { Analysis, Span } from '../contract.js';
import { DossierError } from '../errors.js';
import type { EventRow, FigureRow, QuoteRow, SearchHit, Store, StoryEntityRow } from '../store/store.js';
import { articleEntityLinks, mergedClosure, resolveLive } from './link-entities.js';
import { keysOf, nameKey } from './names.js';
import { allPages, type Page } from './story-store.js';

export interface Counts {
  /** Items in the whole answer (all pages). */
  items: number;
  articles: number;
  /** Distinct dup groups among those articles: copies of one report count once. */
  independentSources: number;
}

export interface Answer<T> extends Page<T> { counts: Counts }

export interface Dated {
  /** The date the item is about: a time resolved in its sentence, else the article's publication date. */
  date: string | null;
  dateFrom: 'time' | 'published' | null;
  dupGroup: string;
}

export type QuoteAnswer = QuoteRow & Dated;
export type FigureAnswer = FigureRow & Dated;
export interface EventAnswer extends EventRow, Dated {
  /** The event's time (`time` is its article-local id, 't5') as written, "on Monday", and its TIMEX value, "2022-03-28". */
  timeText: string | null;
  timeValue: string | null;
}

/** A place events took place in, over the whole answer: one story entity (or, unlinked, one name) across articles. */
export interface Venue {
  place: string;
  /** The story entity of the place, when the article's place is linked into the story. */
  entityId: string | null;
  events: number;
  independentSources: number;
}

export interface QueryOptions { from?: string | null; to?: string | null; cursor?: string | null; limit?: number }

const DEFAULT_LIMIT = 100;

/** Per-call cache of what enrichment reads: article rows, analyses and story links. */
class Reader {
  private readonly articles = new Map<string, { dupGroup: string; title: string | null }>();
  private readonly analyses = new Map<string, Analysis | null>();
  private readonly links = new Map<string, Map<string, StoryEntityRow>>();
  constructor(readonly store: Store) {}
  private async article(articleId: string): Promise<{ dupGroup: string; title: string | null }> {
    let a = this.articles.get(articleId);
    if (!a) {
      const row = await this.store.getArticle(articleId);
      a = { dupGroup: row?.dupGroup ?? articleId, title: row?.title ?? null };
      this.articles.set(articleId, a);
    }
    return a;
  }
  async dupGroup(articleId: string): Promise<string> {
    return (await this.article(articleId)).dupGroup;
  }
  async title(articleId: string): Promise<string | null> {
    return (await this.article(articleId)).title;
  }
  async analysis(articleId: string): Promise<Analysis | null> {
    if (!this.analyses.has(articleId)) this.analyses.set(articleId, await this.store.getAnalysis(articleId));
    return this.analyses.get(articleId) ?? null;
  }
  /** The live story entity an article-local entity is linked to (after merges). */
  async globalOf(articleId: string, localId: string): Promise<StoryEntityRow | null> {
    let m = this.links.get(articleId);
    if (!m) this.links.set(articleId, (m = await articleEntityLinks(this.store, articleId)));
    return m.get(localId) ?? null;
  }
  /** An event dated by its own time when that is a calendar date, else like any other item. */
  async datedEvent(r: EventRow): Promise<EventAnswer> {
    const a = r.time ? await this.analysis(r.articleId) : null;
    const t = a && r.time ? a.times.find((x) => x.id === r.time) : undefined;
    const own = t && /^\d{4}-\d{2}-\d{2}/.test(t.value) ? { date: t.value.slice(0, 10), dateFrom: 'time' as const } : null;
    return { ...r, ...(own ?? await this.dateAt(r.articleId, r.trigger.start, r.published)), dupGroup: await this.dupGroup(r.articleId),
      timeText: t && a ? a.text.slice(t.start, t.end) : null, timeValue: t?.value ?? null };
  }
  /** A full calendar date resolved in the sentence holding `offset`, else the publication date. */
  async dateAt(articleId: string, offset: number, published: string | null): Promise<Pick<Dated, 'date' | 'dateFrom'>> {
    const a = await this.analysis(articleId);
    if (a) {
      const s = a.sentences.find((x) => offset >= x.start && offset < x.end);
      const t = s && a.times.find((x) => x.type === 'DATE' && x.start >= s.start && x.end <= s.end && /^\d{4}-\d{2}-\d{2}$/.test(x.value));
      if (t) return { date: t.value, dateFrom: 'time' };
    }
    return { date: published ? published.slice(0, 10) : null, dateFrom: published ? 'published' : null };
  }
}

async function countsOf(reader: Reader, articleIds: string[]): Promise<Counts> {
  const articles = [...new Set(articleIds)];
  const groups = new Set<string>();
  for (const id of articles) groups.add(await reader.dupGroup(id));
  return { items: articleIds.length, articles: articles.length, independentSources: groups.size };
}

/** A global entity by id, or by a name in any spelling the store knows ('Lavrov', 'Sergei Lavrov'). */
export async function findEntity(store: Store, nameOrId: string): Promise<{ entity: StoryEntityRow; alternatives: StoryEntityRow[] } | null> {
  const byId = await resolveLive(store, [nameOrId]);
  const direct = byId.get(nameOrId);
  if (direct) return { entity: direct, alternatives: [] };
  const keys = new Set<string>();
  for (const type of ['PER', 'ORG']) for (const k of keysOf(nameOrId, type)) keys.add(k.key);
  const rows = await store.storyFindKeys([...keys]);
  const live = await resolveLive(store, rows.map((r) => r.entityId));
  // exact name keys first, then surnames and acronyms; within a rank, the entity with most evidence
  const rank = new Map<string, { e: StoryEntityRow; best: number; n: number }>();
  for (const r of rows) {
    const e = live.get(r.entityId);
    if (!e) continue;
    const score = r.kind === 'name' ? 2 : 1;
    const cur = rank.get(e.id) ?? { e, best: 0, n: 0 };
    cur.best = Math.max(cur.best, score); cur.n++;
    rank.set(e.id, cur);
  }
  const sorted = [...rank.values()].sort((a, b) => b.best - a.best || b.n - a.n || a.e.id.localeCompare(b.e.id));
  if (!sorted.length) {
    const loose = await store.findGlobalEntities({ name: nameOrId });
    return loose.length ? { entity: loose[0], alternatives: loose.slice(1) } : null;
  }
  return { entity: sorted[0].e, alternatives: sorted.slice(1).map((x) => x.e) };
}

async function entityOrThrow(store: Store, nameOrId: string): Promise<StoryEntityRow> {
  const found = await findEntity(store, nameOrId);
  if (!found) throw new DossierError('DOSSIER_BAD_OPTION', `No entity in the store is called "${nameOrId}".`);
  return found.entity;
}

async function datedQuotes(reader: Reader, rows: QuoteRow[]): Promise<QuoteAnswer[]> {
  const out: QuoteAnswer[] = [];
  for (const r of rows) out.push({ ...r, ...(await reader.dateAt(r.articleId, r.cue.start, r.published)), dupGroup: await reader.dupGroup(r.articleId) });
  return out;
}

/** Everything a person or organisation said, in time order. */
export async function quotesBy(store: Store, entity: string, opts: QueryOptions = {}): Promise<Answer<QuoteAnswer>> {
  const e = await entityOrThrow(store, entity);
  const ids = await mergedClosure(store, e.id);
  const reader = new Reader(store);
  const q = { speakerEntityIds: ids, from: opts.from, to: opts.to };
  const page = await store.quotes({ ...q, cursor: opts.cursor, limit: opts.limit ?? DEFAULT_LIMIT });
  const all = await allPages((cursor) => store.quotes({ ...q, cursor, limit: 1000 }));
  return { items: await datedQuotes(reader, page.items), next: page.next, counts: await countsOf(reader, all.map((r) => r.articleId)) };
}

interface Offsets { offset: number }
function decodeOffset(cursor: string | null | undefined): Offsets {
  if (!cursor) return { offset: 0 };
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
  if (!Number.isInteger(n) || n < 0) throw new DossierError('DOSSIER_BAD_OPTION', 'The cursor is not one this query gave out.');
  return { offset: n };
}
function pageOf<T>(all: T[], opts: QueryOptions): Page<T> {
  const { offset } = decodeOffset(opts.cursor);
  const limit = Math.max(1, Math.min(1000, opts.limit ?? DEFAULT_LIMIT));
  const items = all.slice(offset, offset + limit);
  return { items, next: offset + limit < all.length ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null };
}

function inWindow(date: string | null, opts: QueryOptions): boolean {
  if (opts.from && (!date || date < opts.from)) return false;
  if (opts.to && (!date || date.slice(0, opts.to.length) > opts.to)) return false;
  return true;
}

/** Every statement in the store, in the store's order (publication date, then article and position), dated. */
export async function allQuotes(store: Store, opts: QueryOptions = {}): Promise<Answer<QuoteAnswer>> {
  const reader = new Reader(store);
  const q = { from: opts.from, to: opts.to };
  const page = await store.quotes({ ...q, cursor: opts.cursor, limit: opts.limit ?? DEFAULT_LIMIT });
  const all = await allPages((cursor) => store.quotes({ ...q, cursor, limit: 1000 }));
  return { items: await datedQuotes(reader, page.items), next: page.next, counts: await countsOf(reader, all.map((r) => r.articleId)) };
}

/** Statements whose content names the entity (any article it is linked in). */
async function statementsAbout(store: Store, reader: Reader, e: StoryEntityRow): Promise<QuoteAnswer[]> {
  const ids = await mergedClosure(store, e.id);
  const links = await allPages((cursor) => store.storyLinks({ entityIds: ids, cursor, limit: 1000 }));
  const out: QuoteAnswer[] = [];
  const byArticle = new Map<string, Set<string>>();
  for (const l of links) byArticle.set(l.articleId, (byArticle.get(l.articleId) ?? new Set()).add(l.localId));
  for (const [articleId, locals] of byArticle) {
    const a = await reader.analysis(articleId);
    if (!a) continue;
    const mentions: Span[] = a.entities.filter((x) => locals.has(x.id)).flatMap((x) => x.mentions);
    const rows = await allPages((cursor) => store.quotes({ articleIds: [articleId], cursor, limit: 1000 }));
    const about = rows.filter((r) => !(r.source?.entity && locals.has(r.source.entity))
      && mentions.some((m) => r.content.some((c) => m.start >= c.start && m.end <= c.end)));
    out.push(...await datedQuotes(reader, about));
  }
  return out;
}

function byDate<T extends Dated & { articleId: string; start: number }>(a: T, b: T): number {
  return (a.date ?? '').localeCompare(b.date ?? '') || a.articleId.localeCompare(b.articleId) || a.start - b.start;
}

/** Statements about a topic: an entity (its mentions inside quoted or reported content) or words (full text). */
export async function quotesAbout(store: Store, topic: string, opts: QueryOptions = {}): Promise<Answer<QuoteAnswer>> {
  const reader = new Reader(store);
  const found = await findEntity(store, topic);
  let all: QuoteAnswer[];
  if (found) all = await statementsAbout(store, reader, found.entity);
  else all = await datedQuotes(reader, await allPages((cursor) => store.quotes({ text: topic, cursor, limit: 1000 })));
  all = all.filter((x) => inWindow(x.date, opts)).sort(byDate);
  return { ...pageOf(all, opts), counts: await countsOf(reader, all.map((x) => x.articleId)) };
}

export type TimelineItem =
  | ({ what: 'said' } & QuoteAnswer)
  | ({ what: 'said-about' } & QuoteAnswer)
  | ({ what: 'event' } & EventAnswer);

/** An entity's timeline: what it said, what was said about it, the events it takes part in — by date. */
export async function timeline(store: Store, entity: string, opts: QueryOptions = {}): Promise<Answer<TimelineItem>> {
  const e = await entityOrThrow(store, entity);
  const reader = new Reader(store);
  const ids = await mergedClosure(store, e.id);
  const said = await datedQuotes(reader, await allPages((cursor) => store.quotes({ speakerEntityIds: ids, cursor, limit: 1000 })));
  const about = await statementsAbout(store, reader, e);
  const links = await allPages((cursor) => store.storyLinks({ entityIds: ids, cursor, limit: 1000 }));
  const locals = new Map<string, Set<string>>();
  for (const l of links) locals.set(l.articleId, (locals.get(l.articleId) ?? new Set()).add(l.localId));
  const events: EventAnswer[] = [];
  for (const [articleId, mine] of locals) {
    for (const ev of await allPages((cursor) => store.events({ articleIds: [articleId], cursor, limit: 1000 }))) {
      if (![...ev.actors, ...ev.targets].some((x) => mine.has(x))) continue;
      events.push(await reader.datedEvent(ev));
    }
  }
  const all: TimelineItem[] = [
    ...said.map((x) => ({ what: 'said' as const, ...x })),
    ...about.map((x) => ({ what: 'said-about' as const, ...x })),
    ...events.map((x) => ({ what: 'event' as const, ...x })),
  ].filter((x) => inWindow(x.date, opts)).sort(byDate);
  return { ...pageOf(all, opts), counts: await countsOf(reader, all.map((x) => x.articleId)) };
}

export interface FigureValue {
  value: number;
  valueMax: number | null;
  qualifier: string;
  /** Earliest date it was reported. */
  firstDate: string | null;
  articles: number;
  independentSources: number;
  /** Who gave it (as written), distinct. */
  sources: string[];
}

export interface FigureSeries extends Answer<FigureAnswer> {
  /** Each distinct value once, in time order, with how many independent sources reported it. */
  values: FigureValue[];
}

/** A figure over time ('civilians' 'killed'): each value with date, qualifier, source and article. */
export async function figureSeries(store: Store, q: { subject?: string; measure?: string } & QueryOptions): Promise<FigureSeries> {
  const reader = new Reader(store);
  const filter = { subject: q.subject, measure: q.measure, from: q.from, to: q.to };
  const rows = await allPages((cursor) => store.figures({ ...filter, cursor, limit: 1000 }));
  const all: FigureAnswer[] = [];
  for (const r of rows) all.push({ ...r, ...(await reader.dateAt(r.articleId, r.start, r.published)), dupGroup: await reader.dupGroup(r.articleId) });
  all.sort(byDate);
  const byValue = new Map<string, { v: FigureValue; arts: Set<string>; groups: Set<string> }>();
  for (const f of all) {
    const k = `${f.value}|${f.valueMax ?? ''}|${f.qualifier}`;
    let entry = byValue.get(k);
    if (!entry) {
      entry = { v: { value: f.value, valueMax: f.valueMax, qualifier: f.qualifier, firstDate: f.date, articles: 0, independentSources: 0, sources: [] }, arts: new Set(), groups: new Set() };
      byValue.set(k, entry);
    }
    entry.arts.add(f.articleId); entry.groups.add(f.dupGroup);
    if (f.sourceText && !entry.v.sources.includes(f.sourceText)) entry.v.sources.push(f.sourceText);
  }
  const values = [...byValue.values()].map(({ v, arts, groups }) => ({ ...v, articles: arts.size, independentSources: groups.size }));
  return { ...pageOf(all, q), counts: await countsOf(reader, all.map((x) => x.articleId)), values };
}

/**
 * Events by CAMEO code prefix and modality (e.g. '04' + 'planned': proposed meetings), with venues. An
 * event's place is an article-local entity ('e11' means another place in each article), so venues are
 * counted by the story entity the place is linked to, else by its name.
 */
export async function events(store: Store, q: { code?: string; modality?: string | string[] } & QueryOptions): Promise<Answer<EventAnswer> & { venues: Venue[] }> {
  const reader = new Reader(store);
  const modalities = q.modality === undefined ? [undefined] : Array.isArray(q.modality) ? q.modality : [q.modality];
  const all: EventAnswer[] = [];
  for (const modality of modalities) {
    for (const r of await allPages((cursor) => store.events({ code: q.code, modality, from: q.from, to: q.to, cursor, limit: 1000 }))) {
      all.push(await reader.datedEvent(r));
    }
  }
  all.sort(byDate);
  const venues = new Map<string, Venue & { groups: Set<string> }>();
  for (const e of all) {
    if (!e.place) continue;
    const global = await reader.globalOf(e.articleId, e.place);
    const local = (await reader.analysis(e.articleId))?.entities.find((x) => x.id === e.place);
    const name = global?.name ?? local?.name ?? e.place;
    const key = global ? `entity:${global.id}` : `name:${nameKey(name) || name.toLowerCase()}`;
    const v = venues.get(key) ?? { place: name, entityId: global?.id ?? null, events: 0, independentSources: 0, groups: new Set<string>() };
    v.events++; v.groups.add(e.dupGroup);
    venues.set(key, v);
  }
  return { ...pageOf(all, q), counts: await countsOf(reader, all.map((x) => x.articleId)),
    venues: [...venues.values()].map(({ groups, ...v }) => ({ ...v, independentSources: groups.size }))
      .sort((a, b) => b.events - a.events || a.place.localeCompare(b.place)) };
}

export interface StatementRef {
  articleId: string;
  attributionId: string;
  published: string | null;
  /** The article's title (as stored: given, or its headline). */
  title: string | null;
  stance: string | null;
  speaker: { start: number; end: number; text: string } | null;
  cue: { start: number; end: number; text: string };
  content: { start: number; end: number; text: string }[];
}

export interface ClaimAnswer {
  relation: string;
  score: number;
  reason: string;
  /** The denial or accusation. */
  challenge: StatementRef;
  /** The statement it answers. */
  answers: StatementRef;
}

async function statementRef(reader: Reader, articleId: string, attributionId: string): Promise<StatementRef | null> {
  const a = await reader.analysis(articleId);
  const at = a?.attributions.find((x) => x.id === attributionId);
  if (!a || !at) return null;
  const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end, text: a.text.slice(s.start, s.end) });
  return { articleId, attributionId, published: a.published ?? null, title: await reader.title(articleId), stance: at.stance ?? null,
    speaker: at.source ? span(at.source) : null, cue: span(at.cue), content: at.content.map(span) };
}

/** Denials and accusations with the statements they answer, strongest first within each challenge. */
export async function claims(store: Store, opts: QueryOptions & { articleIds?: string[] } = {}): Promise<Page<ClaimAnswer>> {
  const reader = new Reader(store);
  const page = await store.storyClaims({ articleIds: opts.articleIds, cursor: opts.cursor, limit: opts.limit ?? DEFAULT_LIMIT });
  const items: ClaimAnswer[] = [];
  for (const r of page.items) {
    const challenge = await statementRef(reader, r.articleId, r.attributionId);
    const answers = await statementRef(reader, r.answersArticleId, r.answersAttributionId);
    if (challenge && answers) items.push({ relation: r.relation, score: r.score, reason: r.reason, challenge, answers });
  }
  return { items, next: page.next };
}

/** Full-text search over articles and quotes. */
export async function search(store: Store, text: string, opts: QueryOptions & { kinds?: ('article' | 'quote')[] } = {}): Promise<Page<SearchHit>> {
  if (!text.trim()) throw new DossierError('DOSSIER_BAD_OPTION', 'Search needs some words to look for.');
  return store.search({ text, kinds: opts.kinds, from: opts.from, to: opts.to, cursor: opts.cursor, limit: opts.limit ?? DEFAULT_LIMIT });
}

/** A global entity with its aliases and descriptors over time and the log of its merges. */
export async function describeEntity(store: Store, nameOrId: string) {
  const e = await entityOrThrow(store, nameOrId);
  const ids = await mergedClosure(store, e.id);
  const links = await allPages((cursor) => store.storyLinks({ entityIds: ids, cursor, limit: 1000 }));
  const aliases = new Map<string, { alias: string; count: number; firstSeen: string | null; lastSeen: string | null }>();
  const descriptors = new Map<string, { descriptor: string; count: number; firstSeen: string | null; lastSeen: string | null }>();
  const note = <T extends { count: number; firstSeen: string | null; lastSeen: string | null }>(m: Map<string, T>, k: string, make: () => T, seen: string | null) => {
    const x = m.get(k) ?? make();
    x.count++;
    if (seen && (!x.firstSeen || seen < x.firstSeen)) x.firstSeen = seen;
    if (seen && (!x.lastSeen || seen > x.lastSeen)) x.lastSeen = seen;
    m.set(k, x);
  };
  for (const l of links) {
    for (const s of l.surface) note(aliases, s, () => ({ alias: s, count: 0, firstSeen: null, lastSeen: null }), l.seen);
    for (const d of l.descriptors) note(descriptors, d, () => ({ descriptor: d, count: 0, firstSeen: null, lastSeen: null }), l.seen);
  }
  const merges = (await allPages((cursor) => store.storyMerges({ cursor, limit: 1000 }))).filter((m) => ids.includes(m.intoId) || ids.includes(m.fromId));
  const reader = new Reader(store);
  const name = [...aliases.values()].sort((a, b) => b.alias.split(' ').length - a.alias.split(' ').length || b.count - a.count)[0]?.alias ?? e.name;
  return { ...e, name, mergedIds: ids, aliases: [...aliases.values()], descriptors: [...descriptors.values()], links, merges,
    counts: await countsOf(reader, links.map((l) => l.articleId)) };
}
