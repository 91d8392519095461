// `npm run eval -- ewt-parser [--json] [--rounds N]`: UAS/LAS of the committed parser (models/parser.bin)
// on UD English EWT dev, with gold UPOS and with the UPOS our tagging stage predicts, punctuation
// included (the CoNLL 2018 shared-task convention). LAS compares universal relations (subtypes dropped,
// as the CoNLL 2018 scorer does); "full" compares subtypes too. Speed: words/s of the parse alone, one
// core, best of several rounds by CPU time (the machine is shared).

import { DossierError } from '../errors.js';
import { tagTokens } from '../models/tag-tokens.js';
import { parserResources, scoreParser, tagWithStage } from '../train/parser-train.js';
import { readEwtTrees } from '../train/train-parser.js';

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const ri = args.indexOf('--rounds');
  const rounds = ri >= 0 ? Number(args[ri + 1]) : 5;
  const resources = parserResources();
  const parser = resources.parser;
  if (!parser) throw new DossierError('DOSSIER_DATA_MISSING', 'There is no models/parser.bin; build it with npm run train -- parser.');
  const dev = readEwtTrees('dev');
  const tags = tagWithStage(dev, resources, tagTokens);
  const gold = scoreParser(parser, dev);
  const predicted = tags ? scoreParser(parser, dev, tags) : null;
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    scoreParser(parser, dev);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  const wordsPerSecond = Math.round(gold.words / best);
  const result = { set: 'ewt-dev', words: gold.words, punctuation: 'included', gold, predicted, wordsPerSecondCpu: wordsPerSecond };
  if (json) { process.stdout.write(JSON.stringify(result, null, 2) + '\n'); return; }
  const row = (name: string, s: { uas: number; las: number; lasFull: number } | null): string =>
    `${name.padEnd(26)} ${s ? s.uas.toFixed(2).padStart(7) : '      –'} ${s ? s.las.toFixed(2).padStart(7) : '      –'} ${s ? s.lasFull.toFixed(2).padStart(10) : '         –'}`;
  process.stdout.write([
    `UD English EWT dev: ${gold.words} words, punctuation included (CoNLL 2018)`,
    `${'tags'.padEnd(26)} ${'UAS'.padStart(7)} ${'LAS'.padStart(7)} ${'LAS(full)'.padStart(10)}`,
    row('gold UPOS', gold),
    row('predicted UPOS (tagger)', predicted),
    `speed: ${wordsPerSecond.toLocaleString('en-US')} words/s (parse only, one core, CPU time, best of ${rounds})`,
  ].join('\n') + '\n');
}
