// Home: every stored article, newest first, with what was found in it.
import { api } from '../api.ts';
import { h, link, note } from '../dom.ts';
import { dateText } from '../labels.ts';
import { articleTitleText } from '../resolve.ts';
import type { Route } from '../router.ts';

export async function articlesView(main: HTMLElement, _r: Route): Promise<void> {
  const { items } = await api.articles();
  const sorted = [...items].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '') || (a.title ?? '').localeCompare(b.title ?? ''));
  // near-copies share a dup group: say so, because five wire copies are one source
  const groupSize = new Map<string, number>();
  for (const a of items) if (a.dupGroup) groupSize.set(a.dupGroup, (groupSize.get(a.dupGroup) ?? 0) + 1);
  main.append(h('h1', null, 'Articles'),
    h('p', { class: 'lede' }, `${items.length} articles in the store. Open one to see who said what in it, marked on the text.`));
  if (!items.length) {
    main.append(note('The store is empty. Add an article to begin.', 'empty'), link(['add'], null, { class: 'button' }, 'Add an article'));
    return;
  }
  const num = (n: number | undefined) => h('td', { class: 'num' }, n === undefined ? '–' : String(n));
  main.append(h('table', { class: 'articles-table' },
    h('caption', { class: 'visually-hidden' }, 'Articles with the number of statements, figures, events and names found in each'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Published'), h('th', { scope: 'col' }, 'Title'),
      h('th', { scope: 'col', class: 'num' }, 'Statements'), h('th', { scope: 'col', class: 'num' }, 'Figures'),
      h('th', { scope: 'col', class: 'num' }, 'Events'), h('th', { scope: 'col', class: 'num' }, 'Names'))),
    h('tbody', null, ...sorted.map((a) => h('tr', null,
      h('td', { class: 'date', 'data-label': 'Published' }, dateText(a.published)),
      h('td', { class: 'title' }, link(['article', a.id], null, null, articleTitleText(a.id, a.title)),
        a.dupGroup && (groupSize.get(a.dupGroup) ?? 0) > 1 ? h('span', { class: 'badge dup' }, 'near-copy of another article') : null),
      withLabel(num(a.counts?.attributions), a.counts?.attributions === 1 ? 'statement' : 'statements'),
      withLabel(num(a.counts?.figures), a.counts?.figures === 1 ? 'figure' : 'figures'),
      withLabel(num(a.counts?.events), a.counts?.events === 1 ? 'event' : 'events'),
      withLabel(num(a.counts?.entities), a.counts?.entities === 1 ? 'name' : 'names'))))));
}

/** On a phone each row becomes a card and the cell says what its number counts (CSS reads data-label). */
function withLabel(td: HTMLTableCellElement, label: string): HTMLTableCellElement {
  td.dataset.label = label;
  return td;
}
