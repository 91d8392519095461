// `npm run eval -- <set> [options]`: scores Dossier on a dev set in ../shared/data, the way the
// public papers do. Each scorer lives in its own file and exports `run(args)`.

import { asDossierError } from '../errors.js';

const SETS: Record<string, { file: string; what: string }> = {
  'polnear-dev': { file: './polnear.js', what: 'PolNeAR dev: exact-span P/R/F1 for source, cue, content; linked score' },
  confidence: { file: './confidence.js', what: 'PolNeAR dev: reliability of attribution confidence (10 bins, Brier, ECE), as extracted and as calibrated' },
  speakers: { file: './speakers.js', what: 'PolNeAR dev: share of sources resolved by form; speaker accuracy on a hand-labelled gold set (test/fixtures/speakers-gold.jsonl)' },
  'article-extraction': { file: './article-extraction.js', what: 'ScrapingHub article-extraction pages: 4-gram shingle P/R/F1 of the body text' },
  'tempeval-dev': { file: './tempeval.js', what: 'TempEval-3 TimeBank+AQUAINT: TIMEX3 strict/relaxed span P/R/F1, value and type accuracy' },
  'figures-gold': { file: './figures-gold.js', what: 'Figures on 50 hand-annotated PolNeAR dev sentences: detection P/R/F1, value/qualifier/subject/measure/source' },
  'ewt-dev': { file: './ewt.js', what: 'UD English EWT dev: token and sentence F1 of the text layer' },
  'ewt-tagger': { file: './ewt-tagger.js', what: 'UD English EWT dev: UPOS and lemma accuracy (gold tokens and our tokenizer), tagger speed' },
  'conll-ner': { file: './conll-ner.js', what: 'CoNLL-2003 eng.testa: NER entity-level exact-match P/R/F1 (conlleval), per type, tokens/s' },
  'ewt-parser': { file: './ewt-parser.js', what: 'UD English EWT dev: parser UAS/LAS (gold and predicted UPOS, punctuation included), words/s' },
};

export async function main(argv: string[]): Promise<number> {
  const [set, ...rest] = argv;
  if (!set || !(set in SETS)) {
    process.stderr.write(`usage: npm run eval -- <set> [options]\nsets:\n${Object.entries(SETS).map(([k, v]) => `  ${k.padEnd(20)} ${v.what}`).join('\n')}\n`);
    return set ? 2 : 0;
  }
  try {
    const mod = (await import(SETS[set].file)) as { run(args: string[]): Promise<void> };
    await mod.run(rest);
    return 0;
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`eval ${set}: ${e.code}: ${e.message}\n`);
    return 1;
  }
}

// `npm run eval -- x | head` closes stdout early: end quietly instead of printing a stack trace
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
process.exitCode = await main(process.argv.slice(2));
