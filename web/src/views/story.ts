// The story across articles, four ways: a timeline of statements and events; each reported figure
// as a series over time; meetings by whether they are proposed, conditional, held or refused; and
// claims beside the counter-claims that answer them.
import { api, articleCached } from '../api.ts';
import { figureChart, figureTable } from '../chart.ts';
import { claimGroup, groupByChallenge, entityLink, modalityBadge, spanLink, statementItem, truncate } from '../components.ts';
import { h, link, note } from '../dom.ts';
import { dateText, MODALITY_TEXT, plural, timexText } from '../labels.ts';
import { articleTitleText, nameIn, sentenceAround } from '../resolve.ts';
import type { Route } from '../router.ts';
import type { EventItem, FigureItem, QuoteItem } from '../types.ts';

const TABS = [
  { id: 'timeline', text: 'Timeline' },
  { id: 'figures', text: 'Figures' },
  { id: 'meetings', text: 'Meetings' },
  { id: 'claims', text: 'Claims' },
];

export async function storyView(main: HTMLElement, r: Route): Promise<void> {
  const tab = TABS.some((t) => t.id === r.path[1]) ? r.path[1] : 'timeline';
  main.append(h('h1', null, 'The story'),
    h('nav', { class: 'tabs', 'aria-label': 'Story views' }, h('ul', null, ...TABS.map((t) =>
      h('li', null, link(['story', t.id], null, t.id === tab ? { 'aria-current': 'page' } : null, t.text))))));
  const body = h('div', { class: `story-${tab}` });
  main.append(body);
  if (tab === 'figures') await figuresTab(body);
  else if (tab === 'meetings') await meetingsTab(body);
  else if (tab === 'claims') await claimsTab(body);
  else await timelineTab(body, r);
}

// ---- timeline ----

type Row = { date: string; quote?: QuoteItem; event?: EventItem };

async function timelineTab(body: HTMLElement, r: Route): Promise<void> {
  const show = r.query.get('show') ?? 'all';
  const [quotes, events] = await Promise.all([
    show === 'events' ? null : api.allQuotes(),
    show === 'statements' ? null : api.events({}),
  ]);
  const rows: Row[] = [
    ...(quotes?.items ?? []).map((q): Row => ({ date: q.date ?? q.published ?? '', quote: q })),
    ...(events?.items ?? []).map((e): Row => ({ date: e.date ?? e.published ?? '', event: e })),
  ].sort((a, b) => {
    const x = (a.quote ?? a.event)!, y = (b.quote ?? b.event)!;
    return a.date.localeCompare(b.date) || x.articleId.localeCompare(y.articleId) || x.start - y.start;
  });
  const filter = h('p', { class: 'filters' }, 'Show: ',
    ...[['all', 'statements and events'], ['statements', 'statements'], ['events', 'events']].map(([k, text]) =>
      link(['story', 'timeline'], { show: k }, k === show ? { 'aria-current': 'true', class: 'chip' } : { class: 'chip' }, text)));
  body.append(h('p', { class: 'lede' }, 'Everything said and done in the stored articles, by the date it is about (a date in its sentence, else the publication date).'), filter);
  if (!rows.length) { body.append(note('Nothing to show yet.', 'empty')); return; }
  const byDate = new Map<string, Row[]>();
  for (const row of rows) byDate.set(row.date.slice(0, 10), [...(byDate.get(row.date.slice(0, 10)) ?? []), row]);
  const list = h('ol', { class: 'timeline' });
  for (const [date, items] of byDate) {
    list.appendChild(h('li', { class: 'timeline-day' },
      h('h2', { class: 'timeline-date' }, dateText(date), h('span', { class: 'count' }, ` ${plural(items.length, 'item')}`)),
      h('ol', { class: 'statements' }, ...items.map((row) => row.quote ? statementItem(row.quote) : eventItem(row.event!)))));
  }
  body.append(list);
}

/** When an event is said to happen, as written and as a date: “on Monday” (28 March 2022). */
function eventTime(e: EventItem): string | null {
  if (!e.timeText) return null;
  return e.timeValue ? `“${e.timeText}” (${timexText('DATE', e.timeValue)})` : `“${e.timeText}”`;
}

function eventItem(e: EventItem): HTMLElement {
  const when = eventTime(e);
  return h('li', { class: 'statement event-item' },
    h('p', { class: 'who' }, h('span', { class: 'event-code' }, `${e.code} ${e.label ?? ''}`), ' ', modalityBadge(e.modality),
      ' ', h('span', { class: 'muted' }, `“${e.trigger.text}”`)),
    e.condition ? h('p', { class: 'condition' }, 'on condition: ', h('q', null, e.condition.text)) : null,
    when ? h('p', { class: 'event-when' }, 'when: ', when) : null,
    h('p', { class: 'where' }, h('span', { class: 'date' }, dateText(e.date ?? e.published)), ' · ',
      spanLink(e.articleId, e.trigger.start, e.trigger.end, articleTitleText(e.title))));
}

// ---- figures ----

async function figuresTab(body: HTMLElement): Promise<void> {
  const { items } = await api.figures();
  const series = new Map<string, FigureItem[]>();
  const unlabelled: FigureItem[] = [];
  for (const f of items) {
    if (!f.subject || !f.measure) { unlabelled.push(f); continue; }
    const key = `${f.subject.toLowerCase()}|${f.measure.toLowerCase()}`;
    series.set(key, [...(series.get(key) ?? []), f]);
  }
  const ordered = [...series.values()].sort((a, b) => b.length - a.length || a[0].subject!.localeCompare(b[0].subject!));
  const charted = ordered.filter((s) => s.length >= 2);
  const single = [...ordered.filter((s) => s.length < 2).flat(), ...unlabelled];
  body.append(h('p', { class: 'lede' },
    `${plural(items.length, 'figure')} reported; ${plural(charted.length, 'series', 'series')} reported more than once are charted. Each point links to the sentence that reported it; hollow points are “at least”, “more than” or approximate values.`));
  if (!items.length) { body.append(note('No figures yet.', 'empty')); return; }
  for (const s of charted) {
    const title = `${s[0].subject} ${s[0].measure}`;
    const id = `series-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    body.append(h('section', { class: 'series', 'aria-labelledby': id },
      h('h2', { id }, title, h('span', { class: 'count' }, ` ${plural(s.length, 'report')}`)),
      h('div', { class: 'series-body' }, h('div', { class: 'chart-wrap' }, figureChart(s, `${title} over time`)),
        figureTable(s, `${title}: every report`))));
  }
  if (single.length) {
    body.append(h('section', { class: 'series' }, h('h2', null, 'Reported once'),
      figureTable(single, 'Figures reported once', { what: true })));
  }
}

// ---- meetings ----

const COLUMNS = [
  { id: 'proposed', title: 'Proposed or planned', modalities: ['planned', 'possible', 'demanded'] },
  { id: 'conditional', title: 'Conditional', modalities: ['conditional'] },
  { id: 'held', title: 'Held (reported as happening)', modalities: ['asserted'] },
  { id: 'refused', title: 'Refused or not held', modalities: ['negated'] },
];

async function meetingsTab(body: HTMLElement): Promise<void> {
  const { items, first } = await api.events({ code: '04' });
  body.append(h('p', { class: 'lede' }, 'Meetings, talks and negotiations (CAMEO 04…), by whether they are proposed, depend on a condition, took place or were refused, with their venues.'));
  const venues = (first as { venues?: { place: string; entityId?: string | null; events: number; independentSources: number }[] }).venues;
  const details = new Map<string, Awaited<ReturnType<typeof articleCached>> | null>();
  await Promise.all([...new Set(items.map((e) => e.articleId))].map(async (id) => details.set(id, await articleCached(id).catch(() => null))));
  if (!items.length) { body.append(note('No meetings found.', 'empty')); return; }
  const grid = h('div', { class: 'meetings-grid' });
  for (const col of COLUMNS) {
    const mine = items.filter((e) => col.modalities.includes(e.modality));
    grid.appendChild(h('section', { class: `meetings-col col-${col.id}`, 'aria-labelledby': `col-${col.id}` },
      h('h2', { id: `col-${col.id}` }, col.title, h('span', { class: 'count' }, ` ${mine.length}`)),
      mine.length ? h('ol', { class: 'meetings' }, ...mine.map((e) => meetingCard(e, details.get(e.articleId) ?? null))) : note('None.', 'empty')));
  }
  body.append(grid);
  if (venues?.length) {
    // the server counts a venue once across articles (by the place's story entity) and names it
    body.append(h('section', { class: 'venues' }, h('h2', null, 'Venues'), h('ul', null, ...venues.map((v) =>
      h('li', null, v.entityId ? entityLink(v.entityId, v.place) : h('strong', null, v.place),
        h('span', { class: 'muted' }, ` ${plural(v.events, 'mention')}, ${plural(v.independentSources, 'independent source')}`))))));
  }
}

function meetingCard(e: EventItem, detail: Awaited<ReturnType<typeof articleCached>> | null): HTMLElement {
  const names = (refs: EventItem['actors']) => refs.map((x) => nameIn(detail, x)).filter((x) => x !== null);
  const list = (refs: EventItem['actors']) => names(refs).flatMap((p, i) => [i ? ', ' : '', p.global ? entityLink(p.global.id, p.name) : p.name]);
  const venue = e.placeName ? { name: e.placeName, global: null } : nameIn(detail, e.place);
  const sentence = sentenceAround(detail, e.trigger.start, e.condition?.end ?? e.trigger.end);
  const end = Math.max(e.trigger.end, e.condition?.end ?? 0);
  return h('li', { class: `meeting modality-${e.modality}` },
    h('p', { class: 'meeting-head' }, modalityBadge(e.modality), ' ', h('strong', null, `“${e.trigger.text}”`), ' ',
      h('span', { class: 'muted' }, `${e.code} ${e.label ?? ''}`)),
    h('dl', null,
      h('div', { class: 'rec-row' }, h('dt', null, 'Who'), h('dd', null, ...(e.actors.length ? list(e.actors) : ['not named']))),
      e.targets.length ? h('div', { class: 'rec-row' }, h('dt', null, 'With'), h('dd', null, ...list(e.targets))) : null,
      h('div', { class: 'rec-row' }, h('dt', null, 'Venue'), h('dd', null, venue ? h('strong', null, venue.name) : 'not given')),
      e.condition ? h('div', { class: 'rec-row' }, h('dt', null, 'Condition'), h('dd', null, h('q', { class: 'condition' }, e.condition.text))) : null,
      e.timeText ? h('div', { class: 'rec-row' }, h('dt', null, 'When'), h('dd', null, eventTime(e))) : null,
      h('div', { class: 'rec-row' }, h('dt', null, 'Status'), h('dd', null, MODALITY_TEXT[e.modality] ?? e.modality))),
    sentence ? h('blockquote', { class: 'context' }, truncate(sentence.text, 320)) : null,
    h('p', { class: 'where' }, h('span', { class: 'date' }, dateText(e.date ?? e.published)), ' · ',
      spanLink(e.articleId, e.trigger.start, end, articleTitleText(e.title))));
}

// ---- claims ----

async function claimsTab(body: HTMLElement): Promise<void> {
  const { items } = await api.claims();
  body.append(h('p', { class: 'lede' }, 'Each claim on the left, and on the right the denials and accusations that answer it, with why Dossier paired them.'));
  if (!items.length) { body.append(note('No claims and counter-claims found.', 'empty')); return; }
  body.append(h('ol', { class: 'claims' }, ...groupByChallenge(items).map(claimGroup)));
}
