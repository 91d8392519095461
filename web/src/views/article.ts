// The article view: the text itself, with every record marked on it, and beside it the statements
// grouped by speaker. Everything a popover or a list shows is read off the analysis and sliced from
// the text by offset, so what the reader checks is exactly what the machine found.
import { api } from '../api.ts';
import { entityLink, stanceBadge, truncate } from '../components.ts';
import { clear, externalLink, h, note } from '../dom.ts';
import { confidenceText, dateText, figureValueText, KIND_TEXT, MODALITY_TEXT, plural, qualifierText, STANCE_TEXT, STANCES, timexText } from '../labels.ts';
import { renderMarked, type Mark } from '../marks.ts';
import { SpeakerPalette } from '../palette.ts';
import { attachPopover } from '../popover.ts';
import { titleOf } from '../resolve.ts';
import type { Route } from '../router.ts';
import type { Analysis, Attribution, GlobalEntityRef, SpeakerView } from '../types.ts';

interface Speaker { key: string; name: string; cls: string; globalId: string | null; attributions: Attribution[] }

/** Who said it, as the reader should see it: the resolved entity's name, else the source as written. */
function speakersOf(a: Analysis, links: Record<string, GlobalEntityRef>, palette: SpeakerPalette): Map<string, Speaker> {
  const byKey = new Map<string, Speaker>();
  const sorted = [...a.attributions].sort((x, y) => (x.content[0]?.start ?? x.cue.start) - (y.content[0]?.start ?? y.cue.start));
  for (const at of sorted) {
    const key = speakerKey(at, a);
    let s = byKey.get(key);
    if (!s) {
      const local = at.source?.entity ? a.entities.find((e) => e.id === at.source!.entity) : undefined;
      const global = local ? links[local.id] : undefined;
      const name = global?.name ?? local?.name ?? (at.source ? a.text.slice(at.source.start, at.source.end) : 'no source given');
      s = { key, name, cls: palette.classOf(key), globalId: global?.id ?? null, attributions: [] };
      byKey.set(key, s);
    }
    s.attributions.push(at);
  }
  return byKey;
}

function speakerKey(at: Attribution, a: Analysis): string {
  if (at.source?.entity) return `e:${at.source.entity}`;
  if (at.source) return `t:${a.text.slice(at.source.start, at.source.end).toLowerCase()}`;
  return 'none';
}

const slice = (a: Analysis, s: { start: number; end: number }): string => a.text.slice(s.start, s.end);

/** An event's time names one of the article's times ('t5'): shown as written and as resolved. */
export function timeOf(a: Analysis, time: string | null | undefined): string {
  if (!time) return 'not given';
  const t = a.times.find((x) => x.id === time);
  return t ? `“${slice(a, t)}” (${timexText(t.type, t.value)})` : timexText('DATE', time);
}

function entityName(a: Analysis, links: Record<string, GlobalEntityRef>, id: string | null | undefined): string | null {
  if (!id) return null;
  return links[id]?.name ?? a.entities.find((e) => e.id === id)?.name ?? id;
}

/** A labelled row of a record: "Stance   accusing". */
function row(label: string, ...value: (Node | string | null)[]): HTMLElement {
  return h('div', { class: 'rec-row' }, h('dt', null, label), h('dd', null, ...value));
}

/** Text in quotation marks, unless it already starts with its own (a direct quote keeps its marks). */
function quoted(s: string): HTMLElement {
  return /^\s*["“‘'«]/.test(s) ? h('span', { class: 'quoted' }, s) : h('q', null, s);
}

export interface RenderedAnalysis { element: HTMLElement; focusSpan: () => void }

/** The marked text, legend and statements panel for one analysis (also used by Add's preview). */
export function renderAnalysis(a: Analysis, links: Record<string, GlobalEntityRef>, span: { start: number; end: number } | null, views: Record<string, SpeakerView> = {}): RenderedAnalysis {
  const palette = new SpeakerPalette();
  const speakers = speakersOf(a, links, palette);
  const speakerOf = new Map<string, Speaker>();
  for (const s of speakers.values()) for (const at of s.attributions) speakerOf.set(at.id, s);
  const attById = new Map(a.attributions.map((x) => [x.id, x]));

  const marks: Mark[] = [];
  for (const at of a.attributions) {
    const s = speakerOf.get(at.id)!;
    at.content.forEach((c, i) => marks.push({ key: `content:${at.id}:${i}`, kind: 'content', start: c.start, end: c.end,
      classes: [s.cls], data: { attribution: at.id }, label: `${at.kind} quote by ${s.name}`, focusable: i === 0 }));
    const stance = at.stance ?? 'neutral';
    marks.push({ key: `cue:${at.id}`, kind: 'cue', start: at.cue.start, end: at.cue.end, classes: [`stance-${stance}`],
      data: { attribution: at.id, stance }, label: `cue, ${stance}` });
    if (at.source) marks.push({ key: `source:${at.id}`, kind: 'source', start: at.source.start, end: at.source.end,
      classes: [s.cls], data: { attribution: at.id }, label: `source: ${s.name}` });
  }
  for (const f of a.figures) marks.push({ key: `figure:${f.id}`, kind: 'figure', start: f.start, end: f.end, label: 'figure' });
  for (const t of a.times) marks.push({ key: `time:${t.id}`, kind: 'time', start: t.start, end: t.end, label: 'date or time' });
  for (const ev of a.events) {
    marks.push({ key: `event:${ev.id}`, kind: 'event', start: ev.trigger.start, end: ev.trigger.end, classes: [`modality-${ev.modality}`], label: `event, ${ev.modality}` });
    if (ev.condition) marks.push({ key: `condition:${ev.id}`, kind: 'condition', start: ev.condition.start, end: ev.condition.end, label: 'condition of an event', focusable: false });
  }
  if (span) marks.push({ key: 'target', kind: 'target', start: span.start, end: span.end, label: 'the passage you followed a link to' });

  const textEl = h('div', { class: 'article-text', lang: 'en' });
  const marked = renderMarked(a.text, marks, textEl);

  function describeAttribution(at: Attribution): Node {
    const s = speakerOf.get(at.id)!;
    const src = at.source ? slice(a, at.source) : null;
    const resolution = views[at.id]?.resolution ?? (at as Attribution & { resolution?: string }).resolution;
    const who = s.globalId ? entityLink(s.globalId, s.name) : h('strong', null, s.name);
    const content = at.content.map((c) => slice(a, c)).join(' … ');
    return h('div', { class: 'rec' },
      h('p', { class: 'rec-title' }, h('span', { class: `swatch ${s.cls}` }), 'Statement'),
      h('dl', null,
        row('Speaker', src && src.toLowerCase() !== s.name.toLowerCase() ? h('span', null, `“${src}” → `, who) : who),
        resolution ? row('Resolved by', resolution) : null,
        row('Cue', h('span', { class: 'cue-word' }, slice(a, at.cue)), ` (lemma “${at.cue.lemma}”${at.cue.class ? `, ${at.cue.class}` : ''})`),
        row('Stance', stanceBadge(at.stance), ' ', STANCE_TEXT[at.stance ?? 'neutral']?.replace(/^\w+ /, '') ?? ''),
        row('Kind', KIND_TEXT[at.kind] ?? at.kind),
        row('Confidence', confidenceText(at.confidence)),
        row('Content', quoted(truncate(content, 360)))));
  }

  function describe(key: string): Node | null {
    const [kind, id] = key.split(':');
    if (kind === 'content' || kind === 'cue' || kind === 'source') {
      const at = attById.get(id);
      return at ? describeAttribution(at) : null;
    }
    if (kind === 'figure') {
      const f = a.figures.find((x) => x.id === id);
      if (!f) return null;
      const at = f.attribution ? attById.get(f.attribution) : undefined;
      return h('div', { class: 'rec' }, h('p', { class: 'rec-title' }, 'Figure'), h('dl', null,
        row('Value', h('strong', null, figureValueText(f))),
        row('As written', `“${slice(a, f)}”`),
        row('Qualifier', f.qualifier === 'exact' ? 'exact' : `${qualifierText(f.qualifier)} (${f.qualifier})`),
        f.unit ? row('Unit', f.unit) : null,
        row('Subject', f.subject ?? 'not found'),
        row('Measure', f.measure ?? 'not found'),
        row('Source', at ? `${speakerOf.get(at.id)?.name ?? ''}${at.source ? ` (“${slice(a, at.source)}”)` : ''}` : 'the article itself')));
    }
    if (kind === 'time') {
      const t = a.times.find((x) => x.id === id);
      if (!t) return null;
      return h('div', { class: 'rec' }, h('p', { class: 'rec-title' }, 'Date or time'), h('dl', null,
        row('As written', `“${slice(a, t)}”`),
        row('TIMEX value', h('code', null, t.value)),
        row('Reads as', timexText(t.type, t.value)),
        row('Type', t.type.toLowerCase())));
    }
    if (kind === 'event' || kind === 'condition') {
      const ev = a.events.find((x) => x.id === id);
      if (!ev) return null;
      const names = (ids: string[] | undefined) => (ids ?? []).map((x) => entityName(a, links, x)).filter(Boolean).join(', ') || 'none found';
      const at = ev.attribution ? attById.get(ev.attribution) : undefined;
      return h('div', { class: 'rec' }, h('p', { class: 'rec-title' }, 'Event'), h('dl', null,
        row('Event', h('strong', null, `${ev.code} ${ev.label ?? ''}`), ` — “${slice(a, ev.trigger)}”`),
        row('Modality', h('span', { class: `badge modality-${ev.modality}` }, ev.modality), ' ', MODALITY_TEXT[ev.modality] ?? ''),
        ev.condition ? row('Condition', h('q', null, slice(a, ev.condition))) : null,
        row('Actors', names(ev.actors)),
        ev.targets?.length ? row('Targets', names(ev.targets)) : null,
        row('Venue', entityName(a, links, ev.place) ?? 'not given'),
        row('Time', timeOf(a, ev.time)),
        at ? row('Reported by', speakerOf.get(at.id)?.name ?? '') : null));
    }
    if (kind === 'target') return h('div', { class: 'rec' }, h('p', { class: 'rec-title' }, 'Linked passage'), h('p', null, `Characters ${span!.start}–${span!.end}`));
    return null;
  }

  const legend = h('section', { class: 'legend', 'aria-label': 'Legend' },
    h('h2', { class: 'visually-hidden' }, 'Legend'),
    h('ul', { class: 'legend-speakers' }, ...[...speakers.values()].map((s) =>
      h('li', null, h('span', { class: `swatch ${s.cls}` }), s.name))),
    h('ul', { class: 'legend-kinds' },
      ...STANCES.map((st) => h('li', null, h('span', { class: `mark mark-cue stance-${st} legend-sample`, 'data-stance': st }, 'said'), ` ${st}`)),
      h('li', null, h('span', { class: 'mark mark-source legend-sample' }, 'source'), ' who speaks'),
      h('li', null, h('span', { class: 'mark mark-figure legend-sample' }, '1,119'), ' figure'),
      h('li', null, h('span', { class: 'mark mark-time legend-sample' }, 'Monday'), ' date'),
      h('li', null, h('span', { class: 'mark mark-event legend-sample' }, 'meeting'), ' event'),
      h('li', null, h('span', { class: 'mark mark-condition legend-sample' }, 'if …'), ' condition')));

  const panel = h('aside', { class: 'statements-panel', 'aria-labelledby': 'statements-h' },
    h('h2', { id: 'statements-h' }, 'Statements by speaker'),
    a.attributions.length ? null : note('No statements were found in this text.', 'empty'));
  for (const s of [...speakers.values()].sort((x, y) => y.attributions.length - x.attributions.length)) {
    const heading = s.globalId ? entityLink(s.globalId, s.name) : h('span', null, s.name);
    const list = h('ol', { class: 'panel-statements' });
    for (const at of s.attributions) {
      const target = marked.first.get(`content:${at.id}:0`) ?? marked.first.get(`cue:${at.id}`);
      const btn = h('button', { type: 'button', class: 'panel-statement', 'data-attribution': at.id },
        h('span', { class: 'panel-cue' }, slice(a, at.cue)), ' ', stanceBadge(at.stance), ' ',
        h('span', { class: 'panel-content' }, truncate(at.content.map((c) => slice(a, c)).join(' … '), 140)));
      btn.addEventListener('click', () => { if (target) { target.scrollIntoView({ block: 'center' }); target.focus({ preventScroll: true }); } });
      list.appendChild(h('li', null, btn));
    }
    panel.appendChild(h('section', { class: 'panel-speaker' },
      h('h3', null, h('span', { class: `swatch ${s.cls}` }), heading, h('span', { class: 'count' }, plural(s.attributions.length, 'statement'))),
      list));
  }

  const element = h('div', { class: 'article-layout' }, h('div', { class: 'article-main' }, legend, textEl), panel);
  const popover = attachPopover({ container: textEl, describe });
  return {
    element,
    focusSpan: () => {
      const el = marked.first.get('target');
      if (!el) return;
      el.tabIndex = -1;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      el.classList.add('flash');
      popover.hide();
    },
  };
}

function parseSpan(s: string | null, length: number): { start: number; end: number } | null {
  const m = s ? /^(\d+)-(\d+)$/.exec(s) : null;
  if (!m) return null;
  const start = Number(m[1]), end = Number(m[2]);
  return end > start && start < length ? { start, end: Math.min(end, length) } : null;
}

export async function articleView(main: HTMLElement, r: Route): Promise<void> {
  const id = r.path[1] ?? '';
  const detail = await api.article(id);
  const { article, analysis: a } = detail;
  const title = titleOf(detail);
  document.title = `${title} — Dossier`;
  const span = parseSpan(r.query.get('span'), a.text.length);
  const rendered = renderAnalysis(a, detail.entityLinks ?? {}, span, detail.speakers ?? {});
  clear(main);
  main.appendChild(h('article', { class: 'article-view' },
    h('header', { class: 'article-head' },
      h('h1', null, title),
      h('p', { class: 'meta' },
        h('span', null, `Published ${dateText(article.published ?? a.published)}`),
        article.publishedFrom ? h('span', { class: 'muted' }, ` (date from ${article.publishedFrom})`) : null,
        article.url ?? a.url ? h('span', { class: 'source-url' }, ' · ', externalLink(article.url ?? a.url, 'original')) : null),
      h('p', { class: 'meta counts' },
        `${plural(a.attributions.length, 'statement')} · ${plural(a.figures.length, 'figure')} · ${plural(a.times.length, 'date')} · ${plural(a.events.length, 'event')} · ${plural(a.entities.length, 'name')}`),
      a.warnings?.length ? h('ul', { class: 'warnings' }, ...a.warnings.map((w) => h('li', null, `${w.code}: ${w.message}`))) : null,
      h('p', { class: 'hint' }, 'Hover over or tab to a highlighted passage to see the record behind it.')),
    rendered.element));
  if (span) requestAnimationFrame(() => rendered.focusSpan());
}
