// The whole machine in one list: a document flows one way through small named stages.
// Each stage is `(doc, resources) => void`, adds one layer, and reads only earlier layers.

import type { Article, Doc } from './doc.js';
import { createDoc } from './doc.js';
import type { Resources } from './resources.js';
import { tokenizeDoc } from './text/tokenize.js';
import { splitSentencesDoc } from './text/sentences.js';
import { findParagraphsDoc } from './text/paragraphs.js';
import { findHeadlines } from './text/headlines.js';
import { findQuoteRegions } from './text/quote-regions.js';
import { tagTokens } from './models/tag-tokens.js';
import { parseSentences } from './models/parse-sentences.js';
import { recognizeEntities } from './models/recognize-entities.js';
import { findNames } from './models/find-names.js';
import { findAttributions } from './extract/find-attributions.js';
import { tagAttributions } from './extract/tag-attributions.js';
import { findFigures } from './extract/find-figures.js';
import { findTimes } from './extract/find-times.js';
import { codeEvents } from './extract/code-events.js';
import { groupEntities } from './resolve/group-entities.js';
import { resolveSpeakers } from './resolve/resolve-speakers.js';
import { calibrateConfidence } from './resolve/calibrate-confidence.js';

export type Stage = (doc: Doc, resources: Resources) => void;

export const STAGES: ReadonlyArray<readonly [name: string, stage: Stage]> = [
  ['tokenize', tokenizeDoc],
  ['findParagraphs', findParagraphsDoc],
  ['splitSentences', splitSentencesDoc],
  ['findHeadlines', findHeadlines],
  ['findQuoteRegions', findQuoteRegions],
  ['tagTokens', tagTokens],
  ['parseSentences', parseSentences],
  ['recognizeEntities', recognizeEntities],
  ['findNames', findNames],
  ['groupEntities', groupEntities],
  ['findAttributions', findAttributions],
  ['tagAttributions', tagAttributions],
  ['resolveSpeakers', resolveSpeakers],
  ['calibrateConfidence', calibrateConfidence],
  ['findTimes', findTimes],
  ['findFigures', findFigures],
  ['codeEvents', codeEvents],
];

/** Runs every stage over one article. Throws only DossierError for bad input. */
export function runPipeline(article: Article, resources: Resources, stages: ReadonlyArray<readonly [string, Stage]> = STAGES): Doc {
  const doc = createDoc(article);
  for (const [, stage] of stages) stage(doc, resources);
  return doc;
}
