// Named-entity BIO tags (doc.ner, indices into NER_TAGS) from the perceptron NER over each
// sentence's tokens. Without a model (resources.ner null) the layer stays empty and later stages
// fall back to their rules.

import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
import { TokenFlag } from '../text/tokens.js';
import type { NerInput } from './ner.js';
import { docWordFeatures } from './word-features.js';

export function recognizeEntities(doc: Doc, resources: Resources): void {
  const model = resources.ner;
  const t = doc.tokens;
  if (!model || t.count === 0) return;
  const space = new Uint8Array(t.count);
  for (let i = 0; i < t.count; i++) space[i] = t.flags[i] & TokenFlag.SPACE_BEFORE ? 1 : 0;
  const s = doc.sentences;
  // The form ids the tagger's word features gave the tokens (computed here when there is no tagger).
  const wf = docWordFeatures(doc);
  const input: NerInput = {
    text: doc.text, count: t.count, start: t.start, end: t.end, spaceBefore: space,
    sentences: s.count, sentStart: s.tokenStart, sentEnd: s.tokenEnd, formIds: wf.ids, formGeneration: wf.generation,
  };
  const ner = new Uint8Array(t.count);
  model.run(input, ner);
  doc.ner = ner;
}
