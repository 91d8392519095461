// The HTTP API, one function per question. Errors arrive as {"error": {code, message}} and become
// ApiError, whose message is meant for a person.
import type { Analysis, ArticleDetail, ArticleSummary, ClaimItem, EntityDetail, EntityRow, EventItem, FigureItem, IngestAnswer, Page, QuoteItem, SearchHit, TimelineItem } from './types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

type Query = Record<string, string | number | null | undefined>;

function url(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function answer<T>(res: Response): Promise<T> {
  let body: unknown = null;
  const text = await res.text();
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `The server answered ${res.status} ${res.statusText}.`);
  }
  if (body === null && text) throw new ApiError(res.status, 'BAD_JSON', 'The server sent an answer that is not JSON.');
  return body as T;
}

export async function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url(path, query), { headers: { accept: 'application/json' }, signal });
  return answer<T>(res);
}

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return answer<T>(res);
}

/** Every page of a paged answer (the API never caps an answer; it pages). */
export async function all<T>(path: string, query: Query = {}, max = 20000): Promise<{ items: T[]; first: Page<T> }> {
  const first = await get<Page<T>>(path, { ...query, limit: 1000 });
  const items = [...first.items];
  let next = first.next;
  while (next && items.length < max) {
    const page = await get<Page<T>>(path, { ...query, limit: 1000, cursor: next });
    items.push(...page.items);
    next = page.next;
  }
  return { items, first };
}

const enc = encodeURIComponent;

export const api = {
  articles: () => all<ArticleSummary>('/api/articles'),
  article: (id: string) => get<ArticleDetail>(`/api/articles/${enc(id)}`),
  entities: (q: { type?: string; q?: string }) => all<EntityRow>('/api/entities', q),
  entity: (idOrName: string) => get<EntityDetail>(`/api/entities/${enc(idOrName)}`),
  entityQuotes: (id: string) => all<QuoteItem>(`/api/entities/${enc(id)}/quotes`),
  entityTimeline: (id: string) => all<TimelineItem>(`/api/entities/${enc(id)}/timeline`),
  entityClaims: (id: string) => all<ClaimItem>(`/api/entities/${enc(id)}/claims`),
  quotes: (q: { by?: string; about?: string }) => all<QuoteItem>('/api/quotes', q),
  figures: (q: { subject?: string; measure?: string } = {}) => all<FigureItem>('/api/figures', q),
  events: (q: { code?: string; modality?: string } = {}) => all<EventItem>('/api/events', q),
  claims: () => all<ClaimItem>('/api/claims'),
  /** Every statement in the store, dated, with its speaker's story entity. */
  allQuotes: () => all<QuoteItem>('/api/quotes'),
  search: (q: string) => get<Page<SearchHit>>('/api/search', { q, limit: 200 }),
  analyze: (body: { text?: string; html?: string; url?: string; title?: string; published?: string }) => post<Analysis>('/api/analyze', body),
  ingest: (body: { text?: string; html?: string; url?: string; feed?: string; title?: string; published?: string }, token: string) =>
    post<IngestAnswer>('/api/ingest', body, token),
};

const articleCache = new Map<string, Promise<import('./types.ts').ArticleDetail>>();

/** An article with its analysis, fetched once per page load (ids are content hashes: the text never changes). */
export function articleCached(id: string): Promise<import('./types.ts').ArticleDetail> {
  let p = articleCache.get(id);
  if (!p) {
    p = api.article(id);
    p.catch(() => articleCache.delete(id));
    articleCache.set(id, p);
  }
  return p;
}
