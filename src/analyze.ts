// The engine's front door: checks an Article, runs the pipeline, and returns `dossier/analysis@1`.

import { SCHEMA_ID, type Analysis, type TokenRecord } from './contract.js';
import type { Article, Doc } from './doc.js';
import { asDossierError, DossierError } from './errors.js';
import { runPipeline, runPipelineBatch } from './pipeline.js';
import { loadResources, type Resources } from './resources.js';
import { TokenKind } from './text/tokens.js';
import { DEPRELS, NER_TAGS, UPOS } from './tagsets.js';

export const EXTRACTOR_VERSION = '0.1.0';

/** Largest text the engine accepts (UTF-16 code units); a news report is far below this. */
export const MAX_TEXT_CHARS = 4_000_000;

export interface AnalyzeOptions {
  /** Add the optional per-token array (`--tokens`). */
  tokens?: boolean;
  resources?: Resources;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Checks an ISO 8601 publication date; returns it normalised ('T' separator) or throws DOSSIER_BAD_DATE. */
export function checkPublished(value: string): string {
  const v = value.trim();
  if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T')))) {
    throw new DossierError('DOSSIER_BAD_DATE', `The publication date "${value}" is not an ISO 8601 date such as 2022-03-28 or 2022-03-28T09:30:00Z.`);
  }
  return v.replace(' ', 'T');
}

/** Checks that an article can be analysed; throws a coded error when it cannot. */
export function checkArticle(article: Article): void {
  if (typeof article.text !== 'string') {
    throw new DossierError('DOSSIER_INPUT_INVALID', 'The article has no text to analyse.');
  }
  if (article.text.trim().length === 0) {
    throw new DossierError('DOSSIER_INPUT_EMPTY', 'The article text is empty (nothing but whitespace), so there is nothing to analyse.');
  }
  if (article.text.length > MAX_TEXT_CHARS) {
    throw new DossierError('DOSSIER_INPUT_TOO_LARGE', `The article text has ${article.text.length.toLocaleString('en-US')} characters; Dossier analyses at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} per article. Split it into articles first.`);
  }
}

/** The article as the pipeline takes it (publication date normalised); throws a coded error when it cannot be analysed. */
function checkedArticle(article: Article): Article {
  checkArticle(article);
  return { ...article, published: article.published ? checkPublished(article.published) : null };
}

/** Analyses one article. */
export function analyze(article: Article, options: AnalyzeOptions = {}): Analysis {
  const checked = checkedArticle(article);
  const resources = options.resources ?? loadResources();
  return toAnalysis(runPipeline(checked, resources), options);
}

/**
 * Analyses several articles at once, stage by stage (runPipelineBatch: the faster way through a corpus),
 * each result the record analyze() gives for it. Never throws for one article: its slot holds the
 * DossierError that analyze() would have thrown (bad input), or DOSSIER_INTERNAL for a stage that failed.
 */
export function analyzeBatch(articles: readonly Article[], options: AnalyzeOptions = {}): Array<Analysis | DossierError> {
  const resources = options.resources ?? loadResources();
  const out: Array<Analysis | DossierError> = new Array(articles.length);
  const checked: Article[] = [], slots: number[] = [];
  articles.forEach((article, i) => {
    try {
      checked.push(checkedArticle(article));
      slots.push(i);
    } catch (err) {
      out[i] = asDossierError(err);
    }
  });
  runPipelineBatch(checked, resources).forEach((doc, k) => {
    try {
      out[slots[k]] = doc instanceof Error ? asDossierError(doc) : toAnalysis(doc, options);
    } catch (err) {
      out[slots[k]] = asDossierError(err);
    }
  });
  return out;
}

/** Most articles a BatchAnalyzer runs together (8 takes nearly all the gain; more holds more documents in memory). */
export const ANALYZE_BATCH = 8;

/**
 * Collects the articles asked for in the same turn of the event loop and analyses them together
 * (analyzeBatch). For callers that have several articles in flight — the JSONL batch, ingest workers —
 * each call still gets its own promise, resolved with its record or rejected with its error.
 */
export class BatchAnalyzer {
  private queue: Array<{ article: Article; tokens: boolean; resolve: (a: Analysis) => void; reject: (e: DossierError) => void }> = [];
  private scheduled = false;

  constructor(private readonly resources: Resources, private readonly maxBatch = ANALYZE_BATCH) {}

  analyze(article: Article, options: { tokens?: boolean } = {}): Promise<Analysis> {
    return new Promise((resolve, reject) => {
      this.queue.push({ article, tokens: options.tokens === true, resolve, reject });
      if (!this.scheduled) { this.scheduled = true; setImmediate(() => this.flush()); }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) { this.scheduled = true; setImmediate(() => this.flush()); }
    // jobs of one batch share the resources; the tokens flag is per job
    const plain = jobs.filter((j) => !j.tokens), withTokens = jobs.filter((j) => j.tokens);
    for (const [group, tokens] of [[plain, false], [withTokens, true]] as const) {
      if (!group.length) continue;
      let results: Array<Analysis | DossierError>;
      try {
        results = analyzeBatch(group.map((j) => j.article), { resources: this.resources, tokens });
      } catch (err) {
        results = group.map(() => asDossierError(err));
      }
      group.forEach((job, k) => { const r = results[k]; if (r instanceof DossierError) job.reject(r); else job.resolve(r); });
    }
  }
}

const UPOS_BY_KIND: Record<number, string> = {
  [TokenKind.WORD]: 'X', [TokenKind.NUMBER]: 'NUM', [TokenKind.PUNCT]: 'PUNCT',
  [TokenKind.QUOTE]: 'PUNCT', [TokenKind.SYMBOL]: 'SYM', [TokenKind.OTHER]: 'X',
};

/** Which model or rule set made each layer of this record (a layer whose model file is missing says so). */
function modelsUsed(doc: Doc): Record<string, string> {
  const n = doc.tokens.count;
  const layer = (filled: boolean, name: string): string => (n === 0 || filled ? name : 'absent (model file missing)');
  return {
    tagger: layer(doc.upos.length === n, 'perceptron models/tagger.bin'),
    parser: layer(doc.head.length === n, 'arc-hybrid perceptron models/parser.bin'),
    ner: layer(doc.ner.length === n, 'perceptron models/ner.bin'),
    names: 'rules + gazetteer + ner',
    attribution: 'rules',
    figures: 'rules', times: 'rules + chrono-node', events: 'CAMEO lexicon + rules',
  };
}

/** The contract's view of a finished document. */
export function toAnalysis(doc: Doc, options: AnalyzeOptions = {}): Analysis {
  const { article } = doc;
  const s = doc.sentences;
  const sentences = [];
  for (let i = 0; i < s.count; i++) sentences.push({ start: s.start[i], end: s.end[i] });
  const analysis: Analysis = {
    schema: SCHEMA_ID,
    id: article.id ?? null,
    url: article.url ?? null,
    title: article.title ?? null,
    published: article.published ?? null,
    extractor: { version: EXTRACTOR_VERSION, models: modelsUsed(doc) },
    text: doc.text,
    sentences,
    entities: doc.entities.map(({ id, type, name, descriptors, mentions }) => ({ id, type, name, descriptors: descriptors ?? [], mentions })),
    attributions: doc.attributions,
    figures: doc.figures,
    times: doc.times,
    events: doc.events,
    warnings: doc.warnings,
  };
  if (article.publishedFrom) (analysis as Analysis & { publishedFrom?: string }).publishedFrom = article.publishedFrom;
  if (doc.headlines.length) (analysis as Analysis & { headlines?: unknown }).headlines = doc.headlines.map((h) => ({ start: h.start, end: h.end, role: h.role }));
  if (options.tokens) {
    const t = doc.tokens;
    const tokens: TokenRecord[] = [];
    const tagged = doc.upos.length === t.count, parsed = doc.head.length === t.count, recognised = doc.ner.length === t.count;
    const lemmatised = doc.lemmas.length === t.count;
    // heads are document-wide token indices, which is what the contract's tokens array indexes too
    for (let i = 0; i < t.count; i++) {
      const rec: TokenRecord = { start: t.start[i], end: t.end[i], upos: tagged ? UPOS[doc.upos[i]] : UPOS_BY_KIND[t.kind[i]] ?? 'X' };
      if (lemmatised) rec.lemma = doc.lemmas[i];
      if (parsed) { rec.head = doc.head[i]; rec.deprel = DEPRELS[doc.deprel[i]]; }
      if (recognised) rec.ner = NER_TAGS[doc.ner[i]];
      tokens.push(rec);
    }
    analysis.tokens = tokens;
  }
  return analysis;
}
