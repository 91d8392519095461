// Groups the article's name mentions into entities: the same phrase (or a known spelling variant),
// a surname or first name alone after the full name ('Lavrov' → 'Sergey Lavrov'), an acronym and
// its long form (UN ↔ United Nations), an organisation's first word (Wagner ↔ Wagner Group).
// Capitals and countries stay entities of their own. Ids 'e1', 'e2'… follow first mentions.

import type { EntityType } from '../contract.js';
import type { Doc, DocEntity } from '../doc.js';
import type { Resources } from '../resources.js';
import type { Gazetteer } from '../models/gazetteer.js';
import type { FoundName } from '../models/find-names.js';
import { isRegexSpaceCode } from '../text/chars.js';

interface Group {
  mentions: number[];
  /** Lower-case words of the longest name, for surname matching. */
  words: string[];
  key: string;
  code: string;
  /** canon() of the last word and the acronym of the words, made when first asked for (pass 2 asks once per single word). */
  last: string | null;
  acronym: string | null;
}

const SKIP_IN_ACRONYM = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', '&']);

function acronymOf(words: string[]): string {
  let s = '';
  for (const w of words) if (!SKIP_IN_ACRONYM.has(w)) s += w[0];
  return s;
}

/** s.split(/\s+/).length without the array: one more than the runs of whitespace. */
function splitCount(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) {
    if (isRegexSpaceCode(s.charCodeAt(i))) {
      n++;
      while (i + 1 < s.length && isRegexSpaceCode(s.charCodeAt(i + 1))) i++;
    }
  }
  return n;
}

const nameWords = (s: string): string[] => s.toLowerCase().replace(/[’']s$/, '').split(/[\s]+/).filter(Boolean);

/** Lower-case keys a description can match: the whole descriptor, its title head, and the title's class. */
export function descriptorKeysOf(descriptor: string, g: Gazetteer): string[] {
  const words = descriptor.toLowerCase().replace(/[’']s\b/g, '').split(/\s+/).filter(Boolean);
  const keys = new Set<string>([words.join(' ')]);
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    const title = g.titles.get(tail);
    if (title) { keys.add(tail); if (title.cls) keys.add(title.cls); }
    if (g.roles.has(tail)) keys.add(tail);
  }
  // A title inside, followed by 'of …' ('spokesman for the Kremlin').
  for (const w of words) { const title = g.titles.get(w); if (title) { keys.add(w); if (title.cls) keys.add(title.cls); } }
  return [...keys];
}

export function groupEntities(doc: Doc, resources: Resources): void {
  const g = resources.gazetteer;
  const names = doc.names as FoundName[];
  const text = doc.text;
  const groups: Group[] = [];
  const byKey = new Map<string, number>();
  const canon = (s: string): string => { const k = s.toLowerCase().replace(/\s+/g, ' '); return g.variants.get(k) ?? k; };

  const lastOf = (grp: Group): string => grp.last ?? (grp.last = canon(grp.words[grp.words.length - 1]));
  const acronymOfGroup = (grp: Group): string => grp.acronym ?? (grp.acronym = acronymOf(grp.words));

  // Pass 1: identical phrases (multi-word names and organisations/places first, so surnames can find them).
  const single: number[] = [];
  const keys = new Array<string>(names.length);
  for (let i = 0; i < names.length; i++) {
    const m = names[i];
    const key = keys[i] = canon(text.slice(m.start, m.end));
    const words = nameWords(key);
    if (words.length === 1 && !((m.type === 'LOC' || m.type === 'ORG') && m.rule === 'gazetteer')) { single.push(i); continue; }
    const at = byKey.get(key);
    if (at !== undefined) { groups[at].mentions.push(i); continue; }
    byKey.set(key, groups.length);
    groups.push({ mentions: [i], words, key, code: m.code ?? '', last: null, acronym: null });
  }
  // Pass 2: single words — a surname or first name of a person, an acronym, or a name of their own.
  // Only the multi-word groups of pass 1 can take a single word, and their first mentions no longer
  // change, so they are indexed by the words that can match instead of scanned once per single word.
  const byPersonWord = new Map<string, number[]>();
  const byPersonFirstWord = new Map<string, number[]>(); // matches only when the single word is a known first name
  const byAcronym = new Map<string, number[]>();
  const byOrgFirstWord = new Map<string, number>();
  const byOrgLastWord = new Map<string, number[]>();
  const index = (map: Map<string, number[]>, key: string, k: number): void => {
    const list = map.get(key);
    if (!list) map.set(key, [k]);
    else if (list[list.length - 1] !== k) list.push(k);
  };
  for (let k = 0; k < groups.length; k++) {
    const grp = groups[k];
    if (grp.words.length < 2) continue;
    const headType = names[grp.mentions[0]].type;
    if (headType === 'PER') {
      index(byPersonWord, lastOf(grp), k);
      index(byPersonFirstWord, grp.words[0], k);
    } else {
      index(byAcronym, acronymOfGroup(grp), k);
    }
    if (grp.words.length === 2 && headType === 'ORG' && g.words.get(grp.words[1]) === 'org' && !byOrgFirstWord.has(grp.words[0])) byOrgFirstWord.set(grp.words[0], k);
    if (headType === 'ORG' && g.words.get(lastOf(grp)) === 'org') index(byOrgLastWord, lastOf(grp), k);
  }
  for (const i of single) {
    const m = names[i];
    const key = keys[i];
    const at = byKey.get(key);
    if (at !== undefined) { groups[at].mentions.push(i); continue; }
    // The nearest group by first mention; on a tie the earlier group.
    let best = -1, bestDist = Infinity;
    const consider = (list: number[] | undefined): void => {
      if (!list) return;
      for (const k of list) {
        const dist = Math.abs(names[groups[k].mentions[0]].start - m.start);
        if (dist < bestDist || (dist === bestDist && k < best)) { best = k; bestDist = dist; }
      }
    };
    consider(byPersonWord.get(key));
    const byFirst = byPersonFirstWord.get(key);
    // A known first name, or any name after 'Sir'/'Dame' (British usage: 'Sir Keir' is Keir Starmer).
    if (byFirst && (g.firstNames.has(key) || /\b(?:sir|dame)\s+$/i.test(text.slice(Math.max(0, m.start - 6), m.start)))) consider(byFirst);
    if (m.type !== 'PER' && key.length >= 2) consider(byAcronym.get(key));
    // 'the Commission' after 'the European Commission', 'the Foundation' after 'the Wikimedia Foundation': an
    // organisation's head word after "the" stands for the latest organisation named with it before
    if (best < 0 && m.type !== 'PER' && g.words.get(key) === 'org' && /\bthe\s+$/i.test(text.slice(Math.max(0, m.start - 5), m.start))) {
      let latest = -1;
      for (const k of byOrgLastWord.get(key) ?? []) {
        const first = names[groups[k].mentions[0]].start;
        if (first < m.start && (latest < 0 || first > names[groups[latest].mentions[0]].start)) latest = k;
      }
      best = latest;
    }
    if (best < 0 && (m.type !== 'PER' || m.rule !== 'gazetteer')) {
      // 'Wagner' after 'Wagner Group', 'Azov' after 'Azov Brigade': the organisation's first word.
      best = byOrgFirstWord.get(key) ?? -1;
    }
    if (best >= 0) {
      groups[best].mentions.push(i);
      const headType = names[groups[best].mentions[0]].type;
      if (headType === 'PER' && m.type !== 'PER') { m.type = 'PER'; m.rule += '+surname'; }
      else if (headType === 'ORG' && m.type !== 'ORG') { m.type = 'ORG'; m.rule += '+organisation'; }
      continue;
    }
    byKey.set(key, groups.length);
    groups.push({ mentions: [i], words: [key], key, code: m.code ?? '', last: null, acronym: null });
  }
  // Gazetteer codes do not join organisations: CAMEO gives one code to the EU, its Commission and its
  // Parliament, and to every US military body. A known acronym joins its spelled-out form ('UN').
  for (let k = 0; k < groups.length; k++) {
    const grp = groups[k];
    if (grp.words.length !== 1 || !grp.mentions.length || names[grp.mentions[0]].type !== 'ORG') continue;
    const key = grp.words[0].replace(/\./g, '');
    const long = groups.findIndex((x) => x.words.length >= 2 && x.mentions.length > 0 && names[x.mentions[0]].type === 'ORG' && acronymOfGroup(x) === key);
    if (long >= 0) { groups[long].mentions.push(...grp.mentions); grp.mentions = []; }
  }
  const live = groups.filter((grp) => grp.mentions.length > 0);
  for (const grp of live) grp.mentions.sort((a, b) => a - b);
  live.sort((a, b) => a.mentions[0] - b.mentions[0]);
  const entities: DocEntity[] = [];
  for (const grp of live) {
    const index = entities.length;
    let name = '', nameWordsCount = 0, gender: 'm' | 'f' | null = null;
    const typeVotes = new Map<EntityType, number>();
    const descriptors: string[] = [];
    const seen = new Set<string>();
    for (const i of grp.mentions) {
      const m = names[i];
      m.entity = index;
      const s = text.slice(m.start, m.end);
      const n = splitCount(s);
      if (n > nameWordsCount || n === nameWordsCount && s.length > name.length) { name = s; nameWordsCount = n; }
      // Typed by evidence beats a bare capital.
      typeVotes.set(m.type, (typeVotes.get(m.type) ?? 0) + (m.rule.startsWith('caps') ? 1 : 3));
      if (m.gender && !gender) gender = m.gender;
      for (const d of m.descriptors ?? []) {
        const ds = text.slice(d.start, d.end);
        if (!seen.has(ds.toLowerCase())) { seen.add(ds.toLowerCase()); descriptors.push(ds); }
      }
    }
    let type: EntityType = 'MISC', votes = -1;
    for (const [t, v] of typeVotes) if (v > votes) { type = t; votes = v; }
    if (type === 'PER' && !gender) gender = g.firstNames.get(nameWords(name)[0]?.split('-')[0] ?? '') ?? null;
    // 'Putin' alone: the first name of the one known person of that surname ('vladimir putin')
    if (type === 'PER' && !gender && nameWords(name).length === 1) gender = g.firstNames.get(g.firstOfSurname.get(nameWords(name)[0]) ?? '') ?? null;
    const keys = new Set<string>();
    for (const d of descriptors) for (const k of descriptorKeysOf(d, g)) keys.add(k);
    entities.push({
      id: `e${index + 1}`,
      type,
      name,
      descriptors,
      mentions: grp.mentions.map((i) => ({ start: names[i].start, end: names[i].end })),
      gender: type === 'PER' ? gender : null,
      descriptorKeys: [...keys],
    });
  }
  doc.entities = entities;
}
