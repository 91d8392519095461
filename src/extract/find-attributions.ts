// STUB — to be written.
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
export function findAttributions(_doc: Doc, _resources: Resources): void {}
