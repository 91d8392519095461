// Worker thread for `dossier ingest --workers N` and `dossier reanalyze`: loads the engine's resources
// once, then analyses articles. Failures come back as values, so one bad article never costs a worker.
import { analyze } from '../analyze.js';
import { asDossierError } from '../errors.js';
import { adoptResourceTables, loadResources, shareResourceTables, type SharedResourceTables } from '../resources.js';
import type { AnalyzeOutcome, AnalyzeTask } from './ingest-run.js';
import { serveTasks } from './worker-pool.js';

await serveTasks<AnalyzeTask, AnalyzeOutcome>(() => {
  const resources = loadResources();
  return (task) => {
    try {
      return { analysis: analyze(task.article, { resources }) };
    } catch (err) {
      return { error: asDossierError(err).toJSON() };
    }
  };
}, () => {
  // One copy of the weight tables for the whole pool (see models/shared-tables.ts).
  const resources = loadResources();
  return {
    offer: () => shareResourceTables(resources),
    adopt: (value) => adoptResourceTables(resources, value as SharedResourceTables),
  };
});
