// STUB — to be written.
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
export function splitSentencesDoc(_doc: Doc, _resources: Resources): void {}
