// The code of the DossierError a call throws (null when it returns), for table tests of bad input.
import assert from 'node:assert/strict';
import { DossierError } from '../../src/errors.js';

function codeOfError(err: unknown): string {
  assert.ok(err instanceof DossierError, `expected a DossierError, got ${String(err)}`);
  return err.code;
}

export function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return codeOfError(err);
  }
}

export async function codeOfAsync(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    return codeOfError(err);
  }
}
