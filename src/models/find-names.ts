// Proper-name mentions from capitalisation plus the gazetteer (until a learned NER model).
//
// A run of capitalised words is a candidate. Within it, titles ('Russian Foreign Minister') are
// not part of the name but become the person's descriptor; nationality adjectives ('Russian',
// 'Western') are never mentions by themselves (CoNLL calls them MISC; the contract's entities are
// people, organisations and places) but stay available to descriptors. Capitals that carry no
// evidence — a sentence's first word, every word of a Title Case headline — count only when the
// word is known: in the gazetteer, a first name, or written capitalised mid-sentence elsewhere in
// the article. 'Putin-Zelenskyy' splits into two mentions when both parts are names on their own;
// 'Jean-Paul Duval' does not.

import type { EntityType, Span } from '../contract.js';
import type { Doc, NameMention } from '../doc.js';
import type { Resources } from '../resources.js';
import { TokenFlag, TokenKind, tokenAtOrAfter, type Tokens } from '../text/tokens.js';
import type { Gazetteer, GazEntry } from './gazetteer.js';
import { nerSpans } from './ner.js';
import { NER_TAGS } from '../tagsets.js';
import { docWordFeatures, lowerForm, type WordFeatures } from './word-features.js';
import { SpanIndex } from '../text/span-index.js';

/** A name mention as the name finder leaves it for groupEntities. */
export interface FoundName extends NameMention {
  /** Titles before the name and appositions after it ('Russian Foreign Minister'). */
  descriptors?: Span[];
  /** Gender signalled by an honorific or a gendered title ('Mr.', 'spokeswoman'). */
  gender?: 'm' | 'f' | null;
  /** Country or organisation code from the gazetteer ('RUS', 'IGOUNO'). */
  code?: string;
  /** Set by a later check that found the words to be no name at all; removed before the stage ends. */
  drop?: boolean;
}

const F_SPACE = TokenFlag.SPACE_BEFORE, F_NL = TokenFlag.NEWLINE_BEFORE, F_CAP = TokenFlag.CAPITALIZED, F_CAPS = TokenFlag.ALL_CAPS;
const HYPHEN = 0x2d;

/** Words that, before an unknown capitalised word, make it a place ('in Alsace'). */
const PLACE_PREPOSITIONS = new Set(['in', 'from', 'to', 'near', 'across', 'into', 'at', 'outside', 'inside', 'towards', 'toward', 'throughout', 'around']);
const SPEECH_AFTER = new Set(['said', 'says', 'told', 'added', 'asked', 'wrote', 'stated', 'explained', 'argued', 'insisted']);
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'our']);
const NOT_APPOSITION_START = new Set(['after', 'before', 'in', 'on', 'at', 'from', 'with', 'by', 'for', 'to', 'as', 'while', 'when', 'where', 'but', 'or',
  'if', 'since', 'during', 'despite', 'though', 'although', 'because', 'until', 'so', 'then', 'not', 'also']);

/** A word of a run: one token, or a hyphen compound 'Putin-Zelenskyy' spread over glued tokens. */
interface Unit { a: number; b: number; lower: string; hyphen: boolean }

class Ctx {
  readonly t: Tokens;
  readonly text: string;
  readonly g: Gazetteer;
  readonly wf: WordFeatures;
  readonly titleWords: TitleWords;
  /** First words of the gazetteer's phrases of several words (names and variants). */
  readonly phraseStarts: Set<string>;
  /** 1 = first word of a sentence (or after an opening quote/colon), 2 = in a headline-like line. */
  readonly weak: Uint8Array;
  readonly seenMid = new Set<string>();
  /** Words written in lower case somewhere in the article; made on first use (few articles need it). */
  private seenLowerSet: Set<string> | null = null;
  private seenLowerAsked = 0;
  readonly out: FoundName[] = [];
  /** Hyphen compounds seen right after a first name ('kara-murza' in 'Vladimir Kara-Murza'): surnames, not two names. */
  readonly afterFirstName = new Set<string>();

  constructor(doc: Doc, g: Gazetteer) {
    this.t = doc.tokens; this.text = doc.text; this.g = g;
    this.wf = docWordFeatures(doc);
    const t = this.t, n = t.count;
    this.weak = new Uint8Array(n);
    const s = doc.sentences;
    for (let k = 0; k < s.count; k++) {
      const a = s.tokenStart[k], b = s.tokenEnd[k];
      let words = 0, caps = 0;
      for (let i = a; i < b; i++) {
        if (t.kind[i] !== TokenKind.WORD) continue;
        if (t.end[i] - t.start[i] > 3) { words++; if (t.flags[i] & F_CAP) caps++; }
      }
      // Title Case lines: most long words capitalised and no full stop (a body sentence can be all names).
      const lastCode = b > a ? this.text.charCodeAt(t.end[b - 1] - 1) : 0;
      const titleCase = words >= 3 && caps >= 0.7 * words && lastCode !== 0x2e && lastCode !== 0x21 && lastCode !== 0x3f;
      let atStart = true;
      for (let i = a; i < b; i++) {
        const kind = t.kind[i];
        if (titleCase && kind === TokenKind.WORD) this.weak[i] = 2;
        if (kind === TokenKind.WORD) { if (atStart && !this.weak[i]) this.weak[i] = 1; atStart = false; }
        else if (kind === TokenKind.QUOTE && (t.flags[i] & TokenFlag.QUOTE_OPEN)) atStart = true;
        else if (kind === TokenKind.PUNCT && this.text.charCodeAt(t.start[i]) === 0x3a /* : */) atStart = true;
      }
    }
    for (const h of doc.headlines) {
      for (let i = 0; i < n; i++) if (t.start[i] >= h.start && t.end[i] <= h.end && t.kind[i] === TokenKind.WORD) this.weak[i] = 2;
    }
    for (let i = 0; i + 3 < n; i++) {
      if (this.isCapWord(i) && this.isCapWord(i + 1) && this.isHyphen(i + 2) && this.glued(i + 2) && this.isCapWord(i + 3) && this.glued(i + 3) &&
        g.firstNames.has(this.lower(i))) this.afterFirstName.add(`${this.lower(i + 1)}-${this.lower(i + 3)}`);
    }
    for (let i = 0; i < n; i++) {
      if (t.kind[i] !== TokenKind.WORD) continue;
      const f = t.flags[i];
      if ((f & F_CAP) && !this.weak[i]) this.seenMid.add(this.lower(i));
    }
    this.titleWords = titleWordsOf(g);
    this.phraseStarts = phraseStartsOf(g);
  }

  /** Whether the word is written in lower case (not capitalised) somewhere in the article. */
  seenLower(lower: string): boolean {
    // Most articles ask once or twice: a scan of the tokens; a set once they ask more.
    if (!this.seenLowerSet && ++this.seenLowerAsked <= 4) {
      const t = this.t;
      for (let i = 0; i < t.count; i++) if (t.kind[i] === TokenKind.WORD && !(t.flags[i] & F_CAP) && this.lower(i) === lower) return true;
      return false;
    }
    if (!this.seenLowerSet) {
      const t = this.t, set = new Set<string>();
      for (let i = 0; i < t.count; i++) if (t.kind[i] === TokenKind.WORD && !(t.flags[i] & F_CAP)) set.add(this.lower(i));
      this.seenLowerSet = set;
    }
    return this.seenLowerSet.has(lower);
  }

  /** Lower-cased token text, made once per word form (the finder asks for the same tokens many times). */
  lower(i: number): string {
    return lowerForm(this.wf, i);
  }
  isWord(i: number): boolean { return i >= 0 && i < this.t.count && this.t.kind[i] === TokenKind.WORD; }
  isCapWord(i: number): boolean { return this.isWord(i) && (this.t.flags[i] & F_CAP) !== 0; }
  glued(i: number): boolean { return i < this.t.count && (this.t.flags[i] & (F_SPACE | F_NL)) === 0; }
  isComma(i: number): boolean { return i >= 0 && i < this.t.count && this.t.kind[i] === TokenKind.PUNCT && this.text.charCodeAt(this.t.start[i]) === 0x2c; }
  isHyphen(i: number): boolean { return i < this.t.count && this.t.kind[i] === TokenKind.PUNCT && this.t.end[i] - this.t.start[i] === 1 && this.text.charCodeAt(this.t.start[i]) === HYPHEN; }

  entry(phrase: string): GazEntry | undefined {
    const e = this.g.names.get(phrase);
    if (e !== undefined) return e;
    const canonical = this.g.variants.get(phrase);
    return canonical === undefined ? undefined : this.g.names.get(canonical);
  }

  /**
   * entry() of the words of units [from, to) joined by spaces. A phrase of several words is looked up
   * only when its first word starts one the gazetteer knows (most runs of capitals are no known phrase).
   */
  entryOf(units: Unit[], from = 0, to = units.length): GazEntry | undefined {
    if (to - from === 1) return this.entry(units[from].lower);
    if (to <= from) return this.entry('');
    const first = units[from].lower;
    if (!this.phraseStarts.has(first) && !first.includes(' ')) return undefined;
    let phrase = first;
    for (let k = from + 1; k < to; k++) phrase += ' ' + units[k].lower;
    return this.entry(phrase);
  }

  /** A word that is a name by itself, whatever its position. */
  known(lower: string): boolean {
    if (this.g.notNames.has(lower)) return false;
    const e = this.entry(lower);
    return (e !== undefined && e.kind !== 'D') || this.g.firstNames.has(lower) || this.g.surnames.has(lower) || this.seenMid.has(lower);
  }

  /** 'F-16', 'MQ-9', 'Su-27s': a capitalised word glued to a hyphen and a number is a model designation, not a name. */
  designation(k: number): boolean {
    return this.isHyphen(k + 1) && this.glued(k + 1) && k + 2 < this.t.count && this.t.kind[k + 2] === TokenKind.NUMBER && this.glued(k + 2);
  }

  /** A possessive clitic glued to token k-1 ('People’s'). */
  possessive(k: number): boolean {
    if (!this.isWord(k) || !this.glued(k)) return false;
    const w = this.lower(k);
    return w === '’s' || w === "'s";
  }

  /** Units of the capitalised run starting at token i; returns them and the token after the run. */
  run(i: number): [Unit[], number] {
    const units: Unit[] = [];
    const g = this.g;
    let k = i;
    let connected = false;
    for (;;) {
      if (!this.isCapWord(k)) break;
      if (units.length && (this.t.flags[k] & F_NL)) break;
      if (this.designation(k)) { if (!units.length) k += 3; break; }
      let b = k + 1;
      // 'Putin-Zelenskyy': WORD '-' WORD glued together, each part capitalised.
      while (this.isHyphen(b) && this.glued(b) && this.isCapWord(b + 1) && this.glued(b + 1)) b += 2;
      let lower = b - k === 1 ? this.lower(k) : this.text.slice(this.t.start[k], this.t.end[b - 1]).toLowerCase();
      // 'Donetsk People’s Republic': an ordinary word's possessive inside a name continues it
      // ('Russia’s Foreign Minister' and 'Putin’s Russia' do not: the possessor is a name).
      if (this.possessive(b) && this.isCapWord(b + 1) && !(this.t.flags[b + 1] & F_NL) && b - k === 1 && g.common.has(lower) &&
        !this.entry(lower) && !g.titles.has(lower) && !g.titles.has(this.lower(b + 1))) {
        b++;
        lower += this.lower(b - 1);
      }
      units.push({ a: k, b, lower, hyphen: b - k > 1 && !this.possessive(b - 1) });
      k = b;
      const prev = lower;
      // Lower-case particles ('bin', 'von der') and connectors ('of', 'of the') stay inside when a capital follows.
      let p = k;
      while (this.isWord(p) && !(this.t.flags[p] & F_CAP) && g.particles.has(this.lower(p)) && p - k < 3) p++;
      if (p > k && this.isCapWord(p)) {
        for (; k < p; k++) units.push({ a: k, b: k + 1, lower: this.lower(k), hyphen: false });
        continue;
      }
      if (this.isWord(k) && !(this.t.flags[k] & F_CAP)) {
        const w = this.lower(k);
        const role = g.words.get(prev);
        const head = g.connectors.has(w) && (role === 'org' || role === 'loc' || g.titles.has(prev) || connected);
        // 'Office of Gas and Electricity Markets': 'and' joins the parts of an organisation's 'of'-phrase.
        const and = w === 'and' && connected;
        if (head || and) {
          // 'Bank of the …', 'Institute for the …'; not 'Federation on the Belarusian border'
          const the = this.isWord(k + 1) && this.lower(k + 1) === 'the' && !and && w !== 'on';
          const next = k + (the ? 2 : 1);
          if (this.isCapWord(next) && !(this.t.flags[next] & F_NL)) {
            for (; k < next; k++) units.push({ a: k, b: k + 1, lower: this.lower(k), hyphen: false });
            if (head && role === 'org') connected = true;
          }
        }
      }
    }
    // A run never ends on a particle or connector.
    while (units.length && !this.isCapWord(units[units.length - 1].a)) units.pop();
    return [units, k];
  }

  /** Longest title phrase starting at unit u (lower-case words), as a unit count; 0 when none. */
  titleAt(units: Unit[], u: number): number {
    let phrase = '';
    let best = 0;
    // Phrases of several words only after a word some title of several words starts with.
    const limit = this.titleWords.startsLonger(units[u].lower) ? this.g.maxTitleWords : 1;
    for (let k = u; k < units.length && k - u < limit; k++) {
      phrase = k === u ? units[k].lower : `${phrase} ${units[k].lower}`;
      if (this.g.titles.has(phrase)) best = k - u + 1;
    }
    return best;
  }

  emit(a: number, b: number, type: EntityType, rule: string, code?: string): FoundName {
    const m: FoundName = { start: this.t.start[a], end: this.t.end[b - 1], type, entity: -1, rule };
    if (code && code !== '-') m.code = code;
    this.out.push(m);
    return m;
  }
}

/**
 * The words titles end in, and the first words of titles of several words, so the finder builds a
 * candidate title phrase only where one can match. Kept per titles table (rebuilt if its size changes).
 */
interface TitleWords { endsTitle(word: string): boolean; startsLonger(word: string): boolean }
const titleWordsByTable = new WeakMap<Map<string, unknown>, { size: number; words: TitleWords }>();

function titleWordsOf(g: Gazetteer): TitleWords {
  const kept = titleWordsByTable.get(g.titles);
  if (kept && kept.size === g.titles.size) return kept.words;
  const lastWords = new Set<string>(), firstWords = new Set<string>();
  for (const title of g.titles.keys()) {
    const sp = title.indexOf(' ');
    lastWords.add(title.slice(title.lastIndexOf(' ') + 1));
    if (sp >= 0) firstWords.add(title.slice(0, sp));
  }
  // A word with a space in it could end or start a title in more ways: it always gets the full look-up.
  const words: TitleWords = {
    endsTitle: (w) => lastWords.has(w) || w.includes(' '),
    startsLonger: (w) => firstWords.has(w) || w.includes(' '),
  };
  titleWordsByTable.set(g.titles, { size: g.titles.size, words });
  return words;
}

const phraseStartsByTable = new WeakMap<Map<string, GazEntry>, { names: number; variants: number; starts: Set<string> }>();

function phraseStartsOf(g: Gazetteer): Set<string> {
  const kept = phraseStartsByTable.get(g.names);
  if (kept && kept.names === g.names.size && kept.variants === g.variants.size) return kept.starts;
  const starts = new Set<string>();
  for (const keys of [g.names.keys(), g.variants.keys()]) {
    for (const phrase of keys) { const sp = phrase.indexOf(' '); if (sp >= 0) starts.add(phrase.slice(0, sp)); }
  }
  phraseStartsByTable.set(g.names, { names: g.names.size, variants: g.variants.size, starts });
  return starts;
}

/** Splits a run into prefix (titles, modifiers, places before a title) and name parts, and emits mentions. */
function processRun(c: Ctx, units: Unit[]): void {
  const g = c.g;
  // Drop words that are never names: stop words and months at any place in the run split it.
  // …unless the whole run is a name the gazetteer knows ('New Zealand', 'The Hague').
  const whole = c.entryOf(units);
  if (whole && whole.kind !== 'D' && units[0].lower !== 'the') { processPiece(c, units); return; }
  let start = 0;
  for (let u = 0; u <= units.length; u++) {
    const capital = u < units.length && (c.t.flags[units[u].a] & F_CAP) !== 0 && (c.t.flags[units[u].a] & F_CAPS) === 0;
    // ('The New York Times': 'New' stays when it starts a name the gazetteer knows, 'new york'; asked
    // only of a stop word, as the gazetteer look-up of the pair is the dearer test.)
    const stopWord = capital && (g.words.get(units[u].lower) === 'stop' || g.notNames.has(units[u].lower));
    const startsKnown = stopWord && u + 1 < units.length && units[u].lower !== 'the' && c.entryOf(units, u, u + 2) !== undefined;
    const stop = u === units.length || stopWord && !startsKnown;
    if (stop) { if (u > start) processPiece(c, units.slice(start, u)); start = u + 1; }
  }
}

function processPiece(c: Ctx, units: Unit[]): void {
  const g = c.g;
  // The last title in the piece that has something after it: everything up to it is the prefix.
  let nameFrom = 0;
  let titled = false;
  // A title before an organisation's head word is part of the organisation's name ('United Nations
  // General Assembly', 'Joint Chiefs of Staff'), not a person's title.
  const orgTail = g.words.get(units[units.length - 1].lower) === 'org';
  for (let u = 0; u < units.length; u++) {
    const n = c.titleAt(units, u);
    if (n > 0 && u + n < units.length && !orgTail) { nameFrom = u + n; titled = true; u += n - 1; }
  }
  if (titled) {
    // Places and organisations inside the prefix ('US President', 'United States Secretary of State') are mentions of their own.
    for (let u = 0; u < nameFrom; u++) {
      if (c.titleAt(units, u) > 0) continue;
      let limit = u + 1;
      while (limit < nameFrom && c.titleAt(units, limit) === 0) limit++;
      for (let n = Math.min(g.maxWords, limit - u); n >= 1; n--) {
        const e = c.entryOf(units, u, u + n);
        if (e && (e.kind === 'L' || e.kind === 'O')) { c.emit(units[u].a, units[u + n - 1].b, e.kind === 'L' ? 'LOC' : 'ORG', 'gazetteer', e.code); u += n - 1; break; }
      }
    }
  } else if (c.titleAt(units, 0) === units.length) {
    return; // a title alone ('President', 'Foreign Minister')
  }
  let name = units.slice(nameFrom);
  // 'President of Ukraine Volodymyr Zelensky': the 'of'-phrase belongs to the title.
  if (titled && name.length && !c.isCapWord(name[0].a)) {
    while (name.length && !c.isCapWord(name[0].a)) name = name.slice(1);
    for (let n = Math.min(g.maxWords, name.length - 1); n >= 1; n--) {
      const e = c.entryOf(name, 0, n);
      if (e && (e.kind === 'L' || e.kind === 'O')) { c.emit(name[0].a, name[n - 1].b, e.kind === 'L' ? 'LOC' : 'ORG', 'gazetteer', e.code); name = name.slice(n); break; }
    }
    while (name.length > 1 && g.words.get(name[0].lower) === 'loc') name = name.slice(1); // 'Kharkiv Oblast'
    // 'Minister of Agriculture': one unknown word after the 'of' completes the title; nobody is named.
    if (name.length === 1 && !c.entry(name[0].lower) && !g.firstNames.has(name[0].lower) && !g.surnames.has(name[0].lower)) return;
  }
  while (name.length && !c.isCapWord(name[0].a)) name = name.slice(1);
  while (name.length && !c.isCapWord(name[name.length - 1].a)) name = name.slice(0, -1);
  if (!name.length) return;
  {
    const ofTitle = afterOfTitle(c, name[0].a);
    const u = personStart(c, name, ofTitle);
    if (u > 0) {
      const prefix = name.slice(0, u);
      const pe = c.entryOf(prefix);
      // After 'Chancellor of the' the prefix belongs to the title, unless it is a known place or organisation.
      if (!ofTitle) processPiece(c, prefix);
      else if (pe && (pe.kind === 'L' || pe.kind === 'O')) c.emit(prefix[0].a, prefix[prefix.length - 1].b, pe.kind === 'L' ? 'LOC' : 'ORG', 'gazetteer', pe.code);
      typePiece(c, name.slice(u), true);
      return;
    }
  }
  // Demonyms at the front are adjectives, unless an organisation follows ('Russian Foreign Ministry').
  const last = name[name.length - 1];
  const orgShaped = g.words.get(last.lower) === 'org';
  if (!orgShaped) {
    while (name.length && c.entry(name[0].lower)?.kind === 'D') name = name.slice(1);
  } else if (name.every((x) => c.entry(x.lower)?.kind === 'D')) return;
  if (!name.length) return;
  // Weak capitals need evidence.
  if (c.weak[name[0].a] === 2) {
    // Headline: keep the known stretches only.
    let s = 0;
    for (let u = 0; u <= name.length; u++) {
      const ok = u < name.length && (c.known(name[u].lower) || name[u].hyphen && hyphenParts(c, name[u]).every((p) => c.known(p)) ||
        g.words.get(name[u].lower) === 'org' && u > s);
      if (!ok) { if (u > s) typePiece(c, name.slice(s, u), false); s = u + 1; }
    }
    return;
  }
  if (c.weak[name[0].a] === 1 && !titled) {
    const first = name[0];
    // 'Later Vladimir Putin': an unknown first word before a known first name or name is not part of it.
    const nextKnown = name.length >= 2 && (g.firstNames.has(name[1].lower) || c.entryOf(name, 1) !== undefined);
    const firstOk = c.known(first.lower) || c.entryOf(name) !== undefined || first.hyphen && hyphenParts(c, first).every((p) => c.known(p)) ||
      name.length >= 2 && !c.seenLower(first.lower) && !nextKnown;
    if (!firstOk) name = name.slice(1);
    if (!name.length) return;
  }
  typePiece(c, name, titled);
}

function hyphenParts(c: Ctx, u: Unit): string[] {
  const parts: string[] = [];
  for (let i = u.a; i < u.b; i += 2) parts.push(c.lower(i));
  return parts;
}

/** Where a person's name starts inside a longer run ('European Commission Ursula von der Leyen', 'ICJ Anton Korynevych'); -1 when none. */
function personStart(c: Ctx, name: Unit[], ofTitle: boolean): number {
  const g = c.g;
  // 'Mayor of Irpin Alexandar Markushin': after 'Title of', a place of one word and a name of two.
  if (ofTitle && name.length === 3 && name.every((x) => c.isCapWord(x.a) && !g.words.has(x.lower) && !g.common.has(x.lower)) && !c.entry(name[0].lower + ' ' + name[1].lower)) return 1;
  for (let u = 1; u + 1 < name.length; u++) {
    const w = name[u].lower;
    const prev = name[u - 1];
    const rest = name.slice(u);
    if (!c.isCapWord(name[u].a) || !c.isCapWord(prev.a) || rest.filter((x) => c.isCapWord(x.a)).length < 2) continue;
    if (rest.length > 4 || rest.some((x) => !c.isCapWord(x.a) && !g.particles.has(x.lower))) continue;
    const restLast = g.words.get(rest[rest.length - 1].lower);
    if (restLast === 'org' || restLast === 'loc' || restLast === 'misc') continue;
    // A known first name after something that is not one ('Irpin Alexandar Markushin', not 'John Paul Jones').
    const firstName = g.firstNames.has(w.split('-')[0]) && !g.common.has(w) && !c.entry(w) &&
      !g.firstNames.has(prev.lower) && !g.firstNames.has(name[0].lower);
    // An organisation's head word, then two or three words of a name ('Foreign Ministry Hua Chunying').
    const afterOrg = g.words.get(prev.lower) === 'org' && rest.length >= 2 && rest.length <= 3 && !rest.some((x) => g.common.has(x.lower) || c.entry(x.lower));
    if (firstName || afterOrg) return u;
  }
  return -1;
}

/** The word before the first connector ('Ministry' in 'Ministry of Defence'), or the last word when none. */
function headOf(c: Ctx, name: Unit[]): Unit {
  for (let u = 1; u < name.length; u++) if (c.g.connectors.has(name[u].lower) && !c.isCapWord(name[u].a)) return name[u - 1];
  return name[name.length - 1];
}

/** Nouns that name a kind of place: '(the village) of X' makes an unknown X a place. */
const PLACE_NOUNS = new Set(['city', 'town', 'village', 'villages', 'towns', 'cities', 'region', 'province', 'district', 'settlement', 'port', 'island', 'oblast', 'suburb', 'municipality', 'county']);

/** Just after a lower-case place noun and 'of' ('the recently recaptured village of | Chkalovske'). */
function afterPlaceNoun(c: Ctx, a: number): boolean {
  return c.isWord(a - 1) && c.lower(a - 1) === 'of' && c.isWord(a - 2) && !(c.t.flags[a - 2] & F_CAP) && PLACE_NOUNS.has(c.lower(a - 2));
}

/** Just after 'Title of (the)' ('Chancellor of the | Exchequer', 'Mayor of | Irpin'). */
function afterOfTitle(c: Ctx, a: number): boolean {
  let i = a - 1;
  if (c.isWord(i) && c.lower(i) === 'the') i--;
  return c.isWord(i) && c.g.connectors.has(c.lower(i)) && c.isWord(i - 1) && c.g.titles.has(c.lower(i - 1));
}

/** Types a name and emits it (or its hyphen parts), with descriptors for persons. */
function typePiece(c: Ctx, name: Unit[], titled: boolean): void {
  const g = c.g;
  // (A name of several words is asked for as a title only after a word such a title starts with.)
  const phrase = name.length === 1 ? name[0].lower : c.titleWords.startsLonger(name[0].lower) ? name.map((u) => u.lower).join(' ') : '';
  if (phrase && g.titles.has(phrase) && !c.entry(phrase)) return; // 'The German Chancellor said': a title, not a name
  const last = name[name.length - 1];
  // A hyphen compound whose parts are names on their own is several mentions ('Russia-Ukraine'),
  // unless a first name goes before it somewhere ('Vladimir Kara-Murza').
  if (name.length === 1 && last.hyphen && !c.entry(last.lower) && !c.afterFirstName.has(last.lower)) {
    const parts = hyphenParts(c, last);
    if (parts.every((p) => c.known(p) && c.entry(p)?.kind !== 'D')) {
      for (let i = last.a, k = 0; i < last.b; i += 2, k++) typePiece(c, [{ a: i, b: i + 1, lower: parts[k], hyphen: false }], false);
      return;
    }
  }
  const e = c.entryOf(name);
  if (!e || e.kind === 'D') {
    // 'US White House', 'UK Continental Shelf': a place before something that is not an organisation's name.
    if (name.length >= 2) {
      for (let n = Math.min(g.maxWords, name.length - 1); n >= 1; n--) {
        const le = c.entryOf(name, 0, n);
        if (!le) continue;
        const rest = name.slice(n);
        const restHead = g.words.get(headOf(c, rest).lower);
        const restEntry = c.entryOf(rest);
        // 'CNN Russia', 'US White House', 'Tata Steel Europe': one organisation.
        if (le.kind === 'O' && restEntry?.kind === 'L' || le.kind === 'L' && restEntry?.kind === 'O') {
          const m = c.emit(name[0].a, last.b, 'ORG', 'gazetteer+', (le.kind === 'O' ? le : restEntry!).code);
          describe(c, m, name[0].a, last.b);
          return;
        }
        if (le.kind === 'L' && rest.every((x) => g.common.has(x.lower) || !c.isCapWord(x.a)) && !restHead) {
          // 'Minsk Agreement', 'UK Continental Shelf': a place naming a thing.
          c.emit(name[0].a, last.b, 'MISC', 'place+common');
          return;
        }
        if (le.kind === 'L' && !g.firstNames.has(name[0].lower) && c.isCapWord(rest[0].a) && !restHead && !restEntry) {
          c.emit(name[0].a, name[n - 1].b, 'LOC', 'gazetteer', le.code);
          typePiece(c, rest, titled);
          return;
        }
        break;
      }
    }
  }
  const a = name[0].a, b = last.b;
  const head = g.words.get(headOf(c, name).lower);
  const common = name.every((u) => g.common.has(u.lower) || !c.isCapWord(u.a));
  const oneCommon = name.length === 1 && g.common.has(phrase);
  const lone = name.length === 1 && c.text.slice(c.t.start[a], c.t.end[b - 1]).length === 1;
  let m: FoundName;
  if (e && e.kind !== 'D') m = c.emit(a, b, e.kind === 'L' ? 'LOC' : e.kind === 'O' ? 'ORG' : 'PER', 'gazetteer', e.code);
  else if (lone) return; // a letter alone ('F' of 'F 16', 'A' of 'Plan A') is never a name
  else if (!titled && head !== 'org' && afterPlaceNoun(c, a)) m = c.emit(a, b, 'LOC', 'place-of');
  else if (head === 'org' && (name.length > 1 || !common)) m = c.emit(a, b, 'ORG', 'shape-org');
  else if (titled && !oneCommon) m = c.emit(a, b, 'PER', 'title');
  else if (head === 'misc' && name.length > 1) m = c.emit(a, b, 'MISC', 'shape-misc');
  else if (head === 'loc' && name.length > 1) m = c.emit(a, b, 'LOC', 'shape-loc');
  else if (name.length >= 2 && g.firstNames.has(name[0].lower.split('-')[0]) && !g.common.has(name[0].lower)) m = c.emit(a, b, 'PER', 'first-name');
  else if (name.length >= 2 && g.surnames.has(last.lower) && !common) m = c.emit(a, b, 'PER', 'surname');
  else if (name.length === 1 && g.surnames.has(phrase) && !oneCommon) m = c.emit(a, b, 'PER', 'surname', g.surnames.get(phrase));
  // Capitals alone are an organisation's initials, unless they are never a name ('UTC', 'PM') or hold a digit ('USD120')
  else if (name.length === 1 && (c.t.flags[a] & F_CAPS)) {
    if (g.notNames.has(phrase) || /\d/.test(phrase)) return;
    m = c.emit(a, b, 'ORG', 'acronym');
  }
  else if (name.length === 1 && g.firstNames.has(phrase) && !oneCommon) m = c.emit(a, b, 'PER', 'first-name');
  // Ordinary words with capitals ('Council Tax', 'Universal Credit', 'Countries') are not persons, and alone not names.
  else if (oneCommon) return;
  else if (name.length >= 2 && (common || name.some((u) => g.words.has(u.lower)))) m = c.emit(a, b, 'MISC', 'caps-common');
  else if (name.length >= 2 && name.length <= 3) m = c.emit(a, b, 'PER', 'caps-pair');
  else if (name.length === 1 && c.isWord(a - 1) && PLACE_PREPOSITIONS.has(c.lower(a - 1))) m = c.emit(a, b, 'LOC', 'caps-context');
  else if (name.length === 1 && c.isWord(b) && SPEECH_AFTER.has(c.lower(b))) m = c.emit(a, b, 'PER', 'caps-context');
  else m = c.emit(a, b, 'MISC', 'caps');
  describe(c, m, a, b);
}

/** Title before the name ('his Ukrainian counterpart') and apposition after it (', the Russian foreign minister,'). */
function describe(c: Ctx, m: FoundName, a: number, b: number): void {
  const g = c.g, t = c.t;
  const spans: Span[] = [];
  // Backwards over title words, modifiers, demonyms, place/organisation names and their possessive.
  let from = a, titleSeen = false, honorific: 'm' | 'f' | null = null, genderByTitle: 'm' | 'f' | null = null;
  let i = a - 1;
  while (i >= 0 && c.isWord(i) && a - i <= 8) {
    let matched = 0;
    // A title phrase ending at i ends in i's word: words no title ends in skip the phrases.
    const last = c.lower(i);
    for (let n = c.titleWords.endsTitle(last) ? Math.min(g.maxTitleWords, i + 1) : 0; n >= 1; n--) {
      let phrase = c.lower(i - n + 1);
      for (let k = i - n + 2; k <= i; k++) phrase += ` ${c.lower(k)}`;
      if (i - n + 1 >= 0 && g.titles.has(phrase) && [...Array(n).keys()].every((k) => c.isWord(i - k))) { matched = n; break; }
    }
    if (matched) {
      const phrase = c.text.slice(t.start[i - matched + 1], t.end[i]).toLowerCase();
      const title = g.titles.get(phrase)!;
      if (title.cls === null && title.gender && /^(mr|mrs|ms|miss|sir|lady|lord|dame)\.?$/.test(phrase)) { honorific = title.gender; i -= matched; if (!titleSeen) from = i + 1; continue; }
      if (title.gender) genderByTitle = title.gender;
      titleSeen = true; i -= matched; from = i + 1; continue;
    }
    const w = c.lower(i);
    const e = c.entry(w);
    // 'Chancellor of the Exchequer Rishi Sunak', 'Mayor of Irpin …': the 'of'-phrase of a title.
    if ((t.flags[i] & F_CAP) && from === a || titleSeen && (t.flags[i] & F_CAP)) {
      let j = i;
      while (j >= 0 && c.isCapWord(j) && i - j < 4) j--;
      if (c.isWord(j) && c.lower(j) === 'the') j--;
      if (c.isWord(j) && g.connectors.has(c.lower(j)) && c.isWord(j - 1) && g.titles.has(c.lower(j - 1))) { i = j - 1; continue; }
    }
    if (titleSeen && !e && (t.flags[i] & F_CAP)) {
      // A place or organisation of several words before the title ('United States Secretary of State').
      let n = 2, hit = 0;
      for (let phrase = w; n <= 4 && i - n + 1 >= 0 && c.isCapWord(i - n + 1); n++) {
        phrase = `${c.lower(i - n + 1)} ${phrase}`;
        const pe = c.entry(phrase);
        if (pe && (pe.kind === 'L' || pe.kind === 'O' || pe.kind === 'D')) hit = n;
      }
      if (hit) { from = i - hit + 1; i -= hit; continue; }
    }
    if (g.words.get(w) === 'modifier' || e && (e.kind === 'D' || (e.kind === 'L' || e.kind === 'O') && (t.flags[i] & F_CAP))) { if (titleSeen) from = i; i--; continue; }
    // "Russia’s foreign minister": a possessive after a place.
    if (w === '’s' || w === "'s") { const p = c.lower(i - 1); const pe = c.entry(p); if (titleSeen && pe && pe.kind !== 'P') { from = i - 1; i -= 2; continue; } }
    break;
  }
  if (titleSeen && from < a) {
    // The descriptor never starts with a bare modifier the title does not follow ('Under', 'top' stays: 'top diplomat').
    const end = t.end[a - 1];
    let s = from;
    while (s < a && g.titles.get(c.lower(s))?.cls === null && /^(mr|mrs|ms|miss|sir|lady|lord|dame)\.?$/.test(c.lower(s))) s++;
    if (s < a) spans.push({ start: t.start[s], end });
  }
  // Apposition: ', [the|a] (modifiers) title (of/for X),' right after the name.
  if (c.isComma(b)) {
    let k = b + 1;
    if (c.isWord(k) && DETERMINERS.has(c.lower(k))) k++;
    const s = k;
    let titleEnd = -1;
    while (k < t.count && k - s < 8 && (c.isWord(k) || t.kind[k] === TokenKind.PUNCT && c.isHyphen(k))) {
      const w = c.lower(k);
      if (SPEECH_AFTER.has(w) || w === 'who' || w === 'which' || w === 'and') break;
      const pair = k + 1 < t.count && c.titleWords.startsLonger(w) && g.titles.has(`${w} ${c.lower(k + 1)}`);
      if (g.titles.has(w) || g.roles.has(w) || pair) titleEnd = pair ? k + 1 : k;
      k++;
    }
    const closes = k >= t.count || t.kind[k] === TokenKind.PUNCT;
    // An apposition is a noun phrase: not 'after a communist militant', not 'Prigozhin demanded on social media'.
    let nounPhrase = !(c.isWord(s) && NOT_APPOSITION_START.has(c.lower(s)));
    for (let j = s; nounPhrase && j <= titleEnd; j++) {
      const w = c.lower(j);
      if (!(t.flags[j] & F_CAP) && w.length > 4 && w.endsWith('ed') && !g.titles.has(w) && !g.roles.has(w) && g.words.get(w) !== 'modifier') nounPhrase = false;
    }
    const apposition = titleEnd >= s && closes && nounPhrase && (k === titleEnd + 1 || c.isWord(titleEnd + 1) && /^(of|for|at)$/.test(c.lower(titleEnd + 1)));
    if (apposition && g.words.get(c.lower(titleEnd)) === 'org') {
      // ', Ukraine's state nuclear power company,': the name is the company's
      if (m.rule !== 'gazetteer' && m.type !== 'PER') { m.type = 'ORG'; m.rule += '+apposition'; }
    } else if (apposition) {
      spans.push({ start: t.start[s], end: t.end[k - 1] });
      const head = g.titles.get(c.lower(titleEnd));
      if (head?.gender) genderByTitle = head.gender;
    }
  }
  if (spans.length && m.type !== 'PER' && m.rule !== 'gazetteer' && m.rule !== 'place-of') m.type = 'PER';
  if (spans.length && m.type === 'PER') m.descriptors = spans;
  const gender = honorific ?? genderByTitle;
  if (gender && m.type === 'PER') m.gender = gender;
  if (honorific && m.type !== 'PER' && m.rule !== 'gazetteer') { m.type = 'PER'; m.gender = honorific; m.rule = 'honorific'; }
}

/**
 * Where the learned recogniser (doc.ner) clearly knows better than the rules: a name the rules could
 * only call MISC (an unknown capitalised word: 'Bakhmut', 'Prigozhin') takes the recogniser's type
 * when both found the same span; and a person of two or more capitalised words that the rules missed
 * is added. Title Case headlines are left to the rules (the recogniser over-reads capitals there),
 * and so are the rules' own typed decisions.
 */
const NER_TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC', 'MISC'];

function adoptNer(c: Ctx, ner: Uint8Array): void {
  const t = c.t;
  const spans = nerSpans(ner);
  if (!spans.length) return;
  const byStart = new Map<number, { a: number; b: number; type: string }>();
  for (const s of spans) byStart.set(t.start[s.start], { a: s.start, b: s.end, type: s.type });
  const inHeadline = (a: number, b: number): boolean => { for (let i = a; i < b; i++) if (c.weak[i] === 2) return true; return false; };
  // One vote per mention for its word form, so 'Bakhmut' is one type throughout the article; the
  // recogniser's ORG for unknown words was right less often than not on the Wikinews reports
  // ('Sunak', 'Melitopol'), so only persons and places are taken.
  const votes = new Map<string, Int32Array>();
  const candidates: [FoundName, number][] = [];
  for (const m of c.out) {
    if (m.type !== 'MISC' || m.rule !== 'caps') continue;
    const s = byStart.get(m.start);
    if (!s || t.end[s.b - 1] !== m.end || inHeadline(s.a, s.b)) continue;
    const key = c.text.slice(m.start, m.end).toLowerCase();
    let v = votes.get(key);
    if (!v) { v = new Int32Array(4); votes.set(key, v); }
    v[NER_TYPES.indexOf(s.type as EntityType)]++;
    candidates.push([m, 0]);
  }
  for (const [m] of candidates) {
    const v = votes.get(c.text.slice(m.start, m.end).toLowerCase())!;
    let best = 0;
    for (let k = 1; k < 4; k++) if (v[k] > v[best]) best = k;
    if (v.some((x, k) => k !== best && x === v[best])) continue;
    const type = NER_TYPES[best];
    if (type !== 'PER' && type !== 'LOC') continue;
    m.type = type;
    m.rule = 'caps+ner';
  }
  const taken = new SpanIndex();
  for (const m of c.out) taken.add(m.start, m.end);
  for (const s of spans) {
    if (s.type !== 'PER' || s.end - s.start < 2 || inHeadline(s.start, s.end)) continue;
    let caps = true;
    for (let i = s.start; i < s.end; i++) if (!c.isCapWord(i) && !c.isHyphen(i)) caps = false;
    if (!caps || !c.isCapWord(s.end - 1)) continue;
    const a = t.start[s.start], b = t.end[s.end - 1];
    if (taken.overlaps(a, b)) continue;
    describe(c, c.emit(s.start, s.end, 'PER', 'ner'), s.start, s.end);
  }
}

/**
 * The rules' weakest person guesses — two unknown capitalised words ('caps-pair') or a word from the
 * noisy surname list ('surname': CAMEO's person lists end in 'Declaration', 'Easter', 'Hill') — are
 * checked before they reach a reader: a person row that is really a charter, a castle or a grant
 * scheme is the absurd row that makes a journalist stop trusting the tool. A guess stands when
 * something backs it (a title or apposition, a gender, a speech verb after it, a particle inside
 * 'Samantha de Bendern', a fuller name in the article ending in the same word); otherwise a
 * common lower-case first word ('Conservative MPs', 'Orthodox Easter') unmakes it, and the
 * recogniser's type wins where it tags the whole span as one other type ('HM Treasury' ORG,
 * 'Royal Castle' LOC). A single surname-list word the recogniser does not call a person is MISC.
 */
function checkWeakPersons(c: Ctx, ner: Uint8Array | null): void {
  const t = c.t, g = c.g;
  let edges: NameEdges | undefined;
  const strongLast = new Set<string>();
  for (const m of c.out) {
    if (m.type !== 'PER' || m.rule === 'caps-pair' || m.rule === 'surname') continue;
    const words = c.text.slice(m.start, m.end).toLowerCase().split(/\s+/);
    if (words.length >= 2) strongLast.add(words[words.length - 1]);
  }
  for (const m of c.out) {
    if (m.type !== 'PER' || !WEAK_PERSON_RULES.has(m.rule)) continue;
    const [a, b] = tokensOf(c, m);
    if (a < 0) continue;
    const words: string[] = [];
    let particle = false;
    for (let i = a; i < b; i++) {
      if (!c.isWord(i)) continue;
      if (!(t.flags[i] & F_CAP)) particle ||= g.particles.has(c.lower(i)) && !g.connectors.has(c.lower(i));
      else words.push(c.lower(i));
    }
    if (m.descriptors === undefined) {
      // 'communication agency, Roskomnadzor', 'electronics manufacturer Kremniy El': named as an organisation.
      if (afterOrgNoun(c, a)) { m.type = 'ORG'; m.rule += '+org-noun'; continue; }
      // 'Moscow, Belgorod, Tula, and Tver': one of a list of known places is a place.
      if (inPlaceList(c, m, a, b, edges ??= nameEdges(c.out))) { m.type = 'LOC'; m.rule += '+list'; continue; }
    }
    // 'The Hill', 'The Times' written mid-sentence: a capitalised article makes the words a title, not a person
    if (a > 0 && c.weak[a - 1] === 0 && c.isWord(a - 1) && c.text.slice(t.start[a - 1], t.end[a - 1]) === 'The' && m.descriptors === undefined) {
      m.type = 'ORG'; m.rule += '+the'; continue;
    }
    if (m.rule === 'caps+ner' || m.rule === 'caps-context') continue;
    // A first name is weak alone ('Moody's', 'Eni') or before an ordinary word ('Brent Crude'), not before a surname.
    if (m.rule === 'first-name' && words.length >= 2 && !(g.common.has(words[words.length - 1]) && !g.surnames.has(words[words.length - 1]))) continue;
    // 'UN Commissioner (for Human Rights …)', 'UN Charter': a known organisation or place does not start a person's name.
    const lead = words.length >= 2 ? c.entry(words[0]) : undefined;
    if (lead && (lead.kind === 'L' || lead.kind === 'O')) {
      if (g.titles.has(words.slice(1).join(' '))) m.drop = true;
      else { m.type = 'ORG'; m.rule += '+lead'; }
      continue;
    }
    const backed = particle || m.descriptors !== undefined || m.gender !== undefined ||
      (c.isWord(b) && SPEECH_AFTER.has(c.lower(b))) || (words.length === 1 && strongLast.has(words[0]));
    if (backed) continue;
    if (words.length >= 2 && g.common.has(words[0]) && !g.firstNames.has(words[0])) { m.type = 'MISC'; m.rule += '-common'; continue; }
    const nerType = ner ? uniformNerType(ner, a, b) ?? widerNerType(c, ner, a, b, words.length) : null;
    // An unknown word before a known surname is shaped like a person ('Rakeyia Scott'): the recogniser's
    // ORG for it is not enough ('Air Forces Africa' went above, by its common first word).
    const personShaped = m.rule === 'surname' && words.length >= 2;
    if (nerType && nerType !== 'PER' && !personShaped) { m.type = nerType; m.rule += '+ner'; continue; }
    // 'Red Forest': a place noun last (not a surname too: 'Lauryn Hill') after no known first name makes a place (the recogniser's other types came first: 'Twilight Zone' MISC)
    if (words.length >= 2 && PLACE_NAME_ENDS.has(words[words.length - 1]) && !g.surnames.has(words[words.length - 1]) && !g.firstNames.has(words[0]) && m.descriptors === undefined && m.gender === undefined) {
      m.type = 'LOC'; m.rule += '+place-noun'; continue;
    }
    if (!nerType && words.length === 1 && m.rule === 'surname' && ner) { m.type = 'MISC'; m.rule += '-unconfirmed'; }
  }
  // One word form, one reading in the article: 'Roskomnadzor' named as an agency once is not a person in the next paragraph.
  const retyped = new Map<string, FoundName>();
  for (const m of c.out) if (m.type !== 'PER' && !m.drop && /\+(org-noun|list|ner|lead)$/.test(m.rule)) retyped.set(c.text.slice(m.start, m.end).toLowerCase(), m);
  for (const m of c.out) {
    if (m.type !== 'PER' || !WEAK_PERSON_RULES.has(m.rule) || m.descriptors !== undefined) continue;
    const like = retyped.get(c.text.slice(m.start, m.end).toLowerCase());
    if (like) { m.type = like.type; m.rule += '+article'; }
  }
  if (c.out.some((m) => m.drop)) c.out.splice(0, c.out.length, ...c.out.filter((m) => !m.drop));
}

/** First and last+1 token of a mention; [-1, -1] when none. */
function tokensOf(c: Ctx, m: { start: number; end: number }): [number, number] {
  const a = tokenAtOrAfter(c.t, m.start);
  let b = a;
  while (b < c.t.count && c.t.start[b] < m.end) b++;
  return b > a ? [a, b] : [-1, -1];
}

/** Last words of a place's name ('Red Forest', 'Continental Shelf'): after an unknown first word, no person's. */
const PLACE_NAME_ENDS = new Set(['forest', 'river', 'lake', 'mountain', 'mountains', 'valley', 'bay', 'sea', 'ocean', 'island', 'islands', 'desert',
  'park', 'square', 'street', 'avenue', 'bridge', 'zone', 'plain', 'plains', 'hill', 'hills', 'gulf', 'strait', 'canal', 'coast', 'peninsula',
  'shelf', 'beach', 'harbour', 'harbor', 'airport', 'dam', 'reservoir', 'plateau', 'basin', 'delta', 'cape', 'creek', 'falls', 'county',
  'district', 'province', 'region', 'oblast']);

const WEAK_PERSON_RULES = new Set(['caps-pair', 'surname', 'first-name', 'caps+ner', 'caps-context']);
/** Lower-case nouns that, right before a name (or before ', name'), say the name is an organisation's. */
const ORG_NOUNS = new Set(['company', 'firm', 'manufacturer', 'maker', 'agency', 'regulator', 'broadcaster', 'outlet', 'newspaper',
  'operator', 'giant', 'conglomerate', 'watchdog', 'insurer', 'airline', 'carrier', 'producer', 'supplier', 'provider', 'bank',
  'lender', 'retailer', 'developer', 'contractor', 'startup', 'subsidiary', 'network', 'channel', 'tabloid', 'daily', 'portal']);

function afterOrgNoun(c: Ctx, a: number): boolean {
  let i = a - 1;
  if (c.isComma(i)) i--;
  return c.isWord(i) && !(c.t.flags[i] & F_CAP) && ORG_NOUNS.has(c.lower(i));
}

/**
 * One of a list of places: a list separator before ('…, X', '… and X') or after it, with a place on
 * that side, and either an 'and'/'or' or commas on both sides (so 'in Bakhmut, Prigozhin demanded' is
 * no list). The place beside it is one the gazetteer knows, or a place itself listed beside one.
 */
/** The names by the offsets where they end and start (in c.out order), for inPlaceList's look-ups. */
interface NameEdges { byEnd: Map<number, FoundName[]>; byStart: Map<number, FoundName[]> }

function nameEdges(out: FoundName[]): NameEdges {
  const byEnd = new Map<number, FoundName[]>(), byStart = new Map<number, FoundName[]>();
  for (const x of out) {
    const e = byEnd.get(x.end);
    if (e) e.push(x); else byEnd.set(x.end, [x]);
    const s = byStart.get(x.start);
    if (s) s.push(x); else byStart.set(x.start, [x]);
  }
  return { byEnd, byStart };
}

function inPlaceList(c: Ctx, m: { start: number; end: number }, a: number, b: number, edges: NameEdges, depth = 1): boolean {
  const isConj = (k: number): boolean => c.isWord(k) && (c.lower(k) === 'and' || c.lower(k) === 'or');
  // skips ', ' / 'and' / ', and' / 'or' from token i in direction dir: [next token, saw a conjunction], or null when nothing was skipped
  const sep = (i: number, dir: 1 | -1): [number, boolean] | null => {
    let k = i, conj = false;
    while ((c.isComma(k) || isConj(k)) && Math.abs(k - i) < 2) { conj ||= isConj(k); k += dir; }
    return k === i ? null : [k, conj];
  };
  const placeAt = (tok: number, edge: 'end' | 'start'): boolean => {
    // types are read now: earlier mentions of this pass may have become places
    const o = (edge === 'end' ? edges.byEnd.get(c.t.end[tok]) : edges.byStart.get(c.t.start[tok]))?.find((x) => x !== m && x.type === 'LOC');
    if (!o) return false;
    if (o.rule === 'gazetteer') return true;
    if (depth === 0) return false;
    const [oa, ob] = tokensOf(c, o);
    return oa >= 0 && inPlaceList(c, o, oa, ob, edges, depth - 1);
  };
  const before = sep(a - 1, -1), after = sep(b, 1);
  const listed = (before?.[1] ?? false) || (after?.[1] ?? false) || (before !== null && after !== null);
  if (!listed) return false;
  return (before !== null && before[0] >= 0 && placeAt(before[0], 'end')) || (after !== null && after[0] < c.t.count && placeAt(after[0], 'start'));
}

/**
 * The one entity type the recogniser gives every token of [a, b), or null (O somewhere, or mixed, or
 * its entity runs on past either end: 'Agriculture, Yavor Gechev' as one ORG says nothing of 'Yavor Gechev').
 */
/**
 * The type of the recogniser's entity that holds tokens [a, b) and reaches beyond them through a
 * capitalised word next to them ('UK Continental Shelf' LOC around 'Continental Shelf'), or null. An
 * entity reaching over a comma is taken for the recogniser's slip ('Agriculture, Yavor Gechev' ORG).
 */
function coveringNerType(c: Ctx, ner: Uint8Array, a: number, b: number): EntityType | null {
  let type: EntityType | null = null;
  for (let i = a; i < b; i++) {
    const tag = NER_TAGS[ner[i]];
    if (tag === 'O' || (i > a && tag[0] === 'B')) return null;
    const ty = tag.slice(2) as EntityType;
    if (type && ty !== type) return null;
    type = ty;
  }
  if (!type) return null;
  const fromLeft = NER_TAGS[ner[a]][0] === 'I' && a > 0 && NER_TAGS[ner[a - 1]].slice(2) === type && c.isCapWord(a - 1);
  const toRight = b < ner.length && NER_TAGS[ner[b]] === `I-${type}` && c.isCapWord(b);
  return fromLeft || toRight ? type : null;
}

/** The wider entity's type where it takes a weak person guess away from persons: of two words or more, not PER. */
function widerNerType(c: Ctx, ner: Uint8Array, a: number, b: number, words: number): EntityType | null {
  if (words < 2) return null;
  const type = coveringNerType(c, ner, a, b);
  return type === 'PER' ? null : type;
}

function uniformNerType(ner: Uint8Array, a: number, b: number): EntityType | null {
  let type: EntityType | null = null;
  for (let i = a; i < b; i++) {
    const tag = NER_TAGS[ner[i]];
    if (tag === 'O') return null;
    const ty = tag.slice(2) as EntityType;
    if (type && ty !== type) return null;
    type = ty;
  }
  if (!type || NER_TAGS[ner[a]][0] !== 'B' || (b < ner.length && NER_TAGS[ner[b]] === `I-${type}`)) return null;
  return type;
}

export function findNames(doc: Doc, resources: Resources): void {
  const t = doc.tokens;
  if (t.count === 0) return;
  const c = new Ctx(doc, resources.gazetteer);
  for (let i = 0; i < t.count;) {
    if (!c.isCapWord(i)) { i++; continue; }
    const [units, next] = c.run(i);
    if (units.length) processRun(c, units);
    i = next > i ? next : i + 1;
  }
  if (doc.ner.length === t.count) adoptNer(c, doc.ner);
  checkWeakPersons(c, doc.ner.length === t.count ? doc.ner : null);
  c.out.sort((x, y) => x.start - y.start);
  doc.names = c.out;
}
