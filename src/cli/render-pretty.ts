// `--format pretty`: an analysis for a person at a terminal. The article text is shown with its
// layers marked — content coloured per speaker, cues by stance, sources, figures, dates — then a
// legend and lists. Marks may nest or cross (a figure inside a content span, a cue inside another
// attribution's content), so the text is rendered from a sorted list of open/close events at
// offsets, never by replacing substrings.

import type { Analysis, Attribution, Stance } from '../contract.js';

export interface PrettyOptions {
  /** ANSI colours; without them, bracket markers show the layers. */
  color: boolean;
}

type MarkKind = 'content' | 'source' | 'cue' | 'figure' | 'time';

interface Mark {
  start: number;
  end: number;
  kind: MarkKind;
  /** Legend number of the speaker (1-based), 0 when the mark has none. */
  speaker: number;
  /** Further speakers of the same span (two attributions can share one content or source). */
  alsoSpeakers?: number[];
  stance?: Stance;
}

/** Which layer wins when styles combine: later entries override earlier colours. */
const LAYER: Record<MarkKind, number> = { content: 0, figure: 1, time: 1, source: 2, cue: 3 };

/** Bracket markers for plain output; closing marks of speaker-bound layers carry the speaker number. */
const PLAIN: Record<MarkKind, readonly [open: string, close: string]> = {
  content: ['⟦', '⟧'],
  source: ['⟪', '⟫'],
  cue: ['⟨', '⟩'],
  figure: ['⦃', '⦄'],
  time: ['⦅', '⦆'],
};

const SPEAKER_COLORS = [32, 36, 34, 92, 96, 94, 33 + 60 /* bright yellow is free: stances use 31/33/35 */];
const UNRESOLVED_COLOR = 90;
const STANCE_COLOR: Partial<Record<Stance, number>> = { denying: 31, accusing: 31, distancing: 33, emphatic: 35, conceding: 93 };
const FIGURE_SGR = [30, 103];
const TIME_SGR = [30, 106];
const RESET = '\x1b[0m';

const sgr = (codes: number[]): string => (codes.length ? `\x1b[${codes.join(';')}m` : '');

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number): string => String(n).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);

interface Speaker {
  number: number;
  label: string;
  resolved: boolean;
}

/** Speakers in order of first appearance: an entity, else the source as written, else "no source". */
function collectSpeakers(a: Analysis): { speakers: Speaker[]; speakerOf: (attr: Attribution) => Speaker } {
  const entityName = new Map(a.entities.map((e) => [e.id, `${e.name} (${e.type})`]));
  const byKey = new Map<string, Speaker>();
  const keyOf = (attr: Attribution): string =>
    attr.source?.entity ? `e:${attr.source.entity}` : attr.source ? `t:${slice(a.text, attr.source).toLowerCase()}` : 'none';
  const ordered = [...a.attributions].sort((x, y) => firstOffset(x) - firstOffset(y));
  for (const attr of ordered) {
    const key = keyOf(attr);
    if (byKey.has(key)) continue;
    const entity = attr.source?.entity ?? null;
    const label = entity
      ? entityName.get(entity) ?? entity
      : attr.source ? `“${slice(a.text, attr.source)}” (not resolved)` : '(no source given)';
    byKey.set(key, { number: byKey.size + 1, label, resolved: entity !== null });
  }
  return { speakers: [...byKey.values()], speakerOf: (attr) => byKey.get(keyOf(attr))! };
}

const firstOffset = (attr: Attribution): number =>
  Math.min(attr.cue.start, attr.source?.start ?? Infinity, attr.content[0]?.start ?? Infinity);

const slice = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

function collectMarks(a: Analysis, speakerOf: (attr: Attribution) => Speaker): Mark[] {
  const marks: Mark[] = [];
  const seen = new Map<string, Mark>();
  const add = (m: Mark): void => {
    if (!(m.start >= 0 && m.end > m.start && m.end <= a.text.length)) return;
    const key = `${m.kind}:${m.start}:${m.end}`;
    const earlier = seen.get(key);
    if (!earlier) {
      seen.set(key, m);
      marks.push(m);
    } else if (m.speaker !== earlier.speaker && !earlier.alsoSpeakers?.includes(m.speaker)) {
      (earlier.alsoSpeakers ??= []).push(m.speaker);
    }
  };
  for (const attr of a.attributions) {
    const speaker = speakerOf(attr).number;
    for (const c of attr.content) add({ start: c.start, end: c.end, kind: 'content', speaker });
    if (attr.source) add({ start: attr.source.start, end: attr.source.end, kind: 'source', speaker });
    add({ start: attr.cue.start, end: attr.cue.end, kind: 'cue', speaker, stance: attr.stance ?? 'neutral' });
  }
  for (const f of a.figures) add({ start: f.start, end: f.end, kind: 'figure', speaker: 0 });
  for (const t of a.times) add({ start: t.start, end: t.end, kind: 'time', speaker: 0 });
  // Outer marks first: earlier start, then longer, then the lower layer.
  marks.sort((x, y) => x.start - y.start || y.end - x.end || LAYER[x.kind] - LAYER[y.kind]);
  return marks;
}

interface Palette {
  speaker(n: number, resolved: boolean): number;
}

function styleOf(m: Mark, colorOf: (speaker: number) => number): number[] {
  switch (m.kind) {
    case 'content': return [colorOf(m.speaker)];
    case 'source': return [1, 7, colorOf(m.speaker)];
    case 'figure': return FIGURE_SGR;
    case 'time': return TIME_SGR;
    case 'cue': {
      const c = m.stance ? STANCE_COLOR[m.stance] : undefined;
      return c ? [1, 4, c] : [1, 4];
    }
  }
}

/** The article text with every mark applied, from open/close events in offset order. */
function renderMarkedText(text: string, marks: Mark[], color: boolean, colorOf: (speaker: number) => number): string {
  // Events: closes before opens at the same offset; closes innermost first, opens outermost first.
  const events: Array<{ at: number; open: boolean; rank: number }> = [];
  marks.forEach((m, rank) => {
    events.push({ at: m.start, open: true, rank });
    events.push({ at: m.end, open: false, rank });
  });
  events.sort((x, y) => x.at - y.at || Number(x.open) - Number(y.open) || (x.open ? x.rank - y.rank : y.rank - x.rank));

  const parts: string[] = [];
  const active = new Set<number>();
  let pos = 0;
  let i = 0;
  while (i < events.length) {
    const at = events[i].at;
    if (at > pos) parts.push(text.slice(pos, at));
    pos = at;
    for (; i < events.length && events[i].at === at; i++) {
      const { open, rank } = events[i];
      const m = marks[rank];
      if (open) active.add(rank);
      else active.delete(rank);
      if (!color) {
        if (open) parts.push(PLAIN[m.kind][0]);
        else parts.push(plainClose(m));
      }
    }
    if (color) {
      // ANSI styles do not nest, so the full style of whatever is open is re-emitted at each boundary.
      const codes = [...active]
        .map((r) => marks[r])
        .sort((x, y) => LAYER[x.kind] - LAYER[y.kind])
        .flatMap((m) => styleOf(m, colorOf));
      parts.push(RESET + sgr(codes));
    }
  }
  parts.push(text.slice(pos));
  if (color && events.length) parts.push(RESET);
  return parts.join('');
}

function plainClose(m: Mark): string {
  const close = PLAIN[m.kind][1];
  if (m.kind === 'cue') return m.stance && m.stance !== 'neutral' ? `|${m.stance}${close}` : close;
  if (m.kind === 'content' || m.kind === 'source') return close + [m.speaker, ...(m.alsoSpeakers ?? [])].map(superscript).join('˒');
  return close;
}

const QUOTE_OPENERS = new Set(['"', '“', '‘', "'", '«', '„', '‹']);

function quoted(s: string): string {
  const t = s.length > 240 ? `${s.slice(0, 239)}…` : s;
  return QUOTE_OPENERS.has(t[0]) ? t : `“${t}”`;
}

/** The whole pretty report for one analysis. */
export function renderPretty(a: Analysis, options: PrettyOptions): string {
  const { color } = options;
  const paint = (codes: number[], s: string): string => (color && codes.length ? sgr(codes) + s + RESET : s);
  const { speakers, speakerOf } = collectSpeakers(a);
  const speakerByNumber = new Map(speakers.map((s) => [s.number, s]));
  const colorOf = (n: number): number => {
    const s = speakerByNumber.get(n);
    return !s || !s.resolved ? UNRESOLVED_COLOR : SPEAKER_COLORS[(n - 1) % SPEAKER_COLORS.length];
  };
  const marks = collectMarks(a, speakerOf);
  const out: string[] = [];
  const rule = '─'.repeat(72);

  // Header
  out.push(paint([1], a.title?.trim() || headlineTitle(a) || '(untitled article)'));
  const counts = [
    a.published ? `published ${a.published}` : 'publication date unknown',
    plural(a.sentences.length, 'sentence'),
    plural(a.entities.length, 'entity', 'entities'),
    plural(a.attributions.length, 'attribution'),
    plural(a.figures.length, 'figure'),
    plural(a.times.length, 'date/time', 'dates/times'),
    plural(a.events.length, 'event'),
  ];
  out.push(counts.join(' · '));
  if (a.url) out.push(a.url);
  for (const w of a.warnings ?? []) out.push(paint([33], `warning ${w.code}: ${w.message}`));
  out.push(rule, '');

  // Text
  out.push(renderMarkedText(a.text, marks, color, colorOf).replace(/\s+$/, ''), '', rule);

  // Legend
  out.push(paint([1], 'Legend'));
  if (color) {
    out.push(
      `  ${paint([1, 4], 'cue')} (neutral)  ${paint([1, 4, 31], 'denying/accusing')}  ${paint([1, 4, 33], 'distancing')}  ` +
      `${paint([1, 4, 35], 'emphatic')}  ${paint([1, 4, 93], 'conceding')}  ${paint(FIGURE_SGR, 'figure')}  ${paint(TIME_SGR, 'date/time')}`,
      '  content is coloured by speaker; a source mention is shown reversed in its speaker’s colour',
    );
  } else {
    out.push(
      '  ⟦content⟧ⁿ  ⟪source⟫ⁿ  (ⁿ = speaker below)   ⟨cue⟩ or ⟨cue|stance⟩   ⦃figure⦄   ⦅date/time⦆',
    );
  }
  for (const s of speakers) {
    const swatch = color ? paint([colorOf(s.number)], '■') : superscript(s.number);
    out.push(`  ${swatch} ${s.label}`);
  }
  if (speakers.length === 0) out.push('  (no attributions found)');

  // Statements by speaker
  if (a.attributions.length) {
    out.push('', paint([1], 'Statements by speaker'));
    for (const s of speakers) {
      const attrs = a.attributions.filter((attr) => speakerOf(attr) === s).sort((x, y) => firstOffset(x) - firstOffset(y));
      const name = s.label.replace(/ \((PER|ORG|LOC|MISC)\)$/, '');
      for (const attr of attrs) out.push(`  ${statementLine(a, attr, name, paint, colorOf(s.number))}`);
    }
  }

  // Figures, dates, events
  if (a.figures.length) {
    out.push('', paint([1], 'Figures'));
    const attrById = new Map(a.attributions.map((x) => [x.id, x]));
    for (const f of a.figures) {
      const value = f.valueMax != null ? `${f.value}–${f.valueMax}` : String(f.value);
      const details = [
        `${value}${f.unit ? ` ${f.unit}` : ''}`,
        f.qualifier.replace(/_/g, ' '),
        f.subject,
        f.measure,
      ].filter(Boolean);
      const source = f.attribution ? attrById.get(f.attribution)?.source : null;
      if (source) details.push(`per “${slice(a.text, source)}”`);
      out.push(`  ${paint(FIGURE_SGR, slice(a.text, f))} — ${details.join(' · ')} [${f.start}–${f.end}]`);
    }
  }
  if (a.times.length) {
    out.push('', paint([1], 'Dates and times'));
    for (const t of a.times) out.push(`  ${paint(TIME_SGR, slice(a.text, t))} — ${t.type} ${t.value} [${t.start}–${t.end}]`);
  }
  if (a.events.length) {
    out.push('', paint([1], 'Events'));
    const entityName = new Map(a.entities.map((x) => [x.id, x.name]));
    const timeText = new Map(a.times.map((x) => [x.id, slice(a.text, x)]));
    for (const e of a.events) {
      const cond = e.condition ? ` if “${slice(a.text, e.condition)}”` : '';
      const names = (ids?: string[]): string => (ids ?? []).map((x) => entityName.get(x) ?? x).join(' + ');
      const who = [names(e.actors), names(e.targets)].filter(Boolean).length
        ? ` · ${names(e.actors) || '?'}${e.targets?.length ? ` → ${names(e.targets)}` : ''}` : '';
      const where = e.place ? ` · in ${entityName.get(e.place) ?? e.place}` : '';
      const when = e.time ? ` · ${timeText.get(e.time) ?? e.time}` : '';
      out.push(`  ${e.code}${e.label ? ` ${e.label}` : ''} — ${e.modality}${cond}: “${slice(a.text, e.trigger)}”${who}${where}${when} [${e.trigger.start}–${e.trigger.end}]`);
    }
  }
  return out.join('\n') + '\n';
}

function statementLine(a: Analysis, attr: Attribution, name: string, paint: (codes: number[], s: string) => string, speakerColor: number): string {
  const cueText = slice(a.text, attr.cue);
  // A colon or dash cue would read as stray punctuation in "name — cue: content".
  // A cue that ends on its colon ("said:", as PolNeAR marks it) shows without it: the line puts its own.
  const cue = /\p{L}/u.test(cueText) ? cueText.replace(/\s*:$/, '') : `“${cueText}”`;
  const sourceText = attr.source ? slice(a.text, attr.source) : null;
  const via = sourceText && attr.source?.entity && !sourceText.includes(name) ? ` (as “${sourceText}”)` : '';
  const stance = attr.stance && attr.stance !== 'neutral' ? ` [${attr.stance}]` : '';
  const content = attr.content.map((c) => slice(a.text, c)).join(' … ');
  const range = attr.content.length
    ? `[${attr.content[0].start}–${attr.content[attr.content.length - 1].end}]`
    : `[${attr.cue.start}–${attr.cue.end}]`;
  const stanceColor = attr.stance ? STANCE_COLOR[attr.stance] : undefined;
  return `${paint([1, speakerColor], name)}${via} — ${paint(stanceColor ? [1, stanceColor] : [1], cue)}${stance}: ${content ? paint([speakerColor], quoted(content)) : '(no content)'} ${range}`;
}

/** Without a given title, the line the engine took for the headline (an optional extension field). */
function headlineTitle(a: Analysis): string | null {
  const headlines = (a as Analysis & { headlines?: Array<{ start: number; end: number; role: string }> }).headlines;
  const h = headlines?.find((x) => x.role === 'title');
  return h ? slice(a.text, h).trim() : null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
