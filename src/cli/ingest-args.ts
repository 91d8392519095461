// What the store-backed commands (ingest, reanalyze, the questions, export) share: strict argument
// parsing with one-line usage errors, --workers and --db, and opening the store.

import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DossierError } from '../errors.js';
import type { Store } from '../store/store.js';
import { UsageError } from './exit.js';

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** The store used when --db is not given: a SQLite file in the working folder. */
export const DEFAULT_DB = 'dossier.db';

/** Most worker threads `--workers` accepts; more only costs memory. */
const MAX_WORKERS = 256;

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors. */
export type ParsedCli<T extends ParseArgsOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>>;

export function parseCli<T extends ParseArgsOptions>(command: string, args: string[], options: T, allowPositionals = true): ParsedCli<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals }) as ParsedCli<T>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = (err as Error).message;
    const option = /'([^']+)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError('DOSSIER_BAD_OPTION', `Unknown option ${option} for \`dossier ${command}\`.`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError('DOSSIER_BAD_OPTION', `Option ${option.replace(/ <value>$/, '')} ${/missing/.test(message) ? 'needs a value' : 'has a bad value'} (write --option=value when the value starts with -).`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('DOSSIER_BAD_OPTION', `\`dossier ${command}\` takes no argument "${option}".`);
    throw err;
  }
}

export function parseWorkerCount(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === 'auto' || value === '0') return availableParallelism();
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) {
    throw new UsageError('DOSSIER_BAD_OPTION', `--workers must be a whole number from 1 to ${MAX_WORKERS}, or 0/auto for one per core; got "${value}".`);
  }
  return n;
}

/** An ISO date from the command line, or a usage error that names the option. */
export async function checkedDate(value: string, option = '--published'): Promise<string> {
  const { checkPublished } = await import('../analyze.js');
  try {
    return checkPublished(value);
  } catch (err) {
    if (err instanceof DossierError) throw new UsageError(err.code, `${option}: ${err.message}`);
    throw err;
  }
}

/** A whole number option within bounds. */
export function parseCount(value: string | undefined, option: string, fallback: number, min = 1, max = 1_000_000_000): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError('DOSSIER_BAD_OPTION', `${option} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

/** Opens (and migrates) the store named by --db: a file path, or a postgres:// URL. */
export async function openCliStore(spec: string): Promise<Store> {
  const { openStore } = await import('../store/store.js');
  return openStore(spec);
}
