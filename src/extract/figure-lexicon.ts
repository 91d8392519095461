// The words around figures are data: units and currencies (lexicons/units.tsv), qualifiers
// (lexicons/qualifiers.tsv) and the happenings a figure counts (lexicons/figure-measures.tsv).
// Adding a currency or a verb is one line, not a code change.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FigureQualifier } from '../contract.js';
import { DossierError } from '../errors.js';

export type UnitKind = 'symbol' | 'currency' | 'percent' | 'unit' | 'scale';

export interface UnitEntry {
  /** Unit code ('USD', '%', 'km'); for a scale the multiplier as a number string ('1e6'). */
  unit: string;
  kind: UnitKind;
  /** The written form split into lower-case words/marks as the lexer cuts them. */
  parts: readonly string[];
}

export interface QualifierEntry {
  qualifier: FigureQualifier;
  where: 'before' | 'after';
  parts: readonly string[];
}

export interface MeasureForm {
  measure: string;
  /** 'ed' participles and nouns can follow the counted noun; 'ing'/'s' forms only come before the number. */
  inflection: 'ed' | 'ing' | 's' | 'noun';
  parts: readonly string[];
}

export interface FigureLexicon {
  /** First part → entries starting with it, longest first. */
  units: ReadonlyMap<string, readonly UnitEntry[]>;
  /** Last part → before-qualifiers ending with it (matched backwards), longest first. */
  qualifiersBefore: ReadonlyMap<string, readonly QualifierEntry[]>;
  /** First part → after-qualifiers. */
  qualifiersAfter: ReadonlyMap<string, readonly QualifierEntry[]>;
  /** First part → measure forms. */
  measures: ReadonlyMap<string, readonly MeasureForm[]>;
}

const QUALIFIERS = new Set<FigureQualifier>(['exact', 'at_least', 'more_than', 'at_most', 'less_than', 'about', 'range', 'vague']);
const UNIT_KINDS = new Set<UnitKind>(['symbol', 'currency', 'percent', 'unit', 'scale']);

/** Cuts a written form the way the lexer would: letter runs, digit runs, single marks. */
export function splitForm(form: string): string[] {
  return form.toLowerCase().match(/[\p{L}]+(?:['’][\p{L}]+)*|[0-9]+|[^\s\p{L}0-9]/gu) ?? [];
}

function readRows(file: string, columns: number): string[][] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The lexicon ${path.basename(file)} could not be read; reinstall Dossier.`, { cause: err });
  }
  const rows: string[][] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cols = line.replace(/\r$/, '').split('\t');
    if (cols.length < columns) throw new DossierError('DOSSIER_DATA_MISSING', `The lexicon ${path.basename(file)} has a malformed line: ${JSON.stringify(line)}.`);
    rows.push(cols);
  }
  return rows;
}

function pushSorted<T extends { parts: readonly string[] }>(map: Map<string, T[]>, key: string, entry: T): void {
  const list = map.get(key) ?? [];
  list.push(entry);
  list.sort((a, b) => b.parts.length - a.parts.length);
  map.set(key, list);
}

function regularForms(verb: string): Array<[string, MeasureForm['inflection']]> {
  const v = verb;
  if (v.endsWith('e')) return [[`${v}d`, 'ed'], [`${v}s`, 's'], [`${v.slice(0, -1)}ing`, 'ing']];
  if (/[^aeiou]y$/.test(v)) return [[`${v.slice(0, -1)}ied`, 'ed'], [`${v.slice(0, -1)}ies`, 's'], [`${v}ing`, 'ing']];
  if (/(?:ss|sh|ch|x|z)$/.test(v)) return [[`${v}ed`, 'ed'], [`${v}es`, 's'], [`${v}ing`, 'ing']];
  return [[`${v}ed`, 'ed'], [`${v}s`, 's'], [`${v}ing`, 'ing']];
}

let cached: { dir: string; lexicon: FigureLexicon } | null = null;

/** Loads the three figure lexicons from `dir` (once per directory per process). */
export function loadFigureLexicon(dir: string): FigureLexicon {
  if (cached?.dir === dir) return cached.lexicon;
  const units = new Map<string, UnitEntry[]>();
  for (const [form, unit, kind] of readRows(path.join(dir, 'units.tsv'), 3)) {
    if (!UNIT_KINDS.has(kind as UnitKind)) throw new DossierError('DOSSIER_DATA_MISSING', `units.tsv: unknown kind ${kind}.`);
    const parts = splitForm(form);
    if (parts.length) pushSorted(units, parts[0], { unit, kind: kind as UnitKind, parts });
  }
  const qualifiersBefore = new Map<string, QualifierEntry[]>();
  const qualifiersAfter = new Map<string, QualifierEntry[]>();
  for (const [phrase, qualifier, where] of readRows(path.join(dir, 'qualifiers.tsv'), 3)) {
    if (!QUALIFIERS.has(qualifier as FigureQualifier)) throw new DossierError('DOSSIER_DATA_MISSING', `qualifiers.tsv: unknown qualifier ${qualifier}.`);
    const parts = splitForm(phrase);
    if (!parts.length) continue;
    const entry: QualifierEntry = { qualifier: qualifier as FigureQualifier, where: where === 'after' ? 'after' : 'before', parts };
    if (entry.where === 'before') pushSorted(qualifiersBefore, parts[parts.length - 1], entry);
    else pushSorted(qualifiersAfter, parts[0], entry);
  }
  const measures = new Map<string, MeasureForm[]>();
  for (const [measure, verb, irregular = ''] of readRows(path.join(dir, 'figure-measures.tsv'), 2)) {
    const forms: Array<[string, MeasureForm['inflection']]> = [[measure, 'ed']];
    if (irregular.trim()) {
      for (const f of irregular.split(',')) {
        const w = f.trim();
        if (!w) continue;
        const inflection = w === measure ? 'ed' : w.endsWith('ing') ? 'ing' : w.endsWith('ed') || w === 'dead' || w === 'missing' ? 'ed' : w.endsWith('s') && !verb.endsWith('s') ? (w.startsWith(verb.slice(0, 3)) && w.length <= verb.length + 2 ? 's' : 'noun') : 'noun';
        forms.push([w, inflection]);
      }
    } else if (!verb.includes(' ')) forms.push(...regularForms(verb));
    const seen = new Set<string>();
    for (const [form, inflection] of forms) {
      if (seen.has(form)) continue;
      seen.add(form);
      const parts = splitForm(form);
      if (parts.length) pushSorted(measures, parts[0], { measure, inflection, parts });
    }
  }
  const lexicon: FigureLexicon = { units, qualifiersBefore, qualifiersAfter, measures };
  cached = { dir, lexicon };
  return lexicon;
}
