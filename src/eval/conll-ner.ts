// `npm run eval -- conll-ner [--file eng.testa]`: the committed NER (models/ner.bin) on CoNLL-2003
// dev, entity-level exact match as conlleval counts it — precision, recall, F1 overall and per type —
// and the tagging speed in tokens per CPU-second.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DossierError } from '../errors.js';
import { NerModel } from '../models/ner.js';
import { readConll } from '../models/ner-conll.js';
import { MODEL_DIR } from '../resources.js';
import { DATA_DIR, formatScores, loadNerKnowledge, scoreNer } from '../train/train-ner.js';

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { file: { type: 'string' }, model: { type: 'string' } } });
  const file = values.file ?? path.join(DATA_DIR, 'conll2003', 'eng.testa');
  const modelFile = values.model ?? path.join(MODEL_DIR, 'ner.bin');
  let bytes: Buffer;
  try { bytes = readFileSync(modelFile); } catch { throw new DossierError('DOSSIER_DATA_MISSING', `No NER model at ${modelFile}; build it with npm run train -- ner.`); }
  const { model } = NerModel.load(bytes, loadNerKnowledge());
  const docs = readConll(readFileSync(file, 'utf8'));
  scoreNer(model, docs); // warm-up, so the speed below is the steady state
  const s = scoreNer(model, docs);
  process.stdout.write(`CoNLL-2003 ${path.basename(file)}: ${docs.length} documents, ${s.tokens} tokens\n${formatScores(s)}\n`);
  process.stdout.write(`speed: ${Math.round(s.tokens / s.seconds)} tokens/s (one core, CPU time)\n`);
}
