// Worker thread for `--jsonl --workers N`: loads the engine's resources once, then analyses lines.
import { workerData } from 'node:worker_threads';
import { loadResources, resourceTableSharing } from '../resources.js';
import { analyzeLine, type BatchTask, type BatchWorkerData } from './batch.js';
import { serveTasks } from '../worker-pool.js';

const options = (workerData ?? {}) as BatchWorkerData;

await serveTasks<BatchTask, string>(() => {
  const resources = loadResources();
  return (task) => analyzeLine(task.line, task.lineNo, options, resources);
}, options.privateTables ? undefined : resourceTableSharing); // one copy of the weight tables for the pool (models/shared-tables.ts)
