// Configuration is data given once at the start: lexicons and models are loaded here, once,
// and handed to every stage read-only. Nothing in a stage reads files or globals.

import { loadCueLexicon, type CueLexicon } from './extract/cue-lexicon.js';
import { loadAttributionModel, type AttributionTagger } from './extract/attribution-tagger.js';
import { loadConfidenceModel, type ConfidenceModel } from './resolve/calibrate-confidence.js';
import { loadGazetteer, type Gazetteer } from './models/gazetteer.js';
import { loadFigureLexicon, type FigureLexicon } from './extract/figure-lexicon.js';
import { loadEventLexicon, type EventLexicon } from './extract/event-lexicon.js';
import { loadParserModel, type Parser } from './models/parser.js';
import { loadNerModel, type NerModel } from './models/ner.js';
import { loadTaggerModel, type TaggerModel } from './models/tag-tokens.js';
import { shareTableSet, type SharesTables, type TableSet } from './models/shared-tables.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface Resources {
  /** Calibration of attribution confidence (models/confidence.json); null when missing: confidences stay as extracted. */
  confidence: ConfidenceModel | null;
  cues: CueLexicon;
  gazetteer: Gazetteer;
  /** Units, currencies, qualifiers and measures around figures (lexicons/units.tsv, qualifiers.tsv, figure-measures.tsv). */
  figures: FigureLexicon;
  /** CAMEO event verbs, patterns, nominal triggers and code names (lexicons/event-*.tsv). */
  events: EventLexicon;
  /** Dependency parser (models/parser.bin); null when the file is missing: parseSentences then adds nothing. */
  parser: Parser | null;
  /** Named-entity recogniser with its word clusters (models/ner.bin, clusters.tsv.gz); null when missing: recognizeEntities then adds nothing. */
  ner: NerModel | null;
  /** UPOS tagger + lemmatiser (models/tagger.bin, lexicons/lemma-exceptions.tsv); null when missing: tagTokens then adds nothing. */
  tagger: TaggerModel | null;
  /** Learned attribution pass (models/attribution.bin); null when missing: the rule pass works alone. */
  attribution: AttributionTagger | null;
}

/** The project root (where lexicons/ and models/ live), found from this compiled file. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LEXICON_DIR = path.join(PROJECT_ROOT, 'lexicons');
export const MODEL_DIR = path.join(PROJECT_ROOT, 'models');

let cached: Resources | null = null;
let cachedGazetteer: Gazetteer | null = null;

/**
 * The gazetteer alone (once per process, shared with loadResources): the story layer needs it on the
 * ingest's main thread, where loading the tagger, parser and NER as well cost over a second for nothing.
 */
export function loadGazetteerResource(): Gazetteer {
  cachedGazetteer ??= loadGazetteer(MODEL_DIR);
  return cachedGazetteer;
}

/** Loads (once per process) every lexicon and model the pipeline needs. */
export function loadResources(): Resources {
  if (cached) return cached;
  cached = {
    confidence: loadConfidenceModel(MODEL_DIR),
    cues: loadCueLexicon(LEXICON_DIR),
    gazetteer: loadGazetteerResource(),
    figures: loadFigureLexicon(LEXICON_DIR),
    events: loadEventLexicon(LEXICON_DIR),
    parser: loadParserModel(MODEL_DIR),
    ner: null,
    tagger: loadTaggerModel(MODEL_DIR, LEXICON_DIR),
    attribution: loadAttributionModel(MODEL_DIR),
  };
  cached.ner = loadNerModel(MODEL_DIR, cached.gazetteer);
  return cached;
}

/** The read-only weight tables of the loaded models, by model (see models/shared-tables.ts). */
export type SharedResourceTables = Partial<Record<'parser' | 'tagger' | 'ner' | 'attribution', TableSet>>;

function tableOwners(r: Resources): [keyof SharedResourceTables, SharesTables | null][] {
  return [['parser', r.parser], ['tagger', r.tagger?.tagger ?? null], ['ner', r.ner], ['attribution', r.attribution]];
}

/**
 * Moves the models' weight tables into shared memory (this thread then reads the shared copy too) and
 * returns them, for worker threads to adopt with adoptResourceTables.
 */
export function shareResourceTables(r: Resources): SharedResourceTables {
  const out: SharedResourceTables = {};
  for (const [name, model] of tableOwners(r)) {
    if (!model) continue;
    const shared = shareTableSet(model.sharedTables());
    model.adoptTables(shared);
    out[name] = shared;
  }
  return out;
}

/** Reads the weight tables another thread shared instead of this thread's own copies (which are then freed). */
export function adoptResourceTables(r: Resources, shared: SharedResourceTables): void {
  for (const [name, model] of tableOwners(r)) {
    const tables = shared[name];
    if (model && tables) model.adoptTables(tables);
  }
}

/**
 * The worker pool's sharing hooks for an engine worker (serveTasks' second argument): the first ready
 * worker offers its tables in shared memory, the others adopt them.
 */
export function resourceTableSharing(): { offer: () => SharedResourceTables; adopt: (value: unknown) => void } {
  const resources = loadResources();
  return {
    offer: () => shareResourceTables(resources),
    adopt: (value) => adoptResourceTables(resources, value as SharedResourceTables),
  };
}
