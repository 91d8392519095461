// STUB — Dependency trees (doc.head, doc.deprel) from the transition-based parser.
// Until the model lands this stage adds nothing and later stages fall back to their rules.
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
export function parseSentences(_doc: Doc, _resources: Resources): void {}
