// Worker thread that analyses articles for the HTTP server (`dossier serve`, `dossier demo`), so a long
// text never holds the thread that answers every other request. Loads the engine's resources once;
// failures come back as values, so one bad article never costs a worker.
import { analyze } from './analyze.js';
import type { Analysis } from './contract.js';
import type { Article } from './doc.js';
import { asDossierError, type ErrorCode } from './errors.js';
import { loadResources, resourceTableSharing } from './resources.js';
import { serveTasks } from './worker-pool.js';

export interface AnalyzeRequest { article: Article }
export type AnalyzeReply = { analysis: Analysis } | { error: { code: ErrorCode; message: string } };

await serveTasks<AnalyzeRequest, AnalyzeReply>(() => {
  const resources = loadResources();
  return (task) => {
    try {
      return { analysis: analyze(task.article, { resources }) };
    } catch (err) {
      return { error: asDossierError(err).toJSON() };
    }
  };
}, resourceTableSharing); // one copy of the weight tables for the pool (models/shared-tables.ts)
