// Dates, times, durations and sets (doc.times), as TIMEX3 values resolved against the publication date.
//
// Two recognisers run over the text and the longer finding wins where they overlap:
//  - the project's own rules over the lexer's pieces, for what news copy says relative to the day it
//    was written ("on Monday" by tense, "last week" = ISO week, "earlier this month", "eight long years",
//    "in 2015", "the 1990s", "the third quarter", "now", "recently");
//  - chrono-node's strict parser, for absolute calendar dates and clock times ("Jan. 8, 1998",
//    "Feb.24", "24 February 2022", "3/28/2022", "3 p.m.", "10:30 GMT"). Never forwardDate: news reports
//    mostly look back, and chrono's "closest date" year inference suits them.
// Spans follow TIMEX3: no leading preposition ("on", "at", "in"), but modifiers ("last", "this",
// "early", "the past") belong to the expression.
// Without a publication date nothing is invented: only expressions that carry their own year (and
// durations and sets) are kept, and one DOSSIER_NO_PUBLICATION_DATE warning says the rest were left out.

import * as chrono from 'chrono-node';
import type { Time, TimeType } from '../contract.js';
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
import { glued, isMark, isNumber, isWord, NUMBER_START_WORDS, Piece, piecesOf, readNumber, sameSentence, sentenceOfOffset, type Pieces } from './number-lexer.js';
import { sentenceAt } from '../text/tokens.js';
import { SpanIndex } from '../text/span-index.js';

const RULE = 'time-rules/1';
const CHRONO_RULE = 'chrono-strict/1';

/** The publication day, as calendar fields (UTC arithmetic only: no time-zone surprises). */
export interface RefDate {
  y: number;
  m: number; // 1-12
  d: number;
}

interface Candidate {
  s: number; // first piece
  e: number; // one past the last piece
  type: TimeType;
  /** null when it needs a publication date that the article does not have. */
  value: string | null;
  rule: string;
  /** chrono findings carry character offsets directly. */
  start?: number;
  end?: number;
}

// ---- calendar arithmetic ----

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const dayString = (t: Date): string => `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
const addDays = (r: RefDate, n: number): Date => utc(r.y, r.m, r.d + n);
/** Monday = 1 … Sunday = 7 */
const weekdayOf = (t: Date): number => ((t.getUTCDay() + 6) % 7) + 1;
function isoWeek(t: Date): string {
  const th = new Date(t.getTime());
  th.setUTCDate(th.getUTCDate() + 4 - weekdayOf(th)); // the Thursday of this week decides the year
  const year = th.getUTCFullYear();
  const week = Math.floor((th.getTime() - Date.UTC(year, 0, 1)) / 86400000 / 7) + 1;
  return `${pad(year, 4)}-W${pad(week)}`;
}
const monthString = (y: number, m: number): string => {
  const t = utc(y, m, 1);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}`;
};
const quarterOf = (m: number): number => Math.floor((m - 1) / 3) + 1;
function quarterString(y: number, q: number): string {
  const k = y * 4 + (q - 1);
  return `${pad(Math.floor(k / 4), 4)}-Q${(k % 4 + 4) % 4 + 1}`;
}

/** The publication date from the article, or null when absent or not an ISO date. */
export function refDateOf(published: string | null | undefined): RefDate | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  const t = utc(y, mo, d);
  if (t.getUTCMonth() + 1 !== mo || t.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

// ---- word tables ----

const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['monday', 1], ['tuesday', 2], ['wednesday', 3], ['thursday', 4], ['friday', 5], ['saturday', 6], ['sunday', 7],
  ['mon', 1], ['tue', 2], ['tues', 2], ['wed', 3], ['thu', 4], ['thur', 4], ['thurs', 4], ['fri', 5], ['sat', 6], ['sun', 7],
]);
const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6], ['july', 7], ['august', 8],
  ['september', 9], ['october', 10], ['november', 11], ['december', 12],
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9], ['oct', 10], ['nov', 11], ['dec', 12],
]);
/** Month names that are also common words or names (May, March, August): need a date-like neighbour. */
const FULL_MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Months and weekdays written out: a word that names a day or month and nothing else ("70,000 in March" counts no March). */
export const FULL_CALENDAR_WORDS: ReadonlySet<string> = new Set([...FULL_MONTHS, ...[...WEEKDAYS.keys()].filter((w) => w.endsWith('day'))]);
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'august', 'mar', 'jan', 'sun', 'sat', 'wed', 'dec', 'sept', 'sep']);
const PARTS_OF_DAY: ReadonlyMap<string, string> = new Map([
  ['morning', 'MO'], ['afternoon', 'AF'], ['evening', 'EV'], ['night', 'NI'], ['overnight', 'NI'],
]);
const SEASONS: ReadonlyMap<string, [code: string, lastMonth: number]> = new Map([
  ['spring', ['SP', 5]], ['summer', ['SU', 8]], ['fall', ['FA', 11]], ['autumn', ['FA', 11]], ['winter', ['WI', 2]],
]);
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['1st', 1], ['2nd', 2], ['3rd', 3], ['4th', 4], ['final', 4], ['last', 4],
]);
/** Duration units → [TIMEX3 letter(s), time part?] */
const DURATION_UNITS: ReadonlyMap<string, [string, boolean]> = new Map([
  ['second', ['S', true]], ['seconds', ['S', true]], ['minute', ['M', true]], ['minutes', ['M', true]],
  ['hour', ['H', true]], ['hours', ['H', true]], ['day', ['D', false]], ['days', ['D', false]],
  ['week', ['W', false]], ['weeks', ['W', false]], ['month', ['M', false]], ['months', ['M', false]],
  ['year', ['Y', false]], ['years', ['Y', false]], ['decade', ['DE', false]], ['decades', ['DE', false]],
  ['hr', ['H', true]], ['hrs', ['H', true]], ['min', ['M', true]], ['mins', ['M', true]], ['sec', ['S', true]], ['secs', ['S', true]],
  ['yr', ['Y', false]], ['yrs', ['Y', false]], ['wk', ['W', false]], ['wks', ['W', false]],
  ['quarter', ['Q', false]], ['quarters', ['Q', false]],
  ['century', ['CE', false]], ['centuries', ['CE', false]], ['fortnight', ['W', false]], ['fortnights', ['W', false]],
]);
/** Words after which "a week", "a year" is a span of time rather than a rate. */
const A_SPAN_AFTER = new Set(['for', 'within', 'in', 'over', 'about', 'around', 'nearly', 'almost', 'than', 'after', 'least', 'most', 'under', 'to', 'just', 'only', 'barely', 'during', 'lasting', 'took', 'takes', 'take', 'spent', 'lasted', 'last', 'half', 'some', 'roughly', 'once', 'by', 'through', 'past', 'of']);
/** Words that make a number vague inside a duration: "several years" = PXY. */
const VAGUE_COUNTS = new Set(['several', 'many', 'few', 'some', 'numerous', 'recent', 'coming']);
const RELATIVE_SHIFT: ReadonlyMap<string, number> = new Map([
  ['last', -1], ['past', -1], ['previous', -1], ['this', 0], ['current', 0], ['next', 1], ['coming', 1], ['following', 1],
]);
const EDGE_MODIFIERS = new Set(['early', 'late', 'mid', 'earlier', 'later', 'end']);
const SETS: ReadonlyMap<string, string> = new Map([
  ['daily', 'P1D'], ['weekly', 'P1W'], ['monthly', 'P1M'], ['annually', 'P1Y'], ['yearly', 'P1Y'], ['hourly', 'PT1H'], ['nightly', 'P1D'], ['biweekly', 'P2W'], ['fortnightly', 'P2W'], ['quarterly', 'P3M'],
]);
// Not "before" or "later" ("three days later" narrates the past), nor a bare "set" (see tenseVote).
const FUTURE_WORDS = new Set(['will', 'shall', 'next', 'upcoming', 'scheduled', 'due', 'planned', 'expected', 'expects', 'would', 'going', 'tomorrow', 'until', 'till', 'effective', 'payable', 'expire', 'expires']);
const PAST_WORDS = new Set(['said', 'was', 'were', 'had', 'did', 'told', 'held', 'met', 'took', 'made', 'came', 'went', 'began', 'ago', 'last', 'earlier', 'since', 'yesterday', 'says', 'has', 'have']);
const PLURAL_COUNT_EXCEPTIONS = new Set(['years', 'days', 'months', 'weeks', 'hours', 'minutes', 'seconds', 'decades', 'centuries', 'times', 'is', 'was', 'has', 'as', 'this', 'its', 'his', 'us', 'plus', 'across', 'thus', 'less', 'unless', 'versus', 'towards']);

/** Determiners before which "current"/"recent" is an attributive adjective. */
const ADJECTIVE_OPENERS = new Set(['the', 'a', 'its', 'his', 'her', 'their', 'our', 'my', 'your', "'s", 'this', 'these', 'about', 'of']);

/** Words before "daily", "quarterly" that make it an attribute of the next noun. */
const ATTRIBUTE_OPENERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'average', 'first', 'initial', 'regular', 'usual', 'normal', 'total', 'new', 'party']);

/** Words that can open a time expression; any other word is passed over at once. */
const TRIGGERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'half', 'several', 'many', 'few', 'some', 'numerous', 'recent', 'coming', 'fiscal', 'calendar', 'year', 'q',
  'today', 'tonight', 'yesterday', 'tomorrow', 'now', 'currently', 'nowadays', 'present', 'recently', 'lately', 'soon', 'every', 'each',
  'first', 'second', 'third', 'fourth', 'final', 'past', 'next', 'last', 'previous', 'following', 'this', 'current', 'one',
  ...EDGE_MODIFIERS, ...WEEKDAYS.keys(), ...MONTHS.keys(), ...SEASONS.keys(), ...DURATION_UNITS.keys(), ...SETS.keys(), ...UNITS_AND_TENS(),
]);
/**
 * The words after which matchAt can find anything at "the", "a" and "an" (read off its rules; keep beside them): a
 * determiner before any other word (most of the 45 "the" of an article) opens nothing, and the stage passes it over
 * without running the rule chain. After "the": an edge, a lead or a shift word, a count or number word, an ordinal,
 * a calendar word, a season. After "a"/"an" only a duration: its unit, or a word of "a long year", "a full week".
 */
const AFTER_THE: ReadonlySet<string> = new Set([
  ...EDGE_MODIFIERS, 'fiscal', 'calendar', 'past', 'last', 'next', 'first', 'coming', 'previous', 'final', 'following', 'recent',
  'a', 'an', 'half', ...VAGUE_COUNTS, ...NUMBER_START_WORDS, 'future', 'near', ...RELATIVE_SHIFT.keys(), 'weekend', 'year', 'current',
  ...ORDINALS.keys(), 'q', 'latest', 'full', 'quarter', 'most', ...SEASONS.keys(),
]);
const AFTER_A: ReadonlySet<string> = new Set(['long', 'more', 'full', 'straight', 'consecutive', 'additional', ...DURATION_UNITS.keys()]);
const NEXT_WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([['the', AFTER_THE], ['a', AFTER_A], ['an', AFTER_A]]);
function UNITS_AND_TENS(): string[] {
  return ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen',
    'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand'];
}

/** A word's vote on the tense of its clause: 1 future, -1 past, 0 none. */
/** Reporting verbs date the saying, not what is said: "said the summit is on April 24". */
const REPORTING = new Set(['said', 'says', 'told', 'say', 'added']);

function tenseVote(w: string, next: string, skipReporting = false): number {
  if (skipReporting && REPORTING.has(w)) return 0;
  if (FUTURE_WORDS.has(w) || w.endsWith("'ll") || w.endsWith('’ll')) return 1;
  // "set to", "is to": an arrangement ahead; a bare "set" is as often a past participle.
  if ((w === 'set' || w === 'is' || w === 'are' || w === 'plan' || w === 'plans') && next === 'to') return 1;
  if (PAST_WORDS.has(w) || (w.length > 4 && w.endsWith('ed'))) return -1;
  return 0;
}

/**
 * The tense of the clause around piece i: the nearest tense word before it wins, then after it; 0 when
 * the clause shows none. "as soon as Tuesday", "as early as next week" look ahead whatever the verb.
 */
function tenseAt(p: Pieces, i: number, skipReporting = false): number {
  if (i >= 3 && p.lower[i - 1] === 'as' && p.lower[i - 3] === 'as' && (p.lower[i - 2] === 'soon' || p.lower[i - 2] === 'early')) return 1;
  for (let j = i - 1, k = 0; j >= 0 && k < 14 && sameSentence(p, i, j); j--, k++) {
    if (p.kind[j] !== Piece.WORD) continue;
    const v = tenseVote(p.lower[j], j + 1 < p.count ? p.lower[j + 1] : '', skipReporting);
    if (v !== 0) return v;
  }
  for (let j = i + 1, k = 0; j < p.count && k < 6 && sameSentence(p, i, j); j++, k++) {
    if (p.kind[j] !== Piece.WORD) continue;
    const v = tenseVote(p.lower[j], j + 1 < p.count ? p.lower[j + 1] : '', skipReporting);
    if (v !== 0) return v;
  }
  return 0;
}
const isFuture = (p: Pieces, i: number): boolean => tenseAt(p, i) === 1;

/** The weekday `wd` nearest the publication day in the direction of the tense (the day itself counts). */
function resolveWeekday(ref: RefDate, wd: number, shift: number | null, future: boolean): Date {
  const today = weekdayOf(utc(ref.y, ref.m, ref.d));
  if (shift === -1) { // last Friday: strictly before
    let back = (today - wd + 7) % 7; if (back === 0) back = 7;
    return addDays(ref, -back);
  }
  if (shift === 1) { // next Friday: strictly after
    let fwd = (wd - today + 7) % 7; if (fwd === 0) fwd = 7;
    return addDays(ref, fwd);
  }
  if (shift === 0) return addDays(ref, wd - today); // this Friday: in this ISO week
  return future ? addDays(ref, (wd - today + 7) % 7) : addDays(ref, -((today - wd + 7) % 7));
}

function word(p: Pieces, i: number, limit: number): string | null {
  return i < limit && p.kind[i] === Piece.WORD ? p.lower[i] : null;
}

/** A year written as four digits that reads as a year here: not a count ("2000 troops"), money or an id. */
function yearAt(p: Pieces, i: number, limit: number): number | null {
  if (!isNumber(p, i) || p.lower[i].length !== 4 || p.lower[i].includes(',') || p.lower[i].includes('.')) return null;
  const y = +p.lower[i];
  if (y < 1500 || y > 2100) return null;
  if (i > 0 && glued(p, i) && !isMark(p, i - 1, '(') && !isMark(p, i - 1, '-')) return null; // $2000, G2000, x2000
  if (i > 0 && isMark(p, i - 1, '-') && glued(p, i) && i > 1 && (isNumber(p, i - 2) || (isWord(p, i - 2) && !EDGE_MODIFIERS.has(p.lower[i - 2]))) && glued(p, i - 1)) return null; // 10-12-2022, COVID-2019
  if (i + 1 < limit && glued(p, i + 1)) {
    const next = p.lower[i + 1];
    if (p.kind[i + 1] === Piece.WORD) return null; // 2022s, 2000m
    if (next === '%' || next === '-' || next === '/' || next === ':' || next === '.' && isNumber(p, i + 2)) return null;
  }
  const nw = word(p, i + 1, limit);
  // A plural noun right after makes it a count: "2000 troops". Capitalized words do not ("in 2015 Russia…").
  if (nw && nw.length > 3 && nw.endsWith('s') && (p.flags[i + 1] & 4) === 0 && !PLURAL_COUNT_EXCEPTIONS.has(nw)) return null;
  if (nw === 'people' || nw === 'men' || nw === 'women' || nw === 'children' || nw === 'troops' || nw === 'of') return null;
  const pw = i > 0 && p.kind[i - 1] === Piece.WORD ? p.lower[i - 1] : '';
  if (pw === 'than' || pw === 'about' || pw === 'nearly' || pw === 'almost' || pw === 'some' || pw === 'least' || pw === 'no' || pw === 'number' || pw === 'page') return null;
  return y;
}

/** Parses a duration quantity at i ("eight", "48", "a", "several", "2.5"), returning [count|'X', next piece]. */
function durationCount(p: Pieces, i: number, limit: number): [string, number] | null {
  const w = word(p, i, limit);
  if (w === 'a' || w === 'an') return ['1', i + 1];
  if (w === 'a' && word(p, i + 1, limit) === 'few') return ['X', i + 2];
  if (w && VAGUE_COUNTS.has(w)) return ['X', i + 1];
  if (w === 'half' && (word(p, i + 1, limit) === 'a' || word(p, i + 1, limit) === 'an')) return ['0.5', i + 2];
  const n = readNumber(p, i, limit);
  if (!n || n.value <= 0 || n.value > 100000) return null;
  if (n.form === 'digits' && (i > 0 && glued(p, i) && !isMark(p, i - 1, '('))) return null;
  return [String(n.value), n.end];
}

function durationValue(count: string, unit: [string, boolean]): string {
  let [letter, timePart] = unit;
  let n = count;
  if (n === '0.5' && letter === 'H') return 'PT30M';
  if (n === '0.5' && letter === 'D') return 'PT12H';
  if (letter === 'DE' && n !== 'X') { letter = 'Y'; n = String(+n * 10); }
  else if (letter === 'CE' && n !== 'X') { letter = 'Y'; n = String(+n * 100); }
  return `P${timePart ? 'T' : ''}${n}${letter}`;
}

/** "3 p.m.", "10:30 am", "7.45pm" at piece i: the TIMEX clock part and the piece after it. */
function readClock(p: Pieces, i: number, limit: number): { hhmm: string; end: number } | null {
  const raw = p.lower[i];
  const m = /^(\d{1,2})(?:[.:](\d{2}))?$/.exec(raw);
  let k = i + 1;
  let h: number, min: number;
  if (m) { h = +m[1]; min = m[2] ? +m[2] : 0; }
  else return null;
  if (!m[2] && isMark(p, k, ':') && glued(p, k) && isNumber(p, k + 1) && /^\d{2}$/.test(p.lower[k + 1])) { min = +p.lower[k + 1]; k += 2; }
  let meridiem: string | null = null;
  const w = word(p, k, limit);
  if (w === 'am' || w === 'pm') { meridiem = w[0]; k++; }
  else if ((w === 'a' || w === 'p') && isMark(p, k + 1, '.') && word(p, k + 2, limit) === 'm' && glued(p, k + 1) && glued(p, k + 2)) {
    meridiem = w; k += 3;
    if (isMark(p, k, '.') && glued(p, k)) k++;
  }
  if (!meridiem || h < 1 || h > 12 || min > 59) return null;
  if (meridiem === 'p' && h < 12) h += 12;
  if (meridiem === 'a' && h === 12) h = 0;
  return { hhmm: `${pad(h)}:${pad(min)}`, end: k };
}

/** Tries every rule of the project at piece i; returns the longest finding or null. */
function matchAt(p: Pieces, i: number, limit: number, ref: RefDate | null, text: string): Candidate | null {
  const w = p.kind[i] === Piece.WORD ? p.lower[i] : null;
  if (w !== null && !TRIGGERS.has(w)) return null;
  const cand = (s: number, e: number, type: TimeType, value: string | null): Candidate => ({ s, e, type, value, rule: RULE });
  const day = (t: Date): string => dayString(t);

  // "the" and edge modifiers are part of the expression: "the past two months", "early next year".
  let s = i, j = i;
  let edge: string | null = null;
  const hasThe = w === 'the';
  if (hasThe) j++;
  const wj0 = word(p, j, limit);
  if (wj0 && EDGE_MODIFIERS.has(wj0) && !(wj0 === 'end')) {
    edge = wj0; j++;
    if (isMark(p, j, '-') && glued(p, j)) j++; // mid-1990s, late-November
  }
  const wj = word(p, j, limit);

  if (w !== null || isNumber(p, i) || isMark(p, i, "'")) {
    // ---- decades: the 1990s, the '90s, mid-1990s ----
    {
      let k = j;
      if (isMark(p, k, "'") || isMark(p, k, '’')) k++;
      if (isNumber(p, k) && glued(p, k + 1) && word(p, k + 1, limit) === 's' && !(k > 0 && glued(p, k) && isWord(p, k - 1))) {
        const digits = p.lower[k];
        if (/^\d{4}$/.test(digits) && digits.endsWith('0')) return cand(s, k + 2, 'DATE', digits.slice(0, 3));
        if (/^\d0$/.test(digits) && k > j) return cand(s, k + 2, 'DATE', `19${digits[0]}`);
      }
    }
    // ---- years: 2015, early 2015, fiscal 1989, the year 2000 ----
    {
      let k = j;
      if (word(p, k, limit) === 'fiscal' || word(p, k, limit) === 'calendar') k++;
      const y = yearAt(p, k, limit);
      if (y !== null && (k === i || edge !== null || (word(p, k - 1, limit) === 'fiscal' || word(p, k - 1, limit) === 'calendar'))) {
        if (hasThe && edge === null && k - 1 === i) return cand(i + 1, k + 1, 'DATE', String(y));
        return cand(hasThe && k === j && edge === null ? i + 1 : s, k + 1, 'DATE', String(y));
      }
    }
  }
  if (w === null && !isMark(p, i, "'")) {
    if (!isNumber(p, i)) return null;
  }

  // ---- clock times: 3 p.m., 10.30am, 7:45 pm (the date is the publication day unless a day word joins it) ----
  if (isNumber(p, i) && !hasThe && edge === null) {
    const clock = readClock(p, i, limit);
    if (clock) return cand(i, clock.end, 'TIME', ref ? `${day(addDays(ref, 0))}T${clock.hhmm}` : null);
  }

  // ---- durations: eight long years, 48 hours, the past two months, a five-year, several weeks, N units ago ----
  {
    let k = j;
    let lead = false;
    const wk = word(p, k, limit);
    if (wk && (wk === 'past' || wk === 'last' || wk === 'next' || wk === 'first' || wk === 'coming' || wk === 'previous' || wk === 'final' || wk === 'following' || wk === 'recent')) { k++; lead = true; }
    const counted = durationCount(p, k, limit);
    if (counted) {
      let [count, u] = counted;
      let hyphen = false;
      if (isMark(p, u, '-') && glued(p, u) && glued(p, u + 1)) { u++; hyphen = true; }
      let longs = 0;
      while (!hyphen && longs < 2 && (word(p, u, limit) === 'long' || word(p, u, limit) === 'more' || word(p, u, limit) === 'full' || word(p, u, limit) === 'straight' || word(p, u, limit) === 'consecutive' || word(p, u, limit) === 'additional')) { u++; longs++; }
      const unitWord = word(p, u, limit);
      const unit = unitWord ? DURATION_UNITS.get(unitWord) : undefined;
      // "a quarter", "three quarters" are as often fractions: quarters are spans only with a lead ("the
      // past two quarters") or a vague count ("several quarters").
      const fraction = (unitWord === 'quarter' || unitWord === 'quarters') && !lead && count !== 'X';
      const okUnit = unit && !fraction && !(unitWord === 'second' && count !== '1' && !hyphen) && !(count === '1' && unitWord!.endsWith('s') && !unitWord!.endsWith('ss') && p.lower[k] !== 'one');
      // "12-year-old" is an age, not a span of time.
      const age = hyphen && isMark(p, u + 1, '-') && word(p, u + 2, limit) === 'old';
      const aCount = p.lower[k] === 'a' || p.lower[k] === 'an';
      // "$5 million a year", "twice a day": a rate, not a duration.
      const agoNext = ['ago', 'earlier'].includes(word(p, u + 1, limit) ?? '');
      // "flights a week", "$5 million a year", "twice a day" are rates; "a week" is a span only after a
      // word that asks for one ("for a week", "within a week", "more than a year").
      const rate = aCount && !agoNext && !(k > 0 && A_SPAN_AFTER.has(p.lower[k - 1]));
      // "37 years old" is an age.
      const old = !hyphen && (word(p, u + 1, limit) === 'old' || (word(p, u + 1, limit) === 'of' && word(p, u + 2, limit) === 'age'));
      if (okUnit && !age && !rate && !old) {
        const after = word(p, u + 1, limit);
        if (!hyphen && (after === 'ago' || after === 'earlier') && !lead && !hasThe && edge === null) {
          // N units ago: a date back from the publication day, at the unit's granularity.
          if (count === 'X') return cand(s, u + 2, 'DATE', 'PAST_REF');
          const n = Math.round(+count);
          if (!ref) return cand(s, u + 2, 'DATE', null);
          const [letter, timePart] = unit;
          if (timePart) return cand(s, u + 2, 'DATE', day(addDays(ref, 0)));
          if (letter === 'D') return cand(s, u + 2, 'DATE', day(addDays(ref, -n)));
          if (letter === 'W') return cand(s, u + 2, 'DATE', isoWeek(addDays(ref, -7 * n)));
          if (letter === 'M') return cand(s, u + 2, 'DATE', monthString(ref.y, ref.m - n));
          if (letter === 'Y') return cand(s, u + 2, 'DATE', String(ref.y - n));
          if (letter === 'DE') return cand(s, u + 2, 'DATE', String(ref.y - 10 * n).slice(0, 3));
          return cand(s, u + 2, 'DATE', 'PAST_REF');
        }
        if (edge !== null && !hasThe) return null; // "early two years" is not an expression
        return cand(s, u + 1, 'DURATION', durationValue(count, unit!));
      }
    }
    // Bare plural units after "for", "over", "in recent": "for years" = PXY.
    if (!hasThe && edge === null && wk && DURATION_UNITS.has(wk) && wk.endsWith('s') && !wk.endsWith('ss') && k === i) {
      const prev = i > 0 && p.kind[i - 1] === Piece.WORD ? p.lower[i - 1] : '';
      if (prev === 'for' || prev === 'within' || prev === 'over') {
        const [letter, timePart] = DURATION_UNITS.get(wk)!;
        if (word(p, i + 1, limit) !== 'ago') return cand(i, i + 1, 'DURATION', `P${timePart ? 'T' : ''}X${letter}`);
      }
    }
  }
  if (w === null) return null;

  // ---- deictic words ----
  if (!hasThe && edge === null) {
    const next = word(p, i + 1, limit);
    const pod = next ? PARTS_OF_DAY.get(next) : undefined;
    const dayWord = w === 'today' ? 0 : w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : null;
    if (dayWord !== null) {
      if (!ref) return cand(i, pod ? i + 2 : i + 1, pod ? 'TIME' : 'DATE', null);
      const d = day(addDays(ref, dayWord));
      return pod ? cand(i, i + 2, 'TIME', `${d}T${pod}`) : cand(i, i + 1, 'DATE', d);
    }
    if (w === 'tonight') return cand(i, i + 1, 'TIME', ref ? `${day(addDays(ref, 0))}TNI` : null);
    if ((w === 'this' || w === 'last') && pod && (w === 'this' || next === 'night')) {
      return cand(i, i + 2, 'TIME', ref ? `${day(addDays(ref, w === 'last' ? -1 : 0))}T${pod}` : null);
    }
    if (w === 'now' || w === 'currently' || w === 'nowadays' || (w === 'present' && i > 0 && p.lower[i - 1] === 'at')) {
      if (w === 'now' && p.lower[i - 1] === 'from') return null;
      return cand(i, i + 1, 'DATE', 'PRESENT_REF');
    }
    if (w === 'recently' || w === 'lately') return cand(i, i + 1, 'DATE', 'PAST_REF');
    // "by year-end" is this year's last day; "since year-end" the last one gone.
    if (w === 'year' && ((isMark(p, i + 1, '-') && glued(p, i + 1) && word(p, i + 2, limit) === 'end') || next === 'end')) {
      const e = next === 'end' ? i + 2 : i + 3;
      const back = i > 0 && p.lower[i - 1] === 'since';
      return cand(i, e, 'DATE', ref ? `${ref.y - (back ? 1 : 0)}-12-31` : null);
    }
    // "the current weakness", "a recent SEC filing": the adjective places the noun's time.
    if ((w === 'current' || w === 'recent') && i > 0 && p.kind[i - 1] === Piece.WORD && ADJECTIVE_OPENERS.has(p.lower[i - 1]) && next !== null && !DURATION_UNITS.has(next)) {
      return cand(i, i + 1, 'DATE', w === 'current' ? 'PRESENT_REF' : 'PAST_REF');
    }
    // "soon after the attack", "he was soon released" tell time from the story's events, not from now.
    if (w === 'soon' && p.lower[i - 1] !== 'as' && next !== 'after' && tenseAt(p, i) >= 0) return cand(i, i + 1, 'DATE', 'FUTURE_REF');
    if ((w === 'recent' || w === 'coming') && next && DURATION_UNITS.has(next) && next.endsWith('s')) {
      if (w === 'coming') return cand(i, i + 2, 'DATE', 'FUTURE_REF');
      const [letter, timePart] = DURATION_UNITS.get(next)!;
      return cand(i, i + 2, 'DURATION', `P${timePart ? 'T' : ''}X${letter}`);
    }
    const set = SETS.get(w);
    // "its quarterly dividend", "average daily volume", "the party daily Granma": an attribute of the
    // noun (or a newspaper), not a recurring time; "cut annually", "flights daily" stay sets.
    const pw = i > 0 && p.kind[i - 1] === Piece.WORD ? p.lower[i - 1] : '';
    const attributive = next !== null && (ATTRIBUTE_OPENERS.has(pw) || (p.flags[i + 1] & 4) !== 0);
    if (set && !attributive) return cand(i, i + 1, 'SET', set);
    if (w === 'every' || w === 'each') {
      const c = durationCount(p, i + 1, limit);
      let k = i + 1, count = '1';
      if (c && p.lower[i + 1] !== 'a' && p.lower[i + 1] !== 'an') { count = c[0]; k = c[1]; }
      const u = word(p, k, limit);
      const unit = u ? DURATION_UNITS.get(u) : undefined;
      if (unit) return cand(i, k + 1, 'SET', durationValue(count, unit));
      const wd = u ? WEEKDAYS.get(u) : undefined;
      if (wd && u!.length > 3) return cand(i, k + 1, 'SET', `XXXX-WXX-${wd}`);
    }
  }
  if (hasThe && edge === null && (wj === 'past' || wj === 'future') && !(word(p, j + 1, limit) && DURATION_UNITS.has(word(p, j + 1, limit)!)) && !isNumber(p, j + 1) && readNumber(p, j + 1, limit) === null) {
    return cand(i, j + 1, 'DATE', wj === 'past' ? 'PAST_REF' : 'FUTURE_REF');
  }
  if (hasThe && edge === null && wj === 'near' && word(p, j + 1, limit) === 'future') return cand(i, j + 2, 'DATE', 'FUTURE_REF');

  // ---- last/this/next + calendar unit, weekday, month, season; earlier this month ----
  {
    let k = j;
    const shiftWord = word(p, k, limit);
    const shift = shiftWord !== null ? RELATIVE_SHIFT.get(shiftWord) : undefined;
    if (shift !== undefined && !(hasThe && shiftWord !== 'past' && shiftWord !== 'last' && shiftWord !== 'coming' && shiftWord !== 'previous' && shiftWord !== 'following')) {
      k++;
      const u = word(p, k, limit);
      if (u !== null) {
        const from = hasThe ? i : s;
        // "the following year", "the previous month": a date told from the one the story last named
        // (see readReportingPeriods); until then, from publication.
        if (hasThe && (shiftWord === 'following' || shiftWord === 'previous') && (u === 'year' || u === 'month' || u === 'day')) {
          if (!ref) return cand(from, k + 1, 'DATE', null);
          const value = u === 'year' ? String(ref.y + shift) : u === 'month' ? monthString(ref.y, ref.m + shift) : day(addDays(ref, shift));
          return cand(from, k + 1, 'DATE', value);
        }
        // "the past week" is a span of time; "last week" a date.
        if (hasThe && (u === 'week' || u === 'month' || u === 'year' || u === 'decade' || u === 'day' || u === 'hour')) {
          return cand(from, k + 1, 'DURATION', durationValue('1', DURATION_UNITS.get(u)!));
        }
        if (!ref && (u === 'week' || u === 'month' || u === 'year' || u === 'quarter' || u === 'weekend' || WEEKDAYS.has(u) || MONTHS.has(u) || SEASONS.has(u))) {
          return cand(from, k + 1, 'DATE', null);
        }
        if (ref) {
          const today = utc(ref.y, ref.m, ref.d);
          if (u === 'week') return cand(from, k + 1, 'DATE', isoWeek(addDays(ref, 7 * shift)));
          if (u === 'weekend') return cand(from, k + 1, 'DATE', `${isoWeek(addDays(ref, 7 * shift))}-WE`);
          if (u === 'month') return cand(from, k + 1, 'DATE', monthString(ref.y, ref.m + shift));
          if (u === 'year') return cand(from, k + 1, 'DATE', String(ref.y + shift));
          if (u === 'quarter') return cand(from, k + 1, 'DATE', quarterString(ref.y, quarterOf(ref.m) + shift));
          if (u === 'decade' && shift !== 0) return null;
          const wd = WEEKDAYS.get(u);
          if (wd !== undefined && u.length > 3) {
            const pod = PARTS_OF_DAY.get(word(p, k + 1, limit) ?? '');
            const d = day(resolveWeekday(ref, wd, shift, shift === 1));
            return pod ? cand(from, k + 2, 'TIME', `${d}T${pod}`) : cand(from, k + 1, 'DATE', d);
          }
          const mo = MONTHS.get(u);
          if (mo !== undefined && (FULL_MONTHS.has(u) || isMark(p, k + 1, '.')) && (p.flags[k] & 4) !== 0) {
            // "last February" in March is last year's February (TimeBank reads it so); "last June" in December is this year's.
            let y = ref.y + shift;
            if (shift === -1 && mo < ref.m - 1) y = ref.y;
            if (shift === 1 && mo > ref.m) y = ref.y;
            return cand(from, k + 1, 'DATE', monthString(y, mo));
          }
          const season = SEASONS.get(u);
          if (season) {
            const [code, lastMonth] = season;
            let y = ref.y;
            if (shift === -1 && !(ref.m > lastMonth && code !== 'WI')) y -= 1;
            if (shift === 1 && (ref.m > lastMonth - 2 || code === 'WI')) y += code === 'WI' ? 0 : 1;
            return cand(from, k + 1, 'DATE', `${y}-${code}`);
          }
          void today;
        }
      }
    }
  }

  // ---- the weekend; the year-ago quarter; the current fiscal year; year-earlier; the 20th century ----
  if (hasThe && edge === null && wj === 'weekend') {
    if (!ref) return cand(i, j + 1, 'DATE', null);
    const future = isFuture(p, j);
    const today = weekdayOf(utc(ref.y, ref.m, ref.d));
    // The weekend just gone, unless the clause looks ahead (or it is the weekend now).
    const saturday = future || today >= 6 ? addDays(ref, 6 - today) : addDays(ref, -(today + 1));
    return cand(i, j + 1, 'DATE', `${isoWeek(saturday)}-WE`);
  }
  if (wj === 'year' && isMark(p, j + 1, '-') && glued(p, j + 1) && (word(p, j + 2, limit) === 'ago' || word(p, j + 2, limit) === 'earlier')) {
    const n3 = word(p, j + 3, limit);
    if (hasThe && (n3 === 'quarter' || n3 === 'period')) return cand(i, j + 4, 'DATE', ref ? quarterString(ref.y - 1, quarterOf(ref.m) - 1) : null);
    if (!hasThe && edge === null) return cand(j, j + 3, 'DATE', ref ? String(ref.y - 1) : null);
  }
  if (hasThe && edge === null && (wj === 'current' || wj === 'fiscal')) {
    let k = j + 1;
    if (wj === 'current' && word(p, k, limit) === 'fiscal') k++;
    const u = word(p, k, limit);
    if (u === 'year' || u === 'quarter' || u === 'month' || u === 'week') {
      if (!ref) return cand(i, k + 1, 'DATE', null);
      const value = u === 'year' ? String(ref.y) : u === 'quarter' ? quarterString(ref.y, quarterOf(ref.m)) : u === 'month' ? monthString(ref.y, ref.m) : isoWeek(utc(ref.y, ref.m, ref.d));
      return cand(i, k + 1, 'DATE', value);
    }
  }
  if (isNumber(p, j) && glued(p, j + 1) && /^(?:st|nd|rd|th)$/.test(word(p, j + 1, limit) ?? '') && word(p, j + 2, limit) === 'century') {
    const n = +p.lower[j];
    if (n >= 1 && n <= 21) return cand(s, j + 3, 'DATE', pad(n - 1));
  }

  // ---- quarters and halves: the third quarter, first-quarter, Q3 2021, the first half of 2021 ----
  {
    let k = j;
    if (word(p, k, limit) === 'fiscal') k++;
    const ord = ORDINALS.get(word(p, k, limit) ?? '');
    let q: number | null = null, half: number | null = null, end = 0;
    if (ord !== undefined && ord <= 4 && p.lower[k] !== 'last' && p.lower[k] !== 'final') {
      let u = k + 1;
      if (isMark(p, u, '-') && glued(p, u)) u++;
      if (word(p, u, limit) === 'quarter') { q = ord; end = u + 1; }
      else if (word(p, u, limit) === 'half' && ord <= 2 && word(p, u + 1, limit) === 'of') { half = ord; end = u + 1; }
    } else if (/^q[1-4]$/.test(p.lower[k] ?? '') === false && word(p, k, limit) === 'q' && isNumber(p, k + 1) && glued(p, k + 1) && /^[1-4]$/.test(p.lower[k + 1])) {
      q = +p.lower[k + 1]; end = k + 2;
    }
    if (q !== null || half !== null) {
      let year: number | null = ref ? ref.y : null;
      let e = end;
      if (word(p, e, limit) === 'of' && yearAt(p, e + 1, limit) !== null) { year = yearAt(p, e + 1, limit); e += 2; }
      else if (yearAt(p, e, limit) !== null && glued(p, e) === false) { year = yearAt(p, e, limit); e += 1; }
      else if (word(p, e, limit) === 'of' && RELATIVE_SHIFT.has(word(p, e + 1, limit) ?? '') && word(p, e + 2, limit) === 'year') {
        if (year !== null) year += RELATIVE_SHIFT.get(p.lower[e + 1])!;
        e += 3;
      } else if (half !== null) {
        if (!(word(p, e, limit) === 'of' && word(p, e + 1, limit) === 'the' && word(p, e + 2, limit) === 'year')) return null;
        e += 3;
      } else if (q !== null && ref && q > quarterOf(ref.m) && !isFuture(p, i)) {
        // A quarter not yet begun, spoken of in the past tense, is last year's.
        year = ref.y - 1;
      }
      const start = hasThe || edge ? s : j;
      const value = year === null ? null : half !== null ? `${year}-H${half}` : quarterString(year, q!);
      return cand(start, e, 'DATE', value);
    }
    // "the latest period" in earnings copy is the quarter just reported (the article's own, see
    // readReportingPeriods).
    if (hasThe && (wj === 'latest' || wj === 'recent') && word(p, j + 1, limit) === 'period') {
      return cand(i, j + 2, 'DATE', ref ? quarterString(ref.y, quarterOf(ref.m) - 1) : null);
    }
    // "the year ended Sept. 30" is a twelve-month span; "for the full year", "by the end of the year" the
    // current one.
    if (hasThe && (wj === 'year' || ((wj === 'fiscal' || wj === 'full') && word(p, j + 1, limit) === 'year'))) {
      const e = wj === 'year' ? j + 1 : j + 2;
      const nx = word(p, e, limit);
      if (isMark(p, e, '-') && glued(p, e)) return null; // "the year-earlier nine months"
      if (nx === 'ended' || nx === 'ending') return cand(i, e, 'DURATION', 'P1Y');
      const pw = i > 0 && p.kind[i - 1] === Piece.WORD ? p.lower[i - 1] : '';
      const pw2 = i > 1 && p.kind[i - 2] === Piece.WORD ? p.lower[i - 2] : '';
      if (wj === 'full' || pw === 'for' || (pw === 'of' && (pw2 === 'end' || pw2 === 'months' || pw2 === 'half' || pw2 === 'quarter'))) {
        return cand(i, e, 'DATE', ref ? String(ref.y) : null);
      }
    }
    // "the quarter", "the latest quarter": the last quarter reported, i.e. the one before publication.
    if (hasThe && (wj === 'quarter' || ((wj === 'latest' || wj === 'most') && (word(p, j + 1, limit) === 'quarter' || (word(p, j + 1, limit) === 'recent' && word(p, j + 2, limit) === 'quarter'))))) {
      const e = wj === 'quarter' ? j + 1 : word(p, j + 1, limit) === 'quarter' ? j + 2 : j + 3;
      return cand(i, e, 'DATE', ref ? quarterString(ref.y, quarterOf(ref.m) - 1) : null);
    }
  }

  // ---- weekdays: (on) Monday, Friday morning ----
  {
    const wd = wj ? WEEKDAYS.get(wj) : undefined;
    if (wd !== undefined && wj!.length > 3 && (p.flags[j] & 4) !== 0 && !hasThe) {
      // "Monday, March 28" is left to chrono, which reads the whole date.
      if (isMark(p, j + 1, ',') && MONTHS.has(word(p, j + 2, limit) ?? '')) return null;
      if (MONTHS.has(word(p, j + 1, limit) ?? '') || isNumber(p, j + 1)) return null;
      const pod = PARTS_OF_DAY.get(word(p, j + 1, limit) ?? '');
      const e = pod ? j + 2 : j + 1;
      if (!ref) return cand(s, e, pod ? 'TIME' : 'DATE', null);
      // "Wednesday's ruling", "Friday's close": a day named by what happened on it is behind us, whatever
      // the clause's verb ("would look for ways around Wednesday's ruling").
      const possessive = !pod && (word(p, j + 1, limit) === "'s" || word(p, j + 1, limit) === '’s');
      const d = day(resolveWeekday(ref, wd, null, possessive ? false : isFuture(p, j)));
      return pod ? cand(s, e, 'TIME', `${d}T${pod}`) : cand(s, e, 'DATE', d);
    }
  }

  // ---- months without a day: March, early March, March 2021, March of 2021, late-November ----
  {
    const mo = wj ? MONTHS.get(wj) : undefined;
    if (mo !== undefined && (p.flags[j] & 4) !== 0 && !hasThe) {
      // A day after the month (Feb.24, March 28) is chrono's.
      let k = j + 1;
      if (isMark(p, k, '.') && glued(p, k)) k++;
      if (isNumber(p, k) && p.lower[k].length <= 2) return null;
      if (!FULL_MONTHS.has(wj!) && !isMark(p, j + 1, '.')) {
        // Bare abbreviations without a period or a day are too often other words.
        if (yearAt(p, j + 1, limit) === null) return null;
      }
      let y: number | null = null;
      let e = !FULL_MONTHS.has(wj!) && isMark(p, j + 1, '.') ? j + 2 : j + 1;
      if (isMark(p, e, ',') && yearAt(p, e + 1, limit) !== null) { y = yearAt(p, e + 1, limit); e += 2; }
      else if (word(p, e, limit) === 'of' && yearAt(p, e + 1, limit) !== null) { y = yearAt(p, e + 1, limit); e += 2; }
      else if (yearAt(p, e, limit) !== null) { y = yearAt(p, e, limit); e += 1; }
      else if (word(p, e, limit) === 'of' && RELATIVE_SHIFT.has(word(p, e + 1, limit) ?? '') && word(p, e + 2, limit) === 'year') {
        if (ref) y = ref.y + RELATIVE_SHIFT.get(p.lower[e + 1])!;
        e += 3;
        if (!ref) return cand(s, e, 'DATE', null);
      }
      if (y === null && AMBIGUOUS_MONTHS.has(wj!)) {
        const prev = j > 0 && p.kind[j - 1] === Piece.WORD ? p.lower[j - 1] : '';
        if (edge === null && !['in', 'since', 'until', 'till', 'by', 'during', 'from', 'through', 'throughout', 'before', 'after', 'of', 'between', 'and', 'early', 'late', 'mid', 'for', 'to', 'into', 'last', 'next', 'this', 'in'].includes(prev)) return null;
        if (wj === 'may' && prev === 'and') return null;
      }
      if (y === null) {
        if (!ref) return cand(s, e, 'DATE', null);
        const prev = s > 0 && p.kind[s - 1] === Piece.WORD ? p.lower[s - 1] : '';
        y = inferYear(ref, mo, 15, deadlineBefore(prev, s > 1 ? p.lower[s - 2] : '') ? 1 : tenseAt(p, j, true));
      }
      return cand(s, e, 'DATE', monthString(y, mo));
    }
  }

  // ---- seasons: this summer handled above; "the summer of 2014", "in summer 2014" ----
  {
    const season = wj ? SEASONS.get(wj) : undefined;
    if (season) {
      let e = j + 1;
      let y: number | null = null;
      if (word(p, e, limit) === 'of' && yearAt(p, e + 1, limit) !== null) { y = yearAt(p, e + 1, limit); e += 2; }
      else if (yearAt(p, e, limit) !== null) { y = yearAt(p, e, limit); e += 1; }
      if (y !== null) return cand(s, e, 'DATE', `${y}-${season[0]}`);
    }
  }
  void text;
  return null;
}

// ---- chrono ----

/**
 * The year of a day-and-month (or a bare month) without one. A future clause means the first such day
 * not (much) before publication. A past-tense clause leans back, but only weakly: past verbs set dates
 * ahead ("extended the offer to Nov. 20", "asked it to respond by Oct. 31"), so only a day more than two
 * months ahead goes to last year. A clause that shows no tense takes the nearest.
 */
function inferYear(ref: RefDate, m: number, d: number, tense: number): number {
  const pub = Date.UTC(ref.y, ref.m - 1, ref.d);
  const days = (Date.UTC(ref.y, m - 1, d) - pub) / 86400000;
  if (tense < 0) return days > 60 ? ref.y - 1 : days < -300 ? ref.y + 1 : ref.y;
  if (tense > 0) return days < -20 ? ref.y + 1 : ref.y;
  if (days > 182) return ref.y - 1;
  if (days < -182) return ref.y + 1;
  return ref.y;
}

/**
 * "by Dec. 15", "until January", "extended to Nov. 6": a deadline or target date lies ahead. Dates only:
 * "had filed reports by Wednesday" is as likely as "must respond by Wednesday" for a weekday.
 */
function deadlineBefore(prev: string, prev2: string): boolean {
  return prev === 'by' || prev === 'until' || prev === 'till' || (prev === 'to' && prev2.length > 4 && prev2.endsWith('ed'));
}

/** Tense of the clause before a character offset, for chrono's findings (which carry no pieces). */
function tenseBefore(text: string, offset: number): number {
  const before = text.slice(Math.max(0, offset - 80), offset).toLowerCase();
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'));
  const clause = cut >= 0 ? before.slice(cut + 1) : before;
  if (/\bas (?:soon|early) as\s*$/.test(clause)) return 1;
  const words = clause.match(/[a-z’']+/g) ?? [];
  if (words.length && /[a-z’']\s*$/.test(clause) && deadlineBefore(words[words.length - 1], words[words.length - 2] ?? '')) return 1;
  for (let k = words.length - 1; k >= 0; k--) {
    const v = tenseVote(words[k], words[k + 1] ?? '', true);
    if (v !== 0) return v;
  }
  return 0;
}
const isFutureAt = (text: string, offset: number): boolean => tenseBefore(text, offset) === 1;

const LEADING_PREPOSITION = /^(?:on|at|in|from|since|by|until|till|of|the|during|before|after|around|about|for)\s+/i;
const MONTH_WORD = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** Where chrono may find something: a month name next to a number, a numeric date, a clock time. */
const CHRONO_HINT = /\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[a-z]*))\b|\d{1,4}[/\-.]\d{1,2}|\d[:.]\d\d|\d\s*[ap]\.?m\b|\bnoon\b|\bmidnight\b/gi;

// chrono's strict English parsers read a month name only with a day or a year beside it: "May 5",
// "Jan. 8th", "Sept. first" (middle-endian), "5 May", "8th of March" (little-endian), "2022 May",
// "1998-Mar-05" (year first). A month-like word with neither ("may", "decision", "in July") gives chrono
// nothing, and most hinted sentences had only such a word ("may" alone was a third of them); skipping
// them leaves chrono's findings as they were. The tests below are looser than chrono's patterns, never
// stricter.
const CHRONO_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec'];
const CHRONO_MONTH_SET: ReadonlySet<string> = new Set(CHRONO_MONTHS);
const ORDINAL_WORD = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty|thirtieth|thirty';
/** A day after the month: digits or an ordinal word, after an optional abbreviation point and separators. */
const DAY_AFTER_MONTH = new RegExp(`\\.?[\\s,\\-/]*(?:\\d|${ORDINAL_WORD})`, 'iy');
const ORDINAL_WORD_START = new RegExp(`^(?:${ORDINAL_WORD})`);
/** How a day or year before the month ends: a digit, an ordinal's suffix, an era (AD, BC, CE, BE), 'of'. */
const DAY_OR_YEAR_ENDINGS: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th', 'ad', 'bc', 'ce', 'be', 'of']);

/** Whether a month-like word of CHRONO_HINT at `at` can be part of a date chrono's strict parsers read. */
function monthCanDate(text: string, at: number, word: string): boolean {
  const w = word.toLowerCase();
  // 'Mayfirst': chrono lets an ordinal word follow the month without a space.
  if (!CHRONO_MONTH_SET.has(w)) return CHRONO_MONTHS.some((m) => w.startsWith(m) && ORDINAL_WORD_START.test(w.slice(m.length)));
  DAY_AFTER_MONTH.lastIndex = at + word.length;
  if (DAY_AFTER_MONTH.test(text)) return true;
  let k = at - 1;
  for (let c = text.charCodeAt(k); k >= 0 && (c === 0x2d || c === 0x2f || c === 0x2e || c === 0x2c || /\s/.test(text[k])); c = text.charCodeAt(--k));
  if (k < 0) return false;
  const c = text.charCodeAt(k);
  return (c >= 48 && c <= 57) || (k > 0 && DAY_OR_YEAR_ENDINGS.has(text.slice(k - 1, k + 1).toLowerCase()));
}

/** chrono over only the sentences that hint at a calendar date or a clock time (it is the costly part). */
function chronoCandidates(text: string, ref: RefDate | null, p: Pieces): Candidate[] {
  const out: Candidate[] = [];
  CHRONO_HINT.lastIndex = 0;
  let lastSentence = -1;
  for (let m = CHRONO_HINT.exec(text); m; m = CHRONO_HINT.exec(text)) {
    if (m[1] !== undefined && !monthCanDate(text, m.index, m[1])) continue;
    // The sentence of the hint, as a character range.
    const lo = sentenceAt(p, m.index);
    const sn = p.count ? p.sentence[lo] : 0;
    if (sn === lastSentence) continue;
    lastSentence = sn;
    let a = lo, b = lo;
    while (a > 0 && p.sentence[a - 1] === sn) a--;
    while (b + 1 < p.count && p.sentence[b + 1] === sn) b++;
    const from = p.count ? p.start[a] : 0, to = p.count ? p.end[b] : text.length;
    for (const c of chronoIn(text, from, to, ref)) out.push(c);
    if (CHRONO_HINT.lastIndex < to) CHRONO_HINT.lastIndex = to;
  }
  return out;
}

function chronoIn(text: string, from: number, to: number, ref: RefDate | null): Candidate[] {
  const out: Candidate[] = [];
  // Noon of the publication day; with no date, a fixed instant (only results that carry a year are kept).
  const instant = ref ? new Date(Date.UTC(ref.y, ref.m - 1, ref.d, 12)) : new Date(Date.UTC(2000, 0, 1, 12));
  let results: chrono.ParsedResult[];
  try {
    results = chrono.strict.parse(text.slice(from, to), { instant, timezone: 0 });
  } catch {
    return out;
  }
  for (const r of results) {
    let start = r.index + from, t = r.text;
    for (let m = LEADING_PREPOSITION.exec(t); m; m = LEADING_PREPOSITION.exec(t)) { start += m[0].length; t = t.slice(m[0].length); }
    while (t.length && /[\s,.;:]$/.test(t) && !/\b(?:a|p)\.m\.$/i.test(t)) t = t.slice(0, -1);
    if (!t) continue;
    // Relative offsets ("2 days ago", "in 3 days") are the rules' (they keep the duration's granularity).
    if (/\b(?:ago|days?|weeks?|months?|years?|hours?|minutes?|later|earlier)\b/i.test(t)) continue;
    const c = r.start;
    const hasDay = c.isCertain('day');
    const hasMonth = c.isCertain('month');
    const hasYear = c.isCertain('year');
    const hasHour = c.isCertain('hour');
    if (!hasMonth && !hasHour) continue;
    // Money and counts around it: "$1.35 a share", "1,015 francs", "6 1/4%".
    const before = text.slice(Math.max(0, start - 2), start), after = text.slice(start + t.length, start + t.length + 2);
    if (/[\d$£€]\s?$/.test(before) || /^[,.]?\d|^%|^\s?%/.test(after)) continue;
    if (hasHour) {
      // A bare "10 to 12" is a range of numbers; a clock time shows itself with a colon, am/pm or noon.
      if (!(/\b[ap]\.?\s?m\b\.?|\d[ap]m\b/i.test(t) || /\d:\d\d/.test(t) || /noon|midnight/i.test(t))) continue;
    }
    if (/^\d+\s*\/\s*\d+$/.test(t) || /\d\s+\d+\/\d+/.test(t)) continue; // fractions, not dates
    // A clock time with a weekday ("3 p.m. on Sunday"): the weekday is read by tense, as the rules do.
    const weekday = /\b(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|satur|sun)day\b/i.exec(t);
    if (hasDay && !MONTH_WORD.test(t) && !/\d[/\-.]\d/.test(t)) {
      if (!(weekday && hasHour && ref)) continue;
      const wd = WEEKDAYS.get(weekday[0].toLowerCase())!;
      const d = dayString(resolveWeekday(ref, wd, null, isFutureAt(text, start)));
      out.push({ s: -1, e: -1, type: 'TIME', value: `${d}T${pad(c.get('hour')!)}:${pad(c.get('minute') ?? 0)}`, rule: CHRONO_RULE, start, end: start + t.length });
      continue;
    }
    if (!hasYear && !ref) continue;
    let y = c.get('year')!;
    const mo = c.get('month')!, d = c.get('day')!;
    if (!hasYear && ref && hasMonth) y = inferYear(ref, mo, hasDay ? d : 15, tenseBefore(text, start));
    let value: string, type: TimeType = 'DATE';
    const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    if (hasHour) {
      type = 'TIME';
      value = `${hasDay ? date : ref ? dayString(utc(ref.y, ref.m, ref.d)) : date}T${pad(c.get('hour')!)}:${pad(c.get('minute') ?? 0)}`;
    } else if (hasDay) value = date;
    else value = `${pad(y, 4)}-${pad(mo)}`;
    out.push({ s: -1, e: -1, type, value, rule: CHRONO_RULE, start, end: start + t.length });
  }
  return out;
}

// ---- the stage ----

export function findTimes(doc: Doc, _resources: Resources): void {
  const text = doc.text;
  if (!text) return;
  const ref = refDateOf(doc.article.published);
  const p = piecesOf(doc);
  const found: Array<{ start: number; end: number; type: TimeType; value: string | null; rule: string }> = [];
  let sentenceEnd = 0;
  for (let i = 0; i < p.count;) {
    // What matchAt turns away first, without the call: a word that opens no expression, a mark but "'".
    const kind = p.kind[i];
    if (kind === Piece.MARK ? p.lower[i] !== "'" : kind === Piece.WORD && !TRIGGERS.has(p.lower[i])) { i++; continue; }
    if (i >= sentenceEnd) sentenceEnd = sentenceLimit(p, i);
    if (kind === Piece.WORD && i + 1 < sentenceEnd && p.kind[i + 1] === Piece.WORD && NEXT_WORDS.get(p.lower[i])?.has(p.lower[i + 1]) === false) { i++; continue; }
    const c = matchAt(p, i, sentenceEnd, ref, text);
    if (c && c.e > c.s) {
      found.push({ start: p.start[c.s], end: p.end[c.e - 1], type: c.type, value: c.value, rule: c.rule });
      i = c.e;
    } else i++;
  }
  joinClockAndDay(text, found);
  for (const c of chronoCandidates(text, ref, p)) found.push({ start: c.start!, end: c.end!, type: c.type, value: c.value, rule: c.rule });

  // Longest first, rules before chrono on a tie; then keep what does not overlap what is kept.
  found.sort((a, b) => (b.end - b.start) - (a.end - a.start) || (a.rule === RULE ? -1 : 1) - (b.rule === RULE ? -1 : 1) || a.start - b.start);
  const kept: typeof found = [];
  const keptSpans = new SpanIndex();
  for (const f of found) {
    if (keptSpans.overlaps(f.start, f.end)) continue;
    kept.push(f);
    keptSpans.add(f.start, f.end);
  }
  kept.sort((a, b) => a.start - b.start);
  readReportingPeriods(text, kept, ref);
  if (ref) clockTimesOnTheirDay(text, p, kept, dayString(utc(ref.y, ref.m, ref.d)));
  let leftOut = 0;
  const times: Time[] = [];
  for (const f of kept) {
    if (f.value === null) { leftOut++; continue; }
    times.push({ id: `t${times.length + 1}`, start: f.start, end: f.end, type: f.type, value: f.value, rule: f.rule } as Time);
  }
  doc.times = times;
  if (leftOut > 0) {
    doc.warnings.push({
      code: 'DOSSIER_NO_PUBLICATION_DATE',
      message: `The article has no publication date, so ${leftOut} relative date expression${leftOut === 1 ? '' : 's'} (such as "on Monday" or "last week") could not be resolved and ${leftOut === 1 ? 'was' : 'were'} left out of times.`,
    });
  }
}

const ORDINAL_QUARTER = /^(?:'s|’s)?\s+(?:fiscal\s+)?(first|second|third|fourth)[-\s]quarter\b/i;
const BARE_PERIOD = /^(?:'s|’s)?\s+(?:period|quarter)\b/i;
const YEAR_BACK = /^(?:a year (?:ago|earlier)|year-(?:ago|earlier))$/i;
/** "$3 million last year", "the corresponding period last year": the figure's period, a year back. */
const FIGURE_OR_PERIOD_BEFORE = /(?:\d|million|billion|period|quarter)\s+$/i;

/**
 * Earnings copy compares a reporting period with the same period a year before: after "the third
 * quarter" has been named, "net was $3 million a year ago", "a year-earlier loss", "the 1988 period" and
 * "last year's quarter", "$3 million last year" all mean that quarter of the year before, not the whole year. A year followed by
 * its quarter ("the 1988 third quarter", "this year's third quarter") is that quarter too.
 */
function readReportingPeriods(text: string, kept: Array<{ start: number; end: number; type: TimeType; value: string | null; rule: string }>, ref: RefDate | null): void {
  // Only a quarter already under way or past can be the one reported on.
  const now = ref ? ref.y * 4 + quarterOf(ref.m) : Infinity;
  let year = 0, quarter = 0; // the quarter last named in the article, 0 before any
  let named: string | null = null; // the last calendar date the story named itself ("in 1995", "March 3")
  for (let k = 0; k < kept.length; k++) {
    const f = kept[k];
    const anaphor = f.value !== null && f.type === 'DATE' ? /^the (following|previous) (year|month|day)$/i.exec(text.slice(f.start, f.end)) : null;
    if (anaphor) {
      if (named) {
        const shift = anaphor[1].toLowerCase() === 'following' ? 1 : -1, unit = anaphor[2].toLowerCase();
        const [y, m, d] = named.split('-').map(Number);
        if (unit === 'year') f.value = String(y + shift);
        else if (unit === 'month' && m) f.value = monthString(y, m + shift);
        else if (unit === 'day' && d) f.value = dayString(utc(y, m, d + shift));
      }
      continue;
    }
    if (f.value !== null && f.type === 'DATE' && /^\d{4}(?:-\d\d){0,2}$/.test(f.value) && /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(text.slice(f.start, f.end))) named = f.value;
    // "the first nine months", "the fiscal year": the comparison is now over a longer period.
    if (f.type === 'DURATION' && f.value !== null && /^P(?:[4-9]|1[0-2])M$|^P1Y$/.test(f.value)) { quarter = 0; continue; }
    if (f.value === null || f.type !== 'DATE') continue;
    const said = text.slice(f.start, f.end).toLowerCase();
    const q = /^(\d{4})-Q([1-4])$/.exec(f.value);
    if (q) {
      // "the quarter", "the latest period" after a named quarter are that quarter.
      // ("the latest quarter" keeps its own reading: the last one completed.)
      if (quarter > 0 && /^the (?:(?:latest|most recent) period|quarter|period)$/.test(said)) { f.value = quarterString(year, quarter); continue; }
      // "the year-ago quarter" looks back from the period under report; it does not replace it.
      if (!/year|ago|earlier/.test(said) && +q[1] * 4 + +q[2] <= now) { year = +q[1]; quarter = +q[2]; }
      continue;
    }
    if (!/^\d{4}$/.test(f.value)) continue;
    const after = text.slice(f.end, f.end + 40);
    const ord = ORDINAL_QUARTER.exec(after);
    if (ord) {
      const y = +f.value, oq = ORDINALS.get(ord[1].toLowerCase())!;
      f.value = quarterString(y, oq);
      // The year now carries the quarter (TimeBank marks "1988" in "the 1988 third quarter"); the
      // quarter's own finding, read against publication, would contradict it.
      const next = kept[k + 1];
      if (next && next.start - f.end <= ord[0].length && next.start >= f.end) kept.splice(k + 1, 1);
      if (y * 4 + oq <= now) { year = y; quarter = oq; }
    } else if (quarter > 0 && (YEAR_BACK.test(said) || (/^last year$/i.test(said) && FIGURE_OR_PERIOD_BEFORE.test(text.slice(Math.max(0, f.start - 12), f.start))))) {
      f.value = quarterString(year - 1, quarter);
    } else if (quarter > 0 && BARE_PERIOD.test(after)) {
      f.value = quarterString(+f.value, quarter);
    }
  }
}

/**
 * "3 p.m. on Sunday", "yesterday at 10 a.m.": a clock time next to a day word becomes one TIME on that
 * day. The rules find both halves; here they are joined (the list is in text order).
 */
function joinClockAndDay(text: string, found: Array<{ start: number; end: number; type: TimeType; value: string | null; rule: string }>): void {
  for (let k = 0; k + 1 < found.length; k++) {
    const a = found[k], b = found[k + 1];
    const gap = text.slice(a.end, b.start);
    if (!/^\s*(?:on|at|,)?\s*$/i.test(gap) || gap.length > 5) continue;
    const clock = a.type === 'TIME' && a.value && /T\d\d:\d\d$/.test(a.value) ? a : b.type === 'TIME' && b.value && /T\d\d:\d\d$/.test(b.value) ? b : null;
    const dayOf = clock === a ? b : a;
    if (!clock || dayOf.type !== 'DATE' || (dayOf.value !== null && !/^\d{4}-\d\d-\d\d$/.test(dayOf.value))) continue;
    const value = dayOf.value === null || clock.value === null ? null : `${dayOf.value}${clock.value!.slice(10)}`;
    found.splice(k, 2, { start: a.start, end: b.end, type: 'TIME', value, rule: RULE });
  }
}

const DAY_WORD = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d|\b(?:today|tonight|tomorrow|yesterday)\b|\d{4}-\d\d-\d\d/i;

/**
 * "The attack occurred around 11:00 am (12:00 Moscow time) on March 15", "The meeting on March 3 began at
 * 10:00": a clock time that names no day was read on the publication date; when its sentence names exactly
 * one day, that is the day it happened on.
 */
function clockTimesOnTheirDay(text: string, p: Pieces, kept: Array<{ start: number; end: number; type: TimeType; value: string | null; rule: string }>, published: string): void {
  // the days each sentence names (a DATE of one day, or a TIME that names its day), in one pass
  const bare: Array<{ f: (typeof kept)[number]; sentence: number }> = [];
  const days = new Map<number, Set<string>>();
  for (const f of kept) {
    if (f.value === null || (f.type !== 'TIME' && f.type !== 'DATE')) continue;
    const named = DAY_WORD.test(text.slice(f.start, f.end));
    if (f.type === 'TIME' && f.value.startsWith(published + 'T') && !named) { bare.push({ f, sentence: sentenceOfOffset(p, f.start) }); continue; }
    const day = f.type === 'DATE' ? /^\d{4}-\d\d-\d\d$/.exec(f.value)?.[0] : named ? f.value.slice(0, 10) : undefined;
    if (!day) continue;
    const k = sentenceOfOffset(p, f.start);
    let set = days.get(k);
    if (!set) days.set(k, (set = new Set()));
    set.add(day);
  }
  for (const { f, sentence } of bare) {
    const set = days.get(sentence);
    if (!set || set.size !== 1) continue;
    const [day] = set;
    if (day !== published) f.value = day + f.value!.slice(10);
  }
}

/** One past the last piece of the sentence that piece i is in. */
function sentenceLimit(p: Pieces, i: number): number {
  let k = i;
  const s = p.sentence[i];
  while (k < p.count && p.sentence[k] === s) k++;
  return k;
}
