// Query-string options, checked strictly: a wrong value is a 400 with a sentence naming the option,
// never a silently ignored filter. Paging is `?cursor=&limit=` (default 100, at most 1000) everywhere.

import { checkPublished } from '../analyze.js';
import { DossierError } from '../errors.js';

export type Query = Record<string, unknown>;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** One string value of an option, or undefined; an option given twice is refused. */
export function optional(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new DossierError('DOSSIER_BAD_OPTION', `The option "${name}" was given more than once; give it once.`);
  return v;
}

/** A non-empty string option. */
export function nonEmpty(q: Query, name: string): string | undefined {
  const v = optional(q, name);
  if (v === undefined || v.trim() === '') return undefined;
  return v.trim();
}

export interface Paging {
  cursor: string | null;
  limit: number;
}

export function paging(q: Query): Paging {
  const raw = optional(q, 'limit');
  let limit = DEFAULT_LIMIT;
  if (raw !== undefined) {
    limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new DossierError('DOSSIER_BAD_OPTION', `limit must be a whole number from 1 to ${MAX_LIMIT}, not "${raw}".`);
  }
  const cursor = optional(q, 'cursor');
  return { cursor: cursor ? cursor : null, limit };
}

export interface Window {
  from: string | null;
  to: string | null;
}

/** The `from`/`to` date window (ISO dates, inclusive), as the CLI's --from/--to. */
export function dateWindow(q: Query): Window {
  const date = (name: 'from' | 'to'): string | null => {
    const v = nonEmpty(q, name);
    if (v === undefined) return null;
    try {
      return checkPublished(v).slice(0, 10);
    } catch (err) {
      if (err instanceof DossierError) throw new DossierError(err.code, `${name}: ${err.message}`);
      throw err;
    }
  };
  const w = { from: date('from'), to: date('to') };
  if (w.from && w.to && w.from > w.to) throw new DossierError('DOSSIER_BAD_DATE', `from (${w.from}) is after to (${w.to}); nothing can fall in that window.`);
  return w;
}

/** One of a fixed set of values. */
export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const v = nonEmpty(q, name);
  if (v === undefined) return fallback;
  if (!allowed.includes(v as T)) throw new DossierError('DOSSIER_BAD_OPTION', `${name} must be one of ${allowed.join(', ')}, not "${v}".`);
  return v as T;
}

/** A page of a list held whole in memory; the cursor is an opaque offset. */
export function offsetPage<T>(all: T[], p: Paging): { items: T[]; next: string | null } {
  let offset = 0;
  if (p.cursor) {
    const m = /^o:(\d+)$/.exec(Buffer.from(p.cursor, 'base64url').toString('utf8'));
    if (!m) throw new DossierError('DOSSIER_STORE_BAD_CURSOR', 'The cursor is not one this list gave out; start again without one.');
    offset = Number(m[1]);
  }
  const items = all.slice(offset, offset + p.limit);
  return { items, next: offset + p.limit < all.length ? Buffer.from(`o:${offset + p.limit}`).toString('base64url') : null };
}

/**
 * A filtered page over a store's pages: store pages are read until one keeps something (or they end), so
 * a page is never empty while more remain; it may hold fewer than `limit` items — follow `next`.
 */
export async function filteredPage<T>(fetch: (cursor: string | null, limit: number) => Promise<{ items: T[]; next: string | null }>,
  keep: (item: T) => boolean, p: Paging): Promise<{ items: T[]; next: string | null }> {
  let cursor = p.cursor;
  for (;;) {
    const page = await fetch(cursor, p.limit);
    const items = page.items.filter(keep);
    if (items.length || !page.next || page.next === cursor) return { items, next: page.next };
    cursor = page.next;
  }
}
