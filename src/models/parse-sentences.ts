// Dependency trees (doc.head, doc.deprel) from the transition-based parser (parser.ts), one sentence at
// a time over doc.sentences. Words are hashed straight from doc.text (no token strings); tags come from
// doc.upos. Without tags (no tagger model) the stage adds nothing: the parser leans on tags, and wrong
// trees would mislead the stages that read them more than no trees at all. A sentence longer than MAX_SENTENCE is parsed in chunks whose roots
// hang from the first chunk's root ('dep'), so every sentence still gets exactly one root.

import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
import { DEPREL_INDEX } from '../tagsets.js';
import { MAX_SENTENCE, wordHash } from './parser.js';

const DEP = DEPREL_INDEX.get('dep')!;

export function parseSentences(doc: Doc, resources: Resources): void {
  const parser = resources.parser;
  if (!parser) return;
  const t = doc.tokens, text = doc.text, s = doc.sentences;
  const head = new Int32Array(t.count).fill(-1);
  const deprel = new Uint8Array(t.count);
  if (doc.upos.length !== t.count) return;
  for (let si = 0; si < s.count; si++) {
    const from = s.tokenStart[si], to = s.tokenEnd[si];
    let sentenceRoot = -1;
    for (let c = from; c < to; c += MAX_SENTENCE) {
      const n = Math.min(MAX_SENTENCE, to - c);
      for (let i = 0; i < n; i++) parser.setWord(i, wordHash(text, t.start[c + i], t.end[c + i]), doc.upos[c + i]);
      parser.parse(n);
      for (let i = 0; i < n; i++) {
        const h = parser.head[i];
        deprel[c + i] = parser.label[i];
        if (h !== n) { head[c + i] = c + h; continue; }
        if (sentenceRoot < 0) sentenceRoot = c + i;
        else { head[c + i] = sentenceRoot; deprel[c + i] = DEP; }
      }
    }
  }
  doc.head = head;
  doc.deprel = deprel;
}
