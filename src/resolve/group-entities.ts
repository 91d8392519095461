// Groups the article's name mentions into entities: the same phrase (or a known spelling variant),
// a surname or first name alone after the full name ('Lavrov' → 'Sergey Lavrov'), an acronym and
// its long form (UN ↔ United Nations), an organisation's first word (Wagner ↔ Wagner Group).
// Capitals and countries stay entities of their own. Ids 'e1', 'e2'… follow first mentions.

import type { EntityType } from '../contract.js';
import type { Doc, DocEntity } from '../doc.js';
import type { Resources } from '../resources.js';
import type { Gazetteer } from '../models/gazetteer.js';
import type { FoundName } from '../models/find-names.js';

interface Group {
  mentions: number[];
  /** Lower-case words of the longest name, for surname matching. */
  words: string[];
  key: string;
  code: string;
}

const SKIP_IN_ACRONYM = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', '&']);

function acronymOf(words: string[]): string {
  let s = '';
  for (const w of words) if (!SKIP_IN_ACRONYM.has(w)) s += w[0];
  return s;
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

  // Pass 1: identical phrases (multi-word names and organisations/places first, so surnames can find them).
  const single: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const m = names[i];
    const key = canon(text.slice(m.start, m.end));
    const words = nameWords(key);
    if (words.length === 1 && !((m.type === 'LOC' || m.type === 'ORG') && m.rule === 'gazetteer')) { single.push(i); continue; }
    const at = byKey.get(key);
    if (at !== undefined) { groups[at].mentions.push(i); continue; }
    byKey.set(key, groups.length);
    groups.push({ mentions: [i], words, key, code: m.code ?? '' });
  }
  // Pass 2: single words — a surname or first name of a person, an acronym, or a name of their own.
  for (const i of single) {
    const m = names[i];
    const key = canon(text.slice(m.start, m.end));
    const at = byKey.get(key);
    if (at !== undefined) { groups[at].mentions.push(i); continue; }
    let best = -1, bestDist = Infinity;
    for (let k = 0; k < groups.length; k++) {
      const grp = groups[k];
      const head = names[grp.mentions[0]];
      if (grp.words.length < 2) continue;
      const isPerson = head.type === 'PER';
      const lastWord = canon(grp.words[grp.words.length - 1]);
      const match = isPerson && (lastWord === key || grp.words[0] === key && g.firstNames.has(key)) ||
        !isPerson && m.type !== 'PER' && key.length >= 2 && acronymOf(grp.words) === key;
      if (!match) continue;
      const dist = Math.abs(names[grp.mentions[0]].start - m.start);
      if (dist < bestDist) { best = k; bestDist = dist; }
    }
    if (best < 0 && (m.type !== 'PER' || m.rule !== 'gazetteer')) {
      // 'Wagner' after 'Wagner Group', 'Azov' after 'Azov Brigade': the organisation's first word.
      best = groups.findIndex((grp) => grp.words.length === 2 && grp.words[0] === key && names[grp.mentions[0]].type === 'ORG' && g.words.get(grp.words[1]) === 'org');
    }
    if (best >= 0) {
      groups[best].mentions.push(i);
      const headType = names[groups[best].mentions[0]].type;
      if (headType === 'PER' && m.type !== 'PER') { m.type = 'PER'; m.rule += '+surname'; }
      else if (headType === 'ORG' && m.type !== 'ORG') { m.type = 'ORG'; m.rule += '+organisation'; }
      continue;
    }
    byKey.set(key, groups.length);
    groups.push({ mentions: [i], words: [key], key, code: m.code ?? '' });
  }
  // Gazetteer codes do not join organisations: CAMEO gives one code to the EU, its Commission and its
  // Parliament, and to every US military body. A known acronym joins its spelled-out form ('UN').
  for (let k = 0; k < groups.length; k++) {
    const grp = groups[k];
    if (grp.words.length !== 1 || !grp.mentions.length || names[grp.mentions[0]].type !== 'ORG') continue;
    const key = grp.words[0].replace(/\./g, '');
    const long = groups.findIndex((x) => x.words.length >= 2 && x.mentions.length > 0 && names[x.mentions[0]].type === 'ORG' && acronymOf(x.words) === key);
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
      const n = s.split(/\s+/).length;
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
