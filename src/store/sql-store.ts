// The Store over SQL: one implementation of every method, written once in the SQL both SQLite and
// PostgreSQL understand (row values, ON CONFLICT … excluded, RETURNING). A Driver supplies execution,
// transactions, migrations and the one place the two differ: full-text conditions.

import { randomUUID } from 'node:crypto';
import type { Analysis } from '../contract.js';
import { DossierError } from '../errors.js';
import {
  COLUMNS, ROW_TABLES, analysisFromJson, analysisJson, analysisRows, checkAnalysis, decodeCursor, emptyRows, encodeCursor,
  firstHit, likeContains, likePrefix, pageLimit, parseFtsQuery, prepareArticle, type Value,
} from './rows.js';
import type {
  DateWindow, EntityRow, EventQuery, EventRow, FigureQuery, FigureRow, GlobalEntityView, Page, PageQuery, PutInput, PutResult,
  QuoteQuery, QuoteRow, SearchHit, SearchQuery, Store, StoredArticle, StoryClaimRow, StoryEntityRow, StoryKeyRow, StoryLinkQuery,
  StoryLinkRow, StoryMergeRow, StorySignatureRow, StoryStatementRow, TimeRow,
} from './store.js';

type Row = Record<string, any>;

export interface Exec {
  /** `?` placeholders in both stores. */
  all(sql: string, params?: Value[]): Promise<Row[]>;
  run(sql: string, params?: Value[]): Promise<number>;
  /** Inserts rows; with `returning` (a column index), gives back that value of each row actually inserted. */
  insert(table: string, columns: readonly string[], rows: Value[][], opts?: { conflict?: string; returning?: number }): Promise<Value[]>;
}

export interface Driver extends Exec {
  readonly kind: 'sqlite' | 'postgres';
  /** All or nothing; concurrent callers wait their turn. */
  tx<T>(fn: (x: Exec) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** A condition on `q` (attribution) / `a` (article) with one `?` for ftsParam's value. */
  ftsQuote(alias: string): string;
  ftsArticle(alias: string): string;
  ftsParam(groups: string[][]): string;
  close(): Promise<void>;
}

const ROW_KEY = ['x.pub_key', 'x.article_id', 'x.start_at', 'x.local_id'];
const ROW_KEY_TYPES: ('s' | 'n')[] = ['s', 's', 'n', 's'];
const IN_CHUNK = 500;

function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}

/**
 * The last row for each key: an upsert of several rows with one key must end as the last one in both
 * stores (PostgreSQL refuses one multi-row INSERT … ON CONFLICT DO UPDATE touching a row twice).
 */
function lastByKey<T>(rows: T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    m.delete(k);
    m.set(k, r);
  }
  return m.size === rows.length ? rows : [...m.values()];
}

function chunks<T>(list: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const json = <T>(s: unknown, fallback: T): T => (typeof s === 'string' && s !== '' ? (JSON.parse(s) as T) : fallback);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function failed(err: unknown): DossierError {
  if (err instanceof DossierError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new DossierError('DOSSIER_STORE_FAILED', `The store could not complete the operation: ${detail}`, { cause: err });
}

/** A WHERE clause under construction. */
class Where {
  readonly conds: string[] = [];
  readonly params: Value[] = [];
  add(cond: string, ...params: Value[]): this {
    this.conds.push(cond);
    this.params.push(...params);
    return this;
  }
  in(col: string, values: string[]): this {
    return this.add(`${col} IN (${marks(values.length)})`, ...values);
  }
  window(col: string, w: DateWindow): this {
    if (w.from || w.to) this.add(`${col} <> ''`);
    if (w.from) this.add(`${col} >= ?`, w.from);
    // '~' sorts after every character of an ISO date, so 'to: 2022-03-28' keeps 2022-03-28T10:00Z
    if (w.to) this.add(`${col} <= ?`, `${w.to}~`);
    return this;
  }
  sql(): string {
    return this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '';
  }
}

/** The driver of a store bound to one open transaction: its statements run there, and a nested tx joins it. */
class BoundDriver implements Driver {
  readonly kind: 'sqlite' | 'postgres';
  constructor(private readonly outer: Driver, private readonly x: Exec) {
    this.kind = outer.kind;
  }
  all(sql: string, params?: Value[]) { return this.x.all(sql, params); }
  run(sql: string, params?: Value[]) { return this.x.run(sql, params); }
  insert(table: string, columns: readonly string[], rows: Value[][], opts?: { conflict?: string; returning?: number }) {
    return this.x.insert(table, columns, rows, opts);
  }
  tx<T>(fn: (x: Exec) => Promise<T>): Promise<T> { return fn(this.x); }
  migrate(): Promise<void> { return Promise.reject(new DossierError('DOSSIER_INTERNAL', 'A store cannot migrate inside a transaction.')); }
  ftsQuote(alias: string): string { return this.outer.ftsQuote(alias); }
  ftsArticle(alias: string): string { return this.outer.ftsArticle(alias); }
  ftsParam(groups: string[][]): string { return this.outer.ftsParam(groups); }
  async close(): Promise<void> {}
}

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';
  /** pub_key of the articles the last putArticles stored: their links (written next, in the same transaction) carry it. */
  private lastPut = new Map<string, string>();

  constructor(private readonly db: Driver) {
    this.kind = db.kind;
  }

  async migrate(): Promise<void> {
    try {
      await this.db.migrate();
    } catch (err) {
      throw failed(err);
    }
  }

  async putArticle(input: PutInput): Promise<PutResult> {
    return (await this.putArticles([input]))[0];
  }

  async putArticles(inputs: PutInput[]): Promise<PutResult[]> {
    const now = new Date().toISOString();
    // every input is checked before the transaction opens: a bad one leaves the store unchanged
    const prepared = inputs.map((input) => prepareArticle(input, now));
    if (prepared.length === 0) return [];
    const first = new Map<string, (typeof prepared)[number]>();
    for (const p of prepared) if (!first.has(p.hash)) first.set(p.hash, p);
    const unique = [...first.values()];
    try {
      const created = await this.db.tx(async (x) => {
        const inserted = new Set(await x.insert('article', COLUMNS.article, unique.map((p) => p.article),
          { conflict: 'ON CONFLICT (content_hash) DO NOTHING', returning: 1 }));
        const rows = emptyRows();
        for (const p of unique) {
          if (!inserted.has(p.hash)) continue;
          if (!p.rows) analysisRows(p.id, p.pubKey, p.analysis, rows);
          else for (const t of ROW_TABLES) for (const r of p.rows[t]) rows[t].push(r);
        }
        for (const t of ROW_TABLES) if (rows[t].length) await x.insert(t, COLUMNS[t], rows[t]);
        return inserted;
      });
      this.lastPut = new Map(unique.filter((p) => created.has(p.hash)).map((p) => [p.id, p.pubKey]));
      return prepared.map((p) => ({ articleId: p.id, created: created.has(p.hash) && first.get(p.hash) === p }));
    } catch (err) {
      throw failed(err);
    }
  }

  async hasContentHash(hash: string): Promise<string | null> {
    const rows = await this.db.all('SELECT id FROM article WHERE content_hash = ?', [hash]);
    return rows.length ? String(rows[0].id) : null;
  }

  async replaceAnalysis(articleId: string, analysis: Analysis): Promise<void> {
    const found = await this.db.all('SELECT text, pub_key FROM article WHERE id = ?', [articleId]);
    if (!found.length) throw new DossierError('DOSSIER_STORE_NOT_FOUND', `No article with the id ${articleId} is stored.`);
    checkAnalysis(analysis, found[0].text);
    const rows = analysisRows(articleId, found[0].pub_key, analysis);
    try {
      await this.db.tx(async (x) => {
        for (const t of [...ROW_TABLES].reverse()) await x.run(`DELETE FROM ${t} WHERE article_id = ?`, [articleId]);
        for (const t of ROW_TABLES) if (rows[t].length) await x.insert(t, COLUMNS[t], rows[t]);
        await x.run('UPDATE article SET analysis = ?, extractor_version = ? WHERE id = ?',
          [analysisJson(analysis), analysis.extractor?.version ?? 'unknown', articleId]);
      });
    } catch (err) {
      throw failed(err);
    }
  }

  private toArticle(r: Row, withHtml: boolean): StoredArticle {
    return {
      id: r.id, externalId: r.external_id ?? null, url: r.url ?? null, title: r.title ?? null, published: r.published ?? null,
      publishedFrom: r.published_from ?? null, foundVia: r.found_via, contentHash: r.content_hash,
      extractorVersion: r.extractor_version, ingestedAt: r.ingested_at, html: withHtml ? r.html ?? null : null, text: r.text,
      dupGroup: r.dup_group ?? null,
    };
  }

  async getArticle(id: string): Promise<StoredArticle | null> {
    const rows = await this.db.all('SELECT * FROM article WHERE id = ?', [id]);
    return rows.length ? this.toArticle(rows[0], true) : null;
  }

  async getAnalysis(id: string): Promise<Analysis | null> {
    const rows = await this.db.all('SELECT text, analysis FROM article WHERE id = ?', [id]);
    return rows.length ? analysisFromJson(rows[0].analysis, rows[0].text) : null;
  }

  async listArticles(opts: PageQuery = {}): Promise<Page<StoredArticle>> {
    const limit = pageLimit(opts.limit);
    const key = decodeCursor(opts.cursor, 'articles', ['n']);
    const w = new Where();
    if (key) w.add('seq > ?', key[0]);
    const rows = await this.db.all(`SELECT seq, id, content_hash, external_id, url, title, published, published_from, found_via,
      extractor_version, ingested_at, text, dup_group FROM article ${w.sql()} ORDER BY seq LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return {
      items: rows.map((r) => this.toArticle(r, false)),
      next: more ? encodeCursor('articles', [Number(rows[rows.length - 1].seq)]) : null,
    };
  }

  async countArticles(): Promise<number> {
    const rows = await this.db.all('SELECT count(*) AS c FROM article');
    return Number(rows[0].c);
  }

  /** One page of a row table joined to its article, in (published, article, start, local id) order. */
  private async rowPage<T>(tag: string, table: string, cols: string, w: Where, q: PageQuery, map: (r: Row) => T,
    key = ROW_KEY, types = ROW_KEY_TYPES): Promise<Page<T>> {
    const limit = pageLimit(q.limit);
    const after = decodeCursor(q.cursor, tag, types);
    if (after) w.add(`(${key.join(', ')}) > (${marks(key.length)})`, ...after);
    const rows = await this.db.all(`SELECT ${cols}, a.published AS a_published, a.title AS a_title, a.url AS a_url
      FROM ${table} x JOIN article a ON a.id = x.article_id ${w.sql()} ORDER BY ${key.join(', ')} LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return {
      items: rows.map(map),
      next: more ? encodeCursor(tag, key.map((k, i) => (types[i] === 'n' ? Number(last[k.slice(2)]) : String(last[k.slice(2)])))) : null,
    };
  }

  async quotes(q: QuoteQuery = {}): Promise<Page<QuoteRow>> {
    const w = new Where().window('x.pub_key', q);
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('x.article_id', q.articleIds);
    }
    if (q.speakerEntityIds) {
      if (!q.speakerEntityIds.length) return { items: [], next: null };
      w.add(`EXISTS (SELECT 1 FROM article_entity_link l WHERE l.article_id = x.article_id AND l.local_id = x.source_entity
        AND l.entity_id IN (${marks(q.speakerEntityIds.length)}))`, ...q.speakerEntityIds);
    }
    if (q.speakerLocal) {
      if (!q.speakerLocal.length) return { items: [], next: null };
      w.add(`(${q.speakerLocal.map(() => '(x.article_id = ? AND x.source_entity = ?)').join(' OR ')})`,
        ...q.speakerLocal.flatMap((s) => [s.articleId, s.entityId]));
    }
    if (q.text !== undefined && q.text !== null) w.add(this.db.ftsQuote('x'), this.db.ftsParam(parseFtsQuery(q.text)));
    return this.rowPage('quotes', 'attribution', 'x.*', w, q, (r) => ({
      articleId: r.article_id, attributionId: r.local_id, published: r.a_published ?? null, title: r.a_title ?? null, url: r.a_url ?? null,
      kind: r.kind, stance: r.stance ?? null,
      cue: { start: r.cue_start, end: r.cue_end, text: r.cue_text, lemma: r.cue_lemma, class: r.cue_class ?? null },
      source: r.source_start === null || r.source_start === undefined ? null
        : { start: r.source_start, end: r.source_end, text: r.source_text, entity: r.source_entity ?? null },
      speakerName: r.speaker_name ?? null,
      content: json(r.content, []), contentText: r.quote_text, confidence: num(r.confidence), rule: r.rule ?? null,
      start: r.start_at, end: r.end_at,
    }));
  }

  async storyStatements(q: { speakerEntityIds: string[]; from: string; to: string }): Promise<StoryStatementRow[]> {
    if (!q.speakerEntityIds.length) return [];
    // from the speakers' links in the window (a link's pub_key is its article's, as is each statement's),
    // not from every statement in the window; a link is one (article, local entity), so no row comes twice.
    // In the window pub_key is never '', so it is the article's published date as stored.
    const w = new Where().in('l.entity_id', q.speakerEntityIds).window('l.pub_key', q)
      .add('x.article_id = l.article_id').add('x.source_entity = l.local_id');
    const rows = await this.db.all(`SELECT x.article_id, x.local_id, x.speaker_name, x.source_text, x.quote_text, x.pub_key
      FROM article_entity_link l CROSS JOIN attribution x ${w.sql()} ORDER BY ${ROW_KEY.join(', ')}`, w.params);
    return rows.map((r) => ({ articleId: r.article_id, attributionId: r.local_id, published: r.pub_key,
      speakerName: r.speaker_name ?? null, sourceText: r.source_text ?? null, contentText: r.quote_text }));
  }

  async figures(q: FigureQuery = {}): Promise<Page<FigureRow>> {
    const w = new Where().window('x.pub_key', q);
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('x.article_id', q.articleIds);
    }
    if (q.subject) w.add(`x.subject_lc LIKE ? ESCAPE '\\'`, likeContains(q.subject));
    if (q.measure) w.add(`x.measure_lc LIKE ? ESCAPE '\\'`, likeContains(q.measure));
    return this.rowPage('figures', 'figure', 'x.*', w, q, (r) => ({
      articleId: r.article_id, figureId: r.local_id, published: r.a_published ?? null, title: r.a_title ?? null, url: r.a_url ?? null,
      start: r.start_at, end: r.end_at, text: r.text, value: Number(r.value), valueMax: num(r.value_max), unit: r.unit ?? null,
      qualifier: r.qualifier, subject: r.subject ?? null, measure: r.measure ?? null, attributionId: r.attribution_id ?? null,
      sourceText: r.source_text ?? null,
    }));
  }

  async events(q: EventQuery = {}): Promise<Page<EventRow>> {
    const w = new Where().window('x.pub_key', q);
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('x.article_id', q.articleIds);
    }
    if (q.code) w.add(`x.code LIKE ? ESCAPE '\\'`, likePrefix(q.code));
    if (q.modality) w.add('x.modality = ?', q.modality);
    return this.rowPage('events', 'event', 'x.*', w, q, (r) => ({
      articleId: r.article_id, eventId: r.local_id, published: r.a_published ?? null, title: r.a_title ?? null, url: r.a_url ?? null,
      code: r.code, label: r.label ?? null, modality: r.modality,
      trigger: { start: r.start_at, end: r.end_at, text: r.trigger_text },
      condition: r.condition_start === null || r.condition_start === undefined ? null
        : { start: r.condition_start, end: r.condition_end, text: r.condition_text },
      actors: json(r.actors, []), targets: json(r.targets, []), place: r.place ?? null, time: r.time_ref ?? null,
      attributionId: r.attribution_id ?? null, start: r.start_at, end: r.end_at,
    }));
  }

  async times(q: PageQuery & DateWindow & { articleIds?: string[] } = {}): Promise<Page<TimeRow>> {
    const w = new Where().window('x.pub_key', q);
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('x.article_id', q.articleIds);
    }
    return this.rowPage('times', 'time_expr', 'x.*', w, q, (r) => ({
      articleId: r.article_id, timeId: r.local_id, published: r.a_published ?? null,
      start: r.start_at, end: r.end_at, text: r.text, type: r.type, value: r.value,
    }));
  }

  async entities(q: PageQuery & DateWindow & { articleIds?: string[]; name?: string; type?: string } = {}): Promise<Page<EntityRow>> {
    const w = new Where().window('x.pub_key', q);
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('x.article_id', q.articleIds);
    }
    if (q.name) w.add(`x.name_lc LIKE ? ESCAPE '\\'`, likeContains(q.name));
    if (q.type) w.add('x.type = ?', q.type);
    return this.rowPage('entities', 'entity', 'x.*', w, q, (r) => ({
      articleId: r.article_id, entityId: r.local_id, published: r.a_published ?? null, type: r.type, name: r.name,
      descriptors: json(r.descriptors, []), mentions: json(r.mentions, []),
    }), ['x.pub_key', 'x.article_id', 'x.local_id'], ['s', 's', 's']);
  }

  async search(q: SearchQuery): Promise<Page<SearchHit>> {
    const groups = parseFtsQuery(q?.text);
    const param = this.db.ftsParam(groups);
    const limit = pageLimit(q.limit);
    // article hits sort before the quote hits of the same article (k = 0, then k = 1 by start)
    const after = decodeCursor(q.cursor, 'search', ['s', 's', 'n', 'n', 's']);
    const kinds = q.kinds?.length ? q.kinds : ['article', 'quote'];
    type Keyed = { key: [string, string, number, number, string]; hit: SearchHit };
    const keyed: Keyed[] = [];
    if (kinds.includes('article')) {
      const w = new Where().window('a.pub_key', q).add(this.db.ftsArticle('a'), param);
      if (after) w.add('(a.pub_key, a.id) > (?, ?)', after[0], after[1]);
      const rows = await this.db.all(`SELECT a.id, a.pub_key, a.published, a.title, a.url, a.text FROM article a ${w.sql()}
        ORDER BY a.pub_key, a.id LIMIT ?`, [...w.params, limit + 1]);
      for (const r of rows) {
        const at = firstHit(r.text, groups);
        keyed.push({ key: [r.pub_key, r.id, 0, 0, ''], hit: {
          kind: 'article', articleId: r.id, attributionId: null, published: r.published ?? null, title: r.title ?? null,
          url: r.url ?? null, start: at.start, end: at.end, text: at.text } });
      }
    }
    if (kinds.includes('quote')) {
      const w = new Where().window('q.pub_key', q).add(this.db.ftsQuote('q'), param);
      if (after && after[2] === 0) w.add('(q.pub_key, q.article_id) >= (?, ?)', after[0], after[1]);
      else if (after) w.add('(q.pub_key, q.article_id, q.start_at, q.local_id) > (?, ?, ?, ?)', after[0], after[1], after[3], after[4]);
      const rows = await this.db.all(`SELECT q.article_id, q.local_id, q.pub_key, q.start_at, q.end_at, q.quote_text,
        a.published, a.title, a.url FROM attribution q JOIN article a ON a.id = q.article_id ${w.sql()}
        ORDER BY q.pub_key, q.article_id, q.start_at, q.local_id LIMIT ?`, [...w.params, limit + 1]);
      for (const r of rows) {
        keyed.push({ key: [r.pub_key, r.article_id, 1, Number(r.start_at), r.local_id], hit: {
          kind: 'quote', articleId: r.article_id, attributionId: r.local_id, published: r.published ?? null, title: r.title ?? null,
          url: r.url ?? null, start: r.start_at, end: r.end_at, text: r.quote_text } });
      }
    }
    keyed.sort((a, b) => {
      for (let i = 0; i < 5; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
      return 0;
    });
    const more = keyed.length > limit;
    if (more) keyed.length = limit;
    return { items: keyed.map((k) => k.hit), next: more ? encodeCursor('search', keyed[keyed.length - 1].key) : null };
  }

  async setDupGroup(articleId: string, group: string | null): Promise<void> {
    await this.db.run('UPDATE article SET dup_group = ? WHERE id = ?', [group, articleId]);
  }

  async articlesInDupGroup(group: string): Promise<string[]> {
    const rows = await this.db.all('SELECT id FROM article WHERE dup_group = ? ORDER BY seq', [group]);
    return rows.map((r) => r.id);
  }

  // ---- story rows ----

  async storyPutEntities(rows: StoryEntityRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.tx((x) => x.insert('global_entity', ['id', 'type', 'name', 'name_lc', 'merged_into', 'created_at'],
      lastByKey(rows, (r) => r.id).map((r) => [r.id, r.type, r.name, r.name.toLowerCase(), r.mergedInto ?? null, r.createdAt]),
      { conflict: 'ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, name_lc = excluded.name_lc, merged_into = excluded.merged_into' }));
  }

  private toEntity(r: Row): StoryEntityRow {
    return { id: r.id, type: r.type, name: r.name, mergedInto: r.merged_into ?? null, createdAt: r.created_at };
  }

  async storyGetEntities(ids: string[]): Promise<StoryEntityRow[]> {
    const out: StoryEntityRow[] = [];
    for (const c of chunks([...new Set(ids)])) {
      for (const r of await this.db.all(`SELECT * FROM global_entity WHERE id IN (${marks(c.length)})`, c)) out.push(this.toEntity(r));
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async storyEntities(q: PageQuery = {}): Promise<Page<StoryEntityRow>> {
    const limit = pageLimit(q.limit);
    const after = decodeCursor(q.cursor, 'story-entities', ['s']);
    const w = new Where();
    if (after) w.add('id > ?', after[0]);
    const rows = await this.db.all(`SELECT * FROM global_entity ${w.sql()} ORDER BY id LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { items: rows.map((r) => this.toEntity(r)), next: more ? encodeCursor('story-entities', [rows[rows.length - 1].id]) : null };
  }

  async storyAddKeys(rows: StoryKeyRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.tx((x) => x.insert('global_key', ['key', 'entity_id', 'kind', 'surface', 'surface_lc'],
      rows.map((r) => [r.key, r.entityId, r.kind, r.surface ?? '', (r.surface ?? '').toLowerCase()]), { conflict: 'ON CONFLICT DO NOTHING' }));
  }

  async storyFindKeys(keys: string[]): Promise<StoryKeyRow[]> {
    const out: StoryKeyRow[] = [];
    for (const c of chunks([...new Set(keys)])) {
      const rows = await this.db.all(`SELECT key, entity_id, kind, surface FROM global_key WHERE key IN (${marks(c.length)})
        ORDER BY key, entity_id, kind, surface`, c);
      for (const r of rows) out.push({ key: r.key, entityId: r.entity_id, kind: r.kind, surface: r.surface });
    }
    return out;
  }

  async storyPutLinks(rows: StoryLinkRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.tx(async (x) => {
      // each link carries its article's pub_key (null while the article is not stored)
      const pubKeys = new Map<string, Value>();
      const unknown = new Set<string>();
      for (const r of rows) {
        const pk = this.lastPut.get(r.articleId);
        if (pk !== undefined) pubKeys.set(r.articleId, pk);
        else unknown.add(r.articleId);
      }
      for (const c of chunks([...unknown])) {
        for (const r of await x.all(`SELECT id, pub_key FROM article WHERE id IN (${marks(c.length)})`, c)) pubKeys.set(r.id, r.pub_key);
      }
      await x.insert('article_entity_link',
        ['article_id', 'local_id', 'entity_id', 'reason', 'score', 'name', 'surface', 'descriptors', 'seen', 'seen_key', 'pub_key'],
        lastByKey(rows, (r) => `${r.articleId}\u0000${r.localId}`).map((r) => [r.articleId, r.localId, r.entityId, r.reason, r.score, r.name, JSON.stringify(r.surface ?? []),
          JSON.stringify(r.descriptors ?? []), r.seen ?? null, r.seen ?? '', pubKeys.get(r.articleId) ?? null]),
        { conflict: `ON CONFLICT (article_id, local_id) DO UPDATE SET entity_id = excluded.entity_id, reason = excluded.reason,
          score = excluded.score, name = excluded.name, surface = excluded.surface, descriptors = excluded.descriptors,
          seen = excluded.seen, seen_key = excluded.seen_key, pub_key = excluded.pub_key` });
    });
  }

  private toLink(r: Row): StoryLinkRow {
    return { articleId: r.article_id, localId: r.local_id, entityId: r.entity_id, reason: r.reason, score: Number(r.score),
      name: r.name, surface: json(r.surface, []), descriptors: json(r.descriptors, []), seen: r.seen ?? null };
  }

  async storyLinks(q: StoryLinkQuery = {}): Promise<Page<StoryLinkRow>> {
    const limit = pageLimit(q.limit);
    const after = decodeCursor(q.cursor, 'story-links', ['s', 's', 's']);
    const w = new Where();
    if (q.entityIds) {
      if (!q.entityIds.length) return { items: [], next: null };
      w.in('entity_id', q.entityIds);
    }
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      w.in('article_id', q.articleIds);
    }
    if (after) w.add('(seen_key, article_id, local_id) > (?, ?, ?)', ...after);
    const rows = await this.db.all(`SELECT * FROM article_entity_link ${w.sql()} ORDER BY seen_key, article_id, local_id LIMIT ?`,
      [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => this.toLink(r)), next: more ? encodeCursor('story-links', [last.seen_key, last.article_id, last.local_id]) : null };
  }

  async storyPutMerge(row: StoryMergeRow): Promise<void> {
    await this.db.tx((x) => x.insert('merge_log', ['id', 'kind', 'into_id', 'from_id', 'reason', 'score', 'by_who', 'at', 'undone_at'],
      [[row.id, 'merge', row.intoId, row.fromId, row.reason, row.score, row.by, row.at, row.undoneAt ?? null]],
      { conflict: `ON CONFLICT (id) DO UPDATE SET into_id = excluded.into_id, from_id = excluded.from_id, reason = excluded.reason,
        score = excluded.score, by_who = excluded.by_who, at = excluded.at, undone_at = excluded.undone_at` }));
  }

  private toMerge(r: Row): StoryMergeRow {
    return { id: r.id, intoId: r.into_id, fromId: r.from_id, reason: r.reason, score: Number(r.score), by: r.by_who, at: r.at,
      undoneAt: r.undone_at ?? null };
  }

  async storyMerges(q: PageQuery & { ids?: string[] } = {}): Promise<Page<StoryMergeRow>> {
    const limit = pageLimit(q.limit);
    const after = decodeCursor(q.cursor, 'story-merges', ['s', 's']);
    const w = new Where();
    if (q.ids) {
      if (!q.ids.length) return { items: [], next: null };
      w.in('id', q.ids);
    }
    if (after) w.add('(at, id) > (?, ?)', ...after);
    const rows = await this.db.all(`SELECT * FROM merge_log ${w.sql()} ORDER BY at, id LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => this.toMerge(r)), next: more ? encodeCursor('story-merges', [last.at, last.id]) : null };
  }

  async storyPutSignature(row: StorySignatureRow, bands: string[]): Promise<void> {
    await this.db.tx(async (x) => {
      await x.insert('article_signature', ['article_id', 'minhash'], [[row.articleId, JSON.stringify(row.minhash)]],
        { conflict: 'ON CONFLICT (article_id) DO UPDATE SET minhash = excluded.minhash' });
      await x.run('DELETE FROM signature_band WHERE article_id = ?', [row.articleId]);
      const unique = [...new Set(bands)];
      if (unique.length) await x.insert('signature_band', ['band', 'article_id'], unique.map((b) => [b, row.articleId]));
    });
  }

  async storyFindBands(bands: string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const c of chunks([...new Set(bands)])) {
      for (const r of await this.db.all(`SELECT DISTINCT article_id FROM signature_band WHERE band IN (${marks(c.length)})`, c)) ids.add(r.article_id);
    }
    return [...ids].sort();
  }

  async storyGetSignatures(articleIds: string[]): Promise<StorySignatureRow[]> {
    const out: StorySignatureRow[] = [];
    for (const c of chunks([...new Set(articleIds)])) {
      const rows = await this.db.all(`SELECT article_id, minhash FROM article_signature WHERE article_id IN (${marks(c.length)})`, c);
      for (const r of rows) out.push({ articleId: r.article_id, minhash: json(r.minhash, []) });
    }
    return out.sort((a, b) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0));
  }

  async storyPutClaims(rows: StoryClaimRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.tx((x) => x.insert('claim_link',
      ['article_id', 'attribution_id', 'answers_article_id', 'answers_attribution_id', 'relation', 'reason', 'score'],
      lastByKey(rows, (r) => `${r.articleId}\u0000${r.attributionId}\u0000${r.answersArticleId}\u0000${r.answersAttributionId}`)
        .map((r) => [r.articleId, r.attributionId, r.answersArticleId, r.answersAttributionId, r.relation, r.reason, r.score]),
      { conflict: `ON CONFLICT (article_id, attribution_id, answers_article_id, answers_attribution_id) DO UPDATE SET
        relation = excluded.relation, reason = excluded.reason, score = excluded.score` }));
  }

  async storyClaims(q: PageQuery & { articleIds?: string[] } = {}): Promise<Page<StoryClaimRow>> {
    const limit = pageLimit(q.limit);
    const key = ['article_id', 'attribution_id', 'answers_article_id', 'answers_attribution_id'];
    const after = decodeCursor(q.cursor, 'story-claims', ['s', 's', 's', 's']);
    const w = new Where();
    if (q.articleIds) {
      if (!q.articleIds.length) return { items: [], next: null };
      const m = marks(q.articleIds.length);
      w.add(`(article_id IN (${m}) OR answers_article_id IN (${m}))`, ...q.articleIds, ...q.articleIds);
    }
    if (after) w.add(`(${key.join(', ')}) > (?, ?, ?, ?)`, ...after);
    const rows = await this.db.all(`SELECT * FROM claim_link ${w.sql()} ORDER BY ${key.join(', ')} LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({ articleId: r.article_id, attributionId: r.attribution_id, answersArticleId: r.answers_article_id,
        answersAttributionId: r.answers_attribution_id, relation: r.relation, reason: r.reason, score: Number(r.score) })),
      next: more ? encodeCursor('story-claims', key.map((k) => last[k])) : null,
    };
  }

  /** Returns how many rows it dropped (0 for an article never indexed: caches over the story rows stay valid). */
  async storyClearArticle(articleId: string): Promise<number> {
    return this.db.tx(async (x) => {
      let n = await x.run('DELETE FROM article_entity_link WHERE article_id = ?', [articleId]);
      n += await x.run('DELETE FROM signature_band WHERE article_id = ?', [articleId]);
      n += await x.run('DELETE FROM article_signature WHERE article_id = ?', [articleId]);
      n += await x.run('DELETE FROM claim_link WHERE article_id = ?', [articleId]);
      n += await x.run('DELETE FROM claim_link WHERE answers_article_id = ?', [articleId]);
      return n;
    });
  }

  // ---- conveniences over the story rows ----

  async getGlobalEntity(id: string): Promise<GlobalEntityView | null> {
    const [entity] = await this.storyGetEntities([id]);
    if (!entity) return null;
    const links = (await this.db.all('SELECT * FROM article_entity_link WHERE entity_id = ? ORDER BY seen_key, article_id, local_id', [id]))
      .map((r) => this.toLink(r));
    const aliases = new Map<string, { alias: string; count: number; firstSeen: string | null; lastSeen: string | null }>();
    const descriptors = new Map<string, { descriptor: string; articleId: string; firstSeen: string | null }>();
    for (const l of links) {
      for (const s of l.surface) {
        const a = aliases.get(s);
        if (!a) aliases.set(s, { alias: s, count: 1, firstSeen: l.seen, lastSeen: l.seen });
        else {
          a.count++;
          if (l.seen) { a.firstSeen ??= l.seen; a.lastSeen = l.seen; }
        }
      }
      for (const d of l.descriptors) if (!descriptors.has(d)) descriptors.set(d, { descriptor: d, articleId: l.articleId, firstSeen: l.seen });
    }
    return { ...entity, aliases: [...aliases.values()], descriptors: [...descriptors.values()],
      articleCount: new Set(links.map((l) => l.articleId)).size };
  }

  async findGlobalEntities(q: { name: string; type?: string }): Promise<StoryEntityRow[]> {
    const lc = String(q.name ?? '').trim().toLowerCase();
    if (!lc) return [];
    const w = new Where().add('e.merged_into IS NULL')
      .add('(e.name_lc = ? OR EXISTS (SELECT 1 FROM global_key k WHERE k.entity_id = e.id AND k.surface_lc = ?))', lc, lc);
    if (q.type) w.add('e.type = ?', q.type);
    return (await this.db.all(`SELECT e.* FROM global_entity e ${w.sql()} ORDER BY e.id`, w.params)).map((r) => this.toEntity(r));
  }

  async mergeEntities(intoId: string, fromId: string, reason: string, by = 'user'): Promise<string> {
    if (intoId === fromId) throw new DossierError('DOSSIER_BAD_OPTION', 'An entity cannot be merged into itself.');
    const id = `m-${randomUUID()}`;
    await this.db.tx(async (x) => {
      const found = await x.all(`SELECT id FROM global_entity WHERE id IN (?, ?)`, [intoId, fromId]);
      if (found.length !== 2) throw new DossierError('DOSSIER_STORE_NOT_FOUND', `Both entities must exist to merge them (${intoId}, ${fromId}).`);
      await x.run('UPDATE global_entity SET merged_into = ? WHERE id = ?', [intoId, fromId]);
      await x.insert('merge_log', ['id', 'kind', 'into_id', 'from_id', 'reason', 'score', 'by_who', 'at', 'undone_at'],
        [[id, 'merge', intoId, fromId, reason, 1, by, new Date().toISOString(), null]]);
    });
    return id;
  }

  async undoMerge(mergeId: string): Promise<boolean> {
    return this.db.tx(async (x) => {
      const rows = await x.all('SELECT into_id, from_id FROM merge_log WHERE id = ? AND undone_at IS NULL', [mergeId]);
      if (!rows.length) return false;
      await x.run('UPDATE global_entity SET merged_into = NULL WHERE id = ? AND merged_into = ?', [rows[0].from_id, rows[0].into_id]);
      await x.run('UPDATE merge_log SET undone_at = ? WHERE id = ?', [new Date().toISOString(), mergeId]);
      return true;
    });
  }

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.db.tx((x) => fn(new SqlStore(new BoundDriver(this.db, x))));
  }

  async markIndexed(articleIds: string | string[]): Promise<void> {
    const ids = typeof articleIds === 'string' ? [articleIds] : [...new Set(articleIds)];
    const now = new Date().toISOString();
    for (const c of chunks(ids)) await this.db.run(`UPDATE article SET indexed_at = ? WHERE id IN (${marks(c.length)})`, [now, ...c]);
  }

  async unindexedArticles(q: PageQuery = {}): Promise<Page<string>> {
    const limit = pageLimit(q.limit);
    const after = decodeCursor(q.cursor, 'unindexed', ['n']);
    const w = new Where().add('indexed_at IS NULL');
    if (after) w.add('seq > ?', after[0]);
    const rows = await this.db.all(`SELECT seq, id FROM article ${w.sql()} ORDER BY seq LIMIT ?`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { items: rows.map((r) => String(r.id)), next: more ? encodeCursor('unindexed', [Number(rows[rows.length - 1].seq)]) : null };
  }

  async storyClearAll(): Promise<void> {
    await this.db.tx(async (x) => {
      for (const t of ['article_entity_link', 'signature_band', 'article_signature', 'claim_link', 'global_key', 'global_entity']) {
        await x.run(`DELETE FROM ${t}`);
      }
      await x.run(`DELETE FROM merge_log WHERE by_who <> 'user'`);
      await x.run('UPDATE article SET dup_group = NULL WHERE dup_group IS NOT NULL');
    });
  }

  async refreshStats(): Promise<void> {
    if (this.kind === 'postgres') await this.db.run('ANALYZE');
  }

  async dupGroupOf(articleId: string): Promise<string | null | undefined> {
    const rows = await this.db.all('SELECT dup_group FROM article WHERE id = ?', [articleId]);
    return rows.length ? (rows[0].dup_group ?? null) : undefined;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
