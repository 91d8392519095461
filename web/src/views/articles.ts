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
  const ask = (segments: string[], title: string, what: string) => h('li', null, link(segments, null, null, h('strong', null, title), h('span', null, what)));
  main.append(h('h1', null, 'Articles'),
    h('p', { class: 'lede' }, `${items.length} articles in the store. Open one to see who said what in it, marked on the text — or ask across all of them:`),
    h('ul', { class: 'start-here' },
      ask(['entities'], 'Who said what', 'a person’s statements, each linked to its sentence'),
      ask(['story', 'meetings'], 'Meetings', 'proposed, conditional or held, and where'),
      ask(['story', 'figures'], 'Figures', 'casualties and other counts, by whom'),
      ask(['story', 'claims'], 'Claims and denials', 'who dismissed or accused what'),
      ask(['story', 'timeline'], 'Timeline', 'statements and events by date')));
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
      h('td', { class: 'title' }, link(['article', a.id], null, a.titleFrom === 'headline' ? { title: 'The article’s headline: it came without a title' } : null, articleTitleText(a.title)),
        a.dupGroup && (groupSize.get(a.dupGroup) ?? 0) > 1 ? h('span', { class: 'badge dup' }, 'near-copy of another article') : null),
      withLabel(num(a.counts?.attributions), a.counts?.attributions === 1 ? 'statement' : 'statements'),
      withLabel(num(a.counts?.figures), a.counts?.figures === 1 ? 'figure' : 'figures'),
      withLabel(num(a.counts?.events), a.counts?.events === 1 ? 'event' : 'events'),
      withLabel(num(a.counts?.entities), a.counts?.entities === 1 ? 'name' : 'names'))))),
    downloads());
}

/** The whole store as files: every row with its article id and span (the API streams them). */
function downloads(): HTMLElement {
  const file = (what: string, format: string) => {
    const a = h('a', { download: '' }, `${what} (${format.toUpperCase()})`);
    a.href = `/api/export?what=${what}&format=${format}`;
    return a;
  };
  return h('p', { class: 'downloads' }, 'Download everything: ',
    ...['quotes', 'figures', 'events', 'entities'].flatMap((w, i) => [i ? ' · ' : '', file(w, 'csv')]), ' · ', file('analyses', 'jsonl'));
}

/** On a phone each row becomes a card and the cell says what its number counts (CSS reads data-label). */
function withLabel(td: HTMLTableCellElement, label: string): HTMLTableCellElement {
  td.dataset.label = label;
  return td;
}
