// Reads UD CoNLL-U into the sentences the tagger trains and is scored on: syntactic words (a multiword
// token such as "don't" gives do + n't, as our tokeniser splits it), their UPOS and lemmas, and each
// document's text rebuilt from the `# text` lines so our own tokeniser can be scored against it.

import { UPOS_INDEX } from '../tagsets.js';

export interface TaggedSentence {
  forms: string[];
  /** Indices into UPOS. */
  upos: Uint8Array;
  lemmas: string[];
  /** Index of the document in the file. */
  doc: number;
  /** Character span of each word in its document's text, -1 when a multiword token's words cannot be placed. */
  start: Int32Array;
  end: Int32Array;
}

export interface TaggedCorpus {
  sentences: TaggedSentence[];
  /** Each document's text: sentences joined by a space, paragraphs (# newpar) by a blank line. */
  texts: string[];
}

export function readTaggedConllu(content: string): TaggedCorpus {
  const sentences: TaggedSentence[] = [];
  const texts: string[] = [];
  let forms: string[] = [], upos: number[] = [], lemmas: string[] = [], starts: number[] = [], ends: number[] = [];
  let sentText = '', base = 0, pos = 0, newpar = false;
  let mwtLast = 0, mwtStart = -1, mwtEnd = -1, mwtFirst = 0;
  const flush = (): void => {
    if (forms.length === 0) return;
    if (texts.length === 0) texts.push('');
    sentences.push({ forms, upos: Uint8Array.from(upos), lemmas, doc: texts.length - 1, start: Int32Array.from(starts), end: Int32Array.from(ends) });
    forms = []; upos = []; lemmas = []; starts = []; ends = [];
  };
  const align = (form: string): number => {
    while (pos < sentText.length && (sentText.charCodeAt(pos) === 32 || sentText.charCodeAt(pos) === 9)) pos++;
    if (sentText.startsWith(form, pos)) { const s = pos; pos += form.length; return base + s; }
    return -1;
  };
  for (const raw of content.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) { flush(); continue; }
    if (line.startsWith('#')) {
      if (line.startsWith('# newdoc')) { flush(); texts.push(''); newpar = false; }
      else if (line.startsWith('# newpar')) newpar = true;
      else if (line.startsWith('# text = ')) {
        if (texts.length === 0) texts.push('');
        const d = texts.length - 1;
        sentText = line.slice(9);
        if (texts[d].length > 0) texts[d] += newpar ? '\n\n' : ' ';
        newpar = false;
        base = texts[d].length;
        texts[d] += sentText;
        pos = 0; mwtLast = 0;
      }
      continue;
    }
    const cols = line.split('\t');
    const id = cols[0];
    if (id.includes('.')) continue;
    const dash = id.indexOf('-');
    if (dash > 0) {
      mwtFirst = Number(id.slice(0, dash));
      mwtLast = Number(id.slice(dash + 1));
      mwtStart = align(cols[1]);
      mwtEnd = mwtStart >= 0 ? mwtStart + cols[1].length : -1;
      continue;
    }
    const n = Number(id);
    let s = -1, e = -1;
    if (n <= mwtLast) {
      // Words of a multiword token get spans only when they spell it in order (do + n't = don't).
      if (mwtStart >= 0) {
        const cursor = n === mwtFirst ? mwtStart : (ends.length ? ends[ends.length - 1] : -1);
        const doc = texts[texts.length - 1];
        if (cursor >= 0 && doc.startsWith(cols[1], cursor) && cursor + cols[1].length <= mwtEnd) { s = cursor; e = cursor + cols[1].length; }
      }
    } else {
      s = align(cols[1]);
      e = s >= 0 ? s + cols[1].length : -1;
    }
    forms.push(cols[1]);
    lemmas.push(cols[2]);
    upos.push(UPOS_INDEX.get(cols[3]) ?? 0);
    starts.push(s); ends.push(e);
  }
  flush();
  return { sentences, texts };
}
