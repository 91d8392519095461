// Alternating A/B rounds of pipeline stages, old build against new, in one process: the way to compare
// speed on a shared, noisy machine (a single before/after run is not). Each root is a checkout with a
// built dist/ and its models/ and lexicons/ (an old commit: `git archive OLD | tar -x -C DIR`, link
// node_modules, models and lexicons, `npx tsc -p .` there). Every round runs the whole pipeline of each
// build over the articles, A then B or B then A by turns, and sums each stage's CPU time
// (process.cpuUsage around the stage). Prints per stage the median CPU ms per article and B/A.
//
//   node --expose-gc scripts/ab-stages.mjs OLD_ROOT NEW_ROOT [rounds=12] [stage,stage,...] [articles.jsonl]

import path from 'node:path';

const [oldRoot, newRoot, roundsArg, stagesArg, fileArg] = process.argv.slice(2);
if (!oldRoot || !newRoot) {
  process.stderr.write('usage: node --expose-gc scripts/ab-stages.mjs OLD_ROOT NEW_ROOT [rounds] [stage,stage,...] [articles.jsonl]\n');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 12);
const focus = (stagesArg ?? 'tagTokens,recognizeEntities,findNames').split(',');
const file = fileArg ?? path.resolve(newRoot, '..', 'shared', 'data', 'polnear', 'dev.jsonl');

async function build(root) {
  const dist = path.resolve(root, 'dist', 'src');
  const pipeline = await import(path.join(dist, 'pipeline.js'));
  const resources = (await import(path.join(dist, 'resources.js'))).loadResources();
  const { createDoc } = await import(path.join(dist, 'doc.js'));
  return { stages: pipeline.STAGES, resources, createDoc };
}

const { loadBenchArticles } = await import(path.resolve(newRoot, 'dist', 'src', 'bench', 'run-bench.js'));
const articles = loadBenchArticles(file);
const A = await build(oldRoot), B = await build(newRoot);

/** One pass over every article: CPU µs per focused stage. */
function round(b) {
  const cpu = new Map(focus.map((s) => [s, 0]));
  for (const article of articles) {
    const doc = b.createDoc(article);
    for (const [name, stage] of b.stages) {
      const t0 = process.cpuUsage();
      stage(doc, b.resources);
      const t = process.cpuUsage(t0);
      if (cpu.has(name)) cpu.set(name, cpu.get(name) + t.user + t.system);
    }
  }
  return cpu;
}

for (let k = 0; k < 2; k++) { round(A); round(B); } // warm-up: compilation, the models' per-form tables
const times = { A: new Map(), B: new Map() };
for (let r = 0; r < rounds; r++) {
  for (const [key, b] of r % 2 ? [['B', B], ['A', A]] : [['A', A], ['B', B]]) {
    globalThis.gc?.();
    for (const [s, us] of round(b)) times[key].set(s, [...(times[key].get(s) ?? []), us / 1000 / articles.length]);
  }
}
const median = (xs) => { const s = [...xs].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
let sumA = 0, sumB = 0;
for (const s of focus) {
  const a = median(times.A.get(s)), b = median(times.B.get(s));
  sumA += a; sumB += b;
  const pairs = times.A.get(s).map((x, i) => (times.B.get(s)[i] / x).toFixed(2)).join(' ');
  process.stdout.write(`${s.padEnd(20)} A ${a.toFixed(3)}  B ${b.toFixed(3)} CPU ms/article  B/A ${(b / a).toFixed(3)}   per round ${pairs}\n`);
}
process.stdout.write(`${'together'.padEnd(20)} A ${sumA.toFixed(3)}  B ${sumB.toFixed(3)} CPU ms/article  B/A ${(sumB / sumA).toFixed(3)}   (${articles.length} articles, ${rounds} rounds)\n`);
