// What `dossier ingest PATH|URL|FEED …` reads: each argument is expanded into items (one article each)
// before anything is analysed, so the progress bar knows its total. Folders are walked recursively in
// name order; a JSON-lines file is one item per line; a feed (told apart by its content, not its name)
// is one item per entry, its link fetched later. Whatever is passed over is reported with a reason.

import { readdir, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../doc.js';
import { asDossierError, DossierError } from '../errors.js';
import { sniffBinary } from '../ingest/decode-text.js';
import { looksLikeFeed, parseFeedBytes, type FeedEntry, type ParsedFeed } from '../ingest/feeds.js';
import { fetchUrl, type Fetched } from '../ingest/fetch-url.js';
import { dateFromUrl } from '../ingest/find-published.js';
import { DEFAULT_MAX_BYTES, loadInput, looksLikeHtml, readCapped } from '../ingest/load-input.js';
import { fromBytes, loadFeedEntry, loadJsonObject, withDate, type Loaded } from '../ingest/load-source.js';
import { readLines } from './batch.js';

export type FoundVia = 'file' | 'url' | 'feed' | 'jsonl' | 'given';

export { loadFeedEntry, type Loaded };

export interface SourceOptions {
  allowPrivate?: boolean;
  /** The date for articles that carry none of their own (ISO 8601, already checked). */
  published?: string | null;
  maxBytes?: number;
  stdin?: NodeJS.ReadableStream;
}

/** One argument, expanded. */
export type Unit =
  | { kind: 'file'; path: string }
  | { kind: 'jsonl'; path: string; lines: number }
  | { kind: 'page'; url: string; fetched: Fetched }
  | { kind: 'feed'; url: string; feed: ParsedFeed; entries: FeedEntry[]; etag?: string | null; lastModified?: string | null; remote?: boolean }
  | { kind: 'stdin' }
  | { kind: 'skip'; label: string; error: DossierError };

/** Extensions read when walking a folder; a file named on the command line is read whatever its name. */
const ARTICLE_EXT = new Set(['.txt', '.html', '.htm', '.xhtml']);
const JSONL_EXT = new Set(['.jsonl', '.ndjson']);
const FEED_EXT = new Set(['.xml', '.rss', '.atom']);

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** Expands every argument into units, in order; failures become 'skip' units, never throws for one input. */
export async function expandSources(specs: string[], options: SourceOptions): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const spec of specs) {
    try {
      if (spec === '-') units.push({ kind: 'stdin' });
      else if (isUrl(spec)) units.push(await expandUrl(spec, options));
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new DossierError('DOSSIER_FETCH_BAD_URL', `Only http and https URLs can be fetched, not ${spec.slice(0, spec.indexOf(':'))}.`);
      else await expandPath(spec, true, units, options);
    } catch (err) {
      units.push({ kind: 'skip', label: spec, error: asDossierError(err) });
    }
  }
  return units;
}

async function expandUrl(url: string, options: SourceOptions): Promise<Unit> {
  const fetched = await fetchUrl(url, {
    allowPrivate: options.allowPrivate,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    headers: { accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.1' },
  });
  if (looksLikeFeed(fetched.bytes, fetched.contentType) && !looksLikeHtml(fetched.bytes, null, null)) {
    const feed = parseFeedBytes(fetched.bytes, { url: fetched.url, contentType: fetched.contentType });
    return { kind: 'feed', url: fetched.url, feed, entries: feed.entries, etag: fetched.etag ?? null, lastModified: fetched.lastModified ?? null, remote: true };
  }
  return { kind: 'page', url, fetched };
}

async function expandPath(p: string, named: boolean, units: Unit[], options: SourceOptions): Promise<void> {
  let info;
  try {
    info = await stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DossierError('DOSSIER_INPUT_NOT_FOUND', `There is no file or folder ${p}.`);
    throw new DossierError('DOSSIER_INPUT_UNREADABLE', `${p} cannot be read (${code ?? (err as Error).message}).`);
  }
  if (info.isDirectory()) {
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (err) {
      throw new DossierError('DOSSIER_INPUT_UNREADABLE', `The folder ${p} cannot be listed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
    }
    for (const name of names) {
      const child = path.join(p, name);
      if (name.startsWith('.')) {
        units.push({ kind: 'skip', label: child, error: new DossierError('DOSSIER_INPUT_SKIPPED', 'hidden file or folder') });
        continue;
      }
      try {
        await expandPath(child, false, units, options);
      } catch (err) {
        units.push({ kind: 'skip', label: child, error: asDossierError(err) });
      }
    }
    return;
  }
  if (!info.isFile()) {
    if (named) units.push({ kind: 'file', path: p }); // a pipe or device named on purpose is read as one article
    else units.push({ kind: 'skip', label: p, error: new DossierError('DOSSIER_INPUT_SKIPPED', 'not a regular file') });
    return;
  }
  const ext = path.extname(p).toLowerCase();
  if (JSONL_EXT.has(ext)) {
    units.push({ kind: 'jsonl', path: p, lines: await countLines(p) });
    return;
  }
  if (!named && !ARTICLE_EXT.has(ext) && !FEED_EXT.has(ext)) {
    units.push({ kind: 'skip', label: p, error: new DossierError('DOSSIER_INPUT_SKIPPED', `not an article file (.txt, .html, .htm, .jsonl or a feed .xml/.rss/.atom)`) });
    return;
  }
  if (info.size > (options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    units.push({ kind: 'skip', label: p, error: new DossierError('DOSSIER_INPUT_TOO_LARGE', `${info.size} bytes, larger than the ${options.maxBytes ?? DEFAULT_MAX_BYTES} accepted`) });
    return;
  }
  // Feeds are recognised by content; only XML-ish names and files named on the command line are opened for it.
  if (named || FEED_EXT.has(ext)) {
    const head = await readHead(p, 4096);
    const binary = sniffBinary(head);
    if (binary) {
      units.push({ kind: 'skip', label: p, error: new DossierError('DOSSIER_INPUT_BINARY', `it looks like ${binary}`) });
      return;
    }
    if (looksLikeFeed(head) && !looksLikeHtml(head, null, path.basename(p))) {
      const bytes = await readCapped(createReadStream(p), options.maxBytes ?? DEFAULT_MAX_BYTES, `The file ${p}`);
      const feed = parseFeedBytes(bytes, { url: null });
      units.push({ kind: 'feed', url: p, feed, entries: feed.entries });
      return;
    }
    if (FEED_EXT.has(ext) && !named) {
      units.push({ kind: 'skip', label: p, error: new DossierError('DOSSIER_INPUT_SKIPPED', 'an XML file that is not an RSS or Atom feed') });
      return;
    }
  }
  units.push({ kind: 'file', path: p });
}

async function readHead(file: string, n: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: n - 1 }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return Buffer.concat(chunks, total);
}

/** Non-blank lines, counted by bytes (no decoding), for the progress total. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let blank = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 0x0a) {
        if (!blank) lines++;
        blank = true;
      } else if (c !== 0x20 && c !== 0x0d && c !== 0x09) blank = false;
    }
  }
  return blank ? lines : lines + 1;
}

/** Items the units will yield (the progress bar's total). */
export function countItems(units: Unit[]): number {
  let n = 0;
  for (const u of units) n += u.kind === 'jsonl' ? u.lines : u.kind === 'feed' ? u.entries.length : 1;
  return n;
}

/** One article to ingest; `load` reads (or fetches) it only when its turn comes. */
export interface Item {
  label: string;
  foundVia: FoundVia;
  load: () => Promise<Loaded>;
}

export type ItemOrSkip = Item | { label: string; skipped: DossierError };

/** Every item of the units, in order; JSON-lines files are streamed. */
export async function* itemsOf(units: Unit[], options: SourceOptions): AsyncGenerator<ItemOrSkip> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const unit of units) {
    switch (unit.kind) {
      case 'skip':
        yield { label: unit.label, skipped: unit.error };
        break;
      case 'stdin':
        yield { label: 'standard input', foundVia: 'given', load: async () => ({ article: withDate(await loadInput('-', { stdin: options.stdin, maxBytes }), options), html: null }) };
        break;
      case 'file':
        yield { label: unit.path, foundVia: 'file', load: () => loadFile(unit.path, options) };
        break;
      case 'page':
        yield { label: unit.url, foundVia: 'url', load: async () => fromBytes(unit.fetched.bytes, { url: unit.fetched.url, contentType: unit.fetched.contentType, what: `The page at ${unit.fetched.url}` }, options) };
        break;
      case 'feed':
        for (const [i, entry] of unit.entries.entries()) {
          yield { label: entry.link ?? `${unit.url} entry ${i + 1}`, foundVia: 'feed', load: () => loadFeedEntry(entry, unit.feed, options) };
        }
        break;
      case 'jsonl': {
        let lineNo = 0;
        const stream = createReadStream(unit.path, { encoding: 'utf8' });
        try {
          for await (const raw of readLines(stream)) {
            lineNo++;
            const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
            if (line.trim() === '') continue;
            const label = `${unit.path}:${lineNo}`;
            yield { label, foundVia: 'jsonl', load: () => loadJsonLine(line, label, options) };
          }
        } finally {
          stream.destroy();
        }
        break;
      }
    }
  }
}

async function loadFile(file: string, options: SourceOptions): Promise<Loaded> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = await readCapped(createReadStream(file), maxBytes, `The file ${file}`).catch((err: unknown) => {
    if (err instanceof DossierError) throw err;
    throw new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  });
  const loaded = fromBytes(bytes, { url: null, contentType: null, name: path.basename(file), what: `The file ${file}` }, options);
  return { ...loaded, article: withFileNameDate(loaded.article, file) };
}

/**
 * A file that carries no date of its own may be named after one (lavrov-2022-03-28.txt, 2022/03/28/x.html):
 * read as a URL path, the way a page's address is, before --published is used as the fallback.
 */
function withFileNameDate(article: Article, file: string): Article {
  // --published was applied as a fallback already; a date in the file's own name is more specific.
  if (article.published && article.publishedFrom !== 'given') return article;
  const date = dateFromUrl(pathToFileURL(path.resolve(file)).href);
  if (!date) return article;
  return { ...article, published: date, publishedFrom: 'file-name' };
}

async function loadJsonLine(line: string, label: string, options: SourceOptions): Promise<Loaded> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new DossierError('DOSSIER_JSONL_BAD_LINE', `${label} is not valid JSON (${(err as Error).message}).`);
  }
  return loadJsonObject(value, options);
}
