// Fetching an article by URL on a user's behalf, bounded in every direction: time, size, redirects,
// schemes, content types, and which addresses may be reached. The address check runs inside the
// socket's own DNS lookup, so a name that resolves to a public address when checked and a private one
// when connected (DNS rebinding) cannot slip through.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { DossierError } from '../errors.js';
import { isPrivateAddress } from './private-address.js';

export const USER_AGENT = 'Dossier/0.1 (+news analysis)';

export interface FetchOptions {
  allowPrivate?: boolean;
  /** Milliseconds to open the connection (TCP + TLS). */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for the response headers, and the longest pause between body chunks. */
  headersTimeoutMs?: number;
  /** Milliseconds for the whole fetch, redirects included. */
  totalTimeoutMs?: number;
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes?: number;
  maxRedirects?: number;
  /** Extra request headers (a feed poll's If-None-Match / If-Modified-Since, its Accept). */
  headers?: Record<string, string>;
}

export interface Fetched {
  /** The URL the body came from, after redirects. */
  url: string;
  /** The content-type header, or null. */
  contentType: string | null;
  bytes: Uint8Array;
  /** The HTTP status: 200-299, or 304 (empty bytes) when a conditional request found nothing new. */
  status?: number;
  /** Validators for the next conditional request. */
  etag?: string | null;
  lastModified?: string | null;
}

const DEFAULTS = { connectTimeoutMs: 10_000, headersTimeoutMs: 15_000, totalTimeoutMs: 30_000, maxBytes: 8 * 1024 * 1024, maxRedirects: 5 };

/** Media types that are never an article; anything else is sniffed after download. */
const UNSUPPORTED = /^(image|audio|video|font|model)\/|^application\/(pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|x-rar|msword|vnd\.|octet-stream|json|javascript|wasm|x-bzip2|x-xz|postscript)/;

/** Marks the lookup failure so it can be told apart from other connect errors after undici wraps it. */
class PrivateAddressError extends Error {
  readonly address: string;
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, which is not a public internet address.`);
    this.address = address;
  }
}

function privateAddressRefusal(host: string, address: string): DossierError {
  return new DossierError('DOSSIER_FETCH_PRIVATE_ADDRESS', `Refusing to fetch from ${host}: ${address === host ? 'it' : `it resolves to ${address}, which`} is a private, loopback or otherwise non-public address. Pass --allow-private to fetch from your own network.`);
}

/** A DNS lookup for net.connect that refuses names resolving to any non-public address. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      if (!allowPrivate) {
        const bad = addresses.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', 4);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function findCause<T>(err: unknown, test: (e: unknown) => e is T): T | null {
  let e: unknown = err;
  for (let i = 0; i < 8 && e; i++) {
    if (test(e)) return e;
    if (e instanceof AggregateError) {
      for (const inner of e.errors) {
        const hit = findCause(inner, test);
        if (hit) return hit;
      }
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : '';
}

/** Parses and checks a URL before any connection is made. */
export function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DossierError('DOSSIER_FETCH_BAD_URL', `"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DossierError('DOSSIER_FETCH_BAD_URL', `Only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) throw new DossierError('DOSSIER_FETCH_BAD_URL', 'URLs with a user name or password are not fetched.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) throw privateAddressRefusal(host, host);
  return url;
}

function decompress(bytes: Uint8Array, encoding: string, maxBytes: number): Uint8Array {
  const opts = { maxOutputLength: maxBytes };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(bytes, opts);
    if (encoding === 'deflate') return inflateSync(bytes, opts);
    if (encoding === 'br') return brotliDecompressSync(bytes, opts);
  } catch (err) {
    if (errorCode(err) === 'ERR_BUFFER_TOO_LARGE') throw new DossierError('DOSSIER_FETCH_TOO_LARGE', `The page is larger than ${maxBytes} bytes once decompressed.`);
    throw new DossierError('DOSSIER_FETCH_FAILED', `The page's ${encoding} compression is broken.`);
  }
  throw new DossierError('DOSSIER_FETCH_UNSUPPORTED_TYPE', `The page is sent with an unknown content encoding (${encoding}).`);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  return Array.isArray(v) ? v[0] ?? null : v ?? null;
}

/** GETs `rawUrl`, following up to maxRedirects redirects, each one re-checked. */
export async function fetchUrl(rawUrl: string, options: FetchOptions = {}): Promise<Fetched> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & FetchOptions;
  const allowPrivate = !!o.allowPrivate;
  const agent = new Agent({
    connect: { timeout: o.connectTimeoutMs, lookup: guardedLookup(allowPrivate) },
    headersTimeout: o.headersTimeoutMs,
    bodyTimeout: o.headersTimeoutMs,
  });
  const signal = AbortSignal.timeout(o.totalTimeoutMs);
  let url = checkUrl(rawUrl, allowPrivate);
  try {
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method: 'GET',
        dispatcher: agent,
        signal,
        headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1', ...o.headers, 'accept-encoding': 'gzip, deflate, br' },
      });
      const status = res.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        await res.body.dump().catch(() => undefined);
        const location = header(res.headers, 'location');
        if (!location) throw new DossierError('DOSSIER_FETCH_FAILED', `${url.href} answered ${status} without saying where to go.`);
        if (hop >= o.maxRedirects) throw new DossierError('DOSSIER_FETCH_TOO_MANY_REDIRECTS', `Gave up after ${o.maxRedirects} redirects (last one from ${url.href}).`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new DossierError('DOSSIER_FETCH_BAD_URL', `${url.href} redirects to "${location}", which is not a valid URL.`);
        }
        url = checkUrl(next.href, allowPrivate);
        continue;
      }
      const validators = { etag: header(res.headers, 'etag'), lastModified: header(res.headers, 'last-modified') };
      if (status === 304) {
        await res.body.dump().catch(() => undefined);
        return { url: url.href, contentType: null, bytes: new Uint8Array(0), status, ...validators };
      }
      if (status >= 400 || status < 200) {
        await res.body.dump().catch(() => undefined);
        throw new DossierError('DOSSIER_FETCH_HTTP_STATUS', `${url.href} answered HTTP ${status}.`);
      }
      const contentType = header(res.headers, 'content-type');
      const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
      if (UNSUPPORTED.test(mediaType)) {
        await res.body.dump().catch(() => undefined);
        throw new DossierError('DOSSIER_FETCH_UNSUPPORTED_TYPE', `${url.href} is ${mediaType}, not a web page or text.`);
      }
      const declared = Number(header(res.headers, 'content-length') ?? NaN);
      if (declared > o.maxBytes) {
        res.body.destroy();
        throw new DossierError('DOSSIER_FETCH_TOO_LARGE', `${url.href} is ${declared} bytes, more than the ${o.maxBytes} accepted.`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > o.maxBytes) {
          res.body.destroy();
          throw new DossierError('DOSSIER_FETCH_TOO_LARGE', `${url.href} sent more than the ${o.maxBytes} bytes accepted.`);
        }
        chunks.push(chunk);
      }
      let bytes: Uint8Array = Buffer.concat(chunks, total);
      const encoding = (header(res.headers, 'content-encoding') ?? '').trim().toLowerCase();
      if (encoding && encoding !== 'identity') bytes = decompress(bytes, encoding, o.maxBytes);
      return { url: url.href, contentType, bytes, status, ...validators };
    }
  } catch (err) {
    throw fetchError(err, url, o);
  } finally {
    agent.close().catch(() => undefined);
  }
}

function fetchError(err: unknown, url: URL, o: typeof DEFAULTS): DossierError {
  if (err instanceof DossierError) return err;
  const refused = findCause(err, (e): e is PrivateAddressError => e instanceof PrivateAddressError);
  if (refused) return privateAddressRefusal(url.hostname, refused.address);
  const code = errorCode(err);
  const causeCode = errorCode((err as { cause?: unknown })?.cause);
  if (code === 'TimeoutError' || causeCode === 'TimeoutError') return new DossierError('DOSSIER_FETCH_TIMEOUT', `${url.href} did not finish within ${o.totalTimeoutMs / 1000} s.`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new DossierError('DOSSIER_FETCH_TIMEOUT', `Could not connect to ${url.host} within ${o.connectTimeoutMs / 1000} s.`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new DossierError('DOSSIER_FETCH_TIMEOUT', `${url.host} stopped answering for ${o.headersTimeoutMs / 1000} s.`);
  if (code === 'UND_ERR_ABORTED' || code === 'AbortError') return new DossierError('DOSSIER_FETCH_TIMEOUT', `${url.href} did not finish within ${o.totalTimeoutMs / 1000} s.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DossierError('DOSSIER_FETCH_FAILED', `Could not find the host ${url.hostname}.`, { cause: err });
  if (code === 'ECONNREFUSED') return new DossierError('DOSSIER_FETCH_FAILED', `${url.host} refused the connection.`, { cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  return new DossierError('DOSSIER_FETCH_FAILED', `Could not fetch ${url.href}: ${detail}`, { cause: err });
}
