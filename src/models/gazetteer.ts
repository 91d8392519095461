// The name finder's knowledge: places, organisations, persons, first names and role nouns from
// models/gazetteer.tsv.gz (built by src/train/build-gazetteer.ts from the CAMEO/Phoenix
// dictionaries), plus hand-written lexicons: names-supplement.tsv, titles.tsv, name-words.tsv.
// Every phrase key is lower case with single spaces.

import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { EntityType } from '../contract.js';
import { DossierError } from '../errors.js';

/** L place, D demonym (never an entity by itself), O organisation, P person. */
export type GazKind = 'L' | 'D' | 'O' | 'P';

export interface GazEntry {
  kind: GazKind;
  /** Country or organisation code ('RUS', 'IGOUNO'); '' or '-' when none. */
  code: string;
}

export interface Title {
  gender: 'm' | 'f' | null;
  /** What a description may call the holder ('diplomat' for a foreign minister); null for none. */
  cls: string | null;
}

export type NameWordRole = 'modifier' | 'stop' | 'org' | 'loc' | 'misc' | 'particle' | 'connector';

export interface Gazetteer {
  size: number;
  /** Whole proper-name phrases. */
  names: Map<string, GazEntry>;
  /** Most words in any phrase of `names`, to bound look-ups. */
  maxWords: number;
  /** First names with gender where the data gave evidence. */
  firstNames: Map<string, 'm' | 'f' | null>;
  /** Last words of known persons' names ('lavrov'), with the person's country code. */
  surnames: Map<string, string>;
  /** Last word of a known person's name → the first word of that name ('putin' → 'vladimir'); null when two known persons differ. */
  firstOfSurname: Map<string, string | null>;
  /** Role nouns from the Phoenix agents ('diplomat', 'foreign minister'), with the agent code. */
  roles: Map<string, string>;
  titles: Map<string, Title>;
  /** Most words in any title. */
  maxTitleWords: number;
  words: Map<string, NameWordRole>;
  /** Lower-case words allowed inside a name: particles ('bin', 'de') and connectors ('of', 'for'). */
  particles: Set<string>;
  connectors: Set<string>;
  /** Spelling variant → canonical phrase ('kiev' → 'kyiv'). */
  variants: Map<string, string>;
  /** Words that are never a proper name on their own. */
  notNames: Set<string>;
  /** Ordinary lower-case English words (lexicons/common-words.txt): a capital on them is weak evidence of a name. */
  common: Set<string>;
}

export const ENTITY_TYPE_OF: Record<GazKind, EntityType | null> = { L: 'LOC', O: 'ORG', P: 'PER', D: null };

function readLines(file: string, gz: boolean): string[] {
  const buf = readFileSync(file);
  return (gz ? gunzipSync(buf).toString('utf8') : buf.toString('utf8')).split('\n');
}

export function emptyGazetteer(): Gazetteer {
  return {
    size: 0, names: new Map(), maxWords: 1, firstNames: new Map(), surnames: new Map(), firstOfSurname: new Map(), roles: new Map(),
    titles: new Map(), maxTitleWords: 1, words: new Map(), particles: new Set(), connectors: new Set(), variants: new Map(), notNames: new Set(), common: new Set(),
  };
}

function addLine(g: Gazetteer, kind: string, phrase: string, info: string): void {
  if (!phrase) return;
  switch (kind) {
    case 'L': case 'D': case 'O': case 'P': {
      g.names.set(phrase, { kind, code: info });
      const words = phrase.split(' ');
      if (words.length > g.maxWords) g.maxWords = words.length;
      if (kind === 'P') {
        const last = words[words.length - 1];
        if (last.length > 2 && !g.surnames.has(last)) g.surnames.set(last, info);
        if (words.length >= 2 && last.length > 2) {
          const had = g.firstOfSurname.get(last);
          g.firstOfSurname.set(last, had === undefined || had === words[0] ? words[0] : null);
        }
      }
      break;
    }
    case 'F': g.firstNames.set(phrase, info === 'm' || info === 'f' ? info : null); break;
    case 'R': g.roles.set(phrase, info); break;
    case 'A': g.variants.set(phrase, info); break;
    case 'X': g.notNames.add(phrase); g.firstNames.delete(phrase); break;
  }
}

/**
 * Loads the gazetteer from `dir` (models/) and the hand lexicons from `lexiconDir`
 * (default: lexicons/ beside it). A missing model file is a DOSSIER_DATA_MISSING error.
 */
export function loadGazetteer(dir: string, lexiconDir = path.resolve(dir, '..', 'lexicons')): Gazetteer {
  const g = emptyGazetteer();
  const model = path.join(dir, 'gazetteer.tsv.gz');
  if (!existsSync(model)) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The name gazetteer ${model} is missing; run "npm run build:gazetteer" to build it.`);
  }
  for (const line of readLines(model, true)) {
    if (!line || line.charCodeAt(0) === 35 /* # */) continue;
    const [kind, phrase, info = ''] = line.split('\t');
    addLine(g, kind, phrase, info);
  }
  const supplement = path.join(lexiconDir, 'names-supplement.tsv');
  if (existsSync(supplement)) {
    for (const line of readLines(supplement, false)) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [kind, phrase, info = ''] = line.split('\t');
      addLine(g, kind.trim(), phrase.trim().toLowerCase(), info.trim());
    }
  }
  const titles = path.join(lexiconDir, 'titles.tsv');
  if (existsSync(titles)) {
    for (const line of readLines(titles, false)) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [title, gender, cls] = line.split('\t').map((s) => s.trim());
      g.titles.set(title, { gender: gender === 'm' || gender === 'f' ? gender : null, cls: cls && cls !== '-' ? cls : null });
      const n = title.split(' ').length;
      if (n > g.maxTitleWords) g.maxTitleWords = n;
    }
  }
  const words = path.join(lexiconDir, 'name-words.tsv');
  if (existsSync(words)) {
    for (const line of readLines(words, false)) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [word, role] = line.split('\t').map((s) => s.trim());
      if (role === 'particle') g.particles.add(word);
      else if (role === 'connector') g.connectors.add(word);
      else if (!g.words.has(word)) g.words.set(word, role as NameWordRole);
    }
  }
  const common = path.join(lexiconDir, 'common-words.txt');
  if (existsSync(common)) {
    for (const line of readLines(common, false)) if (line && !line.startsWith('#')) g.common.add(line.trim());
  }
  // First-name genders read from running text (src/train/build-name-gender.ts) fill those the gazetteer lacks.
  const genders = path.join(dir, 'first-name-gender.tsv');
  if (existsSync(genders)) {
    for (const line of readLines(genders, false)) {
      if (!line || line.startsWith('#')) continue;
      const [name, gender] = line.split('\t');
      if ((gender === 'm' || gender === 'f') && g.firstNames.has(name) && !g.firstNames.get(name)) g.firstNames.set(name, gender);
    }
  }
  // CAMEO files some spokespeople as organisations ('john kirby'): a first name and one or two more
  // words, none of them an organisation's or place's word, is a person.
  for (const [phrase, e] of g.names) {
    if (e.kind !== 'O') continue;
    const w = phrase.split(' ');
    if (w.length >= 2 && w.length <= 3 && g.firstNames.has(w[0]) && !g.common.has(w[0]) && w.every((x) => !g.words.has(x) && !g.common.has(x))) g.names.set(phrase, { kind: 'P', code: e.code });
  }
  g.size = g.names.size + g.firstNames.size + g.roles.size + g.titles.size;
  return g;
}
