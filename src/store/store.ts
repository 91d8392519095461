// The store: every article Dossier reads, its snapshot and every record of its analysis, kept so that
// each row can be traced back to its characters (article id + start/end, UTF-16, end exclusive).
// One async interface, two backends with the same behaviour: SQLite (better-sqlite3, the default
// embedded file) and PostgreSQL (pg). The story layer (src/story/) decides; the store only persists.
//
// Paging: every list answer is a Page with an opaque cursor over a stable sort key; `limit` defaults to
// 100 and is at most 1000 per page, but following `next` reaches every row — there is no hidden cap.

import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import type { PreparedPut } from './rows.js';

export interface StoredArticle {
  /** Store id: derived from the content hash, so the same text gets the same id in every store. */
  id: string;
  externalId: string | null;
  url: string | null;
  title: string | null;
  published: string | null;
  /** How the publication date was found: 'given', 'meta', 'json-ld', 'time-element', 'feed', 'url'. */
  publishedFrom: string | null;
  /** 'file' | 'url' | 'feed' | 'jsonl' | 'given' */
  foundVia: string;
  contentHash: string;
  extractorVersion: string;
  ingestedAt: string;
  /** Present on getArticle; left out of listArticles pages (null there) to keep pages light. */
  html?: string | null;
  text: string;
  dupGroup?: string | null;
}

export interface PutResult {
  articleId: string;
  /** false = the same content (by content hash) was already stored: nothing was written. */
  created: boolean;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; null = no more rows. */
  next: string | null;
}

export interface PutInput {
  article: Article;
  html?: string | null;
  foundVia: string;
  analysis: Analysis;
  /** preparePut(article, analysis), when it was computed already (off the main thread, by ingest's workers). */
  prepared?: PreparedPut | null;
}

export interface PageQuery {
  cursor?: string | null;
  /** Rows per page: default 100, at most 1000. */
  limit?: number;
}

/** Publication-date window shared by the row queries; ISO dates compared as text (inclusive). */
export interface DateWindow {
  from?: string | null;
  to?: string | null;
}

export interface SpanRef {
  start: number;
  end: number;
  text: string;
}

/** One attribution (a quote: direct, indirect or mixed) with where it came from. */
export interface QuoteRow {
  articleId: string;
  attributionId: string;
  published: string | null;
  title: string | null;
  url: string | null;
  kind: string;
  stance: string | null;
  cue: SpanRef & { lemma: string; class: string | null };
  /** The source mention as written, with its article-local entity id. */
  source: (SpanRef & { entity: string | null }) | null;
  /** Name of the source's article-local entity, when it has one. */
  speakerName: string | null;
  content: SpanRef[];
  /** The content spans' text joined with ' … '. */
  contentText: string;
  confidence: number | null;
  rule: string | null;
  /** First content start: with articleId, the sort key within an article. */
  start: number;
  end: number;
}

export interface QuoteQuery extends PageQuery, DateWindow {
  /** Global entity ids (STORY's); the caller passes the closure of merged ids itself. */
  speakerEntityIds?: string[];
  /** Article-local speakers: the source's entity in that article. */
  speakerLocal?: { articleId: string; entityId: string }[];
  /** Full text over the content of the quote (words ANDed; "a phrase" in double quotes). */
  text?: string;
  articleIds?: string[];
}

export interface FigureRow {
  articleId: string;
  figureId: string;
  published: string | null;
  title: string | null;
  url: string | null;
  start: number;
  end: number;
  text: string;
  value: number;
  valueMax: number | null;
  unit: string | null;
  qualifier: string;
  subject: string | null;
  measure: string | null;
  attributionId: string | null;
  /** Who gave the figure (the attribution's source as written, or its entity's name). */
  sourceText: string | null;
}

export interface FigureQuery extends PageQuery, DateWindow {
  /** Case-insensitive substring of the figure's subject. */
  subject?: string;
  /** Case-insensitive substring of the figure's measure. */
  measure?: string;
  articleIds?: string[];
}

export interface EventRow {
  articleId: string;
  eventId: string;
  published: string | null;
  title: string | null;
  url: string | null;
  code: string;
  label: string | null;
  modality: string;
  trigger: SpanRef;
  condition: SpanRef | null;
  actors: string[];
  targets: string[];
  place: string | null;
  time: string | null;
  attributionId: string | null;
  start: number;
  end: number;
}

export interface EventQuery extends PageQuery, DateWindow {
  /** CAMEO code prefix, e.g. '04' for all consultations. */
  code?: string;
  modality?: string;
  articleIds?: string[];
}

export interface TimeRow {
  articleId: string;
  timeId: string;
  published: string | null;
  start: number;
  end: number;
  text: string;
  type: string;
  value: string;
}

export interface EntityRow {
  articleId: string;
  entityId: string;
  published: string | null;
  type: string;
  name: string;
  descriptors: string[];
  mentions: SpanRef[];
}

export interface SearchHit {
  kind: 'article' | 'quote';
  articleId: string;
  /** For quote hits. */
  attributionId: string | null;
  published: string | null;
  title: string | null;
  url: string | null;
  /** First place in the text where a query word occurs (article hits), or the quote's content (quote hits). */
  start: number;
  end: number;
  text: string;
}

export interface SearchQuery extends PageQuery, DateWindow {
  text: string;
  /** Which kinds to return; both by default. */
  kinds?: ('article' | 'quote')[];
}

// ---- the story layer's rows (src/story/ decides, the store persists) ----

export interface StoryEntityRow {
  id: string;
  /** PER | ORG | LOC | MISC */
  type: string;
  name: string;
  mergedInto: string | null;
  createdAt: string;
}

export interface StoryKeyRow {
  key: string;
  entityId: string;
  /** 'name' | 'surname' | 'acronym' */
  kind: string;
  /** The name as written that produced the key. */
  surface: string;
}

export interface StoryLinkRow {
  articleId: string;
  /** Analysis entity id, e.g. 'e3'. */
  localId: string;
  /** Global entity id. */
  entityId: string;
  /** Why the mention was joined to the entity, for a person asking "why". */
  reason: string;
  score: number;
  name: string;
  /** Distinct mention texts. */
  surface: string[];
  descriptors: string[];
  /** The article's publication date. */
  seen: string | null;
}

export interface StoryMergeRow {
  id: string;
  intoId: string;
  fromId: string;
  reason: string;
  score: number;
  /** 'auto' | 'user' */
  by: string;
  at: string;
  undoneAt: string | null;
}

export interface StorySignatureRow {
  articleId: string;
  /** 128 uint32 MinHash values. */
  minhash: number[];
}

export interface StoryClaimRow {
  articleId: string;
  attributionId: string;
  answersArticleId: string;
  answersAttributionId: string;
  /** 'denies' | 'accuses' | … */
  relation: string;
  reason: string;
  score: number;
}

/** A statement as cross-article claim linking reads it: who said it, when, and its content's text. */
export interface StoryStatementRow {
  articleId: string;
  attributionId: string;
  published: string | null;
  speakerName: string | null;
  sourceText: string | null;
  /** The content spans' text joined with ' … ' (QuoteRow.contentText). */
  contentText: string;
}

export interface StoryLinkQuery extends PageQuery {
  entityIds?: string[];
  articleIds?: string[];
}

/** A global entity with what was gathered about it over time (derived from its article links). */
export interface GlobalEntityView extends StoryEntityRow {
  aliases: { alias: string; count: number; firstSeen: string | null; lastSeen: string | null }[];
  descriptors: { descriptor: string; articleId: string; firstSeen: string | null }[];
  articleCount: number;
}

export interface Store {
  /** 'sqlite' | 'postgres' */
  readonly kind: 'sqlite' | 'postgres';
  /** Idempotent, versioned (schema_migrations), safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** One transaction: the snapshot plus every record of the analysis; the same content hash again is a no-op. */
  putArticle(input: PutInput): Promise<PutResult>;
  /** Several articles in one transaction (bulk ingest); results in input order. All or nothing. */
  putArticles(inputs: PutInput[]): Promise<PutResult[]>;
  /** The stored article with this content hash, if any (cheap: check before analysing). */
  hasContentHash(hash: string): Promise<string | null>;
  /** Replaces the analysis rows of a stored article in one transaction; the snapshot stays. */
  replaceAnalysis(articleId: string, analysis: Analysis): Promise<void>;
  getArticle(id: string): Promise<StoredArticle | null>;
  getAnalysis(id: string): Promise<Analysis | null>;
  /** In ingest order (ingestedAt, id). */
  listArticles(opts?: PageQuery): Promise<Page<StoredArticle>>;
  countArticles(): Promise<number>;

  // Row queries ordered by (published, article id, start, local id): a series reads in time order.
  quotes(q?: QuoteQuery): Promise<Page<QuoteRow>>;
  figures(q?: FigureQuery): Promise<Page<FigureRow>>;
  events(q?: EventQuery): Promise<Page<EventRow>>;
  times(q?: PageQuery & DateWindow & { articleIds?: string[] }): Promise<Page<TimeRow>>;
  entities(q?: PageQuery & DateWindow & { articleIds?: string[]; name?: string; type?: string }): Promise<Page<EntityRow>>;
  search(q: SearchQuery): Promise<Page<SearchHit>>;

  // Duplicates and wire copies.
  setDupGroup(articleId: string, group: string | null): Promise<void>;
  articlesInDupGroup(group: string): Promise<string[]>;

  // The story layer's persistence (plain rows; all deciding is in src/story/).
  storyPutEntities(rows: StoryEntityRow[]): Promise<void>;
  storyGetEntities(ids: string[]): Promise<StoryEntityRow[]>;
  storyEntities(q?: PageQuery): Promise<Page<StoryEntityRow>>;
  storyAddKeys(rows: StoryKeyRow[]): Promise<void>;
  storyFindKeys(keys: string[]): Promise<StoryKeyRow[]>;
  storyPutLinks(rows: StoryLinkRow[]): Promise<void>;
  /** Ordered by (seen, articleId, localId). */
  storyLinks(q?: StoryLinkQuery): Promise<Page<StoryLinkRow>>;
  storyPutMerge(row: StoryMergeRow): Promise<void>;
  storyMerges(q?: PageQuery & { ids?: string[] }): Promise<Page<StoryMergeRow>>;
  storyPutSignature(row: StorySignatureRow, bands: string[]): Promise<void>;
  storyFindBands(bands: string[]): Promise<string[]>;
  storyGetSignatures(articleIds: string[]): Promise<StorySignatureRow[]>;
  storyPutClaims(rows: StoryClaimRow[]): Promise<void>;
  storyClaims(q?: PageQuery & { articleIds?: string[] }): Promise<Page<StoryClaimRow>>;
  /**
   * Every statement whose speaker is linked to one of these global entities, in a date window, in the
   * order of quotes(): the rows quotes({ speakerEntityIds, from, to }) pages through, with only what the
   * story reads of them.
   */
  storyStatements(q: { speakerEntityIds: string[]; from: string; to: string }): Promise<StoryStatementRow[]>;
  /** Drops the article's links, signature and bands, and claim rows on either side (before re-indexing it);
   *  says how many rows it dropped. */
  storyClearArticle(articleId: string): Promise<number | void>;

  // Conveniences over the story rows.
  getGlobalEntity(id: string): Promise<GlobalEntityView | null>;
  /** Case-insensitive match on the entity's name or any alias surface; merged-away entities left out. */
  findGlobalEntities(q: { name: string; type?: string }): Promise<StoryEntityRow[]>;
  /** Marks `fromId` merged into `intoId` and logs it; returns the merge id. */
  mergeEntities(intoId: string, fromId: string, reason: string, by?: string): Promise<string>;
  /** Undoes a logged merge (the entity stands alone again); false if it was unknown or already undone. */
  undoMerge(mergeId: string): Promise<boolean>;

  // Ingest at volume: the story rows of a batch share its transaction, and a stored article not yet
  // linked into the story is found again after a crash.
  /** Runs `fn` in one transaction over a store bound to it: everything `fn` writes commits together or not at all. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Records that the articles are linked into the story. */
  markIndexed(articleIds: string | string[]): Promise<void>;
  /** Stored articles not linked into the story yet, oldest ingest first. */
  unindexedArticles(q?: PageQuery): Promise<Page<string>>;
  /** Drops every story row except merges made by the user, and every dup group (before re-indexing all). */
  storyClearAll(): Promise<void>;
  /**
   * Refreshes the query planner's statistics (PostgreSQL: ANALYZE; SQLite plans by rule and needs none).
   * A store that grew many times over inside one ingest run otherwise keeps plans made for an empty one.
   */
  refreshStats(): Promise<void>;
  /** The article's dup group (null when none; undefined when no such article) — cheaper than getArticle. */
  dupGroupOf(articleId: string): Promise<string | null | undefined>;

  close(): Promise<void>;
}

/** Opens (and migrates) a store: a file path, ':memory:', or a postgres://… / postgresql://… URL. */
export async function openStore(spec: string, options: { migrate?: boolean } = {}): Promise<Store> {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new DossierError('DOSSIER_STORE_OPEN', 'No store was named: give a file path such as dossier.db or a postgres:// URL.');
  }
  const store: Store = /^postgres(ql)?:\/\//i.test(spec)
    ? await (await import('./postgres-store.js')).openPostgresStore(spec)
    : await (await import('./sqlite-store.js')).openSqliteStore(spec);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }
  return store;
}

export { contentHash, normaliseForHash, preparePut, type PreparedPut } from './rows.js';
