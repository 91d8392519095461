// Exit statuses live here and nowhere else, so a script calling `dossier` can rely on them.

import { asDossierError, DossierError, type ErrorCode } from '../errors.js';

export const EXIT = {
  OK: 0,
  /** The input could not be read or analysed (a DossierError). */
  INPUT: 1,
  /** The command line itself is wrong. */
  USAGE: 2,
  /** A bug or an environment failure (sysexits EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

/** A mistake on the command line; keeps the code of what was wrong (DOSSIER_BAD_OPTION, DOSSIER_BAD_DATE …). */
export class UsageError extends DossierError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof DossierError) return err.code === 'DOSSIER_INTERNAL' ? EXIT.INTERNAL : EXIT.INPUT;
  return EXIT.INTERNAL;
}

/** The one line a person sees for a failure; the stack only with DOSSIER_DEBUG=1. */
export function describeFailure(err: unknown, env: NodeJS.ProcessEnv): string {
  const e = asDossierError(err);
  const hint = err instanceof UsageError ? ' Run `dossier --help` for usage.' : '';
  let out = `dossier: ${e.code}: ${oneLine(e.message)}${hint}\n`;
  if (env.DOSSIER_DEBUG === '1') {
    const stack = err instanceof Error ? err.stack : undefined;
    const cause = e.cause instanceof Error ? e.cause.stack : undefined;
    if (stack) out += `${stack}\n`;
    if (cause && cause !== stack) out += `caused by: ${cause}\n`;
  }
  return out;
}

export const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();
