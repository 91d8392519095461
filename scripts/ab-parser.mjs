// Parse-only A/B of parser model files over PolNeAR dev sentences, alternating rounds in one process (the way
// to compare speed on a shared, noisy machine). Every sentence is tagged once by this checkout's pipeline; each
// round parses all of them with each model in turn (order reversed every other round) and the median CPU time
// per article is printed, with its ratio to the first model.
//
//   node scripts/ab-parser.mjs models/parser.bin /tmp/other-parser.bin [...]
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'src');
const { STAGES } = await import(path.join(dist, 'pipeline.js'));
const { loadResources } = await import(path.join(dist, 'resources.js'));
const { createDoc } = await import(path.join(dist, 'doc.js'));
const { loadBenchArticles } = await import(path.join(dist, 'bench', 'run-bench.js'));
const { wordHash, loadParser } = await import(path.join(dist, 'models', 'parser.js'));
const R = loadResources();
const arts = loadBenchArticles(path.resolve(root, '..', 'shared', 'data', 'polnear', 'dev.jsonl'));
const sents = [];
for (const a of arts) {
  const doc = createDoc(a);
  for (const [name, st] of STAGES) { if (name === 'parseSentences') break; st(doc, R); }
  const t = doc.tokens, s = doc.sentences;
  for (let si = 0; si < s.count; si++) {
    const from = s.tokenStart[si], to = Math.min(s.tokenEnd[si], from + 250);
    const w = new Int32Array(to - from), g = new Int32Array(to - from);
    for (let i = from; i < to; i++) { w[i - from] = wordHash(doc.text, t.start[i], t.end[i]); g[i - from] = doc.upos[i]; }
    sents.push([w, g]);
  }
}
const files = process.argv.slice(2);
if (files.length === 0) { process.stderr.write('usage: node scripts/ab-parser.mjs MODEL.bin [MODEL.bin ...]\n'); process.exit(2); }
const parsers = files.map((f) => loadParser(fs.readFileSync(f)).parser);
function run(P) { for (const [w, g] of sents) { for (let i = 0; i < w.length; i++) P.setWord(i, w[i], g[i]); P.parse(w.length); } }
parsers.forEach(run);
const times = files.map(() => []);
for (let r = 0; r < 16; r++) {
  const order = r % 2 ? [...parsers.keys()].reverse() : [...parsers.keys()];
  for (const k of order) { const t0 = process.cpuUsage(); run(parsers[k]); const c = process.cpuUsage(t0); times[k].push((c.user + c.system) / 1000 / arts.length); }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
files.forEach((f, k) => console.log(path.basename(f).padEnd(22), 'parse ms/article median', med(times[k]).toFixed(3), ' ratio to first', (med(times[k]) / med(times[0])).toFixed(3)));
