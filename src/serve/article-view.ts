// Articles as the API shows them: a light summary for lists (no text), and the whole record for one
// article, with what the story layer knows about it — which global entity each local one was linked to
// (so a speaker links to its person page), and how each speaker was found ("he" → Sergey Lavrov).

import type { Analysis } from '../contract.js';
import type { Store, StoredArticle } from '../store/store.js';
import { resolveLive } from '../story/link-entities.js';
import { headlineTitle } from '../story/store-articles.js';
import { allPages } from '../story/story-store.js';

export interface ArticleSummary {
  id: string;
  title: string | null;
  /** 'given' with the article (a title field, page metadata, a feed); 'headline' its first headline line. */
  titleFrom: 'given' | 'headline' | null;
  url: string | null;
  published: string | null;
  publishedFrom: string | null;
  foundVia: string;
  ingestedAt: string;
  dupGroup: string | null;
  counts: { attributions: number; figures: number; events: number; entities: number };
}

export function summaryOf(a: StoredArticle, analysis: Analysis | null): ArticleSummary {
  // A stored title the engine was not given was derived at ingest; an article stored before that is
  // titled from its headline here.
  const given = analysis?.title ?? null;
  const title = a.title ?? given ?? (analysis ? headlineTitle(analysis) : null);
  const titleFrom = !title ? null : given || (a.title && !analysis) ? 'given' : 'headline';
  return {
    id: a.id, title, titleFrom, url: a.url, published: a.published, publishedFrom: a.publishedFrom,
    foundVia: a.foundVia, ingestedAt: a.ingestedAt, dupGroup: a.dupGroup ?? null,
    counts: {
      attributions: analysis?.attributions.length ?? 0, figures: analysis?.figures.length ?? 0,
      events: analysis?.events.length ?? 0, entities: analysis?.entities.length ?? 0,
    },
  };
}

export interface EntityLink {
  /** The global (story) entity, after merges. */
  id: string;
  name: string;
  type: string;
  /** Why the article's entity was joined to it. */
  reason: string;
}

export interface SpeakerView {
  /** The source as written ("he", "the Russian foreign minister", "Lavrov"). */
  asWritten: string;
  start: number;
  end: number;
  /** The article-local entity it was resolved to, and its name there. */
  entity: string | null;
  name: string | null;
  /** The global entity, when the local one is linked into the story. */
  entityId: string | null;
  /** How the engine resolved it, when it says (e.g. 'pronoun he -> Sergey Lavrov (last male subject)'). */
  resolution: string | null;
}

export interface ArticleView {
  article: ArticleSummary;
  analysis: Analysis;
  entityLinks: Record<string, EntityLink>;
  /** By attribution id: the speaker as written and whom it was resolved to. */
  speakers: Record<string, SpeakerView>;
}

/** Local entity id → the live global entity it is linked to. */
async function entityLinksOf(store: Store, articleId: string): Promise<Record<string, EntityLink>> {
  const links = await allPages((cursor) => store.storyLinks({ articleIds: [articleId], cursor, limit: 1000 }));
  const live = await resolveLive(store, links.map((l) => l.entityId));
  const out: Record<string, EntityLink> = {};
  for (const l of links) {
    const e = live.get(l.entityId);
    out[l.localId] = e ? { id: e.id, name: e.name, type: e.type, reason: l.reason } : { id: l.entityId, name: l.name, type: '', reason: l.reason };
  }
  return out;
}

function speakersOf(analysis: Analysis, links: Record<string, EntityLink>): Record<string, SpeakerView> {
  const names = new Map(analysis.entities.map((e) => [e.id, e.name]));
  const out: Record<string, SpeakerView> = {};
  for (const at of analysis.attributions) {
    const s = at.source;
    if (!s) continue;
    const resolution = (at as { resolution?: unknown }).resolution;
    out[at.id] = {
      asWritten: analysis.text.slice(s.start, s.end), start: s.start, end: s.end,
      entity: s.entity, name: s.entity ? names.get(s.entity) ?? null : null,
      entityId: s.entity ? links[s.entity]?.id ?? null : null,
      resolution: typeof resolution === 'string' ? resolution : null,
    };
  }
  return out;
}

export async function articleView(store: Store, id: string): Promise<ArticleView | null> {
  const article = await store.getArticle(id);
  if (!article) return null;
  const analysis = await store.getAnalysis(id);
  if (!analysis) return null;
  const entityLinks = await entityLinksOf(store, id);
  return { article: summaryOf(article, analysis), analysis, entityLinks, speakers: speakersOf(analysis, entityLinks) };
}
