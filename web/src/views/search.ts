// Full-text search over articles and statements; each hit opens the article at its characters.
import { api, articleCached } from '../api.ts';
import { spanLink } from '../components.ts';
import { h, link, note } from '../dom.ts';
import { dateText, plural } from '../labels.ts';
import { articleTitleText, sentenceAround } from '../resolve.ts';
import type { SearchHit } from '../types.ts';
import type { Route } from '../router.ts';

/**
 * An article hit names only the word it found; the reader needs its sentence. The sentence is read off
 * the article (fetched once) and the word is linked inside it.
 */
function inContext(x: SearchHit): HTMLElement {
  const holder = h('span', null, spanLink(x.articleId, x.start, x.end, x.text));
  articleCached(x.articleId).then((d) => {
    const s = sentenceAround(d, x.start, x.end);
    if (!s) return;
    const t = d.analysis.text;
    holder.replaceChildren(t.slice(s.start, x.start), spanLink(x.articleId, x.start, x.end, t.slice(x.start, x.end)), t.slice(x.end, s.end));
  }, () => { /* keep the word alone */ });
  return holder;
}

export async function searchView(main: HTMLElement, r: Route): Promise<void> {
  const q = (r.query.get('q') ?? '').trim();
  const input = h('input', { type: 'search', name: 'q', id: 'search-q', value: q, placeholder: 'e.g. Istanbul, “peace agreement”', autocomplete: 'off' });
  const form = h('form', { class: 'search-form', role: 'search' },
    h('label', { for: 'search-q' }, 'Search articles and statements'), ' ', input, ' ', h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    location.hash = v ? `#/search?${new URLSearchParams({ q: v })}` : '#/search';
  });
  main.append(h('h1', null, 'Search'), form);
  if (!q) {
    main.append(note('Words are matched whole; put a phrase in double quotes.'));
    return;
  }
  const page = await api.search(q);
  const quotes = page.items.filter((x) => x.kind === 'quote');
  const articles = page.items.filter((x) => x.kind === 'article');
  const hit = (x: (typeof page.items)[number]) => h('li', { class: 'hit' },
    h('p', { class: 'hit-text' }, x.kind === 'quote' ? spanLink(x.articleId, x.start, x.end, `“${x.text}”`) : inContext(x)),
    h('p', { class: 'where' }, h('span', { class: 'date' }, dateText(x.published)), ' · ',
      link(['article', x.articleId], null, null, articleTitleText(x.title)),
      h('span', { class: 'offsets' }, ` (characters ${x.start}–${x.end})`)));
  main.append(h('p', { class: 'lede', role: 'status' }, `${plural(page.items.length, 'result')} for “${q}”${page.next ? ' (first 200 shown)' : ''}.`),
    h('section', null, h('h2', null, `In statements (${quotes.length})`), quotes.length ? h('ol', { class: 'hits' }, ...quotes.map(hit)) : note('No statement matches.', 'empty')),
    h('section', null, h('h2', null, `In articles (${articles.length})`), articles.length ? h('ol', { class: 'hits' }, ...articles.map(hit)) : note('No article matches.', 'empty')));
}
