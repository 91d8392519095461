// STUB — Named-entity BIO tags (doc.ner) from the perceptron NER.
// Until the model lands this stage adds nothing and later stages fall back to their rules.
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
export function recognizeEntities(_doc: Doc, _resources: Resources): void {}
