// `dossier export`: everything in the store, complete (the rows come from src/story/export-rows.ts, which
// the HTTP API streams too); with --out the file appears only once it is whole (written beside it, then
// renamed), so a half export never passes for one.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { DossierError } from '../errors.js';
import { csvField, csvLine, EXPORT_WHATS, exportRows, type ExportWhat } from '../story/export-rows.js';
import { EXIT, UsageError } from './exit.js';
import { COMMAND_HELP } from './help.js';
import { DEFAULT_DB, openCliStore, parseCli } from './ingest-args.js';
import type { CliIO, Output } from './io.js';

const EXPORT_OPTIONS = {
  db: { type: 'string' },
  format: { type: 'string' },
  what: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export { csvField, csvLine, exportRows };

/** A writer with backpressure: stdout through Output, or a file. */
interface Sink {
  write(s: string): Promise<void>;
  close(ok: boolean): Promise<void>;
}

function stdoutSink(out: Output): Sink {
  return {
    async write(s) {
      out.write(s);
      await out.ready();
      if (out.closed) throw new StopExport();
    },
    close: async () => {},
  };
}

/** The reader closed the pipe: stop quietly. */
class StopExport extends Error {}

function fileSink(file: string): Sink {
  const tmp = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(tmp, { encoding: 'utf8' });
  let failure: Error | null = null;
  stream.on('error', (err) => { failure = err; });
  const check = (): void => {
    if (failure) throw new DossierError('DOSSIER_INPUT_UNREADABLE', `Cannot write ${file} (${(failure as NodeJS.ErrnoException).code ?? failure.message}).`);
  };
  return {
    async write(s) {
      check();
      if (!stream.write(s)) await new Promise<void>((resolve) => { stream.once('drain', resolve); stream.once('error', () => resolve()); });
      check();
    },
    async close(ok) {
      await new Promise<void>((resolve) => stream.end(resolve));
      if (ok && !failure) await rename(tmp, file);
      else await rm(tmp, { force: true });
      check();
    },
  };
}

export async function exportCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values } = parseCli('export', args, EXPORT_OPTIONS, false);
  if (values.help) {
    out.write(COMMAND_HELP.export);
    return EXIT.OK;
  }
  const format = values.format;
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('DOSSIER_BAD_OPTION', `--format must be jsonl or csv${format === undefined ? '' : `, not "${format}"`}.`);
  const what = values.what as ExportWhat | undefined;
  if (what === undefined || !EXPORT_WHATS.includes(what)) throw new UsageError('DOSSIER_BAD_OPTION', `--what must be one of ${EXPORT_WHATS.join(', ')}${what === undefined ? '' : `, not "${what}"`}.`);
  if (what === 'analyses' && format === 'csv') throw new UsageError('DOSSIER_BAD_OPTION', 'Analyses are whole documents: export them with --format jsonl (CSV is for quotes, figures, events and entities).');
  const store = await openCliStore(values.db ?? DEFAULT_DB);
  const sink = values.out ? fileSink(values.out) : stdoutSink(out);
  let ok = false;
  let rows = 0;
  try {
    rows = await exportRows(store, what, format, (s) => sink.write(s));
    ok = true;
  } catch (err) {
    if (!(err instanceof StopExport)) throw err;
  } finally {
    await sink.close(ok);
    await store.close();
  }
  if (values.out && ok) io.stderr.write(`dossier: wrote ${rows} ${what} row${rows === 1 ? '' : 's'} to ${values.out}.\n`);
  return EXIT.OK;
}

