// Worker thread for `--jsonl --workers N`: loads the engine's resources once, then analyses lines.
import { workerData } from 'node:worker_threads';
import { adoptResourceTables, loadResources, shareResourceTables, type SharedResourceTables } from '../resources.js';
import { analyzeLine, type BatchTask, type BatchWorkerData } from './batch.js';
import { serveTasks } from './worker-pool.js';

const options = (workerData ?? {}) as BatchWorkerData;

await serveTasks<BatchTask, string>(() => {
  const resources = loadResources();
  return (task) => analyzeLine(task.line, task.lineNo, options, resources);
}, options.privateTables ? undefined : () => {
  // One copy of the weight tables for the whole pool (see models/shared-tables.ts).
  const resources = loadResources();
  return {
    offer: () => shareResourceTables(resources),
    adopt: (value) => adoptResourceTables(resources, value as SharedResourceTables),
  };
});
