// Lemmas the way UD English EWT writes them: suffix rules per UPOS (plural nouns, verb inflections)
// plus an exceptions table (word + UPOS -> lemma) built from EWT train for the forms the rules get
// wrong: irregular verbs and nouns (went -> go, children -> child), clitics ('s -> be / have / 's by
// UPOS, n't -> not), pronouns (me -> I) and EWT's own habits. Lower case, except proper nouns.
//
// lexicons/lemma-exceptions.tsv is rebuilt by `npm run train -- tagger`.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UPOS, UPOS_INDEX } from '../tagsets.js';

const U = {
  ADJ: UPOS_INDEX.get('ADJ')!, NOUN: UPOS_INDEX.get('NOUN')!, PROPN: UPOS_INDEX.get('PROPN')!,
  VERB: UPOS_INDEX.get('VERB')!, AUX: UPOS_INDEX.get('AUX')!,
};

/** Key of the exceptions table: lower case with curly apostrophes straightened (news writes ’s, EWT 's). */
export function lemmaKey(form: string): string {
  let s = form.toLowerCase();
  if (s.indexOf('\u2019') >= 0 || s.indexOf('\u2018') >= 0) s = s.replace(/[\u2018\u2019]/g, "'");
  return s;
}

const isVowel = (c: number): boolean => c === 97 || c === 101 || c === 105 || c === 111 || c === 117;
const hasVowel = (s: string): boolean => { for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (isVowel(c) || c === 121) return true; } return false; };
const vowelGroups = (s: string): number => {
  let g = 0, prev = false;
  for (let i = 0; i < s.length; i++) { const v = isVowel(s.charCodeAt(i)) || (s.charCodeAt(i) === 121 && i > 0); if (v && !prev) g++; prev = v; }
  return g;
};

/**
 * Whether a verb stem left by cutting -ing/-ed lost a silent e: mak(ing) -> make, us(ed) -> use,
 * chang(ed) -> change, enabl(ed) -> enable, organiz(ing) -> organize; but visit, walk, open keep theirs.
 */
function restoresE(stem: string): boolean {
  const n = stem.length;
  if (n < 2) return false;
  const c1 = stem.charCodeAt(n - 1), c2 = stem.charCodeAt(n - 2);
  const last = stem[n - 1], two = stem.slice(-2);
  if (last === 'v' || last === 'u' || last === 'c' || (last === 'z' && c2 !== 122)) return true;
  if (['rg', 'dg', 'ls', 'rs', 'ns', 'ps', 'bl', 'pl', 'tl', 'dl', 'gl', 'kl', 'fl', 'zl', 'cl'].includes(two)) return true;
  if (two === 'ng' && n >= 4 && (stem.endsWith('chang') || stem.endsWith('rang') || stem.endsWith('leng'))) return true;
  // consonant + single vowel + consonant at the end
  if (!isVowel(c1) && c1 !== 119 && c1 !== 120 && c1 !== 121 && isVowel(c2) && (n < 3 || !isVowel(stem.charCodeAt(n - 3)))) {
    if (vowelGroups(stem) === 1) return true;
    if (/(at|iz|ud|id|ur|ir|os|us|ut|ib|ot|ag|ar|ok|ip|op|ad|od|um|in)$/.test(stem) && !/(it|et|en|er|on|al|el|ol)$/.test(stem)) return true;
  }
  return false;
}

function undouble(stem: string): string {
  const n = stem.length;
  if (n >= 3 && stem[n - 1] === stem[n - 2] && !'lsfz'.includes(stem[n - 1]) && !isVowel(stem.charCodeAt(n - 1))) return stem.slice(0, -1);
  return stem;
}

/** The rule-based lemma of a lower-cased form with a UPOS (no exceptions). */
export function ruleLemma(form: string, upos: number): string {
  if (upos === U.PROPN) return form;
  const w = lemmaKey(form);
  const n = w.length;
  if (upos === U.NOUN) {
    if (n > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
    if (n > 4 && /(ss|x|ch|sh|zz)es$/.test(w)) return w.slice(0, -2);
    if (n > 3 && w.endsWith('s') && !/(ss|us|is|ous|'s)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  if (upos === U.VERB || upos === U.AUX) {
    if (n > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
    if (n > 4 && w.endsWith('ied')) return w.slice(0, -3) + 'y';
    if (n > 4 && /(ss|x|ch|sh|zz|o)es$/.test(w)) return w.slice(0, -2);
    if (n > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
    if (n > 4 && w.endsWith('ing')) {
      const stem = w.slice(0, -3);
      if (!hasVowel(stem)) return w;
      if (stem.endsWith('y') || stem.endsWith('ee') || stem.endsWith('oe')) return stem;
      const u = undouble(stem);
      if (u !== stem) return u;
      return restoresE(stem) ? stem + 'e' : stem;
    }
    if (n > 3 && w.endsWith('ed')) {
      // agreed -> agree, freed -> free; but need, speed and succeed, proceed are not -ed forms.
      if (w.endsWith('eed')) return n <= 5 || w.endsWith('ceed') ? w : w.slice(0, -1);
      const stem = w.slice(0, -2);
      if (!hasVowel(stem)) return w;
      const u = undouble(stem);
      if (u !== stem) return u;
      return restoresE(stem) ? stem + 'e' : stem;
    }
    return w;
  }
  if (upos === U.ADJ) {
    if (n > 5 && w.endsWith('iest')) return w.slice(0, -4) + 'y';
    if (n > 4 && w.endsWith('ier')) return w.slice(0, -3) + 'y';
  }
  return w;
}

/** Forms a lemmatiser remembers before starting over (news vocabulary rarely reaches it). */
const SEEN_LIMIT = 100_000;

export class Lemmatiser {
  /** Per UPOS index: exceptions key -> lemma. */
  private readonly byUpos: Map<string, string>[];
  readonly size: number;

  /** exceptions: "key \t UPOS index" -> lemma. */
  constructor(exceptions: Map<string, string>) {
    this.byUpos = UPOS.map(() => new Map<string, string>());
    for (const [k, lemma] of exceptions) {
      const tab = k.lastIndexOf('\t');
      this.byUpos[Number(k.slice(tab + 1))]?.set(k.slice(0, tab), lemma);
    }
    this.size = exceptions.size;
  }

  /** Per UPOS index: form as written -> lemma, for forms met before (lower-casing and the rules cost more than a look-up). */
  private readonly seen: Map<string, string>[] = UPOS.map(() => new Map<string, string>());
  private seenCount = 0;

  lemma(form: string, upos: number): string {
    const seen = this.seen[upos];
    if (seen === undefined) return ruleLemma(form, upos);
    let lemma = seen.get(form);
    if (lemma !== undefined) return lemma;
    const e = this.byUpos[upos].get(lemmaKey(form));
    lemma = e !== undefined ? e : ruleLemma(form, upos);
    if (++this.seenCount > SEEN_LIMIT) { for (const m of this.seen) m.clear(); this.seenCount = 1; }
    seen.set(form, lemma);
    return lemma;
  }

  /**
   * Per form id of the word-features form table (generation `idGeneration`): the UPOS it was last
   * lemmatised with and that lemma, so a repeated form costs two array reads and no string look-up.
   */
  private idUpos = new Int8Array(1024).fill(-1);
  private idLemma: string[] = [];
  private idGeneration = -1;

  /** lemma(form, upos) for a token whose form has id `id` in form-table generation `generation`. */
  lemmaOfForm(id: number, generation: number, form: string, upos: number): string {
    if (id < 0) return this.lemma(form, upos);
    if (generation !== this.idGeneration) { this.idGeneration = generation; this.idUpos.fill(-1); }
    if (id >= this.idUpos.length) { const grown = new Int8Array(Math.max(id + 1, this.idUpos.length * 2)).fill(-1); grown.set(this.idUpos); this.idUpos = grown; }
    // Filled as far as idUpos, so the array stays packed (a far index in a short array would make it a dictionary).
    for (let k = this.idLemma.length; k < this.idUpos.length; k++) this.idLemma.push('');
    if (this.idUpos[id] === upos) return this.idLemma[id];
    const lemma = this.lemma(form, upos);
    this.idUpos[id] = upos;
    this.idLemma[id] = lemma;
    return lemma;
  }

  /** Parses the TSV: form \t UPOS \t lemma, one per line; # comments. */
  static fromTsv(text: string): Lemmatiser {
    const m = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [form, upos, lemma] = line.split('\t');
      const u = UPOS_INDEX.get(upos);
      if (u === undefined || lemma === undefined) continue;
      m.set(form + '\t' + u, lemma);
    }
    return new Lemmatiser(m);
  }

  static load(file: string): Lemmatiser { return Lemmatiser.fromTsv(readFileSync(file, 'utf8')); }

  toTsv(header: string): string {
    const rows: string[] = [];
    this.byUpos.forEach((m, u) => { for (const [form, lemma] of m) rows.push(`${form}\t${UPOS[u]}\t${lemma}`); });
    rows.sort();
    return `${header}\n${rows.join('\n')}\n`;
  }
}

export const LEMMA_EXCEPTIONS_FILE = 'lemma-exceptions.tsv';
export const lemmaExceptionsPath = (lexiconDir: string): string => path.join(lexiconDir, LEMMA_EXCEPTIONS_FILE);

/**
 * Builds the exceptions table from gold (form, UPOS, lemma) triples: a (key, UPOS) gets an entry when
 * its most frequent lemma is right more often than the rules are.
 */
export function buildLemmaExceptions(forms: string[], upos: ArrayLike<number>, lemmas: string[]): Lemmatiser {
  const stats = new Map<string, { lemmas: Map<string, number>; ruleRight: number }>();
  for (let i = 0; i < forms.length; i++) {
    const k = lemmaKey(forms[i]) + '\t' + upos[i];
    let s = stats.get(k);
    if (!s) stats.set(k, (s = { lemmas: new Map(), ruleRight: 0 }));
    s.lemmas.set(lemmas[i], (s.lemmas.get(lemmas[i]) ?? 0) + 1);
    if (ruleLemma(forms[i], upos[i]) === lemmas[i]) s.ruleRight++;
  }
  const m = new Map<string, string>();
  for (const [k, s] of stats) {
    let best = '', bestN = 0;
    for (const [l, c] of s.lemmas) if (c > bestN || (c === bestN && l < best)) { best = l; bestN = c; }
    if (bestN > s.ruleRight && !best.includes('\t') && !best.includes('\n')) m.set(k, best);
  }
  return new Lemmatiser(m);
}
