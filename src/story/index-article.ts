// The story layer's entry point for ingest: after putArticle, indexArticle links the article's entities
// to global ones, puts it in a dup group and links its denials and accusations to the statements
// they answer. reindexAll does the same for every stored article (after `dossier reanalyze`).

import type { Analysis, Attribution } from '../contract.js';
import type { Gazetteer } from '../models/gazetteer.js';
import { LEXICON_DIR, loadGazetteerResource } from '../resources.js';
import { bandKeys, DUP_THRESHOLD, estimateJaccard, signatureOf } from './find-duplicates.js';
import { entityForms, linkEntities, mergedClosure, mergeEntities, resolveLive, type AutoMerge, type EntityForms, type LinkContext, type LinkDecision } from './link-entities.js';
import { daysBetween, entityCodes, findChallenges, linkClaimsWithin, mayShareWords, scoreAnswer, WINDOW_DAYS, type ClaimLink, type SpeakerView } from './link-claims.js';
import { defaultVariantFile, loadVariantTable } from './names.js';
import { cachedStoryStore, StoryCache, type StoryFastPaths } from './story-cache.js';
import { allPages, type StoryClaimRow, type StoryStatementRow, type StoryStore } from './story-store.js';

type StoryArticle = { id: string; published: string | null };

export interface StoryContext extends LinkContext {
  gazetteer?: Gazetteer | null;
  /** Story rows kept in memory over many indexArticle calls (one ingest run); see story-cache.ts. */
  cache?: StoryCache | null;
}

let cachedContext: StoryContext | null = null;

/** Variant table and gazetteer, loaded once per process. */
export function defaultStoryContext(): StoryContext {
  if (cachedContext) return cachedContext;
  const gazetteer = loadGazetteerResource();
  cachedContext = { gazetteer, variants: loadVariantTable(defaultVariantFile(LEXICON_DIR), gazetteer.variants) };
  return cachedContext;
}

export interface IndexResult {
  links: LinkDecision[];
  merges: AutoMerge[];
  dupGroup: string;
  /** Estimated Jaccard similarity to the closest earlier copy, when one was found. */
  dupOf: { articleId: string; similarity: number } | null;
  claims: ClaimLink[];
}

/**
 * What linking needs of an analysis before it reads the store — its MinHash signature and bands, and the
 * forms its entities are looked up by — a pure function of the analysis and the context's variant table,
 * so ingest computes it on the worker that analysed the article (prepareStory).
 */
export interface StoryPrep {
  signature: ArrayLike<number>;
  bands: string[];
  entities: EntityForms[];
}

export function prepareStory(analysis: Analysis, ctx: StoryContext = defaultStoryContext()): StoryPrep {
  const signature = signatureOf(analysis.text);
  return { signature, bands: bandKeys(signature), entities: entityForms(analysis, ctx.variants) };
}

/** Puts an article in the dup group of its closest near-copy, or a group of its own (`sig`: signatureOf(text) when known). */
export async function assignDupGroup(store: StoryStore & StoryFastPaths, articleId: string, text: string,
  known?: { signature: ArrayLike<number>; bands: string[] }): Promise<{ group: string; dupOf: IndexResult['dupOf'] }> {
  const sig = known ? known.signature : signatureOf(text);
  const bands = known ? known.bands : bandKeys(sig);
  const candidates = (await store.storyFindBands(bands)).filter((id) => id !== articleId);
  let best: { articleId: string; similarity: number } | null = null;
  if (candidates.length) {
    for (const row of await store.storyGetSignatures(candidates)) {
      const j = estimateJaccard(sig, row.minhash);
      if (j >= DUP_THRESHOLD && (!best || j > best.similarity || (j === best.similarity && row.articleId < best.articleId))) best = { articleId: row.articleId, similarity: j };
    }
  }
  let group = articleId;
  if (best) {
    const other = store.dupGroupOf ? await store.dupGroupOf(best.articleId) : (await store.getArticle(best.articleId))?.dupGroup;
    group = other ?? best.articleId;
  }
  await store.storyPutSignature({ articleId, minhash: Array.from(sig) }, bands);
  await store.setDupGroup(articleId, group);
  return { group, dupOf: best };
}

async function speakerViews(store: StoryStore, articleId: string, analysis: Analysis, g: Gazetteer | null, localToGlobal?: Map<string, string>): Promise<(a: Attribution) => SpeakerView | null> {
  let map = localToGlobal;
  if (!map) {
    map = new Map();
    for (const l of await allPages((cursor) => store.storyLinks({ articleIds: [articleId], cursor, limit: 1000 }))) map.set(l.localId, l.entityId);
  }
  const live = await resolveLive(store, map.values());
  const views = new Map<string, SpeakerView>();
  for (const e of analysis.entities) {
    const gid = map.get(e.id);
    views.set(e.id, { globalId: gid ? live.get(gid)?.id ?? gid : null, codes: entityCodes(analysis, e.id, g), name: e.name });
  }
  return (a) => (a.source?.entity ? views.get(a.source.entity) ?? null : null);
}

export interface IndexOptions {
  /** prepareStory(analysis, ctx), when it was computed already. */
  prepared?: StoryPrep | null;
  /** The article was stored in this very transaction: the story holds no rows of it to clear. */
  fresh?: boolean;
}

/** Links one stored article into the story: entities, dup group, claims. */
export async function indexArticle(inner: StoryStore, articleId: string, analysis: Analysis, ctx: StoryContext = defaultStoryContext(),
  options: IndexOptions = {}): Promise<IndexResult> {
  const store = ctx.cache ? cachedStoryStore(inner, ctx.cache) : inner;
  const g = ctx.gazetteer ?? null;
  const prepared = options.prepared ?? null;
  if (!options.fresh) await store.storyClearArticle(articleId);
  const { links, merges } = await linkEntities(store, articleId, analysis, ctx, prepared?.entities);
  const { group, dupOf } = await assignDupGroup(store, articleId, analysis.text, prepared ?? undefined);

  const localToGlobal = new Map(links.map((l) => [l.localId, l.entityId]));
  const challenges = findChallenges(analysis, g);
  // speakers are only asked about when the article denies or accuses (a fifth of reports)
  const speakerOf = challenges.length ? await speakerViews(store, articleId, analysis, g, localToGlobal) : () => null;
  const live = await resolveLive(store, localToGlobal.values());
  const ownerGlobalOf = (local: string | null) => {
    const gid = local ? localToGlobal.get(local) : undefined;
    return gid ? live.get(gid)?.id ?? gid : null;
  };
  const claims = linkClaimsWithin(articleId, analysis, challenges, speakerOf, ownerGlobalOf);

  // across articles: statements by the owner itself within the window (one indexed query; the
  // owner's officials are linked inside their own articles, where their descriptors are known)
  if (store.quotes || store.storyStatements) {
    for (const ch of challenges) {
      const owner = ownerGlobalOf(ch.ownerLocal);
      if (!owner || !ch.words.size || !analysis.published) continue;
      const ids = await mergedClosure(store, owner);
      const day = Date.parse(analysis.published.slice(0, 10) + 'T00:00:00Z');
      const from = new Date(day - WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(day + WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
      const rows = await statementsBy(store, ids, from, to);
      for (const q of rows) {
        if (q.articleId === articleId) continue;
        if ((daysBetween(q.published, analysis.published) ?? Infinity) > WINDOW_DAYS) continue;
        // across articles a statement must share a content word with the denied content (scoreAnswer)
        if (!mayShareWords(q.contentText, ch.words)) continue;
        const speaker: SpeakerView = { globalId: owner, codes: new Set(), name: q.speakerName ?? q.sourceText ?? ch.ownerName };
        const st = { id: q.attributionId } as Attribution;
        // the content's text joined with ' … ' has the same content words as joined with a space
        const scored = scoreAnswer(ch, owner, st, speaker, q.contentText, false);
        if (!scored) continue;
        claims.push({ attributionId: ch.attribution.id, answersArticleId: q.articleId, answersAttributionId: q.attributionId, relation: ch.relation,
          score: Math.round(scored.score * 1000) / 1000, reason: scored.reason });
      }
    }
  }
  const rows: StoryClaimRow[] = claims.map((c) => ({ articleId, ...c }));
  if (rows.length) await store.storyPutClaims(rows);
  return { links, merges, dupGroup: group, dupOf, claims };
}

/** Statements by any of `ids` in the window, from the lighter store query when there is one. */
async function statementsBy(store: StoryStore, ids: string[], from: string, to: string): Promise<StoryStatementRow[]> {
  if (store.storyStatements) return store.storyStatements({ speakerEntityIds: ids, from, to });
  return (await allPages((cursor) => store.quotes!({ speakerEntityIds: ids, from, to, cursor, limit: 1000 })))
    .map((q) => ({ articleId: q.articleId, attributionId: q.attributionId, published: q.published, speakerName: q.speakerName,
      sourceText: q.source?.text ?? null, contentText: q.content.map((c) => c.text).join(' … ') }));
}

/** Re-links every stored article in publication order, then re-applies the user's merges that still hold. */
export async function reindexAll(store: StoryStore, ctx: StoryContext = defaultStoryContext(), onProgress?: (done: number, total: number) => void): Promise<{ articles: number; userMerges: number }> {
  const userMerges = (await allPages((cursor) => store.storyMerges({ cursor, limit: 1000 }))).filter((m) => m.by === 'user' && !m.undoneAt);
  const articles: StoryArticle[] = await allPages((cursor) => store.listArticles({ cursor, limit: 500 }));
  if (store.storyClearAll) await store.storyClearAll();
  else for (const a of articles) await store.storyClearArticle(a.id);
  articles.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.id.localeCompare(b.id));
  // the story rows are read back from memory while every article is linked again
  const linking: StoryContext = ctx.cache ? ctx : { ...ctx, cache: new StoryCache() };
  let done = 0;
  for (const a of articles) {
    const analysis = await store.getAnalysis(a.id);
    if (analysis) await indexArticle(store, a.id, analysis, linking);
    onProgress?.(++done, articles.length);
  }
  let reapplied = 0;
  for (const m of userMerges.sort((x, y) => x.at.localeCompare(y.at))) {
    const live = await resolveLive(store, [m.intoId, m.fromId]);
    const into = live.get(m.intoId), from = live.get(m.fromId);
    if (!into || !from || into.id === from.id) continue;
    await mergeEntities(store, m.intoId, m.fromId, m.reason, { ...ctx, now: () => m.at });
    reapplied++;
  }
  return { articles: articles.length, userMerges: reapplied };
}
