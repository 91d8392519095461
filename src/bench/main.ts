// `npm run bench [-- --file F] [--repeat N] [--workers N] [--limit N] [--json] [--stages]`.
import { parseBenchArgs } from './bench-args.js';
import path from 'node:path';
import { asDossierError } from '../errors.js';
import { PROJECT_ROOT } from '../resources.js';
import { defaultWorkers, formatReport, formatStages, runBench, runStageBench } from './run-bench.js';

/** PolNeAR dev, beside the project as ../shared (never copied into it). */
export const DEFAULT_BENCH_FILE = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'dev.jsonl');

const USAGE = `usage: npm run bench -- [--file FILE] [--repeat N] [--workers N] [--limit N] [--json] [--stages]
  --file FILE    JSON lines with a "text" field (default: ${DEFAULT_BENCH_FILE})
  --repeat N     run the set N times in each measurement (default 3)
  --workers N    worker threads for the pooled run (default: one per core)
  --limit N      use only the first N articles
  --json         print the report as JSON
  --stages       only the per-stage table (CPU ms, least and mean wall ms per article), no batch runs
`;

export async function main(argv: string[]): Promise<number> {
  // `npm run bench -- ingest …`, `-- ingest-kill …` and `-- ingest-main …`: the store-backed benchmarks (src/bench/ingest*.ts).
  if (argv[0] === 'ingest') return (await import('./ingest.js')).main(argv.slice(1));
  if (argv[0] === 'ingest-kill') return (await import('./ingest-kill.js')).main(argv.slice(1));
  if (argv[0] === 'ingest-main') return (await import('./ingest-main.js')).main(argv.slice(1));
  const values = parseBenchArgs(argv, {
    file: { type: 'string' }, repeat: { type: 'string' }, workers: { type: 'string' },
    limit: { type: 'string' }, json: { type: 'boolean' }, stages: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof values === 'number') return values;
  const int = (v: string | undefined, fallback: number, min: number): number | null => {
    if (v === undefined) return fallback;
    return /^\d+$/.test(v) && Number(v) >= min ? Number(v) : null;
  };
  const repeat = int(values.repeat, 3, 1);
  const workers = values.workers === 'auto' ? defaultWorkers() : int(values.workers, defaultWorkers(), 1);
  const limit = int(values.limit, 0, 0);
  if (repeat === null || workers === null || limit === null) {
    process.stderr.write(`bench: --repeat, --workers and --limit take whole numbers\n${USAGE}`);
    return 2;
  }
  try {
    if (values.stages) {
      const r = runStageBench({ file: values.file ?? DEFAULT_BENCH_FILE, repeat, workers, limit });
      process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n`
        : `${r.articles} articles × ${r.repeat}, ${r.tokensPerArticle.toFixed(0)} tokens/article\n${formatStages(r.stages).join('\n')}\n`);
      return 0;
    }
    const report = await runBench({
      file: values.file ?? DEFAULT_BENCH_FILE,
      repeat,
      workers,
      limit,
      log: (line) => process.stderr.write(`bench: ${line}\n`),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`bench: ${e.code}: ${e.message}\n`);
    return e.code === 'DOSSIER_INTERNAL' ? 70 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
