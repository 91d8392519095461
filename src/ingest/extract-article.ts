// A web page into an article: Readability (on linkedom, which is fast and has no layout engine) finds
// the body; paragraphs are rebuilt from its DOM, one per block element, whitespace collapsed; the
// headline leads as the first paragraph. Pages too deep or too large for a DOM walk are reduced to
// their text with a warning rather than allowed to hang.

import { Readability } from '@mozilla/readability';
import * as chrono from 'chrono-node';
import { parseHTML } from 'linkedom';
import type { Warning } from '../contract.js';
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import { findPublished } from './find-published.js';

export interface ExtractOptions {
  /** The page's address, for dates in the path and nothing else. */
  url?: string | null;
  /** Deepest element nesting given to the DOM; deeper pages are read as flat text. */
  maxDepth?: number;
  /** Most elements given to Readability; larger pages are read as flat text. */
  maxElements?: number;
}

export interface ExtractedArticle extends Article {
  text: string;
  warnings: Warning[];
  /** Where the body starts in `text` (after the headline paragraph and its blank line). */
  bodyStart: number;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'br', 'img', 'picture', 'video', 'audio', 'iframe', 'html',
]);
/** Cells stay on their row's line. */
const CELL = new Set(['td', 'th']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'button', 'select', 'textarea', 'input', 'head', 'title', 'meta', 'link', 'canvas']);
/** Page furniture, skipped only when reading a whole body without Readability. */
const FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu', 'dialog']);

interface NodeLike {
  nodeType: number;
  localName?: string;
  nodeValue?: string | null;
  childNodes: ArrayLike<NodeLike>;
  getAttribute?(name: string): string | null;
}

/** True for characters the paragraph builder treats as space (ASCII and Unicode spaces, zero-width marks). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x85;
}
function isInvisible(c: number): boolean {
  return c === 0x200b || c === 0xfeff || c === 0xad || c === 0x2060;
}

/** A paragraph of extracted text and how much of it is link text (navigation and teasers are mostly links). */
export interface Paragraph {
  text: string;
  linkChars: number;
}

/** Collects paragraphs: text accumulated until a block boundary, whitespace collapsed to single spaces. */
class ParagraphBuilder {
  readonly paragraphs: Paragraph[] = [];
  linkDepth = 0;
  private parts: string[] = [];
  private pendingSpace = false;
  private hasText = false;
  private linkChars = 0;

  text(s: string): void {
    let from = -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const space = isSpace(c);
      if (space || isInvisible(c)) {
        if (from !== -1) this.word(s.slice(from, i));
        from = -1;
        if (space) this.space();
      } else if (from === -1) from = i;
    }
    if (from !== -1) this.word(from === 0 ? s : s.slice(from));
  }

  /** Spaces are written lazily, so that none lead or trail a paragraph. */
  private word(s: string): void {
    if (this.pendingSpace && this.hasText) this.parts.push(' ');
    this.pendingSpace = false;
    this.parts.push(s);
    this.hasText = true;
    if (this.linkDepth > 0) this.linkChars += s.length;
  }

  space(): void {
    if (this.hasText) this.pendingSpace = true;
  }

  end(): void {
    if (this.hasText) this.paragraphs.push({ text: this.parts.join(''), linkChars: this.linkChars });
    this.parts = [];
    this.pendingSpace = false;
    this.hasText = false;
    this.linkChars = 0;
  }
}

export interface WalkOptions {
  /** Leave out page furniture (nav, header, footer, aside, forms) and hidden elements. */
  skipFurniture?: boolean;
  /** Elements to leave out with everything inside them. */
  drop?: (el: NodeLike) => boolean;
}

/** Paragraphs of the text under `root`, one per block element. Iterative, so depth cannot overflow the stack. */
export function paragraphsOf(root: NodeLike, options: WalkOptions = {}): Paragraph[] {
  const out = new ParagraphBuilder();
  // Entries are nodes to enter, or a closing marker for an element that needs one.
  const stack: Array<NodeLike | string> = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      if (item === 'a') out.linkDepth--;
      else if (CELL.has(item)) out.space();
      else out.end();
      continue;
    }
    if (item.nodeType === 3) {
      out.text(item.nodeValue ?? '');
      continue;
    }
    if (item.nodeType !== 1 && item.nodeType !== 9 && item.nodeType !== 11) continue;
    const tag = item.localName ?? '';
    if (SKIP.has(tag)) continue;
    if (options.skipFurniture && (FURNITURE.has(tag) || (item.getAttribute && (item.getAttribute('hidden') !== null || item.getAttribute('aria-hidden') === 'true')))) continue;
    if (options.drop && item.nodeType === 1 && options.drop(item)) continue;
    if (tag === 'a') {
      out.linkDepth++;
      stack.push(tag);
    } else if (CELL.has(tag)) {
      out.space();
      stack.push(tag);
    } else if (BLOCK.has(tag)) {
      out.end();
      stack.push(tag);
    }
    const kids = item.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  out.end();
  return out.paragraphs;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'frame', 'isindex']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** Elements an open sibling of the same kind closes implicitly. */
const SELF_CLOSING_SIBLING = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rt', 'rp', 'optgroup']);

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}

/**
 * Deepest element nesting in `html` as a parser would build it, approximately, with a character scan
 * (no DOM), stopping as soon as `limit` is passed. Unclosed <p>/<li>/<td> close at their next sibling.
 */
export function estimateDepth(html: string, limit = Infinity): number {
  return scanMarkup(html, limit).depth;
}

/** Nesting depth and element count of `html` by a character scan; stops once the depth passes `limit`. */
export function scanMarkup(html: string, limit = Infinity): { depth: number; elements: number } {
  const stack: string[] = [];
  let max = 0;
  let elements = 0;
  const n = html.length;
  let i = html.indexOf('<');
  while (i !== -1 && i < n - 1) {
    const c1 = html.charCodeAt(i + 1);
    if (c1 === 0x21) {
      // <!-- comment --> or <!doctype>
      const close = html.startsWith('<!--', i) ? html.indexOf('-->', i + 4) : html.indexOf('>', i + 2);
      if (close === -1) break;
      i = html.indexOf('<', close + 1);
      continue;
    }
    const closing = c1 === 0x2f;
    let j = i + (closing ? 2 : 1);
    const nameStart = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    if (j === nameStart || !((html.charCodeAt(nameStart) | 0x20) >= 0x61 && (html.charCodeAt(nameStart) | 0x20) <= 0x7a)) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    const end = html.indexOf('>', j);
    if (end === -1) break;
    if (closing) {
      for (let k = stack.length - 1, seen = 0; k >= 0 && seen < 64; k--, seen++) {
        if (stack[k] === name) {
          stack.length = k;
          break;
        }
      }
      i = html.indexOf('<', end + 1);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = indexOfCaseless(html, `</${name}`, end + 1);
      i = close === -1 ? -1 : html.indexOf('<', close + 1);
      continue;
    }
    elements++;
    if (!VOID.has(name) && html.charCodeAt(end - 1) !== 0x2f) {
      if (SELF_CLOSING_SIBLING.has(name)) {
        for (let k = stack.length - 1, seen = 0; k >= 0 && seen < 4; k--, seen++) {
          if (stack[k] === name) {
            stack.length = k;
            break;
          }
        }
      }
      stack.push(name);
      if (stack.length > max) {
        max = stack.length;
        if (max > limit) return { depth: max, elements };
      }
    }
    i = html.indexOf('<', end + 1);
  }
  return { depth: max, elements };
}

/**
 * `html` without the parts no article is in: comments, styles, inline SVG and scripts other than JSON-LD.
 * News pages are often half script by weight; dropping it as a string halves the DOM work after it.
 */
export function stripNoise(html: string): string {
  const out: string[] = [];
  let last = 0;
  let i = html.indexOf('<');
  const n = html.length;
  while (i !== -1 && i < n - 3) {
    let end = -1;
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      end = close === -1 ? n : close + 3;
    } else {
      const c1 = html.charCodeAt(i + 1) | 0x20;
      const name = c1 === 0x73 ? (startsWithCaseless(html, i + 1, 'script') ? 'script' : startsWithCaseless(html, i + 1, 'style') ? 'style' : startsWithCaseless(html, i + 1, 'svg') ? 'svg' : '') : '';
      const after = name ? html.charCodeAt(i + 1 + name.length) : 0;
      if (name && (after === 0x3e || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d || after === 0x2f)) {
        const tagEnd = html.indexOf('>', i);
        const keep = name === 'script' && tagEnd !== -1 && /ld\+json/i.test(html.slice(i, tagEnd));
        if (!keep) {
          const close = indexOfCaseless(html, `</${name}`, i + 1);
          const gt = close === -1 ? -1 : html.indexOf('>', close);
          end = gt === -1 ? n : gt + 1;
        }
      }
    }
    if (end !== -1) {
      out.push(html.slice(last, i));
      last = end;
      i = html.indexOf('<', end);
    } else i = html.indexOf('<', i + 1);
  }
  if (last === 0) return html;
  out.push(html.slice(last));
  return out.join('');
}

function startsWithCaseless(s: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function indexOfCaseless(haystack: string, needle: string, from: number): number {
  const lower = needle.toLowerCase();
  const upper = needle.toUpperCase();
  let i = from;
  for (;;) {
    i = haystack.indexOf('<', i);
    if (i === -1) return -1;
    let ok = true;
    for (let k = 1; k < needle.length && ok; k++) {
      const c = haystack[i + k];
      ok = c === lower[k] || c === upper[k];
    }
    if (ok) return i;
    i++;
  }
}

/**
 * Text of a page without building its tree: raw-text elements and comments dropped, block tags
 * turned into paragraph breaks, other tags removed; entities decoded by parsing the now-flat markup.
 */
export function flatParagraphs(html: string): string[] {
  const blockTag = /^(?:p|div|br|h[1-6]|li|tr|td|th|blockquote|pre|section|article|header|footer|ul|ol|table|figcaption|dd|dt|hr|title)$/i;
  const flat: string[] = [];
  let i = 0;
  let last = 0;
  const n = html.length;
  const emit = (s: string): void => {
    if (s) flat.push(s.replace(/</g, '&lt;'));
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    emit(html.slice(last, lt));
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = last = close === -1 ? n : close + 3;
      continue;
    }
    const m = /^<\/?([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>?/.exec(html.slice(lt, lt + 2048));
    if (!m) {
      emit('<');
      i = last = lt + 1;
      continue;
    }
    const name = m[1].toLowerCase();
    let next = lt + m[0].length;
    if (!m[0].startsWith('</') && (RAW_TEXT.has(name) || name === 'noscript' || name === 'svg' || name === 'head') && name !== 'title') {
      const close = indexOfCaseless(html, `</${name}`, next);
      const gt = close === -1 ? -1 : html.indexOf('>', close);
      next = gt === -1 ? n : gt + 1;
    }
    if (blockTag.test(name)) flat.push('</p><p>');
    else flat.push(' ');
    i = last = next;
  }
  if (last < n) emit(html.slice(last));
  const { document } = parseHTML(`<!doctype html><html><body><p>${flat.join('')}</p></body></html>`);
  return paragraphsOf(document.body as unknown as NodeLike).map((p) => p.text);
}

function normKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The headline with a trailing or leading " | Site" / " - Site" removed when it names the site. */
export function cleanTitle(title: string, siteName: string | null): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!siteName) return t;
  const site = normKey(siteName);
  if (!site) return t;
  const seps = /\s+[|\-–—·•»]\s+|:\s+/g;
  const cuts = [...t.matchAll(seps)];
  if (cuts.length === 0) return t;
  const last = cuts[cuts.length - 1];
  const tail = t.slice(last.index! + last[0].length);
  if (normKey(tail) === site || site.includes(normKey(tail)) && normKey(tail).length >= 3) return t.slice(0, last.index).trim();
  const first = cuts[0];
  const head = t.slice(0, first.index);
  if (normKey(head) === site) return t.slice(first.index! + first[0].length).trim();
  return t;
}

function metaContent(document: { querySelector(s: string): { getAttribute(n: string): string | null } | null }, ...selectors: string[]): string | null {
  for (const s of selectors) {
    const v = document.querySelector(s)?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

/** Text outside links, in characters, that a whole page body needs to stand in for an article. */
const MIN_FALLBACK_CHARS = 200;
/** Less text outside links than this is no article at all (a menu, a cookie notice). */
const MIN_ARTICLE_CHARS = 40;

function substance(paragraphs: Paragraph[]): number {
  let n = 0;
  for (const p of paragraphs) n += p.text.length - p.linkChars;
  return n;
}

/**
 * Class and id words of elements that hold captions, credits, sharing buttons and promotion, never
 * the report itself. Readability keeps many of them because they sit inside the article container.
 */
const NOT_BODY = /caption|credit|share|sharing|social|related|newsletter|promo|advert|byline|timestamp|subscribe|recommend|read-?more|more-?stories|signup|sign-up|toolbar|breadcrumb/i;

/** Only small elements are dropped on their class: a wrapper around the whole article never is. */
const MAX_DROPPED_CHARS = 600;

function notBody(el: NodeLike): boolean {
  const tag = el.localName;
  if (tag === 'figcaption') return true;
  const names = `${el.getAttribute?.('class') ?? ''} ${el.getAttribute?.('id') ?? ''}`;
  if (names.length < 3 || !NOT_BODY.test(names)) return false;
  const text = (el as unknown as { textContent: string | null }).textContent ?? '';
  return text.length <= MAX_DROPPED_CHARS;
}

/** Short lines that are page furniture in any news site: section labels, update stamps, teaser headers. */
const BOILERPLATE = new RegExp(
  '^[|•·\\s]*(?:' +
    [
      'advert(?:isement|ising)?',
      'sponsored(?: content)?',
      'related(?: \\w+)?(?::.*)?',
      '(?:read|see) (?:more|also)\\b.*',
      'more:.*',
      "don'?t miss:?",
      'you may also like.*',
      'recommended(?: for you)?:?',
      'image \\d+ of \\d+',
      '(?:first |last )?(?:updated|published|posted)\\b.*\\d.*',
      '\\d+\\s*min(?:ute)?s?\\s*read',
      'reading time:?.*',
      'follow (?:us|him|her|them)\\b.*',
      'share (?:this|on)\\b.*',
      '(?:sign up|subscribe|click here)\\b.*',
      '\\(?(?:additional )?(?:reporting|writing|editing) by\\b.*',
      '(?:photo|image|picture|video)? ?credit:.*',
      'ap photo.*',
    ].join('|') +
    ')$',
  'i',
);

/** Short lines that are picture credits or copyright notices. */
const CREDIT = /getty images|shutterstock|\bap photo\b|©|\bcopyright\b|^\(?(?:image|photo|picture|фото|사진)\s*[:=]/i;

/** "By Jane Doe", "By Reuters", "By Jane Doe and John Roe - 11/18/19 11:04 PM EST": names only, then maybe a stamp. */
const NAME = "\\p{Lu}[\\p{L}.'’-]*";
// Each name is followed by a required separator, so a failing line cannot backtrack exponentially.
const BYLINE = new RegExp(`^[Bb][Yy]\\s+${NAME}(?:(?:\\s*,\\s*|\\s+(?:and|&)\\s+|\\s+)${NAME})*\\s*(?:[-–—|]\\s*.*\\d.*)?$`, 'u');

/** A line that is only a date and time ("Nov. 20, 2019, 9:28 AM UTC", "Today 12:01 AM"): a page's time stamp. */
function isDateStamp(text: string): boolean {
  if (!/\d/.test(text)) return false;
  let covered = 0;
  for (const r of chrono.parse(text)) covered += r.text.length;
  return covered >= 0.6 * text.replace(/[\s,.;|]+/g, ' ').trim().length;
}

/** Paragraphs that are furniture: boilerplate lines, credits, bylines and short runs of links (teasers, tag lists). */
export function isFurniture(p: Paragraph): boolean {
  const n = p.text.length;
  if (n <= 160 && BOILERPLATE.test(p.text)) return true;
  if (n <= 100 && (CREDIT.test(p.text) || BYLINE.test(p.text))) return true;
  if (n <= 60 && isDateStamp(p.text)) return true;
  // A lone link (often a bare URL the author pasted) is left alone; teasers are phrases.
  return n <= 200 && p.linkChars >= 0.8 * n && p.text.indexOf(' ') !== -1;
}

/** Builds the article text: headline first, paragraphs after, blank lines between. */
function assemble(title: string | null, paragraphs: string[]): { text: string; bodyStart: number } {
  const key = title ? normKey(title) : '';
  // Readability often keeps the page's <h1>; the headline is already first.
  let from = 0;
  while (from < paragraphs.length && from < 3 && key && normKey(paragraphs[from]) === key) from++;
  const body = paragraphs.slice(from).join('\n\n');
  if (!title) return { text: body, bodyStart: 0 };
  return body ? { text: `${title}\n\n${body}`, bodyStart: title.length + 2 } : { text: title, bodyStart: title.length };
}

/** Extracts the article from a web page. Throws DOSSIER_HTML_NO_ARTICLE when there is none. */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  const warnings: Warning[] = [];
  const maxDepth = options.maxDepth ?? 400;
  const maxElements = options.maxElements ?? 60_000;
  const scan = scanMarkup(html, maxDepth);
  if (scan.depth > maxDepth) {
    warnings.push({ code: 'DOSSIER_HTML_TOO_DEEP', message: `The page nests elements more than ${maxDepth} deep, so it was read as plain text without finding the article in it.` });
    return flatArticle(html, warnings);
  }
  if (scan.elements > maxElements) {
    warnings.push({ code: 'DOSSIER_HTML_TOO_LARGE', message: `The page has about ${scan.elements} elements (more than ${maxElements}), so it was read as plain text without finding the article in it.` });
    return flatArticle(html, warnings);
  }
  try {
    return extractWithDom(stripNoise(html), options.url ?? null, warnings);
  } catch (err) {
    if (err instanceof DossierError) throw err;
    // The DOM library gave up on malformed markup; the text is still there to read.
    warnings.push({ code: 'DOSSIER_HTML_MALFORMED', message: `The page's markup could not be parsed (${err instanceof Error ? err.message : String(err)}), so it was read as plain text.` });
    return flatArticle(html, warnings);
  }
}

function parseDocument(html: string): ReturnType<typeof parseHTML>['document'] {
  // linkedom builds no <html>/<body> around a fragment; Readability needs both.
  if (/<html[\s>]/i.test(html)) {
    const { document } = parseHTML(html);
    if (document.documentElement && document.body) return document;
  }
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

function extractWithDom(html: string, url: string | null, warnings: Warning[]): ExtractedArticle {
  const document = parseDocument(html);
  const published = findPublished(document as unknown as Parameters<typeof findPublished>[0], url);
  const siteName = metaContent(document, 'meta[property="og:site_name"]', 'meta[name="application-name"]', 'meta[name="og:site_name"]');
  const metaTitle = metaContent(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="og:title"]');
  const pageTitle = document.querySelector('title')?.textContent || document.querySelector('h1')?.textContent || null;
  let result: ReturnType<Readability<NodeLike>['parse']> = null;
  try {
    result = new Readability<NodeLike>(document as unknown as ConstructorParameters<typeof Readability>[0], { serializer: (node) => node as unknown as NodeLike, keepClasses: true }).parse();
  } catch (err) {
    warnings.push({ code: 'DOSSIER_HTML_READABILITY_FAILED', message: `The article finder failed on this page (${err instanceof Error ? err.message : String(err)}); its whole visible text was read instead.` });
  }
  const titleRaw = metaTitle || result?.title || pageTitle;
  const title = titleRaw ? cleanTitle(titleRaw, siteName) || null : null;
  let paragraphs = result?.content ? paragraphsOf(result.content, { drop: notBody }).filter((p) => !isFurniture(p)) : [];
  if (substance(paragraphs) < MIN_FALLBACK_CHARS / 2) {
    const body = document.body as unknown as NodeLike | null;
    const whole = body ? paragraphsOf(body, { skipFurniture: true }).filter((p) => !isFurniture(p)) : [];
    if (substance(whole) >= MIN_FALLBACK_CHARS) {
      if (result) warnings.push({ code: 'DOSSIER_HTML_BODY_TEXT', message: 'No article body was recognised in the page; its visible text was used instead.' });
      paragraphs = whole;
    } else if (substance(paragraphs) < MIN_ARTICLE_CHARS) {
      throw new DossierError('DOSSIER_HTML_NO_ARTICLE', 'The page has no article text: nothing in it reads as an article body.');
    }
  }
  const { text, bodyStart } = assemble(title, paragraphs.map((p) => p.text));
  if (!text) throw new DossierError('DOSSIER_HTML_NO_ARTICLE', 'The page has no article text.');
  return { text, bodyStart, title, published: published?.published ?? null, publishedFrom: published?.publishedFrom ?? null, warnings };
}

function flatArticle(html: string, warnings: Warning[]): ExtractedArticle {
  const paragraphs = flatParagraphs(html);
  if (paragraphs.length === 0) throw new DossierError('DOSSIER_HTML_NO_ARTICLE', 'The page has no text.');
  return { text: paragraphs.join('\n\n'), bodyStart: 0, title: null, published: null, publishedFrom: null, warnings };
}
