// A figure series as an SVG point-and-line chart: one point per report, in date order, each point a
// link to the exact characters that reported it. The same numbers are in a table beside the chart,
// which is what a screen reader (and a careful reader) should use.
import { spanLink } from './components.ts';
import { h, svg, svgLink } from './dom.ts';
import { dateText, figureValueText, formatNumber } from './labels.ts';
import type { FigureItem } from './types.ts';

const W = 640, H = 280, PAD = { left: 64, right: 24, top: 28, bottom: 40 };

function dayNumber(d: string | null | undefined): number | null {
  const m = d ? /^(\d{4})-(\d{2})-(\d{2})/.exec(d) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000 : null;
}

function shortNumber(n: number): string {
  if (n >= 1e6) return `${formatNumber(Math.round(n / 1e4) / 100)}M`;
  if (n >= 1e4) return `${formatNumber(Math.round(n / 100) / 10)}k`;
  return formatNumber(n);
}

const QUALIFIER_SIGN: Record<string, string> = { at_least: '≥', more_than: '>', at_most: '≤', less_than: '<', about: '~', vague: '~' };

/** "Nice" tick step for a value axis from 0 to max. */
function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

export function figureChart(points: FigureItem[], title: string): SVGSVGElement {
  const dated = points.filter((p) => dayNumber(p.date ?? p.published) !== null)
    .sort((a, b) => dayNumber(a.date ?? a.published)! - dayNumber(b.date ?? b.published)! || a.value - b.value);
  const days = dated.map((p) => dayNumber(p.date ?? p.published)!);
  const d0 = Math.min(...days), d1 = Math.max(...days);
  const ys = ticks(Math.max(...dated.map((p) => p.valueMax ?? p.value)));
  const yMax = ys[ys.length - 1] || 1;
  const x = (d: number) => (d1 === d0 ? (PAD.left + W - PAD.right) / 2 : PAD.left + ((d - d0) / (d1 - d0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);

  const chart = svg('svg', { class: 'figure-chart', viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': `Chart: ${title}` });
  chart.appendChild(svg('title', null, title));
  for (const v of ys) {
    chart.appendChild(svg('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    chart.appendChild(svg('text', { class: 'tick', x: PAD.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, shortNumber(v)));
  }
  const dayTicks = d1 === d0 ? [d0] : [d0, d0 + (d1 - d0) / 2, d1];
  for (const d of dayTicks) {
    const iso = new Date(Math.round(d) * 86400000).toISOString().slice(0, 10);
    chart.appendChild(svg('text', { class: 'tick', x: x(d), y: H - PAD.bottom + 20, 'text-anchor': d === d0 && d1 !== d0 ? 'start' : d === d1 && d1 !== d0 ? 'end' : 'middle' }, dateText(iso)));
  }
  chart.appendChild(svg('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
  // reports in one series may be about different incidents: the line is a faint guide to reading
  // order, not a claim that the count grew between them
  if (dated.length > 1) {
    chart.appendChild(svg('polyline', { class: 'series-line', points: dated.map((p, i) => `${x(days[i])},${y(p.value)}`).join(' ') }));
  }
  dated.forEach((p, i) => {
    const cx = x(days[i]), cy = y(p.value);
    const source = p.sourceText ?? 'unattributed';
    const label = `${figureValueText(p)} ${p.subject ?? ''} ${p.measure ?? ''} — ${source}, ${dateText(p.date ?? p.published)}, in “${p.title || 'untitled article'}”`;
    const hollow = p.qualifier !== 'exact';
    // labels alternate above and below so neighbours do not print over each other
    const above = i % 2 === 0;
    const text = `${QUALIFIER_SIGN[p.qualifier] ?? ''}${shortNumber(p.value)}${p.sourceText ? ` · ${source.length > 18 ? source.slice(0, 17) + '…' : source}` : ''}`;
    const a = svgLink(['article', p.articleId], { span: `${p.start}-${p.end}` }, { class: 'point', 'aria-label': label },
      svg('title', null, label),
      svg('circle', { cx, cy, r: 6, class: hollow ? 'hollow' : 'solid' }),
      svg('text', { class: 'point-label', x: cx, y: above ? cy - 11 : cy + 20, 'text-anchor': cx < PAD.left + 60 ? 'start' : cx > W - PAD.right - 60 ? 'end' : 'middle' }, text));
    chart.appendChild(a);
  });
  return chart;
}

export function figureTable(points: FigureItem[], caption: string, opts: { what?: boolean } = {}): HTMLTableElement {
  const sorted = [...points].sort((a, b) => (a.date ?? a.published ?? '').localeCompare(b.date ?? b.published ?? '') || a.value - b.value);
  return h('table', { class: 'figure-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Value'), opts.what ? h('th', { scope: 'col' }, 'What') : null, h('th', { scope: 'col' }, 'As written'), h('th', { scope: 'col' }, 'Source'))),
    h('tbody', null, ...sorted.map((p) => {
      const a = spanLink(p.articleId, p.start, p.end, `“${p.text}”`);
      return h('tr', null,
        h('td', { class: 'date' }, dateText(p.date ?? p.published)),
        h('td', { class: 'num' }, figureValueText(p)),
        opts.what ? h('td', null, [p.subject, p.measure].filter(Boolean).join(' ') || 'not found') : null,
        h('td', null, a),
        h('td', null, p.sourceText ?? h('span', { class: 'muted' }, 'unattributed (the article’s own words)'),
          h('span', { class: 'muted article-of' }, ` in “${p.title || 'untitled article'}”`)));
    })));
}
