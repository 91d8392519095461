// Worker thread for `dossier ingest --workers N` and `dossier reanalyze`: loads the engine's resources
// once, then analyses articles — for ingest also readying each for the store (readyArticle, as the
// in-process analyser does). Failures come back as values, so one bad article never costs a worker.
import { BatchAnalyzer } from '../analyze.js';
import { asDossierError } from '../errors.js';
import { loadResources, resourceTableSharing } from '../resources.js';
import { readyArticle } from '../story/store-articles.js';
import type { AnalyzeOutcome, AnalyzeTask } from './ingest-run.js';
import { serveTasks } from '../worker-pool.js';

await serveTasks<AnalyzeTask, AnalyzeOutcome>(() => {
  const resources = loadResources();
  // the articles this worker holds (the pool sends it many ahead) are analysed together, stage by stage
  const batcher = new BatchAnalyzer(resources);
  return async (task) => {
    try {
      const analysis = await batcher.analyze(task.article);
      return task.ready ? { ready: readyArticle({ article: task.article, analysis }, task.ready.hash) } : { analysis };
    } catch (err) {
      return { error: asDossierError(err).toJSON() };
    }
  };
}, resourceTableSharing); // one copy of the weight tables for the pool (models/shared-tables.ts)
