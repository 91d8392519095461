// Words a journalist reads instead of the contract's codes.

export const STANCES = ['neutral', 'emphatic', 'distancing', 'accusing', 'denying', 'conceding'] as const;

export const STANCE_TEXT: Record<string, string> = {
  neutral: 'neutral (says, tells)',
  emphatic: 'emphatic (stresses, insists)',
  distancing: 'distancing (claims, alleges)',
  accusing: 'accusing (accuses, blames)',
  denying: 'denying (denies, dismisses)',
  conceding: 'conceding (admits, concedes)',
};

export const KIND_TEXT: Record<string, string> = {
  direct: 'direct quote',
  indirect: 'indirect (reported speech)',
  mixed: 'mixed (partly quoted)',
};

export const MODALITY_TEXT: Record<string, string> = {
  asserted: 'happened (asserted)',
  planned: 'planned',
  possible: 'possible',
  conditional: 'conditional',
  negated: 'did not happen (negated)',
  demanded: 'demanded',
};

const QUALIFIER_WORDS: Record<string, string> = {
  exact: '',
  at_least: 'at least',
  more_than: 'more than',
  at_most: 'at most',
  less_than: 'less than',
  about: 'about',
  range: '',
  vague: 'some',
};

export function qualifierText(q: string): string {
  return QUALIFIER_WORDS[q] ?? q.replace(/_/g, ' ');
}

export function formatNumber(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : String(n);
}

/** "at least 1,119", "1,000–2,000", "millions (vague)". */
export function figureValueText(f: { value: number; valueMax?: number | null; qualifier: string; unit?: string | null }): string {
  const unit = f.unit ? ` ${f.unit}` : '';
  if (f.qualifier === 'range' || (f.valueMax !== null && f.valueMax !== undefined && f.valueMax !== f.value)) {
    return `${formatNumber(f.value)}–${formatNumber(f.valueMax ?? f.value)}${unit}`;
  }
  if (f.qualifier === 'vague') return `about ${formatNumber(f.value)}${unit} (vague)`;
  const q = qualifierText(f.qualifier);
  return `${q ? q + ' ' : ''}${formatNumber(f.value)}${unit}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2022-03-28' → '28 Mar 2022'; anything else is returned as it is. */
export function dateText(d: string | null | undefined): string {
  if (!d) return 'undated';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(d);
  if (!m) return d;
  const month = MONTHS[Number(m[2]) - 1] ?? m[2];
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}

/** A TIMEX3 value for a person: 'P8Y' → '8 years', 'PRESENT_REF' → 'now'. */
export function timexText(type: string, value: string): string {
  if (value === 'PRESENT_REF') return 'the present (now)';
  if (value === 'PAST_REF') return 'the past';
  if (value === 'FUTURE_REF') return 'the future';
  const dur = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (type === 'DURATION' && dur) {
    const names = ['year', 'month', 'week', 'day', 'hour', 'minute'];
    const parts = dur.slice(1).map((n, i) => (n ? `${n} ${names[i]}${n === '1' ? '' : 's'}` : '')).filter(Boolean);
    if (parts.length) return parts.join(' ');
  }
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(value)) return dateText(value);
  if (/^\d{4}$/.test(value)) return `the year ${value}`;
  return value;
}

export function confidenceText(c: number | null | undefined): string {
  return typeof c === 'number' ? `${Math.round(c * 100)}%` : 'not given';
}

export const ENTITY_TYPE_TEXT: Record<string, string> = { PER: 'person', ORG: 'organisation', LOC: 'place', MISC: 'other name' };

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
