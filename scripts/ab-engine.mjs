// Whole-engine wall-clock A/B in one process: an old build's analyze(), this build's analyze() and this build's
// analyzeBatch (8 at a time), in alternating rounds over PolNeAR dev (order reversed every other round), so a
// drifting, shared machine slows all three alike. Both builds' tables are loaded, so the absolute rates run lower
// than `npm run bench`'s; the ratios are what to read. OLD_ROOT: `git archive REV | tar -x -C DIR`, link
// node_modules, build there (its models/ come with it).
//
//   node --expose-gc scripts/ab-engine.mjs OLD_ROOT NEW_ROOT [rounds=8]
import path from 'node:path';
const [oldRoot, newRoot, roundsArg] = process.argv.slice(2);
if (!oldRoot || !newRoot) { process.stderr.write('usage: node --expose-gc scripts/ab-engine.mjs OLD_ROOT NEW_ROOT [rounds]\n'); process.exit(2); }
const rounds = Number(roundsArg ?? 8);
async function load(root) {
  const d = path.join(root, 'dist', 'src');
  const an = await import(path.join(d, 'analyze.js'));
  const R = (await import(path.join(d, 'resources.js'))).loadResources();
  return { an, R };
}
const { loadBenchArticles } = await import(path.join(newRoot, 'dist', 'src', 'bench', 'run-bench.js'));
const arts = loadBenchArticles(path.join(newRoot, '..', 'shared', 'data', 'polnear', 'dev.jsonl'));
const A = await load(oldRoot), B = await load(newRoot);
const runs = {
  oldAnalyze: () => { for (const a of arts) A.an.analyze(a, { resources: A.R }); },
  newAnalyze: () => { for (const a of arts) B.an.analyze(a, { resources: B.R }); },
  newBatch8: () => { for (let i = 0; i < arts.length; i += 8) B.an.analyzeBatch(arts.slice(i, i + 8), { resources: B.R }); },
};
for (let w = 0; w < 2; w++) for (const f of Object.values(runs)) f();
const t = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  const keys = Object.keys(runs); if (r % 2) keys.reverse();
  for (const k of keys) { globalThis.gc?.(); const t0 = performance.now(); runs[k](); t[k].push(performance.now() - t0); }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [k, v] of Object.entries(t)) console.log(k.padEnd(12), 'articles/s (median round)', (1000 * arts.length / med(v)).toFixed(1), ' ratio to oldAnalyze time', (med(v) / med(t.oldAnalyze)).toFixed(3));
