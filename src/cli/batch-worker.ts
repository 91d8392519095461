// Worker thread for `--jsonl --workers N`: loads the engine's resources once, then analyses lines.
import { workerData } from 'node:worker_threads';
import { BatchAnalyzer } from '../analyze.js';
import { loadResources, resourceTableSharing } from '../resources.js';
import { analyzeLine, type BatchTask, type BatchWorkerData } from './batch.js';
import { serveTasks } from '../worker-pool.js';

const options = (workerData ?? {}) as BatchWorkerData;

await serveTasks<BatchTask, string>(() => {
  const resources = loadResources();
  const batcher = new BatchAnalyzer(resources); // the lines this worker holds are analysed together
  return (task) => analyzeLine(task.line, task.lineNo, options, resources, batcher);
}, options.privateTables ? undefined : resourceTableSharing); // one copy of the weight tables for the pool (models/shared-tables.ts)
