// The article text with its records marked on it. Records overlap freely (a figure inside a quote, a
// condition inside a quote, a quote running across a cue), so the text is cut at every span boundary
// into segments and each segment is wrapped in the marks that cover it, outermost first. A mark that
// partly overlaps another is split into pieces; all pieces share `data-mark`, and only the first one
// is a tab stop, so each record is one stop for the keyboard.

export type MarkKind = 'target' | 'content' | 'condition' | 'event' | 'source' | 'cue' | 'figure' | 'time';

/** Nesting order among marks with the same span: lower is outer. */
const RANK: Record<MarkKind, number> = { target: 0, content: 1, condition: 2, event: 3, source: 4, cue: 5, figure: 6, time: 7 };

export interface Mark {
  /** Unique in the article, e.g. 'content:a3:0', 'figure:f1'. */
  key: string;
  kind: MarkKind;
  start: number;
  end: number;
  /** CSS classes besides `mark mark-<kind>`. */
  classes?: string[];
  /** data-* attributes (e.g. data-stance for the cue label drawn by CSS). */
  data?: Record<string, string>;
  /** What a screen reader hears for the mark, e.g. 'quote by Sergey Lavrov'. */
  label: string;
  /** Whether the first piece is a tab stop. */
  focusable?: boolean;
}

export interface MarkedText {
  root: HTMLElement;
  /** First piece of each mark, by key: scroll to it, focus it. */
  first: Map<string, HTMLElement>;
}

function order(a: Mark, b: Mark): number {
  return a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Renders `text` into `root` with the marks nested and split at every boundary. */
export function renderMarked(text: string, marks: Mark[], root: HTMLElement): MarkedText {
  const valid = marks
    .map((m) => ({ ...m, start: Math.max(0, m.start), end: Math.min(text.length, m.end) }))
    .filter((m) => m.end > m.start)
    .sort(order);
  const rankOf = new Map(valid.map((m, i) => [m, i] as const));
  const bounds = new Set<number>([0, text.length]);
  for (const m of valid) { bounds.add(m.start); bounds.add(m.end); }
  const cuts = [...bounds].sort((a, b) => a - b);

  const first = new Map<string, HTMLElement>();
  // open marks, outermost first, with the element each one currently writes into
  const stack: { mark: Mark; el: HTMLElement }[] = [];
  let active: Mark[] = [];
  let next = 0; // index into `valid` of the next mark to start
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i], to = cuts[i + 1];
    active = active.filter((m) => m.end > from);
    while (next < valid.length && valid[next].start <= from) { if (valid[next].end > from) active.push(valid[next]); next++; }
    active.sort((a, b) => rankOf.get(a)! - rankOf.get(b)!);
    // keep the longest prefix of the stack that is still the prefix of `active`; close the rest
    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep].mark === active[keep]) keep++;
    stack.length = keep;
    for (let j = keep; j < active.length; j++) {
      const m = active[j];
      const el = pieceOf(m, !first.has(m.key));
      if (!first.has(m.key)) first.set(m.key, el);
      (stack.length ? stack[stack.length - 1].el : root).appendChild(el);
      stack.push({ mark: m, el });
    }
    (stack.length ? stack[stack.length - 1].el : root).appendChild(document.createTextNode(text.slice(from, to)));
  }
  return { root, first };
}

function pieceOf(m: Mark, isFirst: boolean): HTMLElement {
  const el = document.createElement(m.kind === 'time' ? 'time' : 'span');
  el.className = ['mark', `mark-${m.kind}`, ...(m.classes ?? [])].join(' ');
  el.dataset.mark = m.key;
  el.dataset.start = String(m.start);
  el.dataset.end = String(m.end);
  for (const [k, v] of Object.entries(m.data ?? {})) el.dataset[k] = v;
  if (isFirst) {
    el.dataset.first = '';
    if (m.focusable !== false) el.tabIndex = 0;
    // the text itself stays the accessible name; the role description says what record it is
    el.setAttribute('role', 'mark');
    el.setAttribute('aria-roledescription', m.label);
  } else {
    el.dataset.continued = '';
  }
  return el;
}
