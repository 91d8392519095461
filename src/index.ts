// Library API.
export * from './contract.js';
export { DossierError, asDossierError, type ErrorCode } from './errors.js';
export { analyze, analyzeBatch, BatchAnalyzer, ANALYZE_BATCH, toAnalysis, checkArticle, checkPublished, EXTRACTOR_VERSION, type AnalyzeOptions } from './analyze.js';
export type { Article, Doc } from './doc.js';
export { loadResources, type Resources } from './resources.js';
export { STAGES, runPipeline, runPipelineBatch } from './pipeline.js';
