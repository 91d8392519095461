// Weight tables shared between worker threads. Each engine worker used to hold its own copy of the
// parser's, tagger's, NER's and attribution pass's weights (about 19 MB of int8/int16 rows read at
// random): two workers then kept twice that in a 16 MB last-level cache and slowed each other down.
// A model publishes its read-only tables; they are copied once into SharedArrayBuffers, and every
// other worker swaps its own copy for views of the same memory. Only tables that inference never
// writes are shared — scratch arrays and caches filled on first use stay per thread.

import { DossierError } from '../errors.js';

export type WeightTable = Int8Array | Int16Array | Int32Array | Uint32Array | Float32Array;

/** Named read-only tables of one model. */
export type TableSet = Record<string, WeightTable>;

/** A model whose inference tables can be shared between threads. */
export interface SharesTables {
  /** The tables inference reads and never writes (empty when the model is not in its frozen form). */
  sharedTables(): TableSet;
  /** Uses the given tables instead of its own; each must have the type and length of the one it replaces. */
  adoptTables(tables: TableSet): void;
}

/** A copy of the table in shared memory (structured clone passes the memory itself to another thread). */
export function toShared<T extends WeightTable>(table: T): T {
  const Ctor = table.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(table.byteLength));
  copy.set(table as never);
  return copy;
}

/** Copies every table of the set into shared memory. */
export function shareTableSet(tables: TableSet): TableSet {
  const out: TableSet = {};
  for (const [name, table] of Object.entries(tables)) out[name] = toShared(table);
  return out;
}

/**
 * The replacement for `own` from `given`, checked: a table of another type or length would mean the two
 * threads loaded different model files, and reading it would give wrong scores rather than an error.
 */
export function sameShape<T extends WeightTable>(model: string, name: string, own: T | null, given: WeightTable | undefined): T | null {
  if (given === undefined) return own;
  if (!own || own.constructor !== given.constructor || own.length !== given.length) {
    throw new DossierError('DOSSIER_INTERNAL', `The shared ${model} table "${name}" does not match this thread's model (${given.constructor.name}[${given.length}] for ${own ? `${own.constructor.name}[${own.length}]` : 'none'}); were the models changed while the workers started?`);
  }
  return given as T;
}
