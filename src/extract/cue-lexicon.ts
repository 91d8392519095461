// The cue lexicon: reporting words with their class, stance and the rule patterns they may take part
// in. The words are data (lexicons/cues.tsv), so adding a verb is one line, not a code change.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CueClass, Stance } from '../contract.js';
import { DossierError } from '../errors.js';

/** Rule patterns a cue may take part in (bit flags, from the `frames` column). */
export const CueFrame = {
  QUOTE: 1,         // q: next to a direct quote
  CLAUSE: 2,        // c: bare clause complement (X said Ukraine must …)
  THAT: 4,          // t: 'that' clause
  OBJECT: 8,        // o: object or rest of clause (X accused Y of …)
  PARENTHETICAL: 16, // i: after its content (…, the minister said.)
} as const;

const FRAME_LETTERS: Record<string, number> = { q: CueFrame.QUOTE, c: CueFrame.CLAUSE, t: CueFrame.THAT, o: CueFrame.OBJECT, i: CueFrame.PARENTHETICAL };

export interface CueEntry {
  lemma: string;
  class: CueClass;
  stance: Stance;
  frames: number;
}

/** One written form: its first word is the map key, `rest` the following words (lower case). */
export interface CueForm {
  rest: readonly string[];
  entry: CueEntry;
  /** How the form is inflected, from its ending: 'ing' (participle), 'ed', 's', 'base'. */
  inflection: 'ing' | 'ed' | 's' | 'base';
}

export interface CueLexicon {
  /** Number of lemmas. */
  size: number;
  entries: ReadonlyMap<string, CueEntry>;
  /** First word of a form (lower case) → forms starting with it, longest first. */
  forms: ReadonlyMap<string, readonly CueForm[]>;
}

const CLASSES = new Set<CueClass>(['speech', 'thought', 'according', 'other']);
const STANCES = new Set<Stance>(['neutral', 'emphatic', 'distancing', 'accusing', 'denying', 'conceding']);

/** Regular -ed/-s/-ing forms of a verb, for lines that leave the forms column out. */
export function inflectRegular(verb: string): string[] {
  const v = verb.toLowerCase();
  if (v.endsWith('e') && !v.endsWith('ee')) return [v, `${v}d`, `${v}s`, `${v.slice(0, -1)}ing`];
  if (/[^aeiou]y$/.test(v)) return [v, `${v.slice(0, -1)}ied`, `${v.slice(0, -1)}ies`, `${v}ing`];
  if (/(?:ss|sh|ch|x|z)$/.test(v)) return [v, `${v}ed`, `${v}es`, `${v}ing`];
  return [v, `${v}ed`, `${v}s`, `${v}ing`];
}

function inflectionOf(lastWordOfHead: string, lemmaHead: string): CueForm['inflection'] {
  if (lastWordOfHead.endsWith('ing') && !lemmaHead.endsWith('ing')) return 'ing';
  if (lastWordOfHead === lemmaHead) return 'base';
  if (lastWordOfHead.endsWith('s') && !lemmaHead.endsWith('s')) return 's';
  return 'ed';
}

/** Parses the text of a cues.tsv file; `where` names it in error messages. */
export function parseCueLexicon(source: string, where = 'cues.tsv'): CueLexicon {
  const entries = new Map<string, CueEntry>();
  const forms = new Map<string, CueForm[]>();
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cols = line.split('\t');
    const [lemma, cls, stance, frameText = '', formText = ''] = cols.map((c) => c.trim());
    if (!lemma || !CLASSES.has(cls as CueClass) || !STANCES.has(stance as Stance)) {
      throw new DossierError('DOSSIER_DATA_MISSING', `${where} line ${n + 1}: expected "lemma<TAB>class<TAB>stance[<TAB>frames<TAB>forms]" with a known class and stance, got "${line}".`);
    }
    let frames = 0;
    for (const ch of frameText) frames |= FRAME_LETTERS[ch] ?? 0;
    const entry: CueEntry = { lemma, class: cls as CueClass, stance: stance as Stance, frames };
    entries.set(lemma, entry);
    const written = formText ? formText.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean)
      : lemma.includes(' ') ? [lemma] : inflectRegular(lemma);
    const lemmaHead = lemma.split(' ')[0];
    for (const f of written) {
      const words = f.split(/\s+/);
      const list = forms.get(words[0]) ?? [];
      list.push({ rest: words.slice(1), entry, inflection: inflectionOf(words[0], lemmaHead) });
      forms.set(words[0], list);
    }
  }
  for (const list of forms.values()) list.sort((a, b) => b.rest.length - a.rest.length);
  return { size: entries.size, entries, forms };
}

/** Loads lexicons/cues.tsv from `dir`. */
export function loadCueLexicon(dir: string): CueLexicon {
  const file = path.join(dir, 'cues.tsv');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The cue lexicon ${file} could not be read; reinstall Dossier or restore lexicons/cues.tsv.`, { cause: err });
  }
  return parseCueLexicon(source, file);
}
