// Golden check for speed work: analyses a fixed set of real texts and hashes each part of every
// output, so a rewrite meant to change only speed can be shown to change no output at all.
// The hash list is kept outside the repository (other changes move outputs legitimately):
//   node dist/src/bench/golden.js write /tmp/golden.tsv   (before the change)
//   node dist/src/bench/golden.js check /tmp/golden.tsv   (after; exits 1 and names each difference)
// Parts are hashed apart, so a difference points at the stage that made it.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../analyze.js';
import type { Article } from '../doc.js';
import { loadResources, PROJECT_ROOT } from '../resources.js';
import { loadBenchArticles } from './run-bench.js';

const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');

/** The parts of an analysis hashed one by one; 'all' is the whole record. */
const PARTS = ['tokens', 'sentences', 'headlines', 'entities', 'attributions', 'events', 'figures', 'times', 'warnings', 'all'] as const;

/** PolNeAR dev, the Wikinews Ukraine set, the reference article, and the first `trainLimit` PolNeAR train texts. */
export function goldenArticles(trainLimit = 200): Array<{ key: string; article: Article }> {
  const out: Array<{ key: string; article: Article }> = [];
  const add = (set: string, articles: Article[]): void => {
    articles.forEach((article, i) => out.push({ key: `${set}#${i}`, article }));
  };
  add('polnear-dev', loadBenchArticles(path.join(SHARED, 'data', 'polnear', 'dev.jsonl')));
  add('wikinews', loadBenchArticles(path.join(SHARED, 'examples', 'wikinews-ukraine', 'articles.jsonl')));
  add('reference', [{ text: readFileSync(path.join(SHARED, 'examples', 'lavrov-2022-03-28.txt'), 'utf8'), published: '2022-03-28' }]);
  if (trainLimit > 0) add('polnear-train', loadBenchArticles(path.join(SHARED, 'data', 'polnear', 'train.jsonl'), trainLimit));
  return out;
}

const hash = (v: unknown): string => createHash('sha256').update(JSON.stringify(v) ?? 'undefined').digest('hex').slice(0, 16);

/** One line per article: key, then one hash per part. */
export function goldenLines(trainLimit = 200): string[] {
  const resources = loadResources();
  return goldenArticles(trainLimit).map(({ key, article }) => {
    const a = analyze(article, { resources, tokens: true }) as unknown as Record<string, unknown>;
    return [key, ...PARTS.map((p) => hash(p === 'all' ? a : a[p]))].join('\t');
  });
}

export function main(argv: string[]): number {
  const [mode, file] = argv;
  if ((mode !== 'write' && mode !== 'check') || !file) {
    process.stderr.write('usage: node dist/src/bench/golden.js write|check FILE\n');
    return 2;
  }
  const lines = goldenLines();
  if (mode === 'write') {
    writeFileSync(file, `key\t${PARTS.join('\t')}\n${lines.join('\n')}\n`);
    process.stdout.write(`golden: ${lines.length} articles written to ${file}\n`);
    return 0;
  }
  const stored = new Map(readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => [l.split('\t')[0], l.split('\t')] as const));
  const diffs = new Map<string, number>();
  for (const line of lines) {
    const now = line.split('\t');
    const before = stored.get(now[0]);
    if (!before) { diffs.set('missing', (diffs.get('missing') ?? 0) + 1); continue; }
    PARTS.forEach((p, k) => {
      if (before[k + 1] !== now[k + 1]) {
        diffs.set(p, (diffs.get(p) ?? 0) + 1);
        if (p !== 'all') process.stdout.write(`differs: ${now[0]} ${p}\n`);
      }
    });
  }
  if (diffs.size === 0) {
    process.stdout.write(`golden: ${lines.length} articles, every part identical\n`);
    return 0;
  }
  process.stdout.write(`golden: articles differing per part: ${[...diffs].map(([p, n]) => `${p} ${n}`).join(', ')}\n`);
  return 1;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) process.exitCode = main(process.argv.slice(2));
