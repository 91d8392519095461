// STUB — Part-of-speech tags and lemmas (doc.upos, doc.lemmas) from the averaged-perceptron tagger.
// Until the model lands this stage adds nothing and later stages fall back to their rules.
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
export function tagTokens(_doc: Doc, _resources: Resources): void {}
