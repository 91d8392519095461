// Part-of-speech tags and lemmas (doc.upos, doc.lemmas) from the averaged-perceptron tagger (tagger.ts)
// and the EWT lemmatiser (lemmatiser.ts), one sentence at a time over doc.sentences. Without the model
// file the stage adds nothing and later stages fall back to their rules.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Doc } from '../doc.js';
import type { Resources } from '../resources.js';
import { Lemmatiser, lemmaExceptionsPath } from './lemmatiser.js';
import { loadTagger, type Tagger } from './tagger.js';
import { docWordFeatures } from './word-features.js';

/** What the stage needs: the tagger and the lemmatiser's table. */
export interface TaggerModel {
  tagger: Tagger;
  lemmatiser: Lemmatiser;
}

/** Loads models/tagger.bin and lexicons/lemma-exceptions.tsv; null when the tagger file is missing. */
export function loadTaggerModel(modelDir: string, lexiconDir: string): TaggerModel | null {
  const file = path.join(modelDir, 'tagger.bin');
  if (!existsSync(file)) return null;
  const lemmaFile = lemmaExceptionsPath(lexiconDir);
  return {
    tagger: loadTagger(readFileSync(file)),
    lemmatiser: existsSync(lemmaFile) ? Lemmatiser.load(lemmaFile) : new Lemmatiser(new Map()),
  };
}

export function tagTokens(doc: Doc, resources: Resources): void {
  const model = resources.tagger;
  if (!model || doc.tokens.count === 0) return;
  const wf = docWordFeatures(doc);
  const s = doc.sentences;
  const upos = new Uint8Array(doc.tokens.count);
  if (s.count > 0) model.tagger.tagDocument(wf, s.tokenStart, s.tokenEnd, s.count, upos);
  else model.tagger.tagDocument(wf, Int32Array.of(0), Int32Array.of(doc.tokens.count), 1, upos);
  const lemmas = new Array<string>(doc.tokens.count);
  const lemmatiser = model.lemmatiser;
  const ids = wf.ids, generation = wf.generation, forms = wf.forms;
  for (let i = 0; i < lemmas.length; i++) lemmas[i] = lemmatiser.lemmaOfForm(ids[i], generation, forms[i], upos[i]);
  doc.upos = upos;
  doc.lemmas = lemmas;
}
