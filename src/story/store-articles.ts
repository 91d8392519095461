// Storing analysed articles and linking them into the story in one transaction: the step `dossier ingest`
// takes for each batch and the HTTP API takes for each posted article. A kill (or a failed request)
// leaves an article with all of its story rows or none of it.

import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import { contentHash, preparePut, type PreparedPut, type PutInput, type PutResult, type Store } from '../store/store.js';
import { defaultStoryContext, prepareStory, type IndexOptions, type StoryContext, type StoryPrep } from './index-article.js';

/** What links a stored article into the story (indexArticle with a context; a stub in tests). */
export type LinkFn = ((store: Store, articleId: string, analysis: Analysis, options?: IndexOptions) => Promise<unknown>) & {
  /** Forgets what the linker keeps between calls (after a rolled-back transaction). */
  reset?: () => void;
};

/** An input to putAndLink, with the story's part of its preparation when that was computed already. */
export type LinkInput = PutInput & { story?: StoryPrep | null };

/** What storing and linking an analysed article needs that depends on nothing but the article and its analysis. */
export interface ReadyArticle {
  put: PreparedPut;
  story: StoryPrep;
}

/**
 * Everything putAndLink can compute ahead for one article — its rows, content hash and stored analysis,
 * its MinHash signature and bands, its entities' name keys. Ingest runs it on the worker thread that
 * analysed the article, next to the engine; `hash`, when given, is contentHash(article.text).
 */
export function readyArticle(input: Pick<PutInput, 'article' | 'analysis'>, hash?: string, ctx: StoryContext = defaultStoryContext()): ReadyArticle {
  return { put: preparePut(input, hash), story: prepareStory(input.analysis, ctx) };
}

/**
 * The article's first headline line, for an article that came without a title: a plain-text report
 * carries its title as its first line, and the engine finds it (the analysis's `headlines`, role 'title').
 */
export function headlineTitle(analysis: Analysis): string | null {
  const headlines = (analysis as Analysis & { headlines?: { start: number; end: number; role: string }[] }).headlines ?? [];
  const h = headlines.find((x) => x.role === 'title');
  const title = h ? analysis.text.slice(h.start, h.end).replace(/\s+/g, ' ').trim() : '';
  return title || null;
}

/**
 * The input with a title to store: the one given, else its headline. The analysis is left as the engine
 * made it (its `title` stays null), which is how a reader tells a derived title from a given one.
 */
export function withTitle<T extends PutInput>(input: T): T {
  if (input.article.title || input.analysis.title) return input;
  const title = headlineTitle(input.analysis);
  return title ? { ...input, article: { ...input.article, title } } : input;
}

/** Puts the articles, links each newly created one into the story and marks it linked: one transaction. */
export async function putAndLink(store: Store, given: LinkInput[], link: LinkFn): Promise<PutResult[]> {
  const inputs = given.map(withTitle);
  try {
    return await store.transaction(async (tx) => {
      const put = await tx.putArticles(inputs);
      const linked: string[] = [];
      for (let i = 0; i < inputs.length; i++) {
        if (!put[i].created) continue;
        await link(tx, put[i].articleId, inputs[i].analysis, { prepared: inputs[i].story ?? null, fresh: true });
        linked.push(put[i].articleId);
      }
      if (linked.length) await tx.markIndexed(linked);
      return put;
    });
  } catch (err) {
    link.reset?.();
    throw err;
  }
}

export interface StoredOne {
  articleId: string;
  /** 'duplicate': the same text (by content hash) was stored before; nothing was analysed or written. */
  status: 'ingested' | 'duplicate';
  /** The title stored with a newly ingested article (given, or its headline); null for a duplicate. */
  title: string | null;
}

/**
 * One article into the store as `dossier ingest` stores it: the content hash is looked up first (a
 * re-post costs no analysis), then the article is analysed, stored and linked.
 */
export async function storeArticle(store: Store, input: { article: Article; html: string | null; foundVia: string },
  analyze: (article: Article) => Analysis | Promise<Analysis>, link: LinkFn): Promise<StoredOne> {
  const existing = await store.hasContentHash(contentHash(input.article.text));
  if (existing) return { articleId: existing, status: 'duplicate', title: null };
  const analysis = await analyze(input.article);
  const put = withTitle({ article: input.article, html: input.html, foundVia: input.foundVia, analysis });
  const [r] = await putAndLink(store, [put], link);
  return { articleId: r.articleId, status: r.created ? 'ingested' : 'duplicate', title: r.created ? put.article.title ?? null : null };
}
