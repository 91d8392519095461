// The event lexicon: CAMEO verbs and verb+object patterns (lexicons/event-verbs.tsv, derived from the
// PETRARCH2 dictionary by src/train/build-event-lexicon.ts), nominal triggers (event-nouns.tsv), what
// a demand asks for (event-demands.tsv) and the code names (event-codes.tsv). Data, not code: adding a
// trigger is one line.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';

export interface EventVerb {
  lemma: string;
  /** PETRARCH verb group; its patterns refine the code. */
  group: string;
  /** '' = codes only through a pattern ("impose" + "sanctions"). */
  code: string;
}

/** A written verb form: the first word is the map key, `rest` the words after it ("rule" + "out"). */
export interface EventVerbForm {
  rest: readonly string[];
  verb: EventVerb;
  inflection: 'base' | 's' | 'ed' | 'ing';
}

export interface EventPattern {
  words: readonly string[];
  code: string;
}

export type NounClass = 'meet' | 'talks' | 'sanction' | 'violence';

export interface EventNoun {
  rest: readonly string[];
  code: string;
  cls: NounClass;
  needs: 'none' | 'target' | 'talks';
}

export interface EventLexicon {
  verbs: ReadonlyMap<string, readonly EventVerbForm[]>;
  /** Verb group → its object patterns, longest first. */
  patterns: ReadonlyMap<string, readonly EventPattern[]>;
  nouns: ReadonlyMap<string, readonly EventNoun[]>;
  demands: ReadonlyArray<readonly [prefix: string, code: string]>;
  labels: ReadonlyMap<string, string>;
}

function rows(dir: string, file: string, columns: number): string[][] {
  let raw: string;
  try {
    raw = readFileSync(path.join(dir, file), 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The lexicon ${file} could not be read; reinstall Dossier.`, { cause: err });
  }
  const out: string[][] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cells = line.split('\t');
    if (cells.length < columns) throw new DossierError('DOSSIER_DATA_MISSING', `The lexicon ${file} has a malformed line: ${line.slice(0, 60)}`);
    out.push(cells);
  }
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

function inflectionOf(first: string, lemma: string): EventVerbForm['inflection'] {
  if (first.endsWith('ing')) return 'ing';
  if (first === lemma) return 'base';
  if (first.endsWith('s') && !first.endsWith('ss')) return 's';
  return 'ed';
}

export function loadEventLexicon(dir: string): EventLexicon {
  const verbs = new Map<string, EventVerbForm[]>();
  const patterns = new Map<string, EventPattern[]>();
  for (const [kind, a, group, code, forms] of rows(dir, 'event-verbs.tsv', 4)) {
    if (kind === 'V') {
      const verb: EventVerb = { lemma: a, group, code: code === '-' ? '' : code };
      const lemmaHead = a.split(' ')[0];
      for (const form of (forms ?? '').split(',')) {
        const [first, ...rest] = form.split(' ');
        if (first) push(verbs, first, { rest, verb, inflection: inflectionOf(first, lemmaHead) });
      }
    } else if (kind === 'P') {
      push(patterns, group, { words: a.split(' '), code });
    }
  }
  for (const list of patterns.values()) list.sort((x, y) => y.words.length - x.words.length);
  for (const list of verbs.values()) list.sort((x, y) => y.rest.length - x.rest.length);

  const nouns = new Map<string, EventNoun[]>();
  for (const [forms, code, cls, needs] of rows(dir, 'event-nouns.tsv', 4)) {
    for (const form of forms.split(',')) {
      const [first, ...rest] = form.trim().split(' ');
      push(nouns, first, { rest, code, cls: cls as NounClass, needs: needs === '-' ? 'none' : needs as EventNoun['needs'] });
    }
  }
  for (const list of nouns.values()) list.sort((x, y) => y.rest.length - x.rest.length);

  const demands = rows(dir, 'event-demands.tsv', 2).map(([prefix, code]) => [prefix, code] as const);
  const labels = new Map(rows(dir, 'event-codes.tsv', 2).map(([code, name]) => [code, name] as const));
  return { verbs, patterns, nouns, demands, labels };
}
