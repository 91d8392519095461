// The API's answer shapes as the app reads them (see the server's /openapi.json and
// src/story/queries.ts). Fields the app can live without are optional, so an older or newer server
// degrades a view instead of breaking it.
import type { Analysis } from '../../src/contract.ts';

export type { Analysis, Attribution, Entity, Event, Figure, Time, Span, Stance } from '../../src/contract.ts';

export interface Page<T> { items: T[]; next: string | null; counts?: Counts }
export interface Counts { items: number; articles: number; independentSources: number }

export interface SpanRef { start: number; end: number; text: string }

export interface ArticleSummary {
  id: string;
  title: string | null;
  /** 'headline' when the article came without a title and its first headline line is shown. */
  titleFrom?: 'given' | 'headline' | null;
  url: string | null;
  published: string | null;
  publishedFrom?: string | null;
  ingestedAt?: string | null;
  dupGroup?: string | null;
  counts?: { attributions: number; figures: number; events: number; entities: number };
}

export interface GlobalEntityRef { id: string; name: string; type: string }

export interface SpeakerView {
  /** The source as written ("he"), the local entity and its name, the story entity, and how it was resolved. */
  asWritten: string;
  entity: string | null;
  name: string | null;
  entityId: string | null;
  resolution: string | null;
}

export interface ArticleDetail {
  article: ArticleSummary & { text?: string };
  analysis: Analysis;
  entityLinks?: Record<string, GlobalEntityRef & { reason?: string }>;
  /** By attribution id. */
  speakers?: Record<string, SpeakerView>;
}

export interface Dated { date?: string | null; dateFrom?: 'time' | 'published' | null; dupGroup?: string }

export interface QuoteItem extends Dated {
  articleId: string;
  attributionId: string;
  published: string | null;
  title: string | null;
  url?: string | null;
  kind: string;
  stance: string | null;
  cue: SpanRef & { lemma: string; class: string | null };
  source: (SpanRef & { entity: string | null }) | null;
  speakerName: string | null;
  /** When the server resolves the speaker to the story's entity. */
  speaker?: GlobalEntityRef | null;
  content: SpanRef[];
  contentText: string;
  confidence: number | null;
  start: number;
  end: number;
}

export interface FigureItem extends Dated {
  articleId: string;
  figureId: string;
  published: string | null;
  title: string | null;
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
  sourceText: string | null;
}

/** Actors, targets and place are article-local entity ids; a server may add resolved names. */
export type EntityRefOrId = string | { id?: string | null; localId?: string; name: string; type?: string };

export interface EventItem extends Dated {
  articleId: string;
  eventId: string;
  published: string | null;
  title: string | null;
  code: string;
  label: string | null;
  modality: string;
  trigger: SpanRef;
  condition: SpanRef | null;
  actors: EntityRefOrId[];
  targets: EntityRefOrId[];
  place: EntityRefOrId | null;
  placeName?: string | null;
  actorNames?: string[];
  targetNames?: string[];
  /** The event's time: an article-local id ('t5'); as written ("on Monday") and its TIMEX value ("2022-03-28"). */
  time: string | null;
  timeText?: string | null;
  timeValue?: string | null;
  attributionId: string | null;
  start: number;
  end: number;
}

export interface TimelineItem extends Partial<QuoteItem>, Partial<Omit<EventItem, keyof QuoteItem>> {
  what: 'said' | 'said-about' | 'event';
  articleId: string;
}

export interface StatementRef {
  articleId: string;
  attributionId: string;
  published: string | null;
  title?: string | null;
  speaker: SpanRef | null;
  speakerEntity?: GlobalEntityRef | null;
  cue: SpanRef & { lemma?: string };
  content: SpanRef[];
  stance?: string | null;
}

export interface ClaimItem {
  /** On an entity's claims: 'made' (it denies or accuses) or 'received' (its statement is answered). */
  role?: 'made' | 'received';
  relation: string;
  score: number;
  reason: string;
  challenge: StatementRef;
  answers: StatementRef;
}

export interface SearchHit {
  kind: 'article' | 'quote';
  articleId: string;
  attributionId: string | null;
  published: string | null;
  title: string | null;
  start: number;
  end: number;
  text: string;
}

export interface EntityRow { id: string; type: string; name: string; articleCount?: number; aliases?: string[] }

export interface EntityDetail {
  id: string;
  type: string;
  name: string;
  aliases: { alias: string; count: number; firstSeen: string | null; lastSeen: string | null }[];
  descriptors: { descriptor: string; count: number; firstSeen: string | null; lastSeen: string | null }[];
  links?: { articleId: string; localId: string; reason: string; score: number; name: string; seen: string | null }[];
  counts?: Counts;
}

export interface IngestAnswer {
  results: { articleId: string; status: string; title: string | null; url: string | null }[];
  failed: { url?: string | null; error: { code: string; message: string } | string }[];
}
