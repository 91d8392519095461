// Loading one article for the store, with the page it came from: bytes (a file, a fetched page), a JSON
// object ({text|html|url, title, published}: a `.jsonl` line or an HTTP request body) or a feed entry.
// Shared by `dossier ingest` and the HTTP API, so both store the same article from the same input.

import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import { decodeBytes, sniffBinary } from './decode-text.js';
import type { FeedEntry, ParsedFeed } from './feeds.js';
import { fetchUrl } from './fetch-url.js';
import { articleFromHtmlBytes, articleFromJsonObject, declaredCharset, DEFAULT_MAX_BYTES, looksLikeHtml } from './load-input.js';

/** An article read and ready to analyse, with the page it came from when there was one. */
export interface Loaded {
  article: Article;
  html: string | null;
}

export interface LoadSourceOptions {
  allowPrivate?: boolean;
  /** The date for articles that carry none of their own (ISO 8601, already checked). */
  published?: string | null;
  maxBytes?: number;
}

/** The given date is a fallback for articles that do not carry their own. */
export function withDate(article: Article, options: LoadSourceOptions): Article {
  if (article.published || !options.published) return article;
  return { ...article, published: options.published, publishedFrom: 'given' };
}

/** A page's or a file's bytes: HTML through the extractor (the decoded page kept as snapshot), else plain text. */
export function fromBytes(bytes: Uint8Array, where: { url: string | null; contentType: string | null; name?: string | null; what: string }, options: LoadSourceOptions): Loaded {
  if (looksLikeHtml(bytes, where.contentType, where.name ?? null)) {
    const { bodyStart: _, ...article } = articleFromHtmlBytes(bytes, where, {});
    // The snapshot keeps the page as decoded; a second decode is cheap next to the extraction.
    const html = decodeBytes(bytes, declaredCharset(bytes, where.contentType), where.what).text;
    return { article: withDate(article, options), html };
  }
  return { article: withDate(plainText(bytes, where), options), html: null };
}

function plainText(bytes: Uint8Array, where: { url: string | null; contentType: string | null; what: string }): Article {
  if (bytes.length === 0) throw new DossierError('DOSSIER_INPUT_EMPTY', `${where.what} is empty.`);
  const binary = sniffBinary(bytes);
  if (binary) throw new DossierError('DOSSIER_INPUT_BINARY', `${where.what} is not text: it looks like ${binary}.`);
  const charset = where.contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(where.contentType)?.[1] ?? null : null;
  const { text, warnings } = decodeBytes(bytes, charset, where.what);
  if (text.trim() === '') throw new DossierError('DOSSIER_INPUT_EMPTY', `${where.what} contains only whitespace.`);
  return { text, url: where.url, title: null, published: null, publishedFrom: null, warnings };
}

/** A parsed JSON object ({id?, text?|html?, url?, title?, published?}); the html is kept as snapshot when it was the input. */
export async function loadJsonObject(value: unknown, options: LoadSourceOptions): Promise<Loaded> {
  const article = await articleFromJsonObject(value, { allowPrivate: options.allowPrivate, maxBytes: options.maxBytes });
  const o = value as { html?: unknown; text?: unknown };
  const html = typeof o.html === 'string' && !(typeof o.text === 'string' && o.text !== '') ? o.html : null;
  return { article: withDate(article, options), html };
}

/** A feed entry's page, with the feed's link, title and date (publishedFrom 'feed') where it gives them. */
export async function loadFeedEntry(entry: FeedEntry, feed: ParsedFeed, options: LoadSourceOptions): Promise<Loaded> {
  let loaded: Loaded;
  if (entry.link) {
    const fetched = await fetchUrl(entry.link, { allowPrivate: options.allowPrivate, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
    loaded = fromBytes(fetched.bytes, { url: fetched.url, contentType: fetched.contentType, what: `The page at ${fetched.url}` }, {});
  } else if (entry.content) {
    // An entry without a link can still carry the whole article.
    const html = `<html><head><title>${escapeHtml(entry.title ?? '')}</title></head><body><article>${entry.content}</article></body></html>`;
    loaded = fromBytes(Buffer.from(html, 'utf8'), { url: null, contentType: 'text/html; charset=utf-8', what: `An entry of the feed ${feed.title ?? ''}`.trim() }, {});
  } else {
    throw new DossierError('DOSSIER_FEED_INVALID', `A feed entry${entry.title ? ` ("${entry.title}")` : ''} has neither a link nor content.`);
  }
  const article: Article = { ...loaded.article, url: entry.link ?? loaded.article.url ?? null };
  if (entry.title) article.title = entry.title;
  if (entry.published) {
    article.published = entry.published;
    article.publishedFrom = 'feed';
  }
  return { article: withDate(article, options), html: loaded.html };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
