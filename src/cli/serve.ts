// `dossier serve`: the HTTP API and the web app over a store. `dossier demo`: the bundled demo corpus
// ingested into a temporary store (removed on exit), then served, with a few things to try printed.
// Both run until SIGINT/SIGTERM, then close the server and the store.

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { EXIT, UsageError } from './exit.js';
import { COMMAND_HELP } from './help.js';
import { countItems, expandSources, itemsOf } from './ingest-sources.js';
import { DEFAULT_DB, openCliStore, parseCli, parseCount } from './ingest-args.js';
import type { CliIO, Output } from './io.js';
import { ProgressBar, type ProgressStream } from './progress.js';

const SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  db: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const DEMO_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  print: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

const serveModule = () => import('../serve/server.js');

function listenOptions(values: { host?: string; port?: string }): { host: string; port: number } {
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('DOSSIER_BAD_OPTION', '--host needs an address, such as 127.0.0.1 or 0.0.0.0.');
  return { host, port: parseCount(values.port, '--port', DEFAULT_PORT, 0, 65535) };
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

async function startServer(store: Store, token: string, where: { host: string; port: number; fallback?: boolean }): Promise<{ app: FastifyInstance; url: string }> {
  const { buildServer } = await serveModule();
  const { listen } = await import('../serve/listen.js');
  // posted articles are analysed off the thread that answers requests: one core left for it
  const app = await buildServer({ store, token, analyzeWorkers: Math.max(1, Math.min(4, availableParallelism() - 1)) });
  try {
    return { app, url: await listen(app, where) };
  } catch (err) {
    await app.close();
    throw err;
  }
}

export async function serveCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values } = parseCli('serve', args, SERVE_OPTIONS, false);
  if (values.help) {
    out.write(COMMAND_HELP.serve);
    return EXIT.OK;
  }
  const where = listenOptions(values);
  const given = values.token ?? io.env.DOSSIER_TOKEN;
  if (given !== undefined && given.trim().length < 8) throw new UsageError('DOSSIER_BAD_OPTION', 'The write token must be at least 8 characters long.');
  const { newToken } = await import('../serve/auth.js');
  const token = given ?? newToken();
  const db = values.db ?? DEFAULT_DB;
  const store = await openCliStore(db);
  try {
    const { app, url } = await startServer(store, token, where);
    out.write(`Dossier is serving ${store.kind === 'sqlite' ? db : 'PostgreSQL'} at ${url}/\n`);
    // A token made up here is shown once; one the user gave is theirs already and is not echoed.
    if (given === undefined) out.write(`Write token (for ingest and merges; shown only now): ${token}\n`);
    out.write(`API: ${url}/api/health · ${url}/openapi.json · Ctrl-C stops.\n`);
    await untilStopped();
    await app.close();
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

/** The demo corpus: the reference article (dated by its file name) and the Wikinews reports, as `dossier ingest examples/` reads them. */
async function ingestDemoCorpus(store: Store, io: CliIO, signal: AbortSignal): Promise<number> {
  const { PROJECT_ROOT } = await import('../resources.js');
  const { IngestRunner, inProcessAnalyzer } = await import('./ingest-run.js');
  const { storyIndexer } = await import('./ingest.js');
  const examples = path.join(PROJECT_ROOT, 'examples');
  const stderr = io.stderr as NodeJS.WritableStream & ProgressStream;
  const progress = new ProgressBar(stderr, { enabled: stderr.isTTY === true });
  const analyzer = await inProcessAnalyzer();
  try {
    const units = await expandSources([examples], {});
    const runner = new IngestRunner(store, { analyzer, index: await storyIndexer(), progress, signal });
    const articles = countItems(units.filter((u) => u.kind !== 'skip'));
    runner.expect(articles);
    stderr.write(`dossier: ingesting the demo corpus (${articles} articles from ${examples}) …\n`);
    await runner.run(itemsOf(units, {}));
    progress.clear();
    const s = runner.summary();
    stderr.write(`dossier: ${s.ingested} articles analysed and linked into the story in ${s.seconds.toFixed(1)} s${s.failed ? ` (${s.failed} failed)` : ''}.\n`);
    return s.ingested;
  } finally {
    progress.clear();
    await analyzer.close();
  }
}

function tryLines(url: string): string {
  return [
    'Things to try:',
    `  ${url}/#/entity/Lavrov                 Sergey Lavrov: what he said, aliases, claims`,
    `  ${url}/#/story/timeline                the story over time; also #/story/figures, #/story/meetings, #/story/claims`,
    `  ${url}/api/quotes?by=Lavrov            the same as JSON (every item with its article id and span)`,
    `  ${url}/api/figures?subject=civilians&measure=killed   a toll as a series`,
    '',
  ].join('\n');
}

export async function demoCommand(args: string[], io: CliIO, out: Output, printArticle: () => Promise<number>): Promise<number> {
  const { values } = parseCli('demo', args, DEMO_OPTIONS, false);
  if (values.help) {
    out.write(COMMAND_HELP.demo);
    return EXIT.OK;
  }
  if (values.print) {
    if (values.host !== undefined || values.port !== undefined) throw new UsageError('DOSSIER_BAD_OPTION', '--print shows the marked-up article and starts no server: --host and --port do not apply.');
    return printArticle();
  }
  const where = listenOptions(values);
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-demo-'));
  // however the process ends, the temporary store goes with it
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  let store: Store | null = null;
  try {
    store = await openCliStore(path.join(dir, 'demo.db'));
    // Ctrl-C while the corpus is read stops the reading, and the demo with it
    const stopped = untilStopped();
    const interrupted = new AbortController();
    void stopped.then(() => interrupted.abort());
    await ingestDemoCorpus(store, io, interrupted.signal);
    if (interrupted.signal.aborted) return EXIT.OK;
    const { newToken } = await import('../serve/auth.js');
    const token = newToken();
    const { app, url } = await startServer(store, token, { ...where, fallback: true });
    out.write(`Dossier demo at ${url}/\n`);
    out.write(`Temporary store: ${dir} (removed on exit)\n`);
    out.write(`Write token (for adding articles): ${token}\n\n`);
    out.write(tryLines(url));
    out.write('Ctrl-C stops the demo.\n');
    await stopped;
    await app.close();
    return EXIT.OK;
  } finally {
    await store?.close();
    removeDir();
    process.off('exit', removeDir);
  }
}
