// People & organisations: the list, and one entity's page — its names and descriptions over time,
// everything it said (each with a link to the exact characters) and the claims it took part in.
import { api } from '../api.ts';
import { claimGroup, groupByChallenge, statementItem } from '../components.ts';
import { h, link, note } from '../dom.ts';
import { dateText, ENTITY_TYPE_TEXT, plural } from '../labels.ts';
import type { Route } from '../router.ts';
import type { QuoteItem } from '../types.ts';

const TYPES = ['PER', 'ORG', 'LOC', 'MISC'];

export async function entitiesView(main: HTMLElement, r: Route): Promise<void> {
  const type = r.query.get('type') ?? 'PER';
  const q = r.query.get('q') ?? '';
  const { items } = await api.entities({ type: type === 'all' ? undefined : type, q: q || undefined });
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', null, 'Type ', h('select', { name: 'type' },
      ...[...TYPES, 'all'].map((t) => { const o = h('option', { value: t }, t === 'all' ? 'all' : `${ENTITY_TYPE_TEXT[t]}s`); o.selected = t === type; return o; }))),
    h('label', null, 'Name ', h('input', { name: 'q', type: 'search', value: q, placeholder: 'e.g. Lavrov' })),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams({ type: String(data.get('type') ?? 'PER') });
    const name = String(data.get('q') ?? '').trim();
    if (name) next.set('q', name);
    location.hash = `#/entities?${next}`;
  });
  const count = (e: (typeof items)[number]) => e.articleCount ?? null;
  const sorted = [...items].sort((a, b) => (count(b) ?? 0) - (count(a) ?? 0) || a.name.localeCompare(b.name));
  main.append(h('h1', null, 'People & organisations'), form,
    items.length ? h('ul', { class: 'entity-list' }, ...sorted.map((e) => h('li', null,
      link(['entity', e.id], null, null, e.name), ' ',
      type === 'all' ? h('span', { class: 'badge' }, ENTITY_TYPE_TEXT[e.type] ?? e.type) : null,
      count(e) !== null ? h('span', { class: 'muted' }, ` ${plural(count(e)!, 'article')}`) : null,
      e.aliases && e.aliases.length > 1 ? h('span', { class: 'muted small' }, ` · also ${e.aliases.filter((x) => x !== e.name).slice(0, 3).join(', ')}`) : null)))
      : note('No names match.', 'empty'));
}

export async function entityView(main: HTMLElement, r: Route): Promise<void> {
  const id = r.path[1] ?? '';
  const e = await api.entity(id);
  const [quotes, claims] = await Promise.all([
    api.entityQuotes(e.id).catch(() => null),
    api.entityClaims(e.id).catch(() => null),
  ]);
  document.title = `${e.name} — Dossier`;
  main.append(h('header', { class: 'entity-head' },
    h('h1', null, e.name),
    h('p', { class: 'meta' }, h('span', { class: 'badge' }, ENTITY_TYPE_TEXT[e.type] ?? e.type),
      e.counts ? ` named in ${plural(e.counts.articles, 'article')} (${plural(e.counts.independentSources, 'independent source')})` : null)));

  const byCount = [...e.aliases].sort((a, b) => b.count - a.count);
  const descriptors = [...e.descriptors].sort((a, b) => (a.firstSeen ?? '').localeCompare(b.firstSeen ?? ''));
  main.append(h('div', { class: 'entity-facts' },
    h('section', null, h('h2', null, 'Called'),
      byCount.length ? h('ul', { class: 'aliases' }, ...byCount.map((a) => h('li', null, h('span', { class: 'alias' }, a.alias), h('span', { class: 'muted' }, ` × ${a.count}`))))
        : note('No names recorded.', 'empty')),
    h('section', null, h('h2', null, 'Described as, over time'),
      descriptors.length ? h('ul', { class: 'descriptors' }, ...descriptors.map((d) => h('li', null,
        h('span', { class: 'descriptor' }, d.descriptor), h('span', { class: 'muted' },
          ` ${dateText(d.firstSeen)}${d.lastSeen && d.lastSeen !== d.firstSeen ? ` – ${dateText(d.lastSeen)}` : ''} · × ${d.count}`))))
        : note('No descriptions recorded.', 'empty'))));

  const said = quotes?.items ?? [];
  main.append(h('section', { class: 'entity-statements' },
    h('h2', null, `Statements over time`, h('span', { class: 'count' }, ` ${plural(said.length, 'statement')}`)),
    quotes === null ? note('The statements could not be loaded.', 'error')
      : said.length ? statementsByDate(said) : note(`No statements by ${e.name} were found.`, 'empty')));

  const pairs = claims?.items ?? [];
  const made = pairs.filter((c) => c.role !== 'received');
  const received = pairs.filter((c) => c.role === 'received');
  main.append(h('section', { class: 'entity-claims' },
    h('h2', null, 'Accused, denied, answered'),
    claims === null ? note('The claims could not be loaded.', 'error') : null,
    h('h3', null, `What ${e.name} denied or accused`, h('span', { class: 'count' }, ` ${made.length}`)),
    made.length ? h('ol', { class: 'claims' }, ...groupByChallenge(made).map(claimGroup)) : note('None found.', 'empty'),
    h('h3', null, `Statements by ${e.name} that others answered`, h('span', { class: 'count' }, ` ${received.length}`)),
    received.length ? h('ol', { class: 'claims' }, ...groupByChallenge(received).map(claimGroup)) : note('None found.', 'empty')));

  if (e.links?.length) {
    main.append(h('details', { class: 'entity-links' },
      h('summary', null, `Why these ${plural(e.links.length, 'mention')} were joined`),
      h('ul', null, ...e.links.map((l) => h('li', null, link(['article', l.articleId], null, null, l.name), ` — ${l.reason}`)))));
  }
}

function statementsByDate(items: QuoteItem[]): HTMLElement {
  const sorted = [...items].sort((a, b) => (a.date ?? a.published ?? '').localeCompare(b.date ?? b.published ?? '') || a.articleId.localeCompare(b.articleId) || a.start - b.start);
  return h('ol', { class: 'statements' }, ...sorted.map((q) => statementItem(q, { showSpeaker: false })));
}
