// When a web page says it was published. Sources, most trusted first: meta tags, JSON-LD, <time>
// elements, then a date in the URL path. Dates keep the offset the page wrote, because the local
// calendar day is what "on Monday" in the article is counted from.

import * as chrono from 'chrono-node';

export type PublishedFrom = 'meta' | 'json-ld' | 'time-element' | 'url';

export interface Published {
  published: string;
  publishedFrom: PublishedFrom;
}

/** Meta names and properties that carry the publication date, most specific first. */
const META_KEYS = [
  'article:published_time',
  'og:article:published_time',
  'og:published_time',
  'datepublished',
  'article.published',
  'article:published',
  'publishdate',
  'publish-date',
  'publish_date',
  'published-date',
  'published_date',
  'published_time',
  'pubdate',
  'pub_date',
  'parsely-pub-date',
  'sailthru.date',
  'citation_publication_date',
  'citation_date',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date.created',
  'dcterms.created',
  'dc.date',
  'dcterms.date',
  'original-publish-date',
  'article_date_original',
  'cxenseparse:recs:publishtime',
  'date',
  'datecreated',
  'release_date',
];
const META_RANK = new Map(META_KEYS.map((k, i) => [k, i]));

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?(?![\d])/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/;

/** A date as written on a page, as ISO 8601 (date, or date-time with the page's own offset); null if not a date. */
export function normalizeDate(raw: string): string | null {
  const s = raw.trim();
  if (!s || s.length > 200) return null;
  const m = ISO_LIKE.exec(s) ?? COMPACT.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) return null;
    const date = `${y}-${pad(mo)}-${pad(d)}`;
    if (m[4] === undefined) return date;
    const [h, mi, se] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || se > 60) return date;
    let zone = '';
    const z = m[7];
    if (z) {
      if (/^(z|utc|gmt)$/i.test(z)) zone = 'Z';
      else {
        const digits = z.replace(':', '');
        const minutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (digits[0] === '-' ? -1 : 1);
        zone = formatOffset(minutes);
      }
    }
    return `${date}T${pad(h)}:${pad(mi)}:${pad(se)}${zone}`;
  }
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    const d = new Date(ms);
    if (!validDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())) return null;
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  // Only dates that name their year: "yesterday" or "Monday" in a meta tag tells nothing.
  if (!/(?:^|\D)(?:19|20)\d{2}(?:\D|$)/.test(s)) return null;
  const parsed = chrono.parse(s, new Date(Date.UTC(2000, 0, 1)))[0];
  if (!parsed) return null;
  const c = parsed.start;
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return null;
  const [y, mo, d] = [c.get('year')!, c.get('month')!, c.get('day')!];
  if (!validDay(y, mo, d)) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (!c.isCertain('hour')) return date;
  const offset = c.isCertain('timezoneOffset') ? formatOffset(c.get('timezoneOffset')!) : '';
  return `${date}T${pad(c.get('hour')!)}:${pad(c.get('minute') ?? 0)}:${pad(c.get('second') ?? 0)}${offset}`;
}

/** The publication date in a URL path: /2022/03/28/, /2022-03-28-slug, /20220328/. */
export function dateFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = /(?:^|[/_-])((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?=$|[/_.-])/.exec(path) ?? /\/((?:19|20)\d{2})(\d{2})(\d{2})(?=$|[/_.-])/.exec(path);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

interface MetaLike {
  getAttribute(name: string): string | null;
}
interface DocLike {
  querySelectorAll(selector: string): ArrayLike<MetaLike & { textContent: string | null; closest?(s: string): unknown }>;
}

function fromMeta(doc: DocLike): string | null {
  let best: string | null = null;
  let bestRank = Infinity;
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv') ?? '').trim().toLowerCase();
    const rank = META_RANK.get(key);
    if (rank === undefined || rank >= bestRank) continue;
    const value = normalizeDate(el.getAttribute('content') ?? '');
    if (value) {
      best = value;
      bestRank = rank;
    }
  }
  if (best) return best;
  // Microdata on elements other than <meta>.
  for (const el of Array.from(doc.querySelectorAll('[itemprop="datePublished"]'))) {
    const value = normalizeDate(el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent ?? '');
    if (value) return value;
  }
  return null;
}

const ARTICLE_TYPES = /article|posting|report|news|blog/i;

/** datePublished from JSON-LD objects, preferring article-like @types; walks @graph and arrays. */
function fromJsonLdValue(root: unknown): string | null {
  let fallback: string | null = null;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: root, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited++ < 10_000) {
    const { v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object' || depth > 12) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1 });
      continue;
    }
    const o = v as Record<string, unknown>;
    const raw = o.datePublished ?? o.dateCreated;
    const date = typeof raw === 'string' ? normalizeDate(raw) : Array.isArray(raw) && typeof raw[0] === 'string' ? normalizeDate(raw[0]) : null;
    if (date) {
      const type = Array.isArray(o['@type']) ? o['@type'].join(' ') : String(o['@type'] ?? '');
      if (ARTICLE_TYPES.test(type) && o.datePublished !== undefined) return date;
      fallback ??= date;
    }
    for (const key of Object.keys(o)) if (key !== 'datePublished' && typeof o[key] === 'object') stack.push({ v: o[key], depth: depth + 1 });
  }
  return fallback;
}

function fromJsonLd(doc: DocLike): string | null {
  for (const el of Array.from(doc.querySelectorAll('script[type="application/ld+json"], script[type="application/ld+json; charset=utf-8"]'))) {
    const source = (el.textContent ?? '').trim().replace(/^<!--|-->$/g, '').replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '');
    if (!source) continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      try {
        // Common breakage: raw newlines/tabs inside strings, trailing commas.
        value = JSON.parse(source.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
      } catch {
        const m = /"datePublished"\s*:\s*"([^"]{6,60})"/.exec(source);
        value = m ? { datePublished: m[1] } : null;
      }
    }
    const date = fromJsonLdValue(value);
    if (date) return date;
  }
  return null;
}

function fromTimeElement(doc: DocLike): string | null {
  const selectors = ['time[pubdate]', 'article time[datetime]', 'time[datetime]'];
  for (const sel of selectors) {
    for (const el of Array.from(doc.querySelectorAll(sel))) {
      const value = normalizeDate(el.getAttribute('datetime') ?? (sel === 'time[pubdate]' ? el.textContent ?? '' : ''));
      if (value) return value;
    }
  }
  return null;
}

/** The page's publication date and where it was found, or null. Call before Readability changes the DOM. */
export function findPublished(doc: DocLike, url: string | null | undefined): Published | null {
  const meta = fromMeta(doc);
  if (meta) return { published: meta, publishedFrom: 'meta' };
  const ld = fromJsonLd(doc);
  if (ld) return { published: ld, publishedFrom: 'json-ld' };
  const time = fromTimeElement(doc);
  if (time) return { published: time, publishedFrom: 'time-element' };
  const fromUrl = dateFromUrl(url);
  if (fromUrl) return { published: fromUrl, publishedFrom: 'url' };
  return null;
}
