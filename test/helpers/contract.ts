// Shared test helpers: validate real output against the contract's JSON Schema and check that
// every span round-trips into the record's text.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Analysis } from '../../src/contract.js';

/** Project root, from dist/test/helpers/. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** ../shared beside the project (the data and the contract). */
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const SCHEMA_PATH = path.join(SHARED, 'contract', 'analysis.schema.json');
export const REFERENCE_PATH = path.join(ROOT, 'examples', 'lavrov-2022-03-28.txt');
export const hasShared = existsSync(SCHEMA_PATH);

let validateFn: ((x: unknown) => boolean) & { errors?: unknown } | null = null;

export function schemaValidator(): ((x: unknown) => boolean) & { errors?: unknown } {
  if (!validateFn) {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    validateFn = ajv.compile(schema);
  }
  return validateFn;
}

/** Asserts `value` is a valid dossier/analysis@1 document. */
export function assertValidAnalysis(value: unknown): asserts value is Analysis {
  const validate = schemaValidator();
  const ok = validate(value);
  assert.ok(ok, `schema errors: ${JSON.stringify(validate.errors, null, 2)}`);
}

const isSpan = (v: unknown): v is { start: number; end: number; text?: string } =>
  typeof v === 'object' && v !== null && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number';

const WS = /\s/u;

/** Walks every span-shaped object in the analysis and checks it indexes `text` exactly. Returns how many were checked. */
export function assertSpansRoundTrip(a: Analysis, options: { allowEdgeWhitespace?: boolean } = {}): number {
  const { text } = a;
  let checked = 0;
  const visit = (v: unknown, where: string): void => {
    if (Array.isArray(v)) { v.forEach((x, i) => visit(x, `${where}[${i}]`)); return; }
    if (typeof v !== 'object' || v === null) return;
    if (isSpan(v) && where !== '$') {
      const { start, end } = v;
      assert.ok(Number.isInteger(start) && Number.isInteger(end), `${where}: offsets must be integers`);
      assert.ok(start >= 0 && start <= end && end <= text.length, `${where}: [${start}, ${end}) outside text of length ${text.length}`);
      if (v.text !== undefined) assert.equal(v.text, text.slice(start, end), `${where}: .text differs from text.slice(start, end)`);
      if (!options.allowEdgeWhitespace && end > start && !where.startsWith('$.tokens')) {
        assert.ok(!WS.test(text[start]) && !WS.test(text[end - 1]), `${where}: span ${JSON.stringify(text.slice(start, end))} starts or ends in whitespace`);
      }
      checked++;
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'text') visit(x, `${where}.${k}`);
  };
  visit(a, '$');
  return checked;
}
