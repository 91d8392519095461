// Worker thread for `npm run bench -- ingest-main`: answers each article with an analysis made before
// the clock started (read from the file in workerData), so a run measures everything `dossier ingest`
// does around the engine — the hand-over from the worker, storing and linking — and not the engine.
// A repeat of a report ('id#2', its text with one more line) gets its base report's analysis over its
// own text: every span still holds, as the corpus only appends. Readying for the store runs here, as in
// the real worker.
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import type { Analysis } from '../contract.js';
import { asDossierError, DossierError } from '../errors.js';
import type { AnalyzeOutcome, AnalyzeTask } from '../cli/ingest-run.js';
import { serveTasks } from '../worker-pool.js';
import { readyArticle } from '../story/store-articles.js';

await serveTasks<AnalyzeTask, AnalyzeOutcome>(() => {
  const byId = new Map<string, Analysis>();
  for (const line of readFileSync((workerData as { analyses: string }).analyses, 'utf8').split('\n')) {
    if (!line) continue;
    const { id, analysis } = JSON.parse(line) as { id: string; analysis: Analysis };
    byId.set(id, analysis);
  }
  return ({ article, ready }) => {
    try {
      const base = byId.get(String(article.id ?? '').replace(/#\d+$/, ''));
      if (!base) throw new DossierError('DOSSIER_DATA_MISSING', `No analysis was made beforehand for ${article.id}.`);
      const analysis: Analysis = { ...base, id: article.id ?? null, title: article.title ?? null, published: article.published ?? null, text: article.text };
      return ready ? { ready: readyArticle({ article, analysis }, ready.hash) } : { analysis };
    } catch (err) {
      return { error: asDossierError(err).toJSON() };
    }
  };
});
