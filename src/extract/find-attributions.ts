// The first, rule-based who-said-what pass. Finds attributions (source, cue, content) the way
// PolNeAR annotates them: direct quotes with their cue and speaker on either side, "X said (that) …",
// parenthetical "…, X said.", coordinated and participial cues that share a source, "according to X",
// and headline "…: Source". Speaker resolution (source.entity) is a later stage.

import type { AttributionKind, Span, Stance } from '../contract.js';
import type { Doc, DocAttribution, QuoteRegion } from '../doc.js';
import type { Resources } from '../resources.js';
import { TokenFlag, TokenKind, type Paragraphs, type Sentences, type Tokens } from '../text/tokens.js';
import { lowerFormsPlainApostrophe } from '../text/lower-forms.js';
import { CueFrame, type CueEntry, type CueForm, type CueLexicon } from './cue-lexicon.js';

const words = (s: string): Set<string> => new Set(s.split(' '));

const SUBJECT_PRONOUNS = words('he she they it we i you');
// Words that may stand between a source and its cue and belong to the cue (PolNeAR keeps them there).
const CUE_PREFIX = words("has have had is are was were be been will would could can may might must should shall did do does also not never n't reportedly later previously then first repeatedly recently once publicly already still often further even just again privately openly explicitly initially quickly specifically long earlier directly flatly simply quietly separately frequently consistently subsequently finally jokingly angrily sharply strongly only allegedly apparently");
const TIME_WORDS = words('monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon evening night week month year weekend earlier recently last this next');
const MONTHS = words('january february march april may june july august september october november december jan. feb. aug. sept. oct. nov. dec.');
const DETERMINERS = words('the a an this that these those his her their its our my your some many most several few both all each every another other no');
// Closed-class words that never end a source noun phrase and stop the walk leftwards.
const STOP = words("to of in on at by for with from about as into onto over under after before during since until while when where whether if because although though but and or nor so than that which who whom whose what why how also not never n't is are was were be been being has have had do does did will would could can may might must should shall there here then now just even only very too again still already yet however meanwhile moreover instead also said says told asked added according it's that's there's he's she's they're we're i'm you're let let's");
const PASSIVE_AUX = words('is are was were be been being');
const NOT_CONTENT_START = words("by");
const SOURCE_RIGHT_STOP = words('on in at during who which that when while as after before since because with without where whose amid despite released published issued conducted obtained reported last this earlier');
const BASE_FORM_SUBJECTS = words('i we you they will would could can may might must should shall did do does to not never also');
// "in a statement", "during an interview": a preposition and a noun naming how words were delivered, before a cue.
const MEDIUM_PREPOSITIONS = words('in during at through via');
const MEDIUM_NOUNS = words('statement statements interview interviews speech letter release remarks post tweet tweets briefing call email e-mail video address memo op-ed column filing message broadcast appearance testimony hearing conference');
// After "…, Graham said," these words start a new clause that is not part of the content.
const TAIL_AFTER_COMMA = words('as since because while but although though and when after before even with without who which');
const TAIL_START = words('on in at during last this earlier later late yesterday today tonight to from via through after before when while as according by with without outside inside afterward afterwards');
const QUOTE_SPEECH_HEADS = words('he she they i we it');
/** Pronouns that open a reported clause after a relative clause on the addressee. */
const CLAUSE_SUBJECTS = words('it he she they we there');
const PLURAL_QUANTIFIERS = words('both many most some others all few several');
// Words before a bare-form cue that make it no present plural ("to say", "would say", "did not say").
const NOT_BEFORE_PLURAL_CUE = words('to will would could can may might must should shall did do does not never also let');

export interface Layer {
  tokens: Tokens;
  sentences: Sentences;
  paragraphs: Paragraphs;
  quotes: QuoteRegion[];
}

interface CueMatch {
  /** First and last+1 token of the cue words themselves (without prefix). */
  a: number;
  b: number;
  form: CueForm;
}

/** Working state for one document. */
class Finder {
  readonly text: string;
  readonly t: Tokens;
  readonly s: Sentences;
  readonly quotes: QuoteRegion[];
  readonly lex: CueLexicon;
  /** Lower-case form of each token, ’ written as ' (shared with other stages: never changed here). */
  readonly lw: readonly string[];
  /** Index of the quote region holding each token, -1 outside quotes. */
  readonly quoteOf: Int32Array;
  /** Sentence of each token. */
  readonly sentOf: Int32Array;
  /** 1 when the token already has a role in an attribution. */
  readonly claimed: Uint8Array;
  /** 1 for tokens of a headline line (title case is normal there). */
  readonly inHeadline: Uint8Array;
  readonly out: DocAttribution[] = [];
  /** Per sentence, attributions found in it (for shared sources). */
  readonly bySentence = new Map<number, DocAttribution[]>();

  constructor(text: string, layer: Layer, lex: CueLexicon) {
    this.text = text;
    this.t = layer.tokens;
    this.s = layer.sentences;
    this.quotes = layer.quotes;
    this.lex = lex;
    const n = this.t.count;
    this.lw = lowerFormsPlainApostrophe(text, this.t);
    this.quoteOf = new Int32Array(n).fill(-1);
    let q = 0;
    for (let i = 0; i < n; i++) {
      while (q < this.quotes.length && this.quotes[q].end <= this.t.start[i]) q++;
      if (q < this.quotes.length && this.quotes[q].start <= this.t.start[i]) this.quoteOf[i] = q;
    }
    this.sentOf = new Int32Array(n);
    for (let k = 0; k < this.s.count; k++) for (let i = this.s.tokenStart[k]; i < this.s.tokenEnd[k]; i++) this.sentOf[i] = k;
    this.claimed = new Uint8Array(n);
    this.inHeadline = new Uint8Array(n);
  }

  isWord(i: number): boolean { return this.t.kind[i] === TokenKind.WORD; }
  isCap(i: number): boolean { return (this.t.flags[i] & TokenFlag.CAPITALIZED) !== 0; }
  ch(i: number): number { return this.text.charCodeAt(this.t.start[i]); }
  isPunct(i: number, c: number): boolean { return this.t.kind[i] === TokenKind.PUNCT && this.ch(i) === c && this.t.end[i] - this.t.start[i] === 1; }
  isQuote(i: number): boolean { return this.t.kind[i] === TokenKind.QUOTE; }

  /** Words inside a quote region (scare quotes have few). */
  quoteWords(q: QuoteRegion): number {
    let n = 0;
    for (let i = this.tokenAt(q.start); i < this.t.count && this.t.start[i] < q.end; i++) if (this.t.kind[i] === TokenKind.WORD || this.t.kind[i] === TokenKind.NUMBER) n++;
    return n;
  }

  tokenAt(offset: number): number {
    let lo = 0, hi = this.t.count;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.t.end[mid] <= offset) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** A cue form starting at token i (longest multi-word form first). */
  cueAt(i: number, limit: number): CueMatch | null {
    if (!this.isWord(i) && !this.isPunct(i, 58)) return null;
    const list = this.lex.forms.get(this.lw[i]);
    if (!list) return null;
    for (const form of list) {
      let j = i + 1, ok = true;
      for (const w of form.rest) {
        if (j >= limit || this.lw[j] !== w) { ok = false; break; }
        j++;
      }
      if (ok) return { a: i, b: j, form };
    }
    return null;
  }

  /** First token of the cue with the auxiliaries and adverbs PolNeAR keeps in it ("has repeatedly dismissed"). */
  cuePrefixStart(a: number, limit: number): number {
    let k = a;
    while (k - 1 >= limit && CUE_PREFIX.has(this.lw[k - 1]) && k - a < 4) k--;
    // "he's said": a contracted auxiliary stays with the source
    return k;
  }

  /** Skips trailing time expressions leftwards ("Lavrov on Monday said"). */
  skipTimeLeft(j: number, limit: number): number {
    let k = j;
    while (k >= limit && (TIME_WORDS.has(this.lw[k]) || this.lw[k] === 'on' && k < j) ) k--;
    if (k < j && k >= limit && this.lw[k] === 'on') k--;
    return k;
  }

  /** The source noun phrase ending at token j, walking left no further than `limit`. [a, b) or null. */
  sourceLeft(j: number, limit: number): [number, number] | null {
    if (j < limit) return null;
    const last = j;
    const w = this.lw[j];
    if (SUBJECT_PRONOUNS.has(w)) return [j, j + 1];
    // "Many fear …", "Others say …": a quantifier standing for its people
    if (PLURAL_QUANTIFIERS.has(w) && w !== 'all' && (j === limit || !this.isWord(j - 1) || STOP.has(this.lw[j - 1]))) return [j, j + 1];
    let k = j;
    // "Sen. Lindsey Graham (R-S.C.)": the parenthesis belongs to the name before it
    if (this.t.kind[j] === TokenKind.PUNCT && this.ch(j) === 41) {
      let o = j - 1;
      while (o > limit && o > j - 8 && !(this.t.kind[o] === TokenKind.PUNCT && this.ch(o) === 40)) o--;
      if (o <= limit || !(this.t.kind[o] === TokenKind.PUNCT && this.ch(o) === 40) || !this.isCap(o - 1)) return null;
      k = o;
      j = o - 1;
    } else if (!this.isWord(j)) return null;
    const hw = this.lw[j];
    if (STOP.has(hw) || DETERMINERS.has(hw) || MONTHS.has(hw) || TIME_WORDS.has(hw) || !this.isCap(j) && (hw.endsWith('ly') || hw.endsWith('ed') || hw.endsWith('ing'))) return null;
    k = Math.min(k, j);
    while (k - 1 >= limit) {
      const p = k - 1, pw = this.lw[p];
      const kind = this.t.kind[p];
      if (kind === TokenKind.NUMBER) { k = p; continue; }
      if (kind !== TokenKind.WORD) {
        // a hyphen or slash inside a name ("New York Times/CBS News")
        if ((this.ch(p) === 47 || this.ch(p) === 38) && p - 1 >= limit && this.isWord(p - 1)) { k = p; continue; }
        // a hyphen written tight joins one word ("Jean-Paul Duval", "Russian-speaking Transnistria")
        if (this.ch(p) === 45 && !(this.t.flags[p] & TokenFlag.SPACE_BEFORE) && !(this.t.flags[k] & TokenFlag.SPACE_BEFORE) && p - 1 >= limit && this.isWord(p - 1) && this.isWord(k)) { k = p - 1; continue; }
        break;
      }
      if (DETERMINERS.has(pw) || pw === 'his' || pw === 'her') { k = p; break; }
      if ((pw === 'of' || pw === 'and' || pw === 'for') && this.isCap(k) && p - 1 >= limit && this.isCap(p - 1)) { k = p; continue; }
      if (pw === 'of' && (DETERMINERS.has(this.lw[k]) || this.isCap(k)) && p - 1 >= limit && this.isWord(p - 1) && !STOP.has(this.lw[p - 1])) { k = p; continue; }
      if (STOP.has(pw) || SUBJECT_PRONOUNS.has(pw)) break;
      // a lower-case word ending in -ly or -ed before a capitalised name is the clause, not the source
      if (!this.isCap(p) && this.isCap(k) && (pw.endsWith('ly') || pw.endsWith('ed'))) break;
      k = p;
    }
    if (last - k + 1 > 12) return null;
    // a bare lower-case run without determiner that starts mid-sentence is usually a clause fragment
    return [k, last + 1];
  }

  /** A source noun phrase starting at token i, walking right to `limit`; trailing time words dropped. */
  sourceRight(i: number, limit: number): [number, number] | null {
    let k = i;
    if (k >= limit) return null;
    if (SUBJECT_PRONOUNS.has(this.lw[k])) return [k, k + 1];
    // "…, in turn, agreed to allow free transit …": an infinitive is the verb's complement, nobody's name
    if (this.lw[k] === 'to') return null;
    while (k < limit) {
      const kind = this.t.kind[k];
      if (kind === TokenKind.WORD) {
        if (SOURCE_RIGHT_STOP.has(this.lw[k]) && k > i) break;
        if (STOP.has(this.lw[k]) && !(this.lw[k] === 'of' || this.lw[k] === 'for' || this.lw[k] === 'and' || this.lw[k] === 'by') && k > i) break;
      } else if (kind === TokenKind.PUNCT || kind === TokenKind.QUOTE) {
        if (!(this.ch(k) === 45 || this.ch(k) === 47 || this.ch(k) === 0x2013) || k === i) break;
      }
      k++;
    }
    while (k > i && (TIME_WORDS.has(this.lw[k - 1]) || STOP.has(this.lw[k - 1]) || this.t.kind[k - 1] === TokenKind.PUNCT)) k--;
    if (k === i || k - i > 12) return null;
    return [i, k];
  }

  /** "said Kenneth Baer, a former Obama administration official who runs …": the description belongs to the source. */
  withAppositive(src: [number, number] | null, end: number): [number, number] | null {
    if (!src) return null;
    const k = src[1];
    if (!(k + 1 < end && this.isPunct(k, 44) && this.isWord(k + 1))) return src;
    const w = this.lw[k + 1];
    const c = this.cueAt(k + 1, end);
    if (c && c.form.inflection === 'ing' || w.endsWith('ing') || TAIL_AFTER_COMMA.has(w) || STOP.has(w) && w !== 'who') return src;
    let e = k + 1;
    while (e < end && !(this.t.kind[e] === TokenKind.PUNCT && (this.ch(e) === 46 || this.ch(e) === 59 || this.ch(e) === 33 || this.ch(e) === 63)) && !this.isQuote(e)) e++;
    if (e - k > 30) return src;
    return [src[0], this.trimRight(src[0], e)];
  }

  /** "Richard Revesz, director of the Institute …, said": a name, its description in commas, then the cue. */
  sourceWithAppositiveLeft(comma: number, from: number): [number, number] | null {
    let c1 = comma - 1;
    while (c1 > from && comma - c1 < 25 && !this.isPunct(c1, 44)) {
      if (this.t.kind[c1] === TokenKind.QUOTE || this.isPunct(c1, 59) || this.isPunct(c1, 58) || this.claimed[c1]) return null;
      c1--;
    }
    if (!this.isPunct(c1, 44) || c1 - 1 < from) return null;
    const np = this.sourceLeft(c1 - 1, from);
    if (!np || !(np[0] === from || this.isPunct(np[0] - 1, 44) && np[0] - 1 === from)) {
      if (!np || np[0] !== from) return null;
    }
    // "Trump, speaking to a veterans group, said": a participial phrase is not part of the source
    if (this.lw[c1 + 1].endsWith('ing')) return np;
    return [np[0], comma + 1];
  }

  /** Last token (exclusive) of the content running right from `i` inside sentence `sent`. */
  contentEnd(i: number, sent: number): number {
    const end = this.s.tokenEnd[sent];
    let k = i;
    for (; k < end; k++) {
      if (this.quoteOf[k] >= 0) continue;
      const w = this.lw[k];
      if (this.isPunct(k, 59)) break;
      if (this.isPunct(k, 44) || this.t.kind[k] === TokenKind.PUNCT && (this.ch(k) === 0x2014 || this.ch(k) === 0x2013)) {
        const n1 = k + 1;
        if (n1 < end && this.lw[n1] === 'according' && this.lw[n1 + 1] === 'to') break;
        const c = n1 < end ? this.cueAt(n1, end) : null;
        if (c && c.form.inflection === 'ing' && c.form.entry.frames & (CueFrame.CLAUSE | CueFrame.THAT | CueFrame.OBJECT)) break;
        // ", and stressed that …" – a second cue sharing the source
        if (n1 < end && (this.lw[n1] === 'and' || this.lw[n1] === 'but')) {
          const c2 = this.cueAt(this.skipPrefixRight(n1 + 1, end), end);
          if (c2 && c2.form.inflection !== 'ing' && c2.form.inflection !== 'base') break;
        }
        // ", the minister said." – a parenthetical attribution of what came before
        if (this.parentheticalAfter(n1, end)) break;
      }
      if ((w === 'and' || w === 'but') && k > i) {
        const c2 = this.cueAt(this.skipPrefixRight(k + 1, end), end);
        if (c2 && (c2.form.inflection === 'ed' || c2.form.inflection === 's') && c2.form.entry.class !== 'other') break;
      }
    }
    // drop sentence-final and dangling punctuation unless a quotation closes after it
    while (k > i) {
      const last = k - 1;
      if (this.t.kind[last] === TokenKind.PUNCT && this.quoteOf[last] < 0) { k--; continue; }
      break;
    }
    return k;
  }

  skipPrefixRight(i: number, end: number): number {
    let k = i;
    while (k < end && CUE_PREFIX.has(this.lw[k]) && k - i < 3) k++;
    return k;
  }

  /** True when tokens from i form "SOURCE CUE [tail]" or "CUE SOURCE" running to the sentence end. */
  parentheticalAfter(i: number, end: number): boolean {
    for (let k = i; k < Math.min(end, i + 10); k++) {
      const c = this.cueAt(k, end);
      if (!c || !(c.form.entry.frames & CueFrame.PARENTHETICAL) || c.form.inflection === 'ing' || c.form.inflection === 'base') continue;
      if (!this.isTail(c.b, end, c.form.entry.lemma === 'tell' || c.form.entry.lemma === 'ask')) return false;
      if (k === i) return this.sourceRight(c.b, end) !== null;
      const src = this.sourceLeft(this.skipTimeLeft(this.cuePrefixStart(k, i) - 1, i), i);
      return src !== null && src[0] === i;
    }
    return false;
  }

  /** What may follow a parenthetical cue up to the sentence end: time, "in a statement", an addressee. */
  isTail(i: number, end: number, addressee = false): boolean {
    let k = i;
    let words = 0;
    // what may start the tail: a time or place phrase, "in a statement"; after "told", the addressee
    if (i < end && this.isWord(i) && !addressee && !TAIL_START.has(this.lw[i]) && !TIME_WORDS.has(this.lw[i]) && !MONTHS.has(this.lw[i])) return false;
    for (; k < end; k++) {
      if (this.t.kind[k] === TokenKind.PUNCT) {
        const c = this.ch(k);
        if (c === 46 || c === 33 || c === 63) return k === end - 1 || this.t.kind[k + 1] === TokenKind.QUOTE;
        if (c === 44) {
          // ", adding that …" continues with a participial cue: still a tail for this cue
          const n = this.cueAt(k + 1, end);
          return n !== null && n.form.inflection === 'ing' || this.lw[k + 1] === 'according' || TAIL_AFTER_COMMA.has(this.lw[k + 1]);
        }
        return false;
      }
      if (this.t.kind[k] === TokenKind.QUOTE) return false;
      if (++words > 7) return false;
      if (words === 1 && this.lw[k] === 'that') return false;
      // a capitalised word there is part of a name ("at the Dubai Air Show"), and a word after a determiner a
      // noun ("at the show"), not a second cue
      if (words > 1 && !this.isCap(k) && !DETERMINERS.has(this.lw[k - 1]) && this.cueAt(k, end)) return false;
    }
    return true;
  }

  sentenceOf(tok: number): number { return this.sentOf[Math.min(tok, this.t.count - 1)]; }

  claim(a: number, b: number): void { for (let i = a; i < b; i++) this.claimed[i] = 1; }
  anyClaimed(a: number, b: number): boolean { for (let i = a; i < b; i++) if (this.claimed[i]) return true; return false; }

  span(a: number, b: number): Span { return { start: this.t.start[a], end: this.t.end[b - 1] }; }

  /** Content spans for tokens [a, b): a quotation running over paragraphs is cut at paragraph breaks. */
  contentSpans(a: number, b: number): Span[] {
    const spans: Span[] = [];
    let first = a;
    for (let i = a + 1; i < b; i++) {
      if (this.t.flags[i] & TokenFlag.PARAGRAPH_BEFORE) { spans.push(this.span(first, i)); first = i; }
    }
    spans.push(this.span(first, b));
    return spans;
  }

  add(rule: string, cue: [number, number], entry: CueEntry | null, source: [number, number] | Span | null, content: Array<[number, number]>, confidence: number, cueLemma?: string): DocAttribution | null {
    content = content.filter(([a, b]) => b > a);
    if (!content.length) return null;
    for (const [a, b] of content) if (this.anyClaimed(a, b)) return null;
    if (this.anyClaimed(cue[0], cue[1])) return null;
    if (source && Array.isArray(source) && this.anyClaimed(source[0], source[1])) {
      // a shared source (coordinated or participial cue) is claimed by its first attribution
      if (!rule.startsWith('shared')) return null;
    }
    const spans: Span[] = [];
    for (const [a, b] of content) spans.push(...this.contentSpans(a, b));
    let kind: AttributionKind = 'indirect';
    let quoted = 0, quoteMarks = 0;
    for (const sp of spans) {
      const q = this.quotes.find((r) => r.start === sp.start && r.end >= sp.end - 0);
      for (let i = this.tokenAt(sp.start); i < this.t.count && this.t.start[i] < sp.end; i++) if (this.isQuote(i) && this.ch(i) !== 39 && this.ch(i) !== 0x2019 && this.ch(i) !== 0x2018) quoteMarks++;
      if (q || this.isQuoteSpan(sp)) quoted++;
    }
    if (quoted === spans.length) kind = 'direct';
    else if (quoteMarks > 0) kind = 'mixed';
    const cueSpan = this.span(cue[0], cue[1]);
    let src: DocAttribution['source'] = null;
    if (source) {
      const sp = Array.isArray(source) ? this.span(source[0], source[1]) : source;
      src = { start: sp.start, end: sp.end, entity: null };
    }
    const lemma = cueLemma ?? entry?.lemma ?? this.text.slice(cueSpan.start, cueSpan.end).toLowerCase();
    const stance: Stance = entry?.stance ?? 'neutral';
    const att: DocAttribution = {
      id: '', kind, source: src,
      cue: { start: cueSpan.start, end: cueSpan.end, lemma, class: entry?.class ?? (lemma === ':' ? 'speech' : 'other') },
      content: spans, stance, confidence, rule,
    };
    this.claim(cue[0], cue[1]);
    for (const [a, b] of content) this.claim(a, b);
    if (source && Array.isArray(source)) this.claim(source[0], source[1]);
    this.out.push(att);
    const sent = this.sentenceOf(cue[0]);
    const list = this.bySentence.get(sent) ?? [];
    list.push(att);
    this.bySentence.set(sent, list);
    return att;
  }

  isQuoteSpan(sp: Span): boolean {
    const a = this.text.charCodeAt(sp.start), b = this.text.charCodeAt(sp.end - 1);
    const open = a === 34 || a === 0x201c || a === 0xab;
    const close = b === 34 || b === 0x201d || b === 0xbb;
    if (!open || !close) return false;
    // exactly one pair of double marks
    let marks = 0;
    for (let i = sp.start; i < sp.end; i++) { const c = this.text.charCodeAt(i); if (c === 34 || c === 0x201c || c === 0x201d || c === 0xab || c === 0xbb) marks++; }
    return marks === 2;
  }

  // ---- rule 1: direct quotes with a cue on either side ------------------------------------------

  findQuoteAttributions(): void {
    for (let qi = 0; qi < this.quotes.length; qi++) {
      const q = this.quotes[qi];
      const qa = this.tokenAt(q.start), qb = this.tokenAt(q.end - 1);
      if (qa >= this.t.count || this.claimed[qa]) continue;
      const nWords = this.quoteWords(q);
      // short quotations are scare quotes unless a cue follows them ("“You winning?” she said")
      if (nWords < 4 && !this.shortQuoteSpoken(qb)) continue;
      // continuation pieces of a quote running over paragraphs
      let lastQ = qi;
      while (this.quotes[lastQ].continued && lastQ + 1 < this.quotes.length) lastQ++;
      const qEnd = this.tokenAt(this.quotes[lastQ].end - 1);
      const pieces: Array<[number, number]> = [];
      for (let k = qi; k <= lastQ; k++) pieces.push([this.tokenAt(this.quotes[k].start), this.tokenAt(this.quotes[k].end - 1) + 1]);
      const att = this.quoteCueAfter(qEnd, pieces) ?? this.quoteSignedWithDash(qEnd, pieces) ?? this.quoteCueBefore(qa, pieces);
      if (att) qi = lastQ;
      void qb;
    }
  }

  shortQuoteSpoken(qb: number): boolean {
    let ib = qb - 1;
    while (ib > 0 && this.isQuote(ib)) ib--;
    const c = ib >= 0 ? this.ch(ib) : 0;
    return (c === 44 || c === 63 || c === 33) && qb + 1 < this.t.count && !(this.t.flags[qb + 1] & TokenFlag.PARAGRAPH_BEFORE);
  }

  /** "…," he said. / "…," said Lavrov. / "…," Sergey Lavrov told Serbian media outlets. */
  quoteCueAfter(qb: number, pieces: Array<[number, number]>): DocAttribution | null {
    let i = qb + 1;
    if (i >= this.t.count) return null;
    const sent = this.sentenceOf(i);
    const end = this.s.tokenEnd[sent];
    // the quotation must leave its sentence open: a comma (inside or after the mark), ? ! or a dash
    // the last mark inside the quotation, past closing single quotes ('…,'" he said)
    let ib = qb - 1;
    while (ib > 0 && this.isQuote(ib)) ib--;
    const inner = ib >= 0 ? this.ch(ib) : 0;
    if (this.isPunct(i, 44)) i++;
    else if (!(inner === 44 || inner === 63 || inner === 33 || inner === 0x2014 || inner === 0x2013 || inner === 45)) return null;
    if (this.t.flags[i] & TokenFlag.PARAGRAPH_BEFORE) return null;
    if (i >= end || this.claimed[i]) return null;
    // inverted: said Lavrov
    const inv = this.cueAt(i, end);
    if (inv && inv.form.entry.frames & CueFrame.QUOTE && (inv.form.inflection === 'ed' || inv.form.inflection === 's')) {
      const src = this.withAppositive(this.sourceRight(inv.b, end), end);
      if (src && this.isTail(src[1], end)) {
        return this.finishQuote('quote-cue-after-inverted/1', [inv.a, inv.b], inv.form.entry, src, pieces, 0.9, end);
      }
    }
    for (let k = i + 1; k < Math.min(end, i + 12); k++) {
      const c = this.cueAt(k, end);
      if (!c) continue;
      if (!(c.form.entry.frames & CueFrame.QUOTE) || c.form.inflection === 'ing') return null;
      const cs = this.cuePrefixStart(k, i + 1);
      const src = this.sourceLeft(this.skipTimeLeft(cs - 1, i), i);
      if (!src || src[0] !== i) return null;
      if (c.form.inflection === 'base' && !SUBJECT_PRONOUNS.has(this.lw[src[1] - 1]) && !BASE_FORM_SUBJECTS.has(this.lw[cs]) && !(cs === k && this.pluralSubject(k - 1, i))) return null;
      const conf = QUOTE_SPEECH_HEADS.has(this.lw[src[0]]) ? 0.92 : 0.88;
      return this.finishQuote('quote-cue-after/1', [cs, c.b], c.form.entry, src, pieces, conf, end);
    }
    return null;
  }

  /** Adds the quotation, plus a second part after the cue (`"…," he said, "…"`) and quoted sentences that follow. */
  finishQuote(rule: string, cue: [number, number], entry: CueEntry, src: [number, number], pieces: Array<[number, number]>, conf: number, end: number): DocAttribution | null {
    const content = [...pieces];
    // the rest of the cue's clause: ', "…"' continues the same quotation
    let k = Math.max(cue[1], src[1]);
    while (k < end && !this.isPunct(k, 44) && !this.isQuote(k) && this.t.kind[k] !== TokenKind.PUNCT) k++;
    if (k < end && this.isPunct(k, 44) && k + 1 < this.t.count && this.isQuote(k + 1) && this.quoteOf[k + 1] >= 0 && k + 1 >= content[content.length - 1][1]) {
      const q = this.quotes[this.quoteOf[k + 1]];
      if (q.start === this.t.start[k + 1]) content.push([k + 1, this.tokenAt(q.end - 1) + 1]);
    }
    // following quoted sentences of the same paragraph that carry no cue of their own
    let lastTok = content[content.length - 1][1];
    for (;;) {
      const n = lastTok + (this.isPunct(lastTok, 46) ? 1 : 0);
      if (n >= this.t.count || this.t.flags[n] & TokenFlag.PARAGRAPH_BEFORE || !this.isQuote(n) || this.quoteOf[n] < 0) break;
      const q = this.quotes[this.quoteOf[n]];
      if (q.start !== this.t.start[n]) break;
      const qe = this.tokenAt(q.end - 1) + 1;
      // a quote followed by its own cue is another attribution
      const after = qe < this.t.count ? this.ch(qe - 2) : 46;
      if (after !== 46 && after !== 33 && after !== 63) break;
      content.push([n, qe]);
      lastTok = qe;
    }
    return this.add(rule, cue, entry, src, content, conf);
  }

  /** A dash: ― — – - or --. */
  isDash(i: number): boolean {
    if (this.t.kind[i] !== TokenKind.PUNCT) return false;
    const w = this.text.slice(this.t.start[i], this.t.end[i]);
    return w === '\u2015' || w === '\u2014' || w === '\u2013' || w === '-' || w === '--';
  }

  /** True when token i starts a line (or the text). */
  startsLine(i: number): boolean { return i === 0 || (this.t.flags[i] & (TokenFlag.NEWLINE_BEFORE | TokenFlag.PARAGRAPH_BEFORE)) !== 0; }

  /**
   * "…” ― Sonya Herridge" / "…"(new line)"- Bernie Sanders.": a quotation signed with a dash and a name that ends
   * the line. PolNeAR takes the dash for the cue and the name for the source.
   */
  quoteSignedWithDash(qb: number, pieces: Array<[number, number]>): DocAttribution | null {
    const d = qb + 1, n = this.t.count;
    if (d + 1 >= n || !this.isDash(d) || this.claimed[d]) return null;
    let e = d + 1;
    while (e < n && e - d <= 4 && this.isWord(e) && this.isCap(e) && !(e > d + 1 && this.startsLine(e))) e++;
    if (e === d + 1 || this.startsLine(d + 1)) return null;
    let k = e;
    if (k < n && (this.isPunct(k, 46) || this.isPunct(k, 44)) && !this.startsLine(k)) k++;
    if (k < n && !this.startsLine(k)) return null;
    return this.add('quote-dash-source/1', [d, d + 1], this.lex.entries.get(':') ?? null, [d + 1, e], pieces, 0.7, this.text.slice(this.t.start[d], this.t.end[d]));
  }

  // ---- rule 5: transcripts ---------------------------------------------------------------------

  /**
   * "WALLACE: Let's start with …" (a line that opens with a speaker's name in capitals and a colon): in a transcript,
   * where some speaker ("TAPPER" of "JAKE TAPPER") has two turns or more, each such line is that speaker's
   * statement and the colon its cue. Editorial labels ("UPDATE:", "CORRECTION:") seldom repeat.
   */
  findTranscriptTurns(): void {
    const n = this.t.count;
    const turns: Array<[number, number, number]> = [];
    for (let i = 0; i < n; i++) {
      if (!this.startsLine(i)) continue;
      const a = this.isQuote(i) ? i + 1 : i;
      let b = a;
      while (b < n && b - a < 3 && this.isWord(b) && this.t.flags[b] & TokenFlag.ALL_CAPS && (b === a || !this.startsLine(b))) b++;
      if (b === a || b >= n || !this.isPunct(b, 58) || this.startsLine(b)) continue;
      let e = b + 1;
      while (e < n && !this.startsLine(e)) e++;
      if (e - b - 1 < 3) continue;
      turns.push([a, b, e]);
    }
    const turnsOf = new Map<string, number>();
    for (const [, b] of turns) turnsOf.set(this.lw[b - 1], (turnsOf.get(this.lw[b - 1]) ?? 0) + 1);
    if (![...turnsOf.values()].some((k) => k >= 2)) return;
    const entry = this.lex.entries.get(':') ?? null;
    for (const [a, b, e] of turns) this.add('transcript-turn/1', [b, b + 1], entry, [a, b], [[b + 1, e]], 0.75, ':');
  }

  /** He said, "…" / Lavrov told reporters: "…" / The New York Times reports: (next paragraph) "…" */
  quoteCueBefore(qa: number, pieces: Array<[number, number]>): DocAttribution | null {
    const p = qa - 1;
    if (p < 0) return null;
    const colon = this.isPunct(p, 58);
    if (!colon && !this.isPunct(p, 44) && !this.isWord(p)) return null;
    const lastCueTok = colon || this.isPunct(p, 44) ? p : qa;
    const sent = this.sentenceOf(colon || this.isPunct(p, 44) ? p : qa - 1);
    const from = this.s.tokenStart[sent];
    for (let k = lastCueTok - 1; k >= from && k >= lastCueTok - 6; k--) {
      if (this.quoteOf[k] >= 0 || this.claimed[k]) return null;
      const c = this.cueAt(k, lastCueTok);
      if (!c || !(c.form.entry.frames & CueFrame.QUOTE) || c.form.inflection === 'ing') continue;
      if (c.b !== lastCueTok && !colon) return null;
      const cs = this.cuePrefixStart(k, from);
      const src = this.sourceLeft(this.skipTimeLeft(cs - 1, from), from);
      if (!src) return null;
      if (c.form.inflection === 'base' && !BASE_FORM_SUBJECTS.has(this.lw[cs]) && !SUBJECT_PRONOUNS.has(this.lw[src[1] - 1]) && !(cs === k && this.pluralSubject(k - 1, from))) return null;
      const cueEnd = colon && c.b === p ? p + 1 : c.b;
      return this.finishQuote('quote-cue-before/1', [cs, cueEnd], c.form.entry, src, pieces, 0.85, this.s.tokenEnd[this.sentenceOf(pieces[pieces.length - 1][1] - 1)]);
    }
    return null;
  }

  // ---- rule 2: reporting verbs with clause content ----------------------------------------------

  findCueAttributions(): void {
    for (let sent = 0; sent < this.s.count; sent++) {
      const from = this.s.tokenStart[sent], end = this.s.tokenEnd[sent];
      // a question reports nothing ("Did he say that?")
      const lastTok = end - 1;
      if (lastTok >= from && this.isPunct(lastTok, 63) && this.quoteOf[lastTok] < 0) continue;
      for (let i = from; i < end; i++) {
        if (this.claimed[i] || this.quoteOf[i] >= 0) continue;
        if (this.lw[i] === 'according' && i + 1 < end && this.lw[i + 1] === 'to') { this.according(i, sent); continue; }
        const c = this.cueAt(i, end);
        if (!c || c.form.entry.class === 'according') continue;
        // a capitalised cue word inside a body sentence is a name or title ("the United States")
        if (this.isCap(i) && i > from && !this.inHeadline[i] && !this.isQuote(i - 1)) continue;
        if (this.isPunct(i, 58)) continue;
        const att = this.cueClause(c, sent);
        if (att) i = Math.max(i, c.b - 1);
      }
    }
  }

  cueClause(c: CueMatch, sent: number): DocAttribution | null {
    const from = this.s.tokenStart[sent], end = this.s.tokenEnd[sent];
    const { entry, inflection } = c.form;
    const prev = c.a - 1 >= from ? this.lw[c.a - 1] : '';
    // "the said document", "a call", "his claims"
    if (DETERMINERS.has(prev) && !(inflection === 'base' && PLURAL_QUANTIFIERS.has(prev) && prev !== 'all') || prev.endsWith("'s")) return null;
    if (c.b < end && this.lw[c.b] === 'who' && c.b + 1 < end && this.isPunct(c.b + 1, 63)) return null;
    const cs = this.cuePrefixStart(c.a, from);
    const afterCue = c.b;
    const next = afterCue < end ? this.lw[afterCue] : '';

    // participial: ", adding that …" / ", claiming …" – the source is the main clause's subject
    if (inflection === 'ing') {
      if (!(c.a - 1 >= from && this.isPunct(c.a - 1, 44))) return null;
      if (!(entry.frames & (CueFrame.CLAUSE | CueFrame.THAT)) && !(entry.frames & CueFrame.OBJECT && entry.class === 'speech')) return null;
      const src = this.sharedSource(sent, c.a) ?? this.sentenceSubject(from, c.a);
      if (!src) return null;
      const cStart = afterCue;
      const cEnd = this.contentEnd(cStart, sent);
      if (cEnd - cStart < 2) return null;
      return this.add('shared-participial/1', [c.a, c.b], entry, src, [[cStart, cEnd]], 0.7);
    }

    // passive: "it was reported that …", "was quoted as saying" – no source in the text
    let passive = PASSIVE_AUX.has(prev);
    for (let k = cs; k < c.a && !passive; k++) passive = PASSIVE_AUX.has(this.lw[k]); // 'was initially rejected'
    if (passive && inflection === 'ed') {
      if (next === 'that' && entry.frames & (CueFrame.THAT | CueFrame.CLAUSE)) {
        const cEnd = this.contentEnd(afterCue, sent);
        if (cEnd - afterCue < 3) return null;
        return this.add('passive-that/1', [cs, c.b], entry, null, [[afterCue, cEnd]], 0.55);
      }
      return null;
    }

    // parenthetical after its content: "…, the Russian foreign minister said on Monday."
    const takesAddressee = entry.lemma === 'tell' || entry.lemma === 'ask' || entry.lemma === 'assure' || entry.lemma === 'remind';
    // a present plural ("…, experts say.", "…, they say.") is the bare form: a source must end right before it
    const plural = inflection === 'base' && cs === c.a && !NOT_BEFORE_PLURAL_CUE.has(prev);
    if (entry.frames & CueFrame.PARENTHETICAL && (inflection !== 'base' || plural) && this.isTail(afterCue, end, takesAddressee)) {
      const srcL = this.sourceLeft(this.skipTimeLeft(cs - 1, from), from);
      if (srcL && srcL[0] - 1 > from && this.isPunct(srcL[0] - 1, 44)) {
        const cStart = this.clauseStartLeft(srcL[0] - 1, from);
        if (srcL[0] - 1 - cStart >= 3) return this.add('parenthetical-after/1', [cs, c.b], entry, srcL, [[cStart, this.trimRight(cStart, srcL[0] - 1)]], 0.8);
      }
    }
    // in the middle of its content: "Acts of protest, Mr. Obama said, are acts of patriotism." – two pieces
    if (entry.frames & CueFrame.PARENTHETICAL && inflection !== 'base' && this.isPunct(afterCue, 44) && afterCue + 1 < end) {
      const n1 = afterCue + 1, c2 = this.cueAt(n1, end);
      const srcL = this.sourceLeft(this.skipTimeLeft(cs - 1, from), from);
      if (srcL && srcL[0] - 1 > from && this.isPunct(srcL[0] - 1, 44) && this.isWord(n1) && !TAIL_AFTER_COMMA.has(this.lw[n1]) && !(c2 && c2.form.inflection === 'ing') && this.quoteOf[n1] < 0) {
        const cStart = this.clauseStartLeft(srcL[0] - 1, from);
        const cEnd = this.contentEnd(n1, sent);
        if (srcL[0] - 1 > cStart && cEnd - n1 >= 3) return this.add('parenthetical-mid/1', [cs, c.b], entry, srcL, [[cStart, this.trimRight(cStart, srcL[0] - 1)], [n1, cEnd]], 0.7);
      }
    }
    // inverted: "…, says Russian Foreign Minister Sergey Lavrov."
    if (entry.frames & CueFrame.PARENTHETICAL && (inflection === 'ed' || inflection === 's') && cs - 1 > from && this.isPunct(cs - 1, 44)) {
      const srcR = this.sourceRight(afterCue, end);
      if (srcR && this.isTail(srcR[1], end)) {
        const cStart = this.clauseStartLeft(cs - 1, from);
        if (cs - 1 - cStart >= 3) return this.add('parenthetical-inverted/1', [cs, c.b], entry, srcR, [[cStart, this.trimRight(cStart, cs - 1)]], 0.8);
      }
    }

    // forward: SOURCE CUE (that) CONTENT
    if (inflection === 'base' && !BASE_FORM_SUBJECTS.has(this.lw[cs]) && !BASE_FORM_SUBJECTS.has(prev) && !(cs === c.a && this.pluralSubject(c.a - 1, from))) return null;
    if (prev === 'to' && !(cs > from && this.lw[cs - 1] === 'on')) return null;
    let src: [number, number] | null = null;
    let rule = 'cue-clause/1';
    let conf = 0.75;
    const before = cs - 1;
    if (before >= from && (this.lw[before] === 'and' || this.lw[before] === 'but' || this.lw[before] === 'and' )) {
      src = this.sharedSource(sent, cs);
      if (src) { rule = 'shared-coordinated/1'; conf = 0.7; }
    }
    if (!src && before > from && this.isPunct(before, 44)) {
      src = this.sourceWithAppositiveLeft(before, from);
      if (src) rule = 'cue-clause-appositive/1';
    }
    if (!src) {
      const j = this.skipTimeLeft(before, from);
      src = this.sourceLeft(j, from);
      if (src && this.sourceLooksLikeClause(src, from)) src = null;
      // "X, the top Democrat on the panel, in a statement said …": the noun before the cue is the medium the
      // words came through, a preposition's object; the source stands before it
      const p = src ? src[0] - 1 : -1;
      if (src && p > from && MEDIUM_PREPOSITIONS.has(this.lw[p]) && MEDIUM_NOUNS.has(this.lw[src[1] - 1])) {
        src = this.isPunct(p - 1, 44) ? this.sourceWithAppositiveLeft(p - 1, from) : this.sourceLeft(this.skipTimeLeft(p - 1, from), from);
        if (src && this.sourceLooksLikeClause(src, from)) src = null;
        if (src && this.isPunct(p - 1, 44)) rule = 'cue-clause-appositive/1';
      }
    }
    if (!src) return null;
    let cStart = afterCue;
    if (entry.lemma === 'tell' || entry.lemma === 'inform' || entry.lemma === 'remind' || entry.lemma === 'assure' || entry.lemma === 'warn' && next !== 'that' && next !== 'of') {
      cStart = this.skipAddressee(afterCue, end);
    }
    const nextC = cStart < end ? this.lw[cStart] : '';
    const hasThat = nextC === 'that';
    if (this.isPunct(cStart, 58) || this.isPunct(cStart, 44) && this.isQuote(cStart + 1)) return null; // quote rule's business
    if (!hasThat) {
      if (!(entry.frames & (CueFrame.CLAUSE | CueFrame.OBJECT))) return null;
      if (entry.frames & CueFrame.CLAUSE && !(entry.frames & CueFrame.OBJECT)) {
        // a bare clause starts with a subject, not a preposition or punctuation
        if (STOP.has(nextC) && !SUBJECT_PRONOUNS.has(nextC) && nextC !== 'there' && nextC !== 'it') return null;
      }
      conf -= 0.1;
    }
    if (this.t.kind[cStart] === TokenKind.PUNCT) return null;
    // 'what Ukraine says is unfounded', 'an intelligence source quoted by RBC': no content follows the cue.
    if (!hasThat && NOT_CONTENT_START.has(nextC)) return null;
    const cEnd = this.contentEnd(cStart, sent);
    if (cEnd - cStart < 2) return null;
    return this.add(rule, [cs, c.b], entry, src, [[cStart, cEnd]], conf);
  }

  /** A plural subject ends at token j: "Both", "Many", "Democrats", "experts" (a present-tense cue after it has its bare form). */
  pluralSubject(j: number, from: number): boolean {
    if (j < from || !this.isWord(j)) return false;
    const w = this.lw[j];
    if (PLURAL_QUANTIFIERS.has(w)) return true;
    return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && !STOP.has(w) && !TIME_WORDS.has(w);
  }

  /** Drops punctuation before `b` (exclusive). */
  trimRight(a: number, b: number): number {
    let k = b;
    while (k > a && this.t.kind[k - 1] === TokenKind.PUNCT && this.quoteOf[k - 1] < 0) k--;
    return k;
  }

  /** Where the clause that ends at `j` starts: the sentence start, or after an earlier attribution's cue/content in the sentence. */
  clauseStartLeft(j: number, from: number): number {
    let k = j - 1;
    while (k >= from && !this.claimed[k] && !this.isPunct(k, 59)) k--;
    k++;
    while (k < j && (this.t.kind[k] === TokenKind.PUNCT || (this.lw[k] === 'and' || this.lw[k] === 'but') && this.claimed[k - 1])) k++;
    return k;
  }

  /** A lower-case phrase with no determiner that does not start the sentence looks like a clause tail, not a source. */
  sourceLooksLikeClause(src: [number, number], from: number): boolean {
    const [a, b] = src;
    if (SUBJECT_PRONOUNS.has(this.lw[a])) return false;
    if (DETERMINERS.has(this.lw[a]) || this.isCap(a) || this.lw[a].endsWith("'s")) return false;
    if (a === from) return false;
    // "officials said", "critics argue": a lone plural noun after a comma or sentence start
    if (b - a <= 2 && a - 1 >= from && this.t.kind[a - 1] === TokenKind.PUNCT) return false;
    return true;
  }

  /** The told-whom part after "told": "Serbian media outlets", "reporters", "him". */
  skipAddressee(i: number, end: number): number {
    for (let k = i; k < Math.min(end, i + 7); k++) if (this.lw[k] === 'that') return k;
    let k = i;
    if (k < end && (words('him her them me us reporters journalists').has(this.lw[k]))) return k + 1;
    if (k < end && DETERMINERS.has(this.lw[k])) k++;
    let n = 0;
    while (k < end && this.isWord(k) && (this.isCap(k) || n === 0) && n < 4 && !STOP.has(this.lw[k])) { k++; n++; }
    if (k < end && (this.lw[k] === 'reporters' || this.lw[k] === 'outlets' || this.lw[k] === 'media' || this.lw[k] === 'journalists')) k++;
    // "told residents who had fled it was too soon": a relative clause on the addressee runs to the subject
    // pronoun that opens what was said (else the content starts at "who", as before)
    if (k < end && this.lw[k] === 'who') {
      for (let j = k + 2; j < Math.min(end, k + 8); j++) {
        if (this.t.kind[j] !== TokenKind.WORD) break;
        if (CLAUSE_SUBJECTS.has(this.lw[j])) return j;
      }
    }
    return k;
  }

  /** The source of an earlier attribution in the same sentence (a coordinated or participial cue shares it). */
  sharedSource(sent: number, before: number): [number, number] | null {
    const list = this.bySentence.get(sent);
    if (!list) return null;
    for (let k = list.length - 1; k >= 0; k--) {
      const att = list[k];
      if (att.cue.start < this.t.start[before] && att.source) return [this.tokenAt(att.source.start), this.tokenAt(att.source.end - 1) + 1];
    }
    return null;
  }

  /** The main clause's subject when the sentence opens with a pronoun or a short name. */
  sentenceSubject(from: number, limit: number): [number, number] | null {
    let k = from;
    while (k < limit && (this.t.kind[k] === TokenKind.QUOTE)) k++;
    if (k >= limit) return null;
    if (SUBJECT_PRONOUNS.has(this.lw[k])) return [k, k + 1];
    if (STOP.has(this.lw[k]) || MONTHS.has(this.lw[k]) || TIME_WORDS.has(this.lw[k])) return null;
    let e = k;
    if (DETERMINERS.has(this.lw[e])) e++;
    const capStart = e;
    while (e < limit && this.isWord(e) && this.isCap(e) && e - capStart < 5) e++;
    if (e === capStart || e >= limit || this.isCap(e) || !this.isWord(e)) return null;
    return [k, e];
  }

  // ---- rule 3: according to ---------------------------------------------------------------------

  according(i: number, sent: number): DocAttribution | null {
    const from = this.s.tokenStart[sent], end = this.s.tokenEnd[sent];
    const entry = this.lex.entries.get('according to') ?? null;
    const src = this.sourceRight(i + 2, end);
    if (!src) return null;
    let content: [number, number];
    if (i - 1 >= from && this.isPunct(i - 1, 44) || i - 1 >= from && i > from + 2) {
      const a = this.clauseStartLeft(i, from);
      const b = this.trimRight(a, i);
      content = [a, b];
    } else {
      let a = src[1];
      while (a < end && !this.isPunct(a, 44)) a++;
      a++;
      content = [a, this.contentEnd(a, sent)];
    }
    if (content[1] - content[0] < 3) return null;
    return this.add('according-to/1', [i, i + 2], entry, src, [content], 0.85, 'according to');
  }

  // ---- rule 4: headlines "…: Top Russian diplomat" -----------------------------------------------

  findHeadlineAttributions(headlines: Span[]): void {
    for (const h of headlines) {
      const a = this.tokenAt(h.start);
      let b = a;
      while (b < this.t.count && this.t.start[b] < h.end) b++;
      this.inHeadline.fill(1, a, b);
      if (this.anyClaimed(a, b)) continue;
      let colon = -1;
      for (let k = a; k < b; k++) if (this.isPunct(k, 58)) { if (colon >= 0) { colon = -2; break; } colon = k; }
      if (colon < 0) continue;
      const after = b - colon - 1, before = colon - a;
      if (after >= 1 && after <= 4 && before >= 4) {
        let s = colon + 1;
        while (s < b && !this.isWord(s)) s++;
        let e = b;
        while (e > s && this.t.kind[e - 1] === TokenKind.PUNCT) e--;
        if (e > s && this.isCap(s)) this.add('headline-colon-source-after/1', [colon, colon + 1], null, [s, e], [[a, colon]], 0.6, ':');
      } else if (before >= 1 && before <= 8 && after >= 2 && this.isCap(a)) {
        const q = colon + 1;
        this.add('headline-colon-source-before/1', [colon, colon + 1], null, [a, colon], [[q, this.trimRight(q, b)]], 0.6, ':');
      }
    }
  }
}

function textLayerOf(doc: Doc): Layer {
  return { tokens: doc.tokens, sentences: doc.sentences, paragraphs: doc.paragraphs, quotes: doc.quotes };
}

export function findAttributions(doc: Doc, resources: Resources): void {
  if (!doc.text) return;
  const layer = textLayerOf(doc);
  if (layer.tokens.count === 0 || layer.sentences.count === 0) return;
  const f = new Finder(doc.text, layer, resources.cues);
  // a headline line repeated later in the text (wire copy pasted twice) states nothing new: one record, not two
  f.findHeadlineAttributions(doc.headlines.filter((h) => h.role !== 'repeat'));
  f.findTranscriptTurns();
  f.findQuoteAttributions();
  f.findCueAttributions();
  const out = outsideDatelines(doc.text, layer.tokens, f.out);
  out.sort((x, y) => x.cue.start - y.cue.start);
  out.forEach((a, k) => { a.id = `a${k + 1}`; });
  doc.attributions = out;
}

const DATELINE_DASHES = new Set(['-', '--', '\u2013', '\u2014', '\u2015']);

/**
 * The datelines of a text: per dateline, the character offsets of its first word and of the first word after its dash.
 * A dateline opens a line and runs to a spaced dash: a place, then maybe a region, a date and a news agency in
 * parentheses ("NAIROBI, 4 May 2023 - ", "KYIV, March 28 (Reuters) - ", "LONDON (AP) — ", "Moscow, 28 March 2022 — ").
 * It is no one's words: a source or content that the learned pass starts inside one starts after it. Only
 * capitalised words, numbers, month names, commas, full stops and a parenthesis may stand before the dash, and the
 * line must show it is a dateline, not a name set off by dashes ("Boris Johnson - the prime minister - said"): its
 * first word is written in capitals, or it holds a date (a month beside a number) or an agency in parentheses.
 */
export function datelines(text: string, t: Tokens): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < t.count; i++) {
    if (i > 0 && !(t.flags[i] & (TokenFlag.NEWLINE_BEFORE | TokenFlag.PARAGRAPH_BEFORE))) continue;
    if (t.kind[i] !== TokenKind.WORD || !(t.flags[i] & TokenFlag.CAPITALIZED)) continue;
    let month = false, number = false, agency = false, depth = 0, k = i;
    for (; k < t.count && k < i + 16; k++) {
      if (k > i && t.flags[k] & TokenFlag.NEWLINE_BEFORE) { k = t.count; break; }
      const w = text.slice(t.start[k], t.end[k]), kind = t.kind[k];
      if (kind === TokenKind.PUNCT && DATELINE_DASHES.has(w) && depth === 0) break;
      if (kind === TokenKind.NUMBER) { number = true; continue; }
      if (kind === TokenKind.WORD) {
        if (/^\d+(st|nd|rd|th)?$/i.test(w)) { number = true; continue; }
        if (MONTHS.has(w.toLowerCase())) { month = true; continue; }
        if (t.flags[k] & TokenFlag.CAPITALIZED) { if (depth) agency = true; continue; }
        k = t.count; break;
      }
      if (w === '(' && depth === 0) { depth = 1; continue; }
      if (w === ')' && depth === 1) { depth = 0; continue; }
      if (w === ',' || w === '.' || w === '/') continue;
      k = t.count; break;
    }
    // the dash is spaced on both sides and words follow it
    if (k >= t.count - 1 || k === i || !(t.flags[k] & TokenFlag.SPACE_BEFORE) || !(t.flags[k + 1] & TokenFlag.SPACE_BEFORE)) continue;
    if (t.flags[i] & TokenFlag.ALL_CAPS || month && number || agency) out.push([t.start[i], t.start[k + 1]]);
  }
  return out;
}

/**
 * `atts` with every source or content piece that starts inside a dateline ("NAIROBI, 4 May 2023 - Kenya's finance
 * minister …", "KYIV (Reuters) - Russian troops have left …, officials said") starting after it; a piece wholly
 * inside one goes, and so does an attribution left without content.
 */
export function outsideDatelines(text: string, t: Tokens, atts: DocAttribution[]): DocAttribution[] {
  const lines = datelines(text, t);
  if (!lines.length) return atts;
  for (const a of atts) {
    for (const [from, to] of lines) {
      const inside = (sp: Span): boolean => sp.start >= from && sp.start < to;
      if (a.source && inside(a.source)) a.source = a.source.end > to ? { ...a.source, start: to } : null;
      if (a.content.some(inside)) a.content = a.content.flatMap((c) => (!inside(c) ? [c] : c.end > to ? [{ ...c, start: to }] : []));
    }
  }
  return atts.filter((a) => a.content.length > 0);
}
