// Figures (doc.figures): the numbers a report gives — counts, money, percentages, measures — with
// their qualifier ("at least", "more than", "about", a range, a vague "thousands"), what they count
// (subject: "1,119 civilians" → civilians), what happened to it (measure: "have been killed" → killed)
// and the attribution that reports them.
//
// A scanner over the lexer's pieces reads a number (digits with separators, number words, "a dozen",
// vague plurals), then grows it: a scale ("3.82 million", "$1.13bn"), a range ("10 to 12",
// "between 10 and 12"), a unit or currency (lexicons/units.tsv), qualifiers before and after
// (lexicons/qualifiers.tsv). What is not a figure is left out on purpose: years and dates (findTimes has
// them, and figures never overlap times), ordinals, clock times, phone and id numbers, numbers that are
// part of a name (G7, COVID-19, Boeing 737, World War Two), "one of", pronoun "one", "the two countries".
// The span covers qualifier, currency, number, scale and unit, never the counted noun.

import type { Figure, FigureQualifier } from '../contract.js';
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
import { piecesByPosition, SpanIndex } from '../text/span-index.js';
import { type FigureLexicon, type MeasureForm, type UnitEntry } from './figure-lexicon.js';
import { FULL_CALENDAR_WORDS } from './find-times.js';
import {
  capitalized, FRACTIONS, glued, isMark, isNumber, isWord, NUMBER_START_WORDS, parseDigits, Piece, piecesOf, readNumber, sentenceInitial, sentenceOfOffset,
  type NumberRead, type Pieces,
} from './number-lexer.js';

/** Words before a number that make it an id or a name part: "page 5", "No. 10", "flight 17". */
const ID_WORDS = new Set(['page', 'pages', 'no', 'nos', 'number', 'flight', 'article', 'section', 'chapter', 'room', 'route',
  'highway', 'platform', 'gate', 'line', 'version', 'level', 'phase', 'stage', 'resolution', 'paragraph', 'item', 'grade',
  'code', 'model', 'unit', 'building', 'block', 'bus', 'channel', 'vol', 'volume', 'episode', 'season', 'part', 'act', 'tier',
  'category', 'type', 'size', 'step', 'ward', 'district', 'zone', 'sector', 'squad', 'apartment', 'suite', 'floor', 'exit',
  'junction', 'track', 'verse', 'figure', 'table', 'appendix', 'annex', 'protocol', 'amendment', 'clause', 'ext', 'tel', 'ref', 'id', 'pin', 'box', 'po']);
/** Determiners that make a small number word anaphoric ("the two countries", "these three men"). */
const ANAPHORIC = new Set(['the', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'my', 'your', 'whose', 'each', 'every', 'any', 'which', 'both', 'first', 'last', 'other', 'another']);
/** Nouns that make "one" a count ("one person was killed") rather than a pronoun ("one of", "no one"). */
const ONE_NOUNS = new Set(['person', 'civilian', 'soldier', 'child', 'man', 'woman', 'officer', 'journalist', 'worker', 'member',
  'resident', 'student', 'patient', 'victim', 'citizen', 'fighter', 'policeman', 'boy', 'girl', 'baby', 'passenger', 'prisoner',
  'hostage', 'protester', 'migrant', 'refugee', 'doctor', 'nurse', 'teacher', 'firefighter', 'tourist', 'pilot', 'sailor']);
/** Words that end the counted noun phrase. */
const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'but', 'nor', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'by', 'as', 'than',
  'that', 'which', 'who', 'whom', 'whose', 'have', 'has', 'had', 'been', 'be', 'being', 'was', 'were', 'are', 'is', 'will', 'would',
  'could', 'should', 'may', 'might', 'must', 'can', 'do', 'does', 'did', 'also', 'not', 'said', 'say', 'says', 'according', 'more',
  'less', 'per', 'each', 'this', 'these', 'those', 'it', 'they', 'he', 'she', 'we', 'you', 'i', 'there', 'here', 'since', 'after',
  'before', 'during', 'while', 'when', 'where', 'about', 'over', 'under', 'up', 'down', 'out', 'into', 'onto', 'across', 'among',
  'between', 'through', 'so', 'such', 'just', 'only', 'still', 'already', 'now', 'then', 'reportedly', 'nearly', 'almost', 'or',
  'if', 'because', 'against', 'toward', 'towards', 'within', 'without', 'inside', 'outside', 'near', 'all', 'some', 'many', 'most',
  'both', 'either', 'neither', 'its', 'their', 'his', 'her', 'our', 'my', 'your', 'them', 'us', 'him', 'me', 'what', 'how', 'why',
  'per', 'plus', 'minus', 'times', 'including', 'included', 'includes', 'until', 'till', 'yet', 'again', 'too', 'very', 'each', 'year',
  'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'ago', 'earlier', 'later', 'last', 'next', 'first']);
/** Words passed over between the counted noun and what happened to it ("have also been reportedly killed"). */
const AUX = new Set(['have', 'has', 'had', 'been', 'be', 'being', 'was', 'were', 'are', 'is', 'also', 'now', 'already', 'reportedly',
  'allegedly', 'so', 'far', 'believed', 'feared', 'thought', 'said', 'estimated', 'to', 'still', 'just', 'all', 'since', 'either',
  'were', 'got', 'get', 'getting', 'became', 'become', 'left', 'officially', 'initially', 'apparently', 'presumably', 'likely', 'not', 'ever']);
const PLURAL_HEADS = new Set(['people', 'children', 'men', 'women', 'police', 'personnel', 'staff', 'cattle', 'troops', 'crew', 'militia', 'youth', 'infantry', 'livestock']);
/** Prepositions that open a reduced relative's complement: "borrowed from", "evacuated by". */
const PARTICIPLE_COMPLEMENT = new Set(['from', 'by', 'in', 'at', 'on', 'during', 'over', 'to', 'for', 'since', 'under', 'into', 'across']);
/** Qualifier words that are also prepositions of place ('over four oblasts'). */
const SPATIAL_OVER = new Set(['over', 'above', 'beyond', 'across']);
const PLACE_PLURALS = new Set(['oblasts', 'regions', 'cities', 'towns', 'villages', 'countries', 'areas', 'districts', 'provinces', 'territories', 'states', 'settlements']);
const MORE_WORDS = new Set(['more', 'additional', 'other', 'further', 'extra', 'new', 'fewer']);
const CURRENCY_GLUED_SCALES = new Set(['m', 'bn', 'b', 'k', 'mn', 'tn', 'trn', 'bln', 'mln']);

const RULE_DIGITS = 'figure-digits/1';
const RULE_WORDS = 'figure-words/1';
const RULE_VAGUE = 'figure-vague/1';
const RULE_RANGE = 'figure-range/1';

interface Built {
  s: number; // first piece of the span
  e: number; // one past the last piece
  value: number;
  valueMax: number | null;
  unit: string | null;
  qualifier: FigureQualifier;
  rule: string;
  /** Piece after the number expression, where the counted noun starts. */
  after: number;
  /** First piece of the number itself (for looking left). */
  core: number;
}

/** Longest lexicon entry whose parts match the pieces at i (pieces glued or spaced alike). */
function matchUnit(p: Pieces, i: number, limit: number, lex: FigureLexicon): UnitEntry | null {
  if (i >= limit) return null;
  const list = lex.units.get(p.lower[i]);
  if (!list) return null;
  for (const u of list) {
    let ok = i + u.parts.length <= limit;
    for (let k = 1; ok && k < u.parts.length; k++) if (p.lower[i + k] !== u.parts[k]) ok = false;
    // A currency sign written with its country's letters is one word: 'A$5' is Australian, 'A $5 billion' is 'a' and dollars.
    if (ok && u.kind === 'symbol') for (let k = 1; ok && k < u.parts.length; k++) if (!glued(p, i + k)) ok = false;
    if (ok) return u;
  }
  return null;
}

function matchMeasure(p: Pieces, i: number, limit: number, lex: FigureLexicon): MeasureForm | null {
  if (i >= limit || p.kind[i] !== Piece.WORD) return null;
  const list = lex.measures.get(p.lower[i]);
  if (!list) return null;
  for (const m of list) {
    let ok = i + m.parts.length <= limit;
    for (let k = 1; ok && k < m.parts.length; k++) if (p.lower[i + k] !== m.parts[k]) ok = false;
    if (ok) return m;
  }
  return null;
}

/** A before-qualifier ending at piece i-1: returns [qualifier, first piece] or null. */
function qualifierBefore(p: Pieces, i: number, lex: FigureLexicon): [FigureQualifier, number] | null {
  const last = i - 1;
  if (last < 0 || p.kind[last] !== Piece.WORD && !isMark(p, last, '.')) return null;
  const list = lex.qualifiersBefore.get(p.lower[last]);
  if (!list) return null;
  for (const q of list) {
    const first = last - q.parts.length + 1;
    if (first < 0 || p.sentence[first] !== p.sentence[last]) continue;
    let ok = true;
    for (let k = 0; ok && k < q.parts.length; k++) if (p.lower[first + k] !== q.parts[k]) ok = false;
    if (!ok) continue;
    // "under" and "over" and "some" as prepositions/determiners are qualifiers only right before a number.
    return [q.qualifier, first];
  }
  return null;
}

function qualifierAfter(p: Pieces, i: number, limit: number, lex: FigureLexicon): [FigureQualifier, number] | null {
  if (i >= limit) return null;
  let k = i;
  if (isMark(p, k, '-') && glued(p, k) && p.lower[k + 1] === 'plus') return ['more_than', k + 2];
  const list = lex.qualifiersAfter.get(p.lower[k]);
  if (!list) return null;
  for (const q of list) {
    if (k + q.parts.length > limit) continue;
    let ok = true;
    for (let m = 1; ok && m < q.parts.length; m++) if (p.lower[k + m] !== q.parts[m]) ok = false;
    // "or more people": the qualifier ends the number phrase only when no counted noun follows "more".
    if (ok) return [q.qualifier, k + q.parts.length];
  }
  return null;
}

/** Is the number at i (a digits piece) part of something that is not a figure? */
function digitsExcluded(p: Pieces, i: number, limit: number, lex: FigureLexicon): boolean {
  const s = p.lower[i];
  // Glued to letters or a hyphenated name before it: G7, COVID-19, F-16, MH17.
  if (i > 0 && glued(p, i) && p.kind[i - 1] === Piece.WORD && !isCurrencyWord(p.lower[i - 1])) return true;
  if (i > 1 && glued(p, i) && (isMark(p, i - 1, '-') || isMark(p, i - 1, '/')) && glued(p, i - 1) && (p.kind[i - 2] === Piece.WORD || p.kind[i - 2] === Piece.NUMBER)) return true;
  if (i > 0 && glued(p, i) && (isMark(p, i - 1, '+') || isMark(p, i - 1, '#') || isMark(p, i - 1, '@') || isMark(p, i - 1, ':') || isMark(p, i - 1, '/') || isMark(p, i - 1, '.') || isMark(p, i - 1, '№'))) return true;
  // Clock times, fractions, versions, dates: 10:30, 9/11, 24/7, 1.2.3.
  if (i + 1 < limit && glued(p, i + 1) && (isMark(p, i + 1, ':') || isMark(p, i + 1, '/')) && isNumber(p, i + 2)) return true;
  if (i + 1 < limit && glued(p, i + 1) && isMark(p, i + 1, '.') && isNumber(p, i + 2) && glued(p, i + 2)) return true;
  // Ordinals, decades and codes: 2nd, 24th, 1990s, 1e308, 5G (units and scales like 10km, 2.5m are read later).
  if (i + 1 < limit && glued(p, i + 1) && p.kind[i + 1] === Piece.WORD && !lex.units.has(p.lower[i + 1])) return true;
  // Leading zeros: 007, 0800 (but 0.5 and 0 are numbers).
  if (s.length > 1 && s[0] === '0' && s[1] !== '.' && s[1] !== ',') return true;
  // Id words before it: page 5, No. 10, flight 17.
  let k = i - 1;
  if (isMark(p, k, '.') && glued(p, k)) k--;
  if (k >= 0 && p.kind[k] === Piece.WORD && ID_WORDS.has(p.lower[k]) && p.sentence[k] === p.sentence[i]) return true;
  // A run of three or more bare numbers is a phone number, a code or a list of scores.
  if (isNumber(p, i + 1) && isNumber(p, i + 2)) return true;
  if (isNumber(p, i - 1) && (isNumber(p, i + 1) || isNumber(p, i - 2))) return true;
  return false;
}

function isCurrencyWord(w: string): boolean {
  return w === 'us' || w === 'a' || w === 'c' || w === 'hk' || w === 'nz' || w === 'usd' || w === 'eur' || w === 'gbp' || w === 'rub' || w === 'uah';
}

/** Is the capitalized word before a number a name the number belongs to (Boeing 737, Minsk 2)? */
function nameBefore(p: Pieces, i: number, lex: FigureLexicon): boolean {
  const k = i - 1;
  if (k < 0 || p.kind[k] !== Piece.WORD || !capitalized(p, k) || p.sentence[k] !== p.sentence[i]) return false;
  if (sentenceInitial(p, k)) return false;
  if (lex.units.has(p.lower[k]) || lex.qualifiersBefore.has(p.lower[k])) return false;
  return true;
}

/** Reads a number at i and the scale after it; returns null when it is not a figure's number. */
function readCore(p: Pieces, i: number, limit: number, money: boolean, lex: FigureLexicon): { n: NumberRead; scale: number; end: number; metres: boolean } | null {
  const n = readNumber(p, i, limit, true);
  if (!n) return null;
  let end = n.end;
  let scale = 1;
  let metres = false;
  const u = matchUnit(p, end, limit, lex);
  if (u && u.kind === 'scale' && n.form !== 'vague') {
    const short = CURRENCY_GLUED_SCALES.has(u.parts[0]);
    if (!short || glued(p, end)) {
      if (u.parts[0] === 'm' && !money && !p.lower[i].includes('.')) {
        // "100m" is metres unless a counted plural follows ("5m people").
        const next = end + 1 < limit && p.kind[end + 1] === Piece.WORD ? p.lower[end + 1] : '';
        if (!(next.length > 3 && next.endsWith('s')) && next !== 'people') metres = true;
      }
      if (u.parts[0] === 'b' && !money) return { n, scale, end, metres };
      if (u.parts[0] === 'k' && !money && !/^\d/.test(p.lower[i])) return { n, scale, end, metres };
      if (!metres) scale = Number(u.unit);
      end += u.parts.length;
    }
  }
  return { n, scale, end, metres };
}

/** Numbers of three or four digits the article gives as a model's name ("Boeing 787", "Airbus 350"): anywhere else in it they name the model too. */
function modelNumbers(p: Pieces, lex: FigureLexicon): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < p.count; i++) if (p.kind[i] === Piece.NUMBER && /^\d{3,4}$/.test(p.lower[i]) && nameBefore(p, i, lex)) out.add(p.lower[i]);
  return out;
}

function buildAt(p: Pieces, i: number, limit: number, lex: FigureLexicon): Built | null {
  let s = i;
  let unit: string | null = null;
  // A currency sign first: $, £, US$, €.
  const sym = matchUnit(p, i, limit, lex);
  let coreStart = i;
  if (sym && sym.kind === 'symbol') {
    const k = i + sym.parts.length;
    if (!isNumber(p, k) && !(isWord(p, k) && readNumber(p, k, limit))) return null;
    unit = sym.unit;
    coreStart = k;
  } else if (!(isNumber(p, i) || isWord(p, i))) return null;

  // Fractions: "a third of", "two-thirds of", "one-quarter of".
  if (unit === null && isWord(p, coreStart)) {
    const w = p.lower[coreStart];
    const count = w === 'a' ? 1 : readNumber(p, coreStart, limit)?.value;
    let k = coreStart + 1;
    if (count !== undefined && count <= 10 && (w === 'a' || readNumber(p, coreStart, limit)?.end === k)) {
      if (isMark(p, k, '-') && glued(p, k)) k++;
      const f = k < limit ? FRACTIONS.get(p.lower[k]) : undefined;
      if (f !== undefined && p.lower[k + 1] === 'of' && !(p.lower[k] === 'half' && w !== 'one')) {
        const before = qualifierBefore(p, s, lex);
        return { s: before ? before[1] : s, e: k + 1, value: count * f, valueMax: null, unit: 'fraction', qualifier: before ? before[0] : 'exact', rule: RULE_WORDS, after: k + 1, core: coreStart };
      }
    }
  }
  const core = readCore(p, coreStart, limit, unit !== null, lex);
  if (!core) return null;
  const { n } = core;
  let value = n.value * core.scale;
  let end = core.end;
  if (core.metres) unit = 'm';
  let qualifier: FigureQualifier = n.form === 'vague' ? 'vague' : 'exact';
  let rule = n.form === 'digits' ? RULE_DIGITS : n.form === 'vague' ? RULE_VAGUE : RULE_WORDS;

  // ---- what is not a figure ----
  if (n.form === 'digits') {
    if (digitsExcluded(p, coreStart, limit, lex)) return null;
    // "Crutcher, 40, a father …": an age set off by commas after a name is not a count.
    if (unit === null && core.scale === 1 && n.value >= 1 && n.value < 120 && Number.isInteger(n.value) && coreStart > 1
      && isMark(p, coreStart - 1, ',') && p.kind[coreStart - 2] === Piece.WORD && capitalized(p, coreStart - 2)
      && (n.end >= limit || p.kind[n.end] === Piece.MARK)) return null;
    if (unit === null && nameBefore(p, coreStart, lex)) return null;
  } else {
    const w = p.lower[coreStart];
    const prev = coreStart > 0 && p.kind[coreStart - 1] === Piece.WORD && p.sentence[coreStart - 1] === p.sentence[coreStart] ? p.lower[coreStart - 1] : '';
    const next = n.end < limit && p.kind[n.end] === Piece.WORD ? p.lower[n.end] : '';
    if (n.form === 'words') {
      // Number words inside names: World War Two, Channel Four, Formula One, Group of Twenty.
      if (capitalized(p, coreStart) && !sentenceInitial(p, coreStart) && coreStart > 0 && p.kind[coreStart - 1] === Piece.WORD &&
        (capitalized(p, coreStart - 1) || (prev === 'of' && coreStart > 1 && p.kind[coreStart - 2] === Piece.WORD && capitalized(p, coreStart - 2)))) return null;
      if (n.value === 1 && n.end === coreStart + 1) {
        if (!(ONE_NOUNS.has(next) || (matchUnit(p, n.end, limit, lex) !== null && unit === null))) return null;
        if (prev === 'no' || prev === 'any' || prev === 'every' || prev === 'each' || prev === 'the' || prev === 'this' || prev === 'that' || prev === 'which') return null;
      }
      if (w === 'a' || w === 'one') {
        if (unit === null && next === 'of') return null;
      }
      if (n.value <= 10 && ANAPHORIC.has(prev) && core.scale === 1) return null;
      if (next === 'of' && (n.value <= 10) && core.scale === 1) {
        const after = n.end + 1 < limit ? p.lower[n.end + 1] : '';
        if (after === 'them' || after === 'us' || after === 'those' || after === 'these' || after === 'the') { /* "two of the soldiers" is still a count */ }
      }
      // Hyphenated adjectives: a two-day visit, a three-member panel ("two-thirds" is read below).
      if (isMark(p, n.end, '-') && glued(p, n.end) && isWord(p, n.end + 1) && !FRACTIONS.has(p.lower[n.end + 1]) && p.lower[n.end + 1] !== 'plus') return null;
    }
    if (n.form === 'vague') {
      // "hundreds of miles" is a distance, still a (vague) figure; "thousands" alone as a noun head stays.
      // ("‘Thousands of Shootings’": a quoted title-case phrase still counts.)
      if (capitalized(p, coreStart) && !sentenceInitial(p, coreStart) && !(coreStart > 0 && p.kind[coreStart - 1] === Piece.MARK && /^["“‘']$/.test(p.lower[coreStart - 1]))) return null;
    }
  }
  if (p.lower[coreStart] === 'a' && n.end === coreStart + 1) return null;
  // Hyphenated digit adjectives: a 10-member panel, a 12-year-old (units like 10-km are fine).
  if (n.form === 'digits' && isMark(p, end, '-') && glued(p, end) && isWord(p, end + 1) && glued(p, end + 1)) {
    const u = matchUnit(p, end + 1, limit, lex);
    if (!u && p.lower[end + 1] !== 'plus') return null;
  }

  // ---- a range: 10 to 12, 10-12, between 10 and 12, $5-6bn ----
  let valueMax: number | null = null;
  {
    const prevWord = s > 0 ? p.lower[s - 1] : '';
    const between = prevWord === 'between' && p.sentence[s - 1] === p.sentence[s];
    const from = prevWord === 'from' && p.sentence[s - 1] === p.sentence[s];
    let k = core.scale === 1 && !core.metres ? n.end : end;
    const joiner = k < limit ? p.lower[k] : '';
    const dash = joiner === '-' || joiner === '–' || joiner === '—';
    const ok = (between && joiner === 'and') || ((joiner === 'to' || (dash && (n.form === 'digits'))) && !(from && false));
    if (ok && qualifier !== 'vague') {
      let k2 = k + 1;
      const sym2 = matchUnit(p, k2, limit, lex);
      if (sym2 && sym2.kind === 'symbol') k2 += sym2.parts.length;
      const hi = (isNumber(p, k2) || isWord(p, k2)) && readCore(p, k2, limit, unit !== null, lex);
      const dashGlued = dash ? glued(p, k) && glued(p, k2) || (!glued(p, k) && !glued(p, k2)) : true;
      if (hi && hi.n.form !== 'vague' && dashGlued && !(hi.n.form === 'digits' && digitsExcluded(p, k2, limit, lex) && !dash)) {
        const lowScale = core.scale === 1 && hi.scale !== 1 ? hi.scale : core.scale;
        const lo = n.value * lowScale;
        const himax = hi.n.value * hi.scale;
        const phoneLike = dash && n.form === 'digits' && hi.n.form === 'digits' && p.lower[coreStart].length === 3 && p.lower[k2].length === 4;
        if (phoneLike) return null;
        // a third dashed group makes it a phone or id number: 202-628-8500
        if (dash && (isMark(p, hi.end, '-') || isMark(p, hi.end, '–')) && glued(p, hi.end) && isNumber(p, hi.end + 1) && glued(p, hi.end + 1)) return null;
        if (himax > lo && himax <= lo * 1000) {
          value = lo;
          valueMax = himax;
          qualifier = 'range';
          rule = RULE_RANGE;
          end = hi.end;
          if (hi.metres) unit = 'm';
          if (between || from) s = s - 1;
        } else if (dash && hi.n.form === 'digits') return null; // 3-1 is a score, 2014-15 a season
      }
    }
  }

  // ---- unit after: 12%, 5 per cent, 10 km, 5 million euros ----
  if (unit === null || unit === 'fraction') {
    const u = matchUnit(p, end, limit, lex);
    if (u && (u.kind === 'percent' || u.kind === 'currency' || u.kind === 'unit') && unit !== 'fraction') {
      // "pounds" after money-size numbers is sterling only with a sign; as a word it is weight.
      unit = u.unit;
      end += u.parts.length;
    }
  }

  // ---- year-looking numbers without a unit or a counted noun are years, not figures ----
  if (n.form === 'digits' && unit === null && valueMax === null && core.scale === 1 && /^\d{4}$/.test(p.lower[coreStart])) {
    const y = +p.lower[coreStart];
    if (y >= 1500 && y <= 2100) {
      const next = end < limit && p.kind[end] === Piece.WORD ? p.lower[end] : '';
      const plural = next.length > 3 && next.endsWith('s') && !capitalized(p, end);
      if (!plural && next !== 'people' && !qualifierBefore(p, s, lex)) return null;
      // "the 2024 elections", "its 1990 accords": after a determiner a year names which ones, it counts nothing
      if (s > 0 && p.kind[s - 1] === Piece.WORD && YEAR_DETERMINERS.has(p.lower[s - 1])) return null;
    }
  }

  // ---- qualifiers around it ----
  const before = qualifierBefore(p, s, lex);
  if (before && qualifier !== 'range') {
    if (qualifier === 'vague' && before[0] !== 'about') { /* "more than thousands" stays vague */ } else qualifier = before[0];
    s = before[1];
  } else if (before && qualifier === 'range') s = before[1];
  // "millions more": the comparative belongs to a vague figure's words.
  if (qualifier === 'vague' && p.lower[end] === 'more' && end < limit) end++;
  const afterQ = qualifierAfter(p, end, limit, lex);
  if (afterQ && qualifier !== 'range') {
    const [q, k] = afterQ;
    // "or more" must not swallow a counted noun: "10 or more people" keeps "people" as subject.
    qualifier = q;
    end = k;
  }
  return { s, e: end, value, valueMax, unit, qualifier, rule, after: end, core: coreStart };
}

/** Words before a year that make it name which ones ("the 2024 elections"), not count them. */
const YEAR_DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'last', 'next']);

/**
 * The counted noun after a figure: "1,119 civilians", "3.82 million Ukrainians", "thousands of people",
 * "58 Fortune 500 companies", "8 million low- and middle-income Americans". A unit or currency where the
 * noun should be ("millions of tons of coal", "thousands of dollars in profits") is the figure's unit,
 * and what is counted follows it; the third value is that unit, or null.
 */
function subjectAfter(text: string, p: Pieces, k: number, limit: number, lex: FigureLexicon, unit: string | null): [string | null, number, string | null] {
  if (unit !== null && unit !== 'fraction' && p.lower[k] !== 'of' && !(p.lower[k] === 'in' && unit.length === 3 && unit === unit.toUpperCase())) return [null, k, null];
  if (k < limit && p.kind[k] === Piece.WORD && MORE_WORDS.has(p.lower[k]) && p.lower[k] !== 'new') k++;
  let unitFound: string | null = null;
  if (k < limit && (p.lower[k] === 'of' || p.lower[k] === 'in')) {
    k++;
    while (k < limit && (p.lower[k] === 'the' || p.lower[k] === 'its' || p.lower[k] === 'their' || p.lower[k] === 'all')) k++;
    // "millions of dollars (in profits)", "thousands of tons of coal".
    const u = unit === null ? matchUnit(p, k, limit, lex) : null;
    if (u && (u.kind === 'currency' || u.kind === 'unit')) {
      unitFound = u.unit;
      k += u.parts.length;
      if (k < limit && (p.lower[k] === 'of' || p.lower[k] === 'in')) k++;
      else return [null, k, unitFound];
    }
  }
  let head: number = -1, designation = -1;
  let taken = 0;
  while (k < limit && taken < 4 && p.kind[k] === Piece.WORD) {
    const w = p.lower[k];
    if (STOP.has(w) || w.endsWith('ly') || (w.endsWith('ing') && w.length > 5) || w === "'s" || w === '’s' || FULL_CALENDAR_WORDS.has(w)) break;
    // A model designation is part of the name, not the counted noun: "seven S-300 missiles", "24 F-16 fighter jets"
    if (isMark(p, k + 1, '-') && glued(p, k + 1) && isNumber(p, k + 2) && glued(p, k + 2) && /^[A-Z]{1,3}$/.test(text.slice(p.start[k], p.end[k]))) {
      designation = k;
      k += 3;
      taken++;
      continue;
    }
    const m = matchMeasure(p, k, limit, lex);
    if (m && (m.inflection === 'ed' || m.inflection === 'noun')) break;
    head = k;
    taken++;
    k++;
    // A plural noun ends the phrase: "2,000 troops remain", "Russian soldiers were".
    if (PLURAL_HEADS.has(w) || (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w))) break;
    // Compound adjectives: Russian-speaking residents.
    if (isMark(p, k, '-') && glued(p, k) && isWord(p, k + 1) && glued(p, k + 1)) { k += 2; head = k - 1; }
    // A suspended hyphen: "low- and middle-income Americans".
    else if (isMark(p, k, '-') && glued(p, k) && (p.lower[k + 1] === 'and' || p.lower[k + 1] === 'or') && isWord(p, k + 2)) k += 2;
    // A name with a number in it: "Fortune 500 companies", "Boeing 737 jets".
    if (capitalized(p, k - 1) && isNumber(p, k) && isWord(p, k + 1)) k++;
  }
  // "24 F-16s": the designation itself is what is counted
  if (head < 0 && designation >= 0) return [text.slice(p.start[designation], p.end[designation + 2]), k, unitFound];
  if (head < 0) return [null, k, unitFound];
  // Proper nouns keep their capital (Ukrainians); common nouns are given lower case.
  return [capitalized(p, head) ? text.slice(p.start[head], p.end[head]) : p.lower[head], k, unitFound];
}

export function findFigures(doc: Doc, resources: Resources): void {
  const text = doc.text;
  if (!text) return;
  const lex = resources.figures;
  const p = piecesOf(doc);
  const times = doc.times;
  const timeSpans = new SpanIndex();
  for (const tm of times) timeSpans.add(tm.start, tm.end);
  const figures: Figure[] = [];
  const subjects: Array<string | null> = [];
  const models = modelNumbers(p, lex);
  let t = 0;
  let sentenceEnd = 0;
  for (let i = 0; i < p.count;) {
    if (i >= sentenceEnd) { const s = p.sentence[i]; sentenceEnd = i; while (sentenceEnd < p.count && p.sentence[sentenceEnd] === s) sentenceEnd++; }
    while (t < times.length && times[t].end <= p.start[i]) t++;
    if (t < times.length && times[t].start <= p.start[i]) { i++; continue; }
    const k = p.kind[i];
    if (k === Piece.WORD && p.lower[i].length > 12) { i++; continue; }
    // A word starts a figure only as a number word or a currency sign (buildAt's own first tests, without
    // its chain of look-ups for the many words that are neither).
    const b = k === Piece.NUMBER || k === Piece.MARK || (k === Piece.WORD && (NUMBER_START_WORDS.has(p.lower[i]) || lex.units.has(p.lower[i])))
      ? buildAt(p, i, sentenceEnd, lex) : null;
    if (!b || b.e <= b.s) { i++; continue; }
    // "the 787 sales" in an article about the Boeing 787: the model, not a count
    if (b.unit === null && b.qualifier === 'exact' && b.e - b.s === 1 && p.kind[b.s] === Piece.NUMBER && models.has(p.lower[b.s])) { i++; continue; }
    // A figure must not reach into a time expression.
    let start = p.start[b.s];
    const end = p.end[b.e - 1];
    if (timeSpans.overlaps(start, end)) { i++; continue; }
    // A qualifier found to the left may overlap the previous figure; keep the earlier one intact.
    if (figures.length && figures[figures.length - 1].end > start) { i = b.e; continue; }

    const [subjectFound, afterSubject, unitFound] = subjectAfter(text, p, b.after, sentenceEnd, lex, b.unit);
    if (unitFound !== null && b.unit === null) b.unit = unitFound;
    // "39 kilometers (24 mi)", "$5 billion (£4 billion)", "40 (forty)": the bracketed figure restates the one
    // before it in other units or words.
    const last = figures[figures.length - 1];
    if (last && b.s > 1 && isMark(p, b.s - 1, '(') && p.end[b.s - 2] === last.end && ((b.unit !== null && last.unit) || b.value === last.value)) { i = b.e; continue; }
    let subject = subjectFound;
    // "shot down over four Russian oblasts": before places, "over" says where, not how many.
    if (b.qualifier === 'more_than' && b.s < b.core && SPATIAL_OVER.has(p.lower[b.s]) && subject !== null && PLACE_PLURALS.has(subject.split(' ').pop()!.toLowerCase())) {
      b.qualifier = 'exact'; b.s = b.core;
    }
    const measure = measureOf(p, b, afterSubject, sentenceEnd, lex);
    // Elliptical coordination: "1,119 civilians have been killed … and 1,790 injured" — the counted noun carries over.
    if (subject === null && b.unit === null && figures.length) {
      const prev = figures[figures.length - 1];
      const prevSubject = subjects[subjects.length - 1];
      const joinPiece = b.s - 1;
      if (prevSubject && joinPiece >= 0 && (p.lower[joinPiece] === 'and' || p.lower[joinPiece] === ',' || p.lower[joinPiece] === 'while' || p.lower[joinPiece] === 'with')
        && p.sentence[joinPiece] === p.sentence[b.s] && prev.start >= p.start[firstOfSentence(p, b.s)] && !prev.unit) subject = prevSubject;
    }
    start = p.start[b.s];
    const figure: Figure = {
      id: `f${figures.length + 1}`,
      start,
      end,
      value: b.value,
      valueMax: b.valueMax,
      unit: b.unit,
      qualifier: b.qualifier,
      subject,
      measure,
      attribution: null,
    };
    (figure as Figure & { rule: string }).rule = b.rule;
    figures.push(figure);
    subjects.push(subject);
    i = b.e;
  }
  linkAttributions(doc, p, figures);
  doc.figures = figures;
}

function firstOfSentence(p: Pieces, i: number): number {
  let k = i;
  while (k > 0 && p.sentence[k - 1] === p.sentence[i]) k--;
  return k;
}

/** What happened to what is counted: after the noun phrase ("have been killed"), else the verb before ("killing 12"). */
function measureOf(p: Pieces, b: Built, k: number, limit: number, lex: FigureLexicon): string | null {
  let found: string | null = null;
  // A coordinated second noun shares the verb: "thousands of bond holders and small contractors lost".
  if (k < limit && (p.lower[k] === 'and' || p.lower[k] === 'or')) {
    let j = k + 1;
    while (j < limit && j - k <= 3 && p.kind[j] === Piece.WORD && !STOP.has(p.lower[j]) && !AUX.has(p.lower[j]) && !/(?:s|people)$/.test(p.lower[j])) j++;
    if (j < limit && j - k <= 3 && p.kind[j] === Piece.WORD && /(?:[^s]s|people)$/.test(p.lower[j])) k = j + 1;
  }
  // A participle right after the noun phrase, before its complement, is what happened to it even
  // outside the measure lexicon: "$14 million borrowed from his father", "300 people evacuated by boat".
  if (k + 1 < limit && p.kind[k] === Piece.WORD && p.lower[k].length > 4 && p.lower[k].endsWith('ed') && !matchMeasure(p, k, limit, lex)
    && (PARTICIPLE_COMPLEMENT.has(p.lower[k + 1]) || p.kind[k + 1] === Piece.MARK)) return p.lower[k];
  for (let steps = 0; k < limit && steps < 7; steps++) {
    if (p.kind[k] !== Piece.WORD) break;
    const m = matchMeasure(p, k, limit, lex);
    if (m && (m.inflection === 'ed' || m.inflection === 'noun')) {
      found = m.measure;
      // "reported killed", "confirmed dead": a later measure in the same run is the happening.
      const next = matchMeasure(p, k + m.parts.length, limit, lex);
      if (next && (next.inflection === 'ed' || next.inflection === 'noun')) found = next.measure;
      return found;
    }
    if (!AUX.has(p.lower[k])) break;
    k++;
  }
  // Before: "killing at least 12", "displaced more than 3 million", "killed 12".
  for (let j = b.s - 1, steps = 0; j >= 0 && steps < 3 && p.sentence[j] === p.sentence[b.s]; j--, steps++) {
    if (p.kind[j] !== Piece.WORD) break;
    const m = matchMeasure(p, j, limit, lex);
    if (m && m.parts.length === 1) return m.measure;
    if (!(p.lower[j] === 'a' || p.lower[j] === 'total' || p.lower[j] === 'of' || p.lower[j] === 'an' || p.lower[j] === 'some')) break;
  }
  return null;
}

/** The attribution whose content holds the figure, else one in the same sentence cued by "according to". */
function linkAttributions(doc: Doc, p: Pieces, figures: Figure[]): void {
  if (!doc.attributions.length || !figures.length) return;
  // Content pieces by where they lie (in attribution order), and the first "according to" attribution of each
  // sentence: a figure asks one block of the text, not every attribution (a document of megabytes has thousands).
  const { pieces: contents, owner } = piecesByPosition(doc.attributions);
  const according = new Map<number, string>();
  for (const a of doc.attributions) {
    if (a.cue.class !== 'according' && !/^according\b/i.test(a.cue.lemma ?? '') && !/^according\b/i.test(doc.text.slice(a.cue.start, a.cue.end))) continue;
    const s = sentenceOfOffset(p, a.cue.start);
    if (!according.has(s)) according.set(s, a.id);
  }
  for (const f of figures) {
    let best: string | null = null;
    for (const k of contents.holding(f.start)) {
      if (f.end <= contents.end(k)) { best = owner[k].id; break; }
    }
    f.attribution = best ?? according.get(sentenceOfOffset(p, f.start)) ?? null;
  }
}

/** For tests and tools: parses a written number the way the scanner reads it ("1,119" → 1119), NaN when invalid. */
export const parseFigureDigits = parseDigits;
