// Builds lexicons/common-words.txt: English words that are ordinary lower-case words in running
// text (UD English EWT, CoNLL-2003, PolNeAR), so that a capital on them ('Countries', 'Council Tax')
// is weak evidence of a name. A word is common when it is seen lower case at least MIN_LOWER times
// and lower case at least RATIO times as often as capitalised mid-sentence.
//   npm run build && node dist/src/train/build-common-words.js [dataDir] [outFile]
// The output is a derived word list, never the texts.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../resources.js';

const MIN_LOWER = 3;
const RATIO = 1.5;
const dataRoot = process.argv[2] ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const outFile = process.argv[3] ?? path.join(PROJECT_ROOT, 'lexicons', 'common-words.txt');

const lowerCount = new Map<string, number>();
const capCount = new Map<string, number>();
const bump = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };

/** Counts one sentence's words; the first word's capital says nothing. */
function countSentence(words: string[]): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!/^[A-Za-z][a-z]+(?:-[a-z]+)?$/.test(w)) continue; // plain words only; ALL CAPS carries no case evidence
    const lower = w.toLowerCase();
    if (w === lower) bump(lowerCount, lower);
    else if (i > 0) bump(capCount, lower);
  }
}

function readConllu(file: string): void {
  let words: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) { countSentence(words); words = []; continue; }
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (/^\d+$/.test(cols[0])) words.push(cols[1]);
  }
  countSentence(words);
}

function readConll2003(file: string): void {
  let words: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('-DOCSTART-')) { countSentence(words); words = []; continue; }
    words.push(line.split(' ')[0]);
  }
  countSentence(words);
}

function readPolnear(file: string): void {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    // Sentences roughly: a capital after . ! ? or a line start is sentence-initial.
    for (const sentence of text.split(/(?<=[.!?]["”’']?)\s+|\n+/)) countSentence(sentence.match(/[A-Za-z]+(?:-[A-Za-z]+)?|[^\sA-Za-z]/g) ?? []);
  }
}

readConllu(path.join(dataRoot, 'ud-english-ewt', 'en_ewt-ud-train.conllu'));
readConll2003(path.join(dataRoot, 'conll2003', 'eng.train'));
readPolnear(path.join(dataRoot, 'polnear', 'train.jsonl'));

const common: string[] = [];
for (const [w, n] of lowerCount) {
  if (n >= MIN_LOWER && n >= RATIO * (capCount.get(w) ?? 0)) common.push(w);
}
common.sort();
writeFileSync(outFile, `# Common lower-case English words (built by src/train/build-common-words.ts from UD EWT train, CoNLL-2003 train, PolNeAR train; lower case >= ${MIN_LOWER} times and >= ${RATIO}x capitalised mid-sentence). One per line.\n${common.join('\n')}\n`);
console.log(`${common.length} common words → ${outFile}`);
