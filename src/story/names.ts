// Keys that make two spellings of one name equal across articles.
//
// A name key is built word by word (rules in this order; each exists because reports on one story
// transliterate the same Cyrillic name differently):
//   1. a possessive ’s / 's at the end is dropped, diacritics are stripped (NFKD, marks removed) and
//      letters are lower-cased; every character that is not a letter or digit separates words;
//   2. 'kh' → 'h'  (Kharkiv / Harkiv, Khodorkovsky / Hodorkovsky);
//   3. 'x' → 'ks'  (Alexei / Aleksei);
//   4. 'y' → 'i'   (Sergey / Sergei — the ey/ei pair; Zelenskiy / Zelensky; Yuri / Iuri);
//   5. doubled letters are collapsed (Zelenskyy → zelenskii → zelenski; Odessa / Odesa);
//   6. a word (or the whole name) found in the variant table is replaced by its canonical form
//      (exonyms no rule can reach: Kiev / Kyiv, Kharkov / Kharkiv, Lugansk / Luhansk) — the table is
//      lexicons/story-variants.tsv plus the gazetteer's spelling variants, both keyed by rule 1–5 keys.
// The key is a matching device only; what users see is always the name as written.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { EntityType } from '../contract.js';

/** Canonical key per variant key (both already through rules 1–5). */
export type VariantTable = ReadonlyMap<string, string>;

const COMBINING_LOW = 0x300, COMBINING_HIGH = 0x36f;

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xdf && c !== 0xf7 && c < 0x250) || (c >= 0x400 && c < 0x530);
}

/** Rules 1–5 on one word already lower-case and free of marks. */
function wordKey(w: string): string {
  let s = w;
  if (s.includes('kh')) s = s.replaceAll('kh', 'h');
  if (s.includes('x')) s = s.replaceAll('x', 'ks');
  if (s.includes('y')) s = s.replaceAll('y', 'i');
  let out = '';
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === prev) continue;
    out += s[i];
    prev = c;
  }
  return out;
}

/** Lower-case words of a name, possessive dropped, diacritics stripped (rule 1). */
export function nameWords(name: string): string[] {
  let s = name.trim().replace(/['’]s$/u, '').normalize('NFKD').toLowerCase();
  const words: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= COMBINING_LOW && c <= COMBINING_HIGH) continue;
    if (isAlnum(c)) cur += s[i];
    else if (c === 0x27 || c === 0x2019) continue; // O'Brien = OBrien
    else if (cur) { words.push(cur); cur = ''; }
  }
  if (cur) words.push(cur);
  s = '';
  return words;
}

/** The normalised key of a name (rules 1–6); '' when the name has no letters or digits. */
export function nameKey(name: string, variants?: VariantTable): string {
  const words = nameWords(name).map(wordKey);
  if (!variants || variants.size === 0) return words.join(' ');
  const whole = variants.get(words.join(' '));
  if (whole) return whole;
  return words.map((w) => variants.get(w) ?? w).join(' ');
}

const ACRONYM_SKIP = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'des', 'du', 'la', 'le', 'et', 'y', 'a', 'an', '&']);

/** 'NATO', 'U.S.', 'UN' — a written acronym's letters lower-cased, or null when the text is no acronym. */
export function writtenAcronym(text: string): string | null {
  let letters = '';
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) { letters += String.fromCharCode(c + 32); upper++; } else if (c === 0x2e || c === 0x26) continue;
    else return null; // 'Nato' is read as a name, not an acronym

  }
  return upper >= 2 && letters.length <= 8 && upper === letters.length ? letters : null;
}

/** The acronym a spelled-out name would have: 'North Atlantic Treaty Organization' → 'nato'; null for one word. */
export function impliedAcronym(name: string): string | null {
  const words = name.trim().split(/[\s-]+/).filter((w) => w && !ACRONYM_SKIP.has(w.toLowerCase()));
  if (words.length < 2 || words.length > 8) return null;
  let out = '';
  for (const w of words) {
    const c = w.charCodeAt(0);
    if (c < 0x41 || c > 0x5a) return null; // every kept word of an organisation's name is capitalised
    out += String.fromCharCode(c + 32);
  }
  return out;
}

export type KeyKind = 'name' | 'surname' | 'acronym';

export interface NameKey {
  key: string;
  kind: KeyKind;
  /** The full name key that produced it (for surname keys: which full name has that surname). */
  name: string;
}

/** Key strings are prefixed by kind so one look-up table holds all three. */
export const keyString = {
  name: (k: string) => `n:${k}`,
  surname: (k: string) => `s:${k}`,
  acronym: (k: string) => `a:${k}`,
};

/** Every key one surface form of an entity of `type` is findable by. */
export function keysOf(surface: string, type: EntityType | string, variants?: VariantTable): NameKey[] {
  const full = nameKey(surface, variants);
  if (!full) return [];
  const out: NameKey[] = [{ key: keyString.name(full), kind: 'name', name: full }];
  if (type === 'PER') {
    const words = full.split(' ');
    out.push({ key: keyString.surname(words[words.length - 1]), kind: 'surname', name: full });
  } else {
    const written = writtenAcronym(surface);
    const acr = written ?? impliedAcronym(surface);
    if (acr) out.push({ key: keyString.acronym(acr), kind: 'acronym', name: full });
  }
  return out;
}

/** Whether two full person-name keys may name one person: same surname and compatible given names. */
export function personNamesCompatible(a: string, b: string): boolean {
  const wa = a.split(' '), wb = b.split(' ');
  if (wa[wa.length - 1] !== wb[wb.length - 1]) return false;
  if (wa.length === 1 || wb.length === 1) return true;
  // 'v putin' ~ 'vladimir putin': initials agree with given names
  const fa = wa[0], fb = wb[0];
  if (fa === fb) return true;
  if (fa.length === 1) return fb.startsWith(fa);
  if (fb.length === 1) return fa.startsWith(fb);
  return false;
}

/** Reads a variant table (`variant<TAB>canonical` per line, '#' comments) keyed through rules 1–5. */
export function loadVariantTable(file: string, extra?: ReadonlyMap<string, string>): Map<string, string> {
  const table = new Map<string, string>();
  if (extra) for (const [v, c] of extra) table.set(nameKey(v), nameKey(c));
  if (!existsSync(file)) return table;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [variant, canonical] = line.split('\t');
    if (!variant || !canonical) continue;
    table.set(nameKey(variant), nameKey(canonical.trim()));
  }
  return table;
}

export function defaultVariantFile(lexiconDir: string): string {
  return path.join(lexiconDir, 'story-variants.tsv');
}
