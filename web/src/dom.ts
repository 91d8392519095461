// Building the page without HTML strings. Every piece of article text reaches the DOM as a text node
// (createTextNode / textContent), never through innerHTML, so an article that contains markup shows
// the markup as characters. Links are built here only: internal ones from route segments (each
// encodeURIComponent-ed), external ones only for http(s) URLs.

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Attributes that could carry code or a URL are refused here: links go through `link`/`externalLink`. */
const UNSAFE_ATTR = /^(on|href$|src$|srcdoc$|formaction$|action$|style$|xlink:href$)/i;

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (UNSAFE_ATTR.test(k)) throw new Error(`dom: attribute "${k}" must be set through a safe helper`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** An HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs ?? undefined);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (for the figure charts). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs ?? undefined);
  append(el, children);
  return el;
}

/** A hash route from path segments and query: route(['article', id], {span: '1-5'}) → '#/article/ID?span=1-5'. */
export function route(segments: string[], query?: Record<string, string | null | undefined>): string {
  let href = '#/' + segments.map((s) => encodeURIComponent(s)).join('/');
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
    const s = q.toString();
    if (s) href += '?' + s;
  }
  return href;
}

/** A link inside the app. */
export function link(segments: string[], query: Record<string, string | null | undefined> | null, attrs: Attrs | null, ...children: Child[]): HTMLAnchorElement {
  const a = h('a', attrs, ...children);
  a.href = route(segments, query ?? undefined);
  return a;
}

/** The same link as an SVG <a> (focusable in the chart). */
export function svgLink(segments: string[], query: Record<string, string> | null, attrs: Attrs | null, ...children: Child[]): SVGAElement {
  const a = svg('a', attrs, ...children);
  a.setAttribute('href', route(segments, query ?? undefined));
  return a;
}

export function isWebUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url.trim());
}

/** A link to an article's original page when its URL is http(s); otherwise the URL as plain text. */
export function externalLink(url: string | null | undefined, text?: string): HTMLElement | null {
  if (!url) return null;
  if (!isWebUrl(url)) return h('span', { class: 'url-text' }, url);
  const a = h('a', { class: 'external', rel: 'noopener noreferrer nofollow', target: '_blank' }, text ?? url);
  a.href = url.trim();
  return a;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A short status line (loading, empty, error) that screen readers announce. */
export function note(text: string, kind: 'info' | 'error' | 'empty' = 'info'): HTMLElement {
  return h('p', { class: `note note-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
