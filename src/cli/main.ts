// `dossier`: the command line. Parses arguments (strictly), runs one command, and maps every outcome to
// an exit status in one place (exit.ts). A person sees one line per failure, never a stack trace.

import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DossierError } from '../errors.js';
import type { LineExecutor } from './batch.js';
import { describeFailure, EXIT, exitCodeFor, UsageError } from './exit.js';
import { COMMAND_HELP, USAGE } from './help.js';
import { Output, processIO, wantsColor, type CliIO } from './io.js';

// The engine, ingest (Readability, linkedom, undici) and the lexicons load only for commands that
// analyse, so `--help` and usage errors answer at once.
const engine = () => import('../analyze.js');
const ingest = () => import('../ingest/load-input.js');
const batch = () => import('./batch.js');
const projectRoot = async (): Promise<string> => (await import('../resources.js')).PROJECT_ROOT;

/** The reference article shipped with the package (relative to the project root), and its publication date. */
export const DEMO_ARTICLE = path.join('examples', 'lavrov-2022-03-28.txt');
export const DEMO_PUBLISHED = '2022-03-28';

/** Most worker threads `--workers` accepts; more only costs memory. */
const MAX_WORKERS = 256;

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const out = new Output(io.stdout);
  try {
    const status = await dispatch(argv, io, out);
    if (out.failure) throw out.failure;
    return status;
  } catch (err) {
    if (out.closed) return EXIT.OK;
    io.stderr.write(describeFailure(err, io.env));
    return exitCodeFor(err);
  } finally {
    out.release();
  }
}

async function dispatch(argv: string[], io: CliIO, out: Output): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr.write(USAGE);
      return EXIT.USAGE;
    case '-h':
    case '--help':
      out.write(USAGE);
      return EXIT.OK;
    case '-v':
    case '--version':
      out.write(`dossier ${packageVersion(await projectRoot())}\n`);
      return EXIT.OK;
    case 'help':
      return helpCommand(rest, out);
    case 'analyze':
      return analyzeCommand(rest, io, out);
    case 'demo':
      return (await import('./serve.js')).demoCommand(rest, io, out, () => printDemoArticle(io, out));
    case 'serve':
      return (await import('./serve.js')).serveCommand(rest, io, out);
    case 'ingest':
      return (await import('./ingest.js')).ingestCommand(rest, io, out);
    case 'reanalyze':
      return (await import('./ingest.js')).reanalyzeCommand(rest, io, out);
    case 'export':
      return (await import('./export.js')).exportCommand(rest, io, out);
    default:
      if (QUERY_COMMANDS.has(command)) return (await import('./query.js')).queryCommand(command, rest, io, out);
      if (command.startsWith('-')) throw new UsageError('DOSSIER_BAD_OPTION', `Unknown option ${command}; options come after a command.`);
      throw new UsageError('DOSSIER_BAD_OPTION', `Unknown command "${command}"; ${COMMAND_LIST}.`);
  }
}

/** Questions over the store, answered by src/cli/query.ts. */
const QUERY_COMMANDS = new Set(['quotes', 'timeline', 'figures', 'events', 'claims', 'search', 'entities', 'entity', 'merge', 'unmerge']);

const COMMAND_LIST = 'the commands are analyze, demo, serve, ingest, reanalyze, quotes, timeline, figures, events, claims, search, entities, entity, merge, unmerge, export and help';

function helpCommand(args: string[], out: Output): number {
  if (args.length > 1) throw new UsageError('DOSSIER_BAD_OPTION', '`dossier help` takes at most one command name.');
  const topic = args[0];
  if (topic === undefined) out.write(USAGE);
  else if (topic in COMMAND_HELP) out.write(COMMAND_HELP[topic]);
  else throw new UsageError('DOSSIER_BAD_OPTION', `There is no command "${topic}"; ${COMMAND_LIST}.`);
  return EXIT.OK;
}

const ANALYZE_OPTIONS = {
  published: { type: 'string' },
  title: { type: 'string' },
  format: { type: 'string' },
  tokens: { type: 'boolean' },
  'allow-private': { type: 'boolean' },
  jsonl: { type: 'boolean' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

async function analyzeCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values, positionals } = parse('analyze', args, ANALYZE_OPTIONS);
  if (values.help) {
    out.write(COMMAND_HELP.analyze);
    return EXIT.OK;
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'pretty') {
    throw new UsageError('DOSSIER_BAD_OPTION', `--format must be json or pretty, not "${format}".`);
  }
  const allowPrivate = values['allow-private'] ?? false;
  const tokens = values.tokens ?? false;

  if (values.jsonl) {
    if (positionals.length > 1) throw new UsageError('DOSSIER_BAD_OPTION', '--jsonl reads one FILE (or - for standard input).');
    for (const name of ['published', 'title'] as const) {
      if (values[name] !== undefined) throw new UsageError('DOSSIER_BAD_OPTION', `--${name} applies to a single article; with --jsonl give "${name}" on each line.`);
    }
    if (format !== 'json') throw new UsageError('DOSSIER_BAD_OPTION', '--jsonl writes JSON lines only; --format pretty is for a single article.');
    return batchCommand(positionals[0] ?? '-', parseWorkers(values.workers), { tokens, allowPrivate }, io, out);
  }

  if (values.workers !== undefined) throw new UsageError('DOSSIER_BAD_OPTION', '--workers applies to --jsonl batches only.');
  if (positionals.length === 0) throw new UsageError('DOSSIER_BAD_OPTION', '`dossier analyze` needs an input: a FILE, a URL, or - for standard input.');
  if (positionals.length > 1) throw new UsageError('DOSSIER_BAD_OPTION', `\`dossier analyze\` takes one input, got ${positionals.length}; use --jsonl for a batch.`);
  const { analyze, checkPublished } = await engine();
  const { loadInput } = await ingest();
  let published: string | null = null;
  if (values.published !== undefined) {
    try {
      published = checkPublished(values.published);
    } catch (err) {
      if (err instanceof DossierError) throw new UsageError(err.code, `--published: ${err.message}`);
      throw err;
    }
  }
  const article = await loadInput(positionals[0], { allowPrivate, title: values.title ?? null, published, stdin: io.stdin });
  const analysis = analyze(article, { tokens });
  out.write(format === 'pretty'
    ? (await import('./render-pretty.js')).renderPretty(analysis, { color: wantsColor(io) })
    : `${JSON.stringify(analysis, null, 2)}\n`);
  return EXIT.OK;
}

function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto' || value === '0') return availableParallelism();
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) {
    throw new UsageError('DOSSIER_BAD_OPTION', `--workers must be a whole number from 1 to ${MAX_WORKERS}, or 0/auto for one per core; got "${value}".`);
  }
  return n;
}

async function batchCommand(spec: string, workers: number, options: { tokens: boolean; allowPrivate: boolean }, io: CliIO, out: Output): Promise<number> {
  const input = spec === '-' ? { stream: io.stdin, close: async () => {} } : await openInputFile(spec);
  const { inProcessExecutor, poolExecutor, readLines, runBatch } = await batch();
  const { loadResources } = await import('../resources.js');
  let exec: LineExecutor | null = null;
  try {
    // Resources load before the first line so a broken install stops the batch instead of failing every line.
    exec = workers > 1 ? poolExecutor(options, workers) : inProcessExecutor(options, loadResources());
    const stats = await runBatch(readLines(input.stream), exec, out);
    if (stats.stopped && spec === '-') (io.stdin as { destroy?: () => void }).destroy?.();
    return EXIT.OK;
  } finally {
    await exec?.close();
    await input.close();
  }
}

async function openInputFile(file: string): Promise<{ stream: NodeJS.ReadableStream; close: () => Promise<void> }> {
  try {
    const handle = await open(file, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      throw new DossierError('DOSSIER_INPUT_UNREADABLE', `${file} is a directory, not a JSON-lines file.`);
    }
    const stream = handle.createReadStream({ encoding: 'utf8', autoClose: false });
    return { stream, close: () => handle.close().catch(() => {}) };
  } catch (err) {
    if (err instanceof DossierError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DossierError('DOSSIER_INPUT_NOT_FOUND', `There is no file ${file}.`);
    throw new DossierError('DOSSIER_INPUT_UNREADABLE', `Cannot read ${file} (${code ?? (err as Error).message}).`);
  }
}

/** `dossier demo --print`: the reference article analysed and marked up on the terminal, no server. */
async function printDemoArticle(io: CliIO, out: Output): Promise<number> {
  const [{ analyze }, { loadInput }, { renderPretty }] = await Promise.all([engine(), ingest(), import('./render-pretty.js')]);
  const article = await loadInput(path.join(await projectRoot(), DEMO_ARTICLE), { published: DEMO_PUBLISHED });
  out.write(renderPretty(analyze(article), { color: wantsColor(io) }));
  out.write('\nNext: dossier analyze FILE|URL|- [--format pretty] · dossier analyze --jsonl FILE --workers auto · dossier --help\n');
  return EXIT.OK;
}

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors. */
function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = (err as Error).message;
    const option = /'([^']+)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError('DOSSIER_BAD_OPTION', `Unknown option ${option} for \`dossier ${command}\`.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError('DOSSIER_BAD_OPTION', `Option ${option.replace(/ <value>$/, '')} ${/missing/.test(message) ? 'needs a value' : 'has a bad value'} (write --option=value when the value starts with -).`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('DOSSIER_BAD_OPTION', `\`dossier ${command}\` takes no argument "${option}".`);
    }
    throw err;
  }
}

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
