// RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: told apart from pages by their content, parsed by a maintained
// parser (@rowanmanning/feed-parser, which is lenient with real-world feeds and resolves relative
// links), and polled with conditional GET so a feed that has not changed costs one empty 304.

import { parseFeed } from '@rowanmanning/feed-parser';
import { DossierError } from '../errors.js';
import { decodeBytes, sniffBom } from './decode-text.js';
import { fetchUrl, type FetchOptions } from './fetch-url.js';

/** One entry of a feed, as much as ingest needs of it. */
export interface FeedEntry {
  /** The entry's link (absolute), or null when it has none. */
  link: string | null;
  title: string | null;
  /** ISO 8601 date-time the feed gives for the entry (published, else updated), or null. */
  published: string | null;
  /** guid / atom:id, else the link: what identifies the entry across polls. */
  key: string | null;
  /** Full content the feed carries (HTML), used only when the entry has no link to fetch. */
  content: string | null;
}

export interface ParsedFeed {
  kind: 'rss' | 'atom' | 'rdf';
  title: string | null;
  /** The site the feed belongs to. */
  site: string | null;
  entries: FeedEntry[];
}

/** Media types that only ever carry feeds. */
const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml\b/i;

/**
 * True when the bytes are a feed: a feed media type, or an XML document whose root element is <rss>,
 * <feed> or <rdf:RDF>. Pages served as application/xml (and XHTML) are told apart by their root.
 */
export function looksLikeFeed(bytes: Uint8Array, contentType: string | null = null): boolean {
  if (contentType && FEED_TYPES.test(contentType.trim())) return true;
  return feedRoot(bytes) !== null;
}

/** The root element name when it is a feed's, skipping the BOM, XML declaration, comments and doctype. */
export function feedRoot(bytes: Uint8Array): 'rss' | 'atom' | 'rdf' | null {
  const bom = sniffBom(bytes);
  const head = bom?.charset.startsWith('utf-16')
    ? new TextDecoder(bom.charset).decode(bytes.subarray(0, 4096))
    : Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 2048)).toString('latin1');
  // A UTF-8 BOM read as latin1 is three characters; a decoded one is U+FEFF.
  let i = head.startsWith('\u00ef\u00bb\u00bf') ? 3 : head.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = head.length;
  for (;;) {
    while (i < n && head.charCodeAt(i) <= 0x20) i++;
    if (head.charCodeAt(i) !== 0x3c /* < */) return null;
    const c = head.charCodeAt(i + 1);
    // Declarations, processing instructions (stylesheets) and comments come before the root.
    if (c === 0x3f /* ? */ || c === 0x21 /* ! */) {
      const close = head.startsWith('<!--', i) ? head.indexOf('-->', i + 4) : head.indexOf('>', i + 2);
      if (close < 0) return null;
      i = close + (head.startsWith('<!--', i) ? 3 : 1);
      continue;
    }
    const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(head.slice(i, i + 64));
    if (!m) return null;
    const name = m[2].toLowerCase();
    if (name === 'rss') return 'rss';
    if (name === 'feed') return 'atom';
    if (name === 'rdf' && (m[1] ?? '').toLowerCase() === 'rdf:') return 'rdf';
    return null;
  }
}

/** The encoding an XML document declares, e.g. <?xml version="1.0" encoding="windows-1251"?>. */
function xmlEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const m = /^(?:\ufeff|\u00ef\u00bb\u00bf)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return m ? m[1].toLowerCase() : null;
}

/** A feed's bytes into its entries; DOSSIER_FEED_INVALID when nothing of a feed can be read from them. */
export function parseFeedBytes(bytes: Uint8Array, where: { url?: string | null; contentType?: string | null } = {}): ParsedFeed {
  const what = where.url ? `The feed at ${where.url}` : 'The feed';
  if (bytes.length === 0) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} is empty.`);
  const fromType = where.contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(where.contentType)?.[1] ?? null : null;
  const { text } = decodeBytes(bytes, fromType ?? xmlEncoding(bytes), what);
  return parseFeedText(text, where.url ?? null);
}

export function parseFeedText(xml: string, url: string | null = null): ParsedFeed {
  const what = url ? `The feed at ${url}` : 'The feed';
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (err) {
    throw new DossierError('DOSSIER_FEED_INVALID', `${what} cannot be read as RSS or Atom (${(err as Error).message}).`, { cause: err });
  }
  const type = String(feed.meta.type);
  const kind = type === 'atom' ? 'atom' : type === 'rdf' || (type === 'rss' && feed.meta.version === '1.0') ? 'rdf' : 'rss';
  const entries: FeedEntry[] = [];
  for (const item of feed.items) {
    const link = absoluteHttp(item.url, url);
    const date = item.published ?? item.updated;
    entries.push({
      link,
      title: clean(item.title),
      published: date && !Number.isNaN(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : null,
      key: clean(item.id) ?? link,
      content: clean(item.content) ?? clean(item.description),
    });
  }
  return { kind, title: clean(feed.title), site: absoluteHttp(feed.url, url), entries };
}

function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** Only http(s) links are followed; relative ones are resolved against the feed's own address. */
function absoluteHttp(link: string | null | undefined, base: string | null): string | null {
  const l = link?.trim();
  if (!l) return null;
  try {
    const u = base ? new URL(l, base) : new URL(l);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** What a poll remembers between rounds: the validators the server sent and the entries already seen. */
export interface FeedState {
  etag: string | null;
  lastModified: string | null;
  seen: Set<string>;
}

export const newFeedState = (): FeedState => ({ etag: null, lastModified: null, seen: new Set() });

export type PollResult =
  | { status: 'not-modified' }
  | { status: 'ok'; feed: ParsedFeed; url: string; fresh: FeedEntry[] };

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/**
 * Fetches a feed with If-None-Match / If-Modified-Since from the last round. `fresh` holds the entries
 * not seen in earlier rounds (the state is updated), so a server that ignores the validators still
 * costs only a parse.
 */
export async function pollFeed(url: string, state: FeedState, options: Omit<FetchOptions, 'headers'> = {}): Promise<PollResult> {
  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;
  const fetched = await fetchUrl(url, { ...options, headers });
  if (fetched.status === 304) return { status: 'not-modified' };
  if (!looksLikeFeed(fetched.bytes, fetched.contentType)) {
    throw new DossierError('DOSSIER_FEED_INVALID', `${fetched.url} is no longer an RSS or Atom feed.`);
  }
  const feed = parseFeedBytes(fetched.bytes, { url: fetched.url, contentType: fetched.contentType });
  // Validators are kept only once the body was read as a feed, so a broken response is fetched again.
  state.etag = fetched.etag ?? null;
  state.lastModified = fetched.lastModified ?? null;
  const fresh: FeedEntry[] = [];
  for (const entry of feed.entries) {
    const key = entry.key ?? entry.link;
    if (key !== null) {
      if (state.seen.has(key)) continue;
      state.seen.add(key);
    }
    fresh.push(entry);
  }
  return { status: 'ok', feed, url: fetched.url, fresh };
}
