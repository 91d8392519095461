// Links each attribution's source mention to an entity and says why, in words a person can check.
//   1. a source that is or contains a person's name → that person ('Sergey Lavrov', 'Lavrov');
//   2. he/she: the speaker of the nearest earlier attribution who agrees in gender, unless another
//      person has since become a sentence's subject; else the nearest earlier person named outside
//      quotation marks; they: the nearest organisation that spoke or was named; it: organisation or place;
//   3. a definite description ('the Russian foreign minister', 'Russia's top diplomat') → the person
//      whose descriptors share its title (or the title's class: a foreign minister is a diplomat) and
//      its nationality, nearest before it, else the first one named after it (the standfirst or the
//      body often names the speaker only later); a class-only match must be the only candidate;
//   4. any other source containing a name ('UN estimates', 'the UN refugee agency') → that name; a
//      person's name only in apposition ('Charlie King, a prominent Democrat'), not as a possessor or
//      inside a phrase ('Pagliano's lawyer', 'a narrator in the Clinton ad' are someone else);
//   5. 'the government', 'the regime' → the country named last before it (within three sentences);
//   6. I/we/me/us inside a quotation → the speaker of the quotation.
// Gender comes from honorifics and gendered titles, the first name (gazetteer and
// models/first-name-gender.tsv), and a he/she soon after a name in the article itself; a person of
// unknown gender agrees with either pronoun but one whose gender is known is preferred.
// Confidence is left to the attribution stage; a resolved description adds itself to the entity's
// descriptors ('Top Russian diplomat').

import type { Doc, DocAttribution, DocEntity } from '../doc.js';
import type { Resources } from '../resources.js';
import type { Gazetteer } from '../models/gazetteer.js';
import type { FoundName } from '../models/find-names.js';
import { descriptorKeysOf } from './group-entities.js';
import { sentenceAt } from '../text/tokens.js';
import { piecesByPosition, SpanIndex } from '../text/span-index.js';

const SINGULAR_PERSONAL = new Map<string, 'm' | 'f'>([['he', 'm'], ['him', 'm'], ['his', 'm'], ['she', 'f'], ['her', 'f']]);
const PLURAL = new Set(['they', 'them', 'their']);
const FIRST_PERSON = new Set(['i', 'we', 'me', 'us', 'you']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'his', 'her', 'its', 'their', 'our']);

// The most words (parts between single spaces) of a title or role: a longer tail of a source phrase is none.
const headWords = new WeakMap<Gazetteer, { titles: number; roles: number; most: number }>();
function mostHeadWords(g: Gazetteer): number {
  let m = headWords.get(g);
  if (!m || m.titles !== g.titles.size || m.roles !== g.roles.size) {
    let most = 0;
    for (const map of [g.titles, g.roles]) for (const key of map.keys()) most = Math.max(most, key.split(' ').length);
    m = { titles: g.titles.size, roles: g.roles.size, most };
    headWords.set(g, m);
  }
  return m.most;
}
/** Words before a name that still leave it its sentence's subject ('Mr. Obama', 'Former President X'). */
const SUBJECT_PREFIX = new Set(['the', 'former', 'then', 'mr', 'mrs', 'ms', 'dr', 'u.s.', 'us']);
/** Nouns for people that the role list lacks. */
const PEOPLE = new Set(['supporter', 'aide', 'adviser', 'advisor', 'ally', 'critic', 'voter', 'narrator', 'strategist', 'staffer', 'person', 'people', 'member', 'friend', 'wife', 'husband', 'son', 'daughter', 'brother', 'sister', 'father', 'mother']);
/** Heads of descriptions that name a government by its country. */
const GOVERNMENT = new Set(['government', 'regime', 'administration']);
/**
 * People who speak for someone else or stay unnamed: 'the spokesperson', 'the official', 'the aide' is never the
 * person the passage is about (a prime minister's spokesperson is not the prime minister).
 */
const NOT_THE_TOPIC = new Set(['spokesperson', 'spokesman', 'spokeswoman', 'spokespeople', 'aide', 'adviser', 'advisor', 'official', 'source', 'representative', 'staffer', 'insider', 'analyst', 'expert', 'witness']);
/** Words after which an organisation word is not the head of the phrase ('the head of the ministry'). */
const PHRASE_LINKS = new Set(['of', 'for', 'at', 'in', 'from', 'to', 'with']);
/** Person nouns the title list lacks that news uses as definite descriptions of a person in the story. */
const PERSON_HEADS = new Set(['nominee', 'candidate', 'contender', 'challenger', 'incumbent', 'businessman', 'businesswoman', 'billionaire', 'mogul', 'president', 'senator', 'governor', 'mayor', 'minister', 'secretary', 'chairman', 'chairwoman', 'leader', 'spokesman', 'spokeswoman', 'official', 'lawmaker', 'congressman', 'congresswoman', 'diplomat', 'envoy', 'ambassador', 'general', 'commissioner', 'chief', 'director', 'judge', 'prosecutor', 'lawyer', 'attorney', 'former first lady', 'first lady', 'justice']);

interface Resolution { entity: number; why: string }

/** Last words that make '<name> … <word>' a body of the named organisation ('UN refugee agency'). */
const ORGANISATION_UNITS = new Set(['agency', 'office', 'watchdog', 'mission', 'commission', 'council', 'court', 'programme', 'program',
  'fund', 'committee', 'secretariat', 'tribunal', 'body', 'force', 'regulator', 'authority']);

class Resolver {
  readonly doc: Doc;
  readonly g: Gazetteer;
  readonly names: FoundName[];
  /** Country codes per entity, from its descriptors' nationality words and the gazetteer. */
  readonly codes: Set<string>[];
  readonly quoteAt: (offset: number) => boolean;

  constructor(doc: Doc, g: Gazetteer) {
    this.doc = doc; this.g = g;
    // The questions below read names by position (binary search); find-names hands them over in text order.
    const names = doc.names as FoundName[];
    this.names = names.every((m, i) => i === 0 || names[i - 1].start <= m.start) ? names : [...names].sort((x, y) => x.start - y.start);
    doc.entities.forEach((e, i) => { if (!this.entityIndex.has(e.id)) this.entityIndex.set(e.id, i); });
    this.firstPersonEnd = Infinity;
    for (const m of this.names) if (m.entity >= 0 && doc.entities[m.entity].type === 'PER' && m.end < this.firstPersonEnd) this.firstPersonEnd = m.end;
    this.codes = doc.entities.map(() => new Set<string>());
    for (const m of this.names) {
      if (m.entity < 0) continue;
      if (m.code && m.type === 'PER') this.codes[m.entity].add(m.code.slice(0, 3));
      for (const d of m.descriptors ?? []) for (const c of this.codesIn(doc.text.slice(d.start, d.end))) this.codes[m.entity].add(c);
    }
    const quotes = new SpanIndex();
    for (const [start, end] of doc.quotes.length ? doc.quotes.map((q) => [q.start, q.end] as const) : quoteSpansFromTokens(doc)) quotes.add(start, end);
    this.quoteAt = (o) => quotes.holding(o).some((q) => o > quotes.start(q));
    this.sentenceOf = (o) => sentenceAt(doc.sentences, o);
    this.inferGender();
  }

  readonly sentenceOf: (offset: number) => number;
  /** Entity id → index in doc.entities. */
  private readonly entityIndex = new Map<string, number>();
  /** Where the first-ending name of a person ends (Infinity when none): "is a person named before `at`?". */
  private readonly firstPersonEnd: number;

  indexOf(id: string | null | undefined): number { return id ? this.entityIndex.get(id) ?? -1 : -1; }

  /** Index of the first name starting at or after `offset` (names.length when none). */
  firstNameFrom(offset: number): number {
    let lo = 0, hi = this.names.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.names[mid].start < offset) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /**
   * Index of the last name that starts before `at` (-1 when none): where a backward scan for names
   * ending by `at` begins; every later name ends after `at`.
   */
  lastNameBefore(at: number): number { return this.firstNameFrom(at) - 1; }

  /** The first name (in text order) starting in [from, to), or undefined. */
  firstNameIn(from: number, to: number): FoundName | undefined {
    const i = this.firstNameFrom(from);
    return i < this.names.length && this.names[i].start < to ? this.names[i] : undefined;
  }

  /** A he/she right after a person's name outside quotes, with no other capitalised word between, is that person's (3 to 1). */
  inferGender(): void {
    const text = this.doc.text;
    const votes = new Map<number, [number, number]>();
    for (const m of this.names) {
      if (m.entity < 0 || this.doc.entities[m.entity].type !== 'PER' || this.doc.entities[m.entity].gender || this.quoteAt(m.start)) continue;
      const hit = /^[^A-Z"“”.;:!?]{0,60}?\b(he|she)\b/.exec(text.slice(m.end, m.end + 70));
      if (!hit) continue;
      const v = votes.get(m.entity) ?? [0, 0];
      v[hit[1] === 'he' ? 0 : 1]++;
      votes.set(m.entity, v);
    }
    for (const [i, [m, f]] of votes) {
      if (m >= 1 && m >= 3 * f) this.doc.entities[i].gender = 'm';
      else if (f >= 1 && f >= 3 * m) this.doc.entities[i].gender = 'f';
    }
  }

  /** Nationality and place words in a phrase, as country codes ('Russian', 'Russia’s' → RUS). */
  codesIn(phrase: string): string[] {
    const out: string[] = [];
    const words = phrase.toLowerCase().replace(/[’']s\b/g, '').split(/[\s-]+/);
    // Places of two or three words too ('United States').
    for (let i = 0; i < words.length; i++) {
      for (let n = 3; n >= 1; n--) {
        if (i + n > words.length) continue;
        const e = this.g.names.get(words.slice(i, i + n).join(' '));
        if (e && (e.kind === 'D' || e.kind === 'L') && e.code && e.code !== '-') { out.push(e.code.slice(0, 3)); i += n - 1; break; }
      }
    }
    return out;
  }

  entityName(i: number): string { return this.doc.entities[i].name; }

  namesWithin(start: number, end: number): FoundName[] {
    const out: FoundName[] = [];
    for (let i = this.firstNameFrom(start); i < this.names.length && this.names[i].start < end; i++) {
      const m = this.names[i];
      if (m.entity >= 0 && m.end <= end) out.push(m);
    }
    return out;
  }

  genderOk(e: DocEntity, want: 'm' | 'f'): boolean { return e.type === 'PER' && (e.gender ?? want) === want; }

  /** A person who became a sentence's subject (first name mention of a sentence, outside quotes) in (from, to). */
  newSubject(from: number, to: number, want: 'm' | 'f', exclude: number): number {
    const s = this.doc.sentences;
    let found = -1;
    // sentences are in text order: those starting in [from, to) are one run, after the one holding `from`
    for (let k = sentenceAt(s, from); k < s.count && s.start[k] < to; k++) {
      if (s.start[k] < from) continue;
      const first = this.firstNameIn(s.start[k], s.start[k] + 40);
      if (!first || !this.subjectPrefix(s.start[k], first.start)) continue;
      if (first && first.entity >= 0 && first.entity !== exclude && this.genderOk(this.doc.entities[first.entity], want) && !this.quoteAt(first.start)) found = first.entity;
    }
    return found;
  }

  /** Only titles, honorifics and quotation marks between a sentence's start and a name: the name opens the sentence. */
  subjectPrefix(from: number, to: number): boolean {
    const words = this.doc.text.slice(from, to).toLowerCase().replace(/["“‘'(]/g, ' ').split(/\s+/).filter(Boolean);
    return words.length <= 4 && words.every((w) => SUBJECT_PREFIX.has(w.replace(/\.$/, '')) || this.g.titles.has(w) || this.g.names.get(w)?.kind === 'D');
  }

  /** Nearest person before `at`, named outside quotes, agreeing with `want`; a known gender beats an unknown one within the same two sentences. */
  nearestPerson(at: number, want: 'm' | 'f' | null, after = -1, skip?: (offset: number) => boolean): number {
    let unknown = -1, unknownAt = 0;
    for (let i = this.lastNameBefore(at); i >= 0; i--) {
      const m = this.names[i];
      if (m.end > at || m.entity < 0 || this.quoteAt(m.start) || skip?.(m.start)) continue;
      if (m.start < after) break;
      const e = this.doc.entities[m.entity];
      if (e.type !== 'PER') continue;
      if (!want) return m.entity;
      if (e.gender === want) return unknown >= 0 && this.sentenceOf(unknownAt) - this.sentenceOf(m.start) > 1 ? unknown : m.entity;
      if (!e.gender && unknown < 0) { unknown = m.entity; unknownAt = m.start; }
    }
    return unknown;
  }

  pronoun(word: string, at: number, earlier: DocAttribution[]): Resolution | null {
    const want = SINGULAR_PERSONAL.get(word);
    if (want) {
      for (let k = earlier.length - 1; k >= 0; k--) {
        const id = earlier[k].source?.entity;
        const idx = id ? this.indexOf(id) : -1;
        if (idx < 0 || !this.genderOk(this.doc.entities[idx], want)) continue;
        const other = this.newSubject(earlier[k].cue.end, at, want, idx);
        if (other >= 0) return { entity: other, why: `pronoun '${word}' → ${this.entityName(other)}: the person who became the subject since the previous speaker` };
        // A speaker of unknown gender yields to a person known to agree, named in the last two sentences.
        if (!this.doc.entities[idx].gender) {
          const s0 = this.doc.sentences.start[Math.max(0, this.sentenceOf(at) - 2)];
          // a person named inside what someone reported ('Duval recalled that Moreau …') is talked about, not talking
          const reported = (offset: number): boolean => earlier.some((e) => e.content.some((c) => c.start <= offset && offset < c.end));
          const near = this.nearestPerson(at, want, s0, reported);
          if (near >= 0 && near !== idx && this.doc.entities[near].gender === want) return { entity: near, why: `pronoun '${word}' → ${this.entityName(near)}: the nearest ${want === 'm' ? 'man' : 'woman'} named before it (the previous speaker, ${this.entityName(idx)}, is not known to be one)` };
        }
        // A speaker several sentences back yields to a person of the right gender named since.
        const since = this.sentenceOf(at) - this.sentenceOf(earlier[k].cue.end);
        if (since > 3) {
          const near = this.nearestPerson(at, want, earlier[k].cue.end);
          if (near >= 0 && near !== idx && this.doc.entities[near].gender === want) return { entity: near, why: `pronoun '${word}' → ${this.entityName(near)}: the nearest ${want === 'm' ? 'man' : 'woman'} named since the previous speaker, ${since} sentences back` };
        }
        return { entity: idx, why: `pronoun '${word}' → ${this.entityName(idx)}: the speaker of the previous attribution` };
      }
      const near = this.nearestPerson(at, want);
      if (near >= 0) return { entity: near, why: `pronoun '${word}' → ${this.entityName(near)}: the nearest ${this.doc.entities[near].gender ? (want === 'm' ? 'man' : 'woman') : 'person'} named before it` };
      return null;
    }
    if (PLURAL.has(word) || word === 'it' || word === 'its') {
      // 'They' speaks for an organisation (a government, an agency); 'it' also for a country.
      const ok = (e: DocEntity): boolean => e.type === 'ORG' || e.type === 'LOC' && !PLURAL.has(word);
      for (let k = earlier.length - 1; k >= 0; k--) {
        const id = earlier[k].source?.entity;
        const idx = id ? this.indexOf(id) : -1;
        // 'The statement read: "…" It continued: "…"': 'it' goes on with a thing the previous attribution
        // named and nothing resolves, so it stays unresolved rather than borrow a country named before
        const src = earlier[k].source;
        if (idx < 0 && src && (word === 'it' || word === 'its') && this.sentenceOf(at) - this.sentenceOf(earlier[k].cue.start) <= 2 &&
          /^the\s+[a-z]+$/i.test(this.doc.text.slice(src.start, src.end)) && !/s$/i.test(this.doc.text.slice(src.start, src.end))) return null;
        if (idx >= 0 && ok(this.doc.entities[idx])) return { entity: idx, why: `pronoun '${word}' → ${this.entityName(idx)}: the organisation or place of the previous attribution` };
        if (idx >= 0) break;
      }
      // 'It' after 'NATO met in Brussels' is NATO: an organisation in the last two sentences before any place.
      if (word === 'it' || word === 'its') {
        for (let i = this.lastNameBefore(at); i >= 0; i--) {
          const m = this.names[i];
          if (m.end > at || m.entity < 0 || this.quoteAt(m.start)) continue;
          if (this.sentenceOf(at) - this.sentenceOf(m.start) > 1) break;
          if (this.doc.entities[m.entity].type === 'ORG') return { entity: m.entity, why: `pronoun '${word}' → ${this.entityName(m.entity)}: the nearest organisation named before it` };
        }
      }
      for (let i = this.lastNameBefore(at); i >= 0; i--) {
        const m = this.names[i];
        if (m.end > at || m.entity < 0 || this.quoteAt(m.start)) continue;
        // 'they' far from any organisation is mostly a group of people ('Republicans', 'critics').
        if (PLURAL.has(word) && this.sentenceOf(at) - this.sentenceOf(m.start) > 1) break;
        if (ok(this.doc.entities[m.entity])) return { entity: m.entity, why: `pronoun '${word}' → ${this.entityName(m.entity)}: the nearest organisation or place named before it` };
        if (this.doc.entities[m.entity].type === 'PER' && word === 'it') break;
      }
    }
    return null;
  }

  /** A definite description whose head is a title or role noun; null when it is not one or nothing matches. */
  description(phrase: string, at: number, earlier: DocAttribution[] = []): Resolution | null | 'not-a-description' {
    const words = phrase.toLowerCase().replace(/[’']s\b/g, ' ’s').split(/\s+/).filter(Boolean);
    // 'a US official', 'an aide': an indefinite description brings in someone new, never a person named elsewhere
    if (words[0] === 'a' || words[0] === 'an') return null;
    while (words.length && DETERMINERS.has(words[0])) words.shift();
    // 'the Russian Defence Ministry', 'the press office': an institution, not a person's title
    if (words.length && this.g.words.get(words[words.length - 1]) === 'org' && !words.some((w) => PHRASE_LINKS.has(w))) return 'not-a-description';
    let head = '';
    for (let i = Math.max(0, words.length - mostHeadWords(this.g)); i < words.length; i++) {
      const tail = words.slice(i).join(' ');
      if (this.g.titles.has(tail) || this.g.roles.has(tail)) { head = tail; break; }
    }
    if (!head) {
      const last = words[words.length - 1];
      return PERSON_HEADS.has(last) ? this.topic(phrase, at, earlier, null) : 'not-a-description';
    }
    // 'the former first lady': a gendered title rules out people of the other gender.
    let gender: 'm' | 'f' | null = null;
    for (let i = 0; i < words.length; i++) for (let n = 1; n <= 3 && i + n <= words.length; n++) gender ??= this.g.titles.get(words.slice(i, i + n).join(' '))?.gender ?? null;
    const title = this.g.titles.get(head);
    const cls = title?.cls ?? null;
    const want = this.codesIn(phrase);
    let best = -1, bestScore = 0, bestDist = Infinity, classOnly = 0;
    for (let i = 0; i < this.doc.entities.length; i++) {
      const e = this.doc.entities[i];
      if (e.type !== 'PER' || gender && e.gender && e.gender !== gender) continue;
      const keys = e.descriptorKeys ?? [];
      // A head that is only the class of the entity's titles ('official' for a mayor) is a class match.
      const direct = keys.includes(head) && (e.descriptors ?? []).some((d) => d.toLowerCase().includes(head));
      let score = direct ? 3 : keys.includes(head) || cls && keys.includes(cls) ? 2 : 0;
      if (!score) continue;
      if (want.length) {
        const have = this.codes[i];
        if (have.size && !want.some((c) => have.has(c))) continue;
        // 'a senior United States defense official' is not a mayor of unknown nationality.
        if (!have.size && score < 3) continue;
        score += have.size ? 1 : 0;
      }
      if (score === 2 || score === 3 && !keys.includes(head)) classOnly++;
      // Nearest mention before the description; otherwise the first one after it (cataphora).
      let dist = Infinity;
      for (const m of e.mentions) dist = Math.min(dist, m.start <= at ? at - m.start : 1e9 + (m.start - at));
      if (score > bestScore || score === bestScore && dist < bestDist) { best = i; bestScore = score; bestDist = dist; }
    }
    const singular = DETERMINERS.has(phrase.toLowerCase().split(/\s+/)[0]) && !/s$/.test(words[words.length - 1]);
    if (best < 0) return singular && words[0] !== 'a' && words[0] !== 'an' && !GOVERNMENT.has(words[words.length - 1]) ? this.topic(phrase, at, earlier, gender) : null;
    const keys = this.doc.entities[best].descriptorKeys ?? [];
    if (!keys.includes(head) && classOnly > 1) return null;
    // Only the title itself, not its class, reaches forward to a person named later.
    if (bestDist >= 1e9 && bestScore < 3 && !keys.includes(head)) return null;
    const matched = (this.doc.entities[best].descriptors ?? []).find((d) => descriptorKeysOf(d, this.g).includes(keys.includes(head) ? head : cls ?? head));
    const how = keys.includes(head) ? `descriptor '${matched ?? head}'` : `'${head}' is a ${cls}, as is its descriptor '${matched ?? cls}'`;
    const where = bestDist >= 1e9 ? ' (named later in the text)' : '';
    return { entity: best, why: `description '${phrase}' → ${this.entityName(best)}: ${how}${where}` };
  }

  /**
   * A definite description nobody carries as a descriptor ('the Republican presidential nominee', 'the
   * president added') names the person the passage is about: the speaker of an attribution in the last
   * two sentences, else the person who opened one of them, else (at the top of the article) the first
   * person named in the two sentences after it.
   */
  topic(phrase: string, at: number, earlier: DocAttribution[], gender: 'm' | 'f' | null): Resolution | null {
    if (!/^the\b/i.test(phrase.trim())) return null;
    if (NOT_THE_TOPIC.has(phrase.trim().toLowerCase().split(/\s+/).pop()!)) return null;
    const here = this.sentenceOf(at);
    const ok = (i: number): boolean => i >= 0 && this.doc.entities[i].type === 'PER' && !(gender && this.doc.entities[i].gender && this.doc.entities[i].gender !== gender);
    for (let k = earlier.length - 1; k >= 0; k--) {
      if (here - this.sentenceOf(earlier[k].cue.start) > 2) break;
      const id = earlier[k].source?.entity;
      const idx = id ? this.indexOf(id) : -1;
      if (ok(idx)) return { entity: idx, why: `description '${phrase}' → ${this.entityName(idx)}: nobody carries it as a descriptor; the speaker of the previous attribution` };
    }
    const s = this.doc.sentences;
    for (let k = here; k >= Math.max(0, here - 2); k--) {
      const first = this.firstNameIn(s.start[k], Math.min(at, s.start[k] + 40));
      if (first && first.entity >= 0 && ok(first.entity) && this.subjectPrefix(s.start[k], first.start) && !this.quoteAt(first.start)) {
        return { entity: first.entity, why: `description '${phrase}' → ${this.entityName(first.entity)}: nobody carries it as a descriptor; the person the passage is about` };
      }
    }
    if (this.firstPersonEnd > at) {
      let next: FoundName | undefined;
      for (let i = this.firstNameFrom(at + 1); i < this.names.length && this.sentenceOf(this.names[i].start) <= here + 2; i++) {
        const m = this.names[i];
        if (m.entity >= 0 && ok(m.entity)) { next = m; break; }
      }
      if (next) return { entity: next.entity, why: `description '${phrase}' → ${this.entityName(next.entity)}: nobody carries it as a descriptor; the first person named after it` };
    }
    return null;
  }

  resolve(a: DocAttribution, earlier: DocAttribution[]): Resolution | null {
    const src = a.source!;
    const phrase = this.doc.text.slice(src.start, src.end);
    const inside = this.namesWithin(src.start, src.end);
    const persons = inside.filter((m) => this.doc.entities[m.entity].type === 'PER');
    // The source ends with a person's name ('Russian Foreign Minister Sergey Lavrov', 'Lavrov').
    const lastPerson = persons[persons.length - 1];
    if (lastPerson && phrase.slice(lastPerson.end - src.start).trim() === '') {
      const e = lastPerson.entity;
      const said = this.doc.text.slice(lastPerson.start, lastPerson.end);
      const why = said === this.entityName(e) ? `name '${said}'` : `surname '${said}' → ${this.entityName(e)}`;
      return { entity: e, why };
    }
    const lower = phrase.toLowerCase();
    if (lower === 'who' || lower === 'which') return this.relative(lower, src.start);
    if (!inside.length && (SINGULAR_PERSONAL.has(lower) || PLURAL.has(lower) || lower === 'it')) return this.pronoun(lower, src.start, earlier);
    if (FIRST_PERSON.has(lower)) return null;
    const gov = this.government(phrase, src.start);
    if (gov) return gov;
    if (!inside.length) { const org = this.organisationByHead(phrase, src.start); if (org) return org; }
    // A person named inside the source stands for it only in apposition ('Charlie King, a prominent
    // New York Democrat'); 'Pagliano's lawyer' and 'a narrator in the Clinton ad' are someone else.
    const apposed = persons.find((m) => /^\s*(?:$|[,(]|(?:of|for|at|from)\b)/.test(phrase.slice(m.end - src.start))) ??
      // 'The Clinton campaign', 'Trump's plan', 'Ivana Trump's brief' speak for the person; 'Clinton supporters' do not.
      (persons.length && !this.personNoun(phrase, inside, src.start) ? persons[0] : undefined);
    const unit = persons.length ? null : this.organisationUnit(phrase, src.start, inside);
    if (unit) return unit;
    // 'The United Kingdom', 'the Russian Defence Ministry': a source that is a place or organisation's name (with
    // at most 'the' before it) is that, before any reading of it as a description
    const lastName = inside[inside.length - 1];
    if (!persons.length && lastName && phrase.slice(lastName.end - src.start).trim() === '' && /^(?:the\s+)?$/i.test(phrase.slice(0, lastName.start - src.start))) {
      return { entity: lastName.entity, why: `name '${this.doc.text.slice(lastName.start, lastName.end)}' is the source → ${this.entityName(lastName.entity)}` };
    }
    const d = this.description(phrase, src.start, earlier);
    if (d !== 'not-a-description') {
      if (d) return d;
      if (apposed) return { entity: apposed.entity, why: `name '${this.doc.text.slice(apposed.start, apposed.end)}' inside the source` };
      return null;
    }
    if (apposed) return { entity: apposed.entity, why: `name '${this.doc.text.slice(apposed.start, apposed.end)}' inside the source → ${this.entityName(apposed.entity)}` };
    const m = inside.find((x) => this.doc.entities[x.entity].type !== 'PER');
    if (m && !persons.some((p) => p.start < m.start)) return { entity: m.entity, why: `name '${this.doc.text.slice(m.start, m.end)}' inside the source → ${this.entityName(m.entity)}` };
    return null;
  }

  /**
   * 'backed by Jon Tester, who said …', 'Gazprom, which said …': a relative pronoun stands for the name it
   * follows, a person for 'who', an organisation or place for 'which'; nothing else may come between.
   */
  relative(word: 'who' | 'which', at: number): Resolution | null {
    const i = this.lastNameBefore(at);
    if (i < 0) return null;
    const m = this.names[i];
    if (m.entity < 0 || m.end > at || !/^[\s,]*$/.test(this.doc.text.slice(m.end, at)) || at - m.end > 3) return null;
    const type = this.doc.entities[m.entity].type;
    if (word === 'who' ? type !== 'PER' : type !== 'ORG' && type !== 'LOC') return null;
    return { entity: m.entity, why: `relative pronoun '${word}' → ${this.entityName(m.entity)}: the name it follows` };
  }

  /** A word outside the names in the phrase names a person or people ('Pagliano's lawyer', 'a narrator in the Clinton ad', 'McConnell aides'). */
  personNoun(phrase: string, inside: FoundName[], start: number): boolean {
    let rest = phrase;
    for (const m of inside) rest = rest.slice(0, m.start - start) + ' '.repeat(m.end - m.start) + rest.slice(m.end - start);
    for (const raw of rest.toLowerCase().split(/[^a-z-]+/)) {
      if (raw.length < 3) continue;
      const one = raw.endsWith('ies') ? `${raw.slice(0, -3)}y` : raw.endsWith('s') ? raw.slice(0, -1) : raw;
      if (PEOPLE.has(raw) || PEOPLE.has(one) || PERSON_HEADS.has(raw) || PERSON_HEADS.has(one) || this.g.roles.has(raw) && !GOVERNMENT.has(raw) || this.g.roles.has(one) && !GOVERNMENT.has(one)) return true;
    }
    return false;
  }

  /**
   * 'the UN refugee agency', 'the UN nuclear watchdog', 'the EU human rights office': a body of a named
   * organisation or country, called by what it does. It speaks for itself, not for the whole UN: the words
   * from the name on become an organisation of their own in the article (one per wording), so the
   * statements of the refugee agency and of the UN stay apart.
   */
  organisationUnit(phrase: string, start: number, inside: FoundName[]): Resolution | null {
    const lead = /^(?:the\s+)?/i.exec(phrase)![0].length;
    const m = inside[0];
    if (!m || m.start !== start + lead || !['ORG', 'LOC'].includes(this.doc.entities[m.entity].type)) return null;
    const rest = phrase.slice(m.end - start);
    const words = rest.trim().split(/\s+/);
    if (!/^\s/.test(rest) || words.length < 2 || words.length > 4 || !words.every((w) => /^[a-z][a-z-]*$/.test(w))) return null;
    if (!ORGANISATION_UNITS.has(words[words.length - 1])) return null;
    const name = phrase.slice(lead).trim();
    const at = { start: start + lead, end: start + lead + name.length };
    const entities = this.doc.entities;
    let idx = entities.findIndex((e) => e.type === 'ORG' && e.name.toLowerCase() === name.toLowerCase());
    if (idx < 0) {
      let n = entities.length + 1;
      while (this.entityIndex.has(`e${n}`)) n++;
      idx = entities.length;
      entities.push({ id: `e${n}`, type: 'ORG', name, mentions: [] });
      this.entityIndex.set(`e${n}`, idx);
      this.codes.push(new Set(this.codes[m.entity]));
    }
    const mentions = entities[idx].mentions;
    if (!mentions.some((x) => x.start === at.start && x.end === at.end)) {
      mentions.push(at);
      mentions.sort((x, y) => x.start - y.start);
    }
    return { entity: idx, why: `'${phrase}' → ${name}: a body of ${this.entityName(m.entity)} named by what it does, speaking for itself` };
  }

  /** 'the agency', 'the Times', 'the commission' → the organisation whose name ends in that word, named nearest before it (else first after it). */
  organisationByHead(phrase: string, at: number): Resolution | null {
    const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length < 2 || words.length > 3 || words[0] !== 'the') return null;
    const head = words[words.length - 1];
    if (head.length < 4 || GOVERNMENT.has(head) || this.personNoun(phrase, [], at)) return null;
    let best = -1, bestDist = Infinity;
    for (let i = 0; i < this.doc.entities.length; i++) {
      const e = this.doc.entities[i];
      if (e.type !== 'ORG') continue;
      const last = e.name.toLowerCase().split(/\s+/).pop();
      if (last !== head) continue;
      for (const m of e.mentions) {
        const dist = m.start <= at ? at - m.start : 1e9 + m.start - at;
        if (dist < bestDist) { best = i; bestDist = dist; }
      }
    }
    if (best < 0) return null;
    // Near enough to be what the passage is about: eight sentences before, two after.
    const near = bestDist >= 1e9 ? this.sentenceOf(at + bestDist - 1e9) - this.sentenceOf(at) <= 2 : this.sentenceOf(at) - this.sentenceOf(at - bestDist) <= 8;
    if (!near) return null;
    return { entity: best, why: `'${phrase}' → ${this.entityName(best)}: the organisation of that name ${bestDist >= 1e9 ? 'named later in the text' : 'named nearest before it'}` };
  }

  /** 'the government', 'the regime', 'the Russian government' → the country: named in it, or named last within three sentences before it. */
  government(phrase: string, at: number): Resolution | null {
    const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
    const head = words[words.length - 1];
    if (!GOVERNMENT.has(head) || words.length > 3 || words.some((w) => w === 'federal' || w === 'local' || w === 'state')) return null;
    const want = this.codesIn(phrase);
    const sentence = this.sentenceOf(at);
    // 'the Moldovan government' is Moldova's, not that of Transnistria, which the gazetteer files under the same
    // code: among the places of the country it names, the one whose name shares the longest start with the word
    // naming it ('moldova' / 'moldovan'), else the nearest
    const namingWords = words.filter((w) => w !== 'the' && !GOVERNMENT.has(w));
    const likeness = (name: string): number => {
      let best = 0;
      for (const w of namingWords) { let n = 0; while (n < w.length && n < name.length && w[n] === name[n]) n++; best = Math.max(best, n); }
      return best >= 4 ? best : 0;
    };
    let found = -1, foundLikeness = -1;
    for (let i = this.lastNameBefore(at); i >= 0; i--) {
      const m = this.names[i];
      if (m.end > at || m.entity < 0) continue;
      if (this.sentenceOf(m.start) < sentence - 3 && !want.length) break;
      if (this.doc.entities[m.entity].type !== 'LOC' || !m.code || m.code.length < 3) continue;
      if (want.length && !want.includes(m.code.slice(0, 3))) continue;
      if (!want.length && this.g.names.get(this.doc.text.slice(m.start, m.end).toLowerCase())?.code !== m.code) continue;
      if (!want.length) return { entity: m.entity, why: `'${phrase}' → ${this.entityName(m.entity)}: the government of the country named last before it` };
      const like = likeness(this.doc.text.slice(m.start, m.end).toLowerCase());
      if (like > foundLikeness) { found = m.entity; foundLikeness = like; }
    }
    if (found >= 0) return { entity: found, why: `'${phrase}' → ${this.entityName(found)}: the government of the country it names` };
    return null;
  }
}

/** Quotation stretches from the tokeniser's open/close flags, when no quote regions were found. */
function quoteSpansFromTokens(doc: Doc): Array<readonly [number, number]> {
  const t = doc.tokens;
  const out: Array<readonly [number, number]> = [];
  let open = -1;
  for (let i = 0; i < t.count; i++) {
    if (t.flags[i] & 32 /* QUOTE_OPEN */) open = t.start[i];
    else if (t.flags[i] & 64 /* QUOTE_CLOSE */ && open >= 0) { out.push([open, t.end[i]] as const); open = -1; }
  }
  return out;
}

export function resolveSpeakers(doc: Doc, resources: Resources): void {
  if (!doc.attributions.length) return;
  const r = new Resolver(doc, resources.gazetteer);
  const order = doc.attributions.map((a, i) => i).sort((x, y) => {
    const a = doc.attributions[x], b = doc.attributions[y];
    return (a.source?.start ?? a.cue.start) - (b.source?.start ?? b.cue.start);
  });
  const done: DocAttribution[] = [];
  for (const i of order) {
    const a = doc.attributions[i];
    if (!a.source) { a.resolution = 'no source given in the text'; continue; }
    const res = r.resolve(a, done);
    const phrase = doc.text.slice(a.source.start, a.source.end);
    if (!res) {
      a.source.entity = null;
      a.resolution = `'${phrase}': no entity found`;
      done.push(a);
      continue;
    }
    const e = doc.entities[res.entity];
    a.source.entity = e.id;
    a.resolution = res.why;
    const lower = phrase.toLowerCase();
    const g = SINGULAR_PERSONAL.get(lower);
    if (g && !e.gender) e.gender = g; // pronoun evidence
    if (res.why.startsWith('description')) {
      // The description becomes one of the entity's descriptors ('Top Russian diplomat').
      const words = phrase.split(/\s+/);
      while (words.length && DETERMINERS.has(words[0].toLowerCase())) words.shift();
      const d = words.join(' ');
      const ds = e.descriptors ?? (e.descriptors = []);
      if (d && !ds.some((x) => x.toLowerCase() === d.toLowerCase())) {
        ds.push(d);
        const keys = new Set(e.descriptorKeys ?? []);
        for (const k of descriptorKeysOf(d, resources.gazetteer)) keys.add(k);
        e.descriptorKeys = [...keys];
      }
    }
    done.push(a);
  }
  // I/we inside a quotation speak with the quotation's speaker ('"I told him," he said' → he → Lavrov).
  const { pieces: contents, owner } = piecesByPosition(doc.attributions);
  for (const a of doc.attributions) {
    if (!a.source || a.source.entity) continue;
    const lower = doc.text.slice(a.source.start, a.source.end).toLowerCase();
    if (!FIRST_PERSON.has(lower) || lower === 'you') continue;
    const at = a.source.start;
    // the first attribution (in order) with a speaker whose content holds it; speakers set above count
    const outer = contents.holding(at).map((k) => owner[k]).find((b) => b !== a && b.source?.entity);
    if (!outer) continue;
    a.source.entity = outer.source!.entity;
    a.resolution = `first person '${lower}' inside the quotation of ${doc.entities[r.indexOf(outer.source!.entity)]?.name}: its speaker`;
  }
}
