// Where articles come in: a file, a URL, standard input, or a `--jsonl` object. Every failure is a
// coded DossierError with a sentence for a person, or a warning on a partial result; sizes are capped
// before anything is read whole.

import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Warning } from '../contract.js';
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import { decodeBytes, decodePlainText, isBlank, sniffBinary, sniffBom } from './decode-text.js';
import { extractArticle, type ExtractOptions } from './extract-article.js';
import { fetchUrl, type FetchOptions } from './fetch-url.js';
import { normalizeDate } from './find-published.js';

export interface LoadOptions {
  /** Allow fetching URLs whose host resolves to a private, loopback or link-local address. */
  allowPrivate?: boolean;
  /** Override / supply the title and publication date. */
  title?: string | null;
  published?: string | null;
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
  /** Where '-' reads from (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Fetch limits (timeouts in milliseconds, redirects); maxBytes above also caps the body. */
  fetch?: Omit<FetchOptions, 'allowPrivate' | 'maxBytes'>;
  /** HTML extraction limits. */
  html?: Omit<ExtractOptions, 'url'>;
}

export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** Media types read as HTML; text/* otherwise as plain text. */
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/** True when the bytes, media type or file name say this is a web page. */
export function looksLikeHtml(bytes: Uint8Array, contentType: string | null = null, name: string | null = null): boolean {
  if (contentType && HTML_TYPES.test(contentType.trim())) return true;
  if (name && /\.x?html?$/i.test(name)) return true;
  const bom = sniffBom(bytes);
  const head = bom?.charset.startsWith('utf-16')
    ? new TextDecoder(bom.charset).decode(bytes.subarray(0, 2048))
    : Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const s = head.replace(/^[\ufeff\u00ef\u00bb\u00bf\s]+/, '').toLowerCase();
  if (s.startsWith('<!doctype html') || s.startsWith('<html') || s.startsWith('<head')) return true;
  // Comments or an XML declaration may come first.
  if ((s.startsWith('<!--') || s.startsWith('<?xml')) && /<html[\s>]/.test(s)) return true;
  return false;
}

/** The charset a page declares: the content-type's, else a <meta> near its start (the HTML prescan). */
export function declaredCharset(bytes: Uint8Array, contentType: string | null): string | null {
  const fromType = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  if (fromType) return fromType.toLowerCase();
  // Browsers look further than the standard's 1024 bytes; a declaration cut off at the window is ignored.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)(?=["'\s/>;])/i.exec(head);
  if (!m) return null;
  const label = m[1].toLowerCase();
  // A page served as bytes cannot really be UTF-16 if its meta tag was readable as ASCII.
  return label.startsWith('utf-16') ? 'utf-8' : label;
}

/** A web page's bytes into an article (charset from BOM, content-type or <meta>, then the extractor). */
export function articleFromHtmlBytes(bytes: Uint8Array, where: { url?: string | null; contentType?: string | null; what?: string } = {}, options: LoadOptions = {}): Article & { bodyStart: number } {
  const what = where.what ?? 'The page';
  if (bytes.length === 0) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} is empty.`);
  const binary = sniffBinary(bytes);
  if (binary) throw new DossierError('DOSSIER_INPUT_BINARY', `${what} is not a web page: it looks like ${binary}.`);
  const decoded = decodeBytes(bytes, declaredCharset(bytes, where.contentType ?? null), what);
  if (isBlank(decoded.text)) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} contains only whitespace.`);
  const extracted = extractArticle(decoded.text, { ...options.html, url: where.url ?? null });
  return { ...extracted, url: where.url ?? null, warnings: [...decoded.warnings, ...extracted.warnings] };
}

/** Bytes from any source into an article, plain text or HTML. */
function articleFromBytes(bytes: Uint8Array, where: { url?: string | null; contentType?: string | null; name?: string | null; what: string }, options: LoadOptions): Article {
  if (bytes.length === 0) throw new DossierError('DOSSIER_INPUT_EMPTY', `${where.what} is empty.`);
  let article: Article;
  if (looksLikeHtml(bytes, where.contentType ?? null, where.name ?? null)) {
    const { bodyStart: _, ...rest } = articleFromHtmlBytes(bytes, where, options);
    article = rest;
  } else {
    const charset = where.contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(where.contentType)?.[1] ?? null : null;
    const { text, warnings } = decodePlainText(bytes, where.what, charset);
    article = { text, url: where.url ?? null, title: null, published: null, publishedFrom: null, warnings };
  }
  return applyGiven(article, options);
}

/** The user's own title and date win over what was found. */
function applyGiven(article: Article, options: LoadOptions): Article {
  const out: Article = { ...article, warnings: [...(article.warnings ?? [])] };
  if (options.title != null && options.title.trim() !== '') out.title = options.title.trim();
  if (options.published != null && options.published.trim() !== '') {
    const date = normalizeDate(options.published);
    if (!date) throw new DossierError('DOSSIER_BAD_DATE', `"${options.published}" is not a date (use YYYY-MM-DD).`);
    out.published = date;
    out.publishedFrom = 'given';
  }
  return out;
}

function tooLarge(what: string, maxBytes: number, size?: number): DossierError {
  return new DossierError('DOSSIER_INPUT_TOO_LARGE', `${what} is ${size !== undefined ? `${size} bytes, ` : ''}larger than the ${maxBytes} bytes accepted.`);
}

/** Reads a stream up to maxBytes, giving up (and letting go of the stream) as soon as it passes the cap. */
export async function readCapped(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>, maxBytes: number, what: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buf.length;
    if (total > maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

async function readFileCapped(file: string, maxBytes: number): Promise<Uint8Array> {
  const what = `The file ${file}`;
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw fileError(err, file);
  }
  if (info.isDirectory()) throw new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} is a directory, not a file.`);
  if (info.isFile() && info.size > maxBytes) throw tooLarge(what, maxBytes, info.size);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw fileError(err, file);
  }
  try {
    // Pipes, devices and files that grow while read are capped by reading, not by their stat size.
    return await readCapped(handle.createReadStream({ autoClose: false }), maxBytes, what);
  } catch (err) {
    throw err instanceof DossierError ? err : fileError(err, file);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function fileError(err: unknown, file: string): DossierError {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const hint = /^(www\.|[a-z0-9-]+\.(com|org|net|co\.uk|news)\/)/i.test(file) ? ` (for a web page, write https://${file})` : '';
    return new DossierError('DOSSIER_INPUT_NOT_FOUND', `There is no file ${file}${hint}.`);
  }
  if (code === 'EISDIR') return new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} is a directory, not a file.`);
  if (code === 'EACCES' || code === 'EPERM') return new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} cannot be read: permission denied.`);
  return new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} cannot be read (${code ?? (err instanceof Error ? err.message : String(err))}).`);
}

async function loadUrl(url: string, options: LoadOptions, maxBytes: number): Promise<Article> {
  const fetched = await fetchUrl(url, { ...options.fetch, allowPrivate: options.allowPrivate, maxBytes });
  return articleFromBytes(fetched.bytes, { url: fetched.url, contentType: fetched.contentType, what: `The page at ${fetched.url}` }, options);
}

/** Reads FILE, URL or '-' into an Article: plain text as decoded, HTML through the article extractor. */
export async function loadInput(spec: string, options: LoadOptions = {}): Promise<Article> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (spec === '-') {
    const bytes = await readCapped(options.stdin ?? process.stdin, maxBytes, 'Standard input');
    return articleFromBytes(bytes, { what: 'Standard input' }, options);
  }
  if (/^https?:\/\//i.test(spec)) return loadUrl(spec, options, maxBytes);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new DossierError('DOSSIER_FETCH_BAD_URL', `Only http and https URLs can be fetched, not ${spec.slice(0, spec.indexOf(':'))}.`);
  const bytes = await readFileCapped(spec, maxBytes);
  return articleFromBytes(bytes, { name: path.basename(spec), what: `The file ${spec}` }, options);
}

const JSONL_FIELDS = ['id', 'text', 'html', 'url', 'title', 'published'] as const;

/** One `--jsonl` input object ({id?, text?|html?, url?, title?, published?}) into an Article. */
export async function articleFromJsonObject(value: unknown, options: LoadOptions = {}): Promise<Article> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new DossierError('DOSSIER_JSONL_BAD_LINE', `Each line must be a JSON object with "text", "html" or "url"; this one is ${kind}.`);
  }
  const o = value as Record<string, unknown>;
  for (const field of JSONL_FIELDS) {
    const v = o[field];
    if (v === undefined || v === null) continue;
    const ok = field === 'id' ? typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) : typeof v === 'string';
    if (!ok) throw new DossierError('DOSSIER_JSONL_BAD_LINE', `The field "${field}" must be a ${field === 'id' ? 'string or number' : 'string'}, not ${Array.isArray(v) ? 'an array' : typeof v}.`);
  }
  const id = o.id === undefined || o.id === null ? null : String(o.id);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const given: LoadOptions = {
    ...options,
    title: typeof o.title === 'string' && o.title.trim() ? o.title : options.title,
    published: typeof o.published === 'string' && o.published.trim() ? o.published : options.published,
  };
  const url = typeof o.url === 'string' && o.url.trim() ? o.url.trim() : null;
  const what = id !== null ? `The line with id ${id}` : 'The line';
  let article: Article;
  const bytesOf = (s: string): number => Buffer.byteLength(s, 'utf8');
  if (typeof o.text === 'string' && o.text !== '') {
    if (bytesOf(o.text) > maxBytes) throw tooLarge(`${what}'s text`, maxBytes);
    if (isBlank(o.text)) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} has a text of only whitespace.`);
    article = applyGiven({ text: o.text, url, title: null, published: null, publishedFrom: null, warnings: [] }, given);
  } else if (typeof o.html === 'string' && o.html !== '') {
    if (bytesOf(o.html) > maxBytes) throw tooLarge(`${what}'s html`, maxBytes);
    if (isBlank(o.html)) throw new DossierError('DOSSIER_INPUT_EMPTY', `${what} has an html of only whitespace.`);
    const { bodyStart: _, ...extracted } = extractArticle(o.html, { ...options.html, url });
    article = applyGiven({ ...extracted, url }, given);
  } else if (url) {
    if (!/^https?:\/\//i.test(url)) throw new DossierError('DOSSIER_FETCH_BAD_URL', `${what} has a url that is not http or https: "${url}".`);
    article = await loadUrl(url, given, maxBytes);
  } else {
    throw new DossierError('DOSSIER_JSONL_NO_TEXT', `${what} has no "text", "html" or "url" to analyse.`);
  }
  const warnings: Warning[] = article.warnings ?? [];
  return { ...article, id, warnings };
}
