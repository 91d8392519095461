// Where the parser's EWT dev LAS goes when it reads our tagger's UPOS instead of gold UPOS: every dev sentence is
// parsed twice (gold tags, predicted tags) and each word is counted in one of three groups — its own tag wrong; its
// tag right in a sentence holding a wrong tag; its sentence tagged all right. Prints UAS/LAS of each group under
// both tag sources, the LAS points each group loses, and the tag confusions that cost the most LAS.
//
//   npx tsc -p . && node scripts/parser-tag-errors.mjs [MODEL.bin]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const d = path.join(root, 'dist', 'src') + '/';
const { parserResources, tagWithStage, wordHashes } = await import(d + 'train/parser-train.js');
const { readEwtTrees } = await import(d + 'train/train-parser.js');
const { tagTokens } = await import(d + 'models/tag-tokens.js');
const { loadParser, MAX_SENTENCE } = await import(d + 'models/parser.js');
const { UPOS, DEPRELS } = await import(d + 'tagsets.js');
const resources = parserResources();
const parser = process.argv[2] ? loadParser(readFileSync(process.argv[2])).parser : resources.parser;
const dev = readEwtTrees('dev');
const predicted = tagWithStage(dev, resources, tagTokens);
const base = (l) => DEPRELS[l].split(':')[0];
function parse(tags, words, n) {
  for (let i = 0; i < n; i++) parser.setWord(i, words[i], tags[i]);
  parser.parse(n);
  return { head: Array.from(parser.head.subarray(0, n), (h) => (h === n ? -1 : h)), label: Array.from(parser.label.subarray(0, n)) };
}
// per group: words, UAS gold tags, LAS gold tags, UAS predicted tags, LAS predicted tags
const groups = { 'tag wrong': [0, 0, 0, 0, 0], 'tag right, sentence has a wrong tag': [0, 0, 0, 0, 0], 'sentence tagged all right': [0, 0, 0, 0, 0] };
const confusions = new Map();
let total = 0;
dev.forEach((s, k) => {
  const n = s.forms.length;
  if (n > MAX_SENTENCE) return;
  const words = wordHashes(s.forms), tags = predicted[k];
  const g = parse(s.upos, words, n), p = parse(tags, words, n);
  const sentenceWrong = tags.some((t, i) => t !== s.upos[i]);
  for (let i = 0; i < n; i++) {
    const tagRight = tags[i] === s.upos[i];
    const row = groups[!tagRight ? 'tag wrong' : sentenceWrong ? 'tag right, sentence has a wrong tag' : 'sentence tagged all right'];
    const ug = g.head[i] === s.head[i], lg = ug && base(g.label[i]) === base(s.deprel[i]);
    const up = p.head[i] === s.head[i], lp = up && base(p.label[i]) === base(s.deprel[i]);
    row[0]++; row[1] += ug; row[2] += lg; row[3] += up; row[4] += lp; total++;
    if (!tagRight) {
      const key = `${UPOS[s.upos[i]]} -> ${UPOS[tags[i]]}`;
      const c = confusions.get(key) ?? [0, 0];
      c[0]++; c[1] += lg - lp;
      confusions.set(key, c);
    }
  }
});
const pct = (a, b) => (100 * a / b).toFixed(1).padStart(6);
console.log(`EWT dev, ${total} words; UAS/LAS with gold tags -> with predicted tags; LAS points lost (of all words)`);
for (const [name, r] of Object.entries(groups)) {
  console.log(`${name.padEnd(38)} ${String(r[0]).padStart(6)} words  UAS ${pct(r[1], r[0])} ->${pct(r[3], r[0])}  LAS ${pct(r[2], r[0])} ->${pct(r[4], r[0])}  lost ${(100 * (r[2] - r[4]) / total).toFixed(2)}`);
}
console.log('\ncostliest confusions (gold -> predicted UPOS: words, LAS words lost)');
for (const [key, [count, lost]] of [...confusions].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15)) console.log(`  ${key.padEnd(18)} ${String(count).padStart(5)} ${String(lost).padStart(5)}`);
