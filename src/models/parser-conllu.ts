// Reads UD CoNLL-U into the trees the parser trains and is scored on: syntactic words only (a multiword
// token such as "don't" gives do + n't, as our tokeniser splits it; range lines and empty nodes like
// "8.1" are skipped), with UPOS, 0-based heads (-1 = root) and basic relations. A relation outside
// DEPRELS falls back to its base type (obl:tmod -> obl), then to 'dep'.

import { DEPREL_INDEX, UPOS_INDEX } from '../tagsets.js';

export interface DependencySentence {
  forms: string[];
  /** Indices into UPOS. */
  upos: Uint8Array;
  /** Head word index within the sentence, -1 for the root. */
  head: Int32Array;
  /** Indices into DEPRELS. */
  deprel: Uint8Array;
}

const DEP = DEPREL_INDEX.get('dep')!;

export function deprelIndex(rel: string): number {
  const exact = DEPREL_INDEX.get(rel);
  if (exact !== undefined) return exact;
  const colon = rel.indexOf(':');
  return (colon > 0 ? DEPREL_INDEX.get(rel.slice(0, colon)) : undefined) ?? DEP;
}

export function readDependencyConllu(content: string): DependencySentence[] {
  const out: DependencySentence[] = [];
  let forms: string[] = [], upos: number[] = [], head: number[] = [], deprel: number[] = [];
  const flush = (): void => {
    if (forms.length === 0) return;
    out.push({ forms, upos: Uint8Array.from(upos), head: Int32Array.from(head), deprel: Uint8Array.from(deprel) });
    forms = []; upos = []; head = []; deprel = [];
  };
  for (const raw of content.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) { flush(); continue; }
    if (line.charCodeAt(0) === 35 /* # */) continue;
    const cols = line.split('\t');
    if (cols.length < 8 || cols[0].includes('-') || cols[0].includes('.')) continue;
    forms.push(cols[1]);
    upos.push(UPOS_INDEX.get(cols[3]) ?? 0);
    head.push(Number(cols[6]) - 1);
    deprel.push(deprelIndex(cols[7]));
  }
  flush();
  return out;
}
