// `npm run train -- <model> [options]`: rebuilds a committed model file from ../shared/data.
// Each trainer lives in its own file and exports `run(args)`; training is seeded and reproducible.

import { asDossierError } from '../errors.js';

const MODELS: Record<string, { file: string; what: string }> = {
  tagger: { file: './train-tagger.js', what: 'UPOS tagger + lemmatiser on UD English EWT train → models/tagger.bin' },
  parser: { file: './train-parser.js', what: 'transition-based dependency parser on UD English EWT train → models/parser.bin' },
  'name-gender': { file: './build-name-gender.js', what: 'first-name gender from PolNeAR train honorifics and pronouns → models/first-name-gender.tsv' },
  confidence: { file: './train-confidence.js', what: 'attribution confidence calibration (logistic regression) on PolNeAR train predictions → models/confidence.json' },
  ner: { file: './train-ner.js', what: 'PER/ORG/LOC/MISC recogniser on CoNLL-2003 train → models/ner.bin' },
  attribution: { file: './train-attribution.js', what: 'learned who-said-what pass on PolNeAR train → models/attribution.bin' },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || !(name in MODELS)) {
    process.stderr.write(`usage: npm run train -- <model> [options]\nmodels:\n${Object.entries(MODELS).map(([k, v]) => `  ${k.padEnd(10)} ${v.what}`).join('\n')}\n`);
    return name ? 2 : 0;
  }
  try {
    const mod = (await import(MODELS[name].file)) as { run?(args: string[]): Promise<void> };
    if (typeof mod.run === 'function') await mod.run(rest);
    return 0;
  } catch (err) {
    const e = asDossierError(err);
    process.stderr.write(`train ${name}: ${e.code}: ${e.message}\n`);
    if (process.env.DOSSIER_DEBUG) console.error(err);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
