// One pipeline stage alone, old build against new, in one process: each build runs the pipeline up to
// the stage once per article, then the stage is timed by itself (CPU time, process.cpuUsage) over the
// prepared documents, A then B or B then A by turns. Smaller stages drown in ab-stages.mjs's noise
// (every round runs the whole pipeline of both builds); here only the stage runs, so a 5 % change shows.
// It flatters a stage that lives on cache misses in the full pipeline, so quote both.
// Each run gets a copy of the prepared document (onto a fresh createDoc, so it has the pipeline's object
// shape), so caches keyed by the document (the number lexer's pieces) start cold as in the pipeline; the
// attributions (and for resolveSpeakers the entities) are copied afresh too, as those stages change them.
// Roots as for ab-stages.mjs. Prints the median and the least CPU ms per article and B/A for each.
//
//   node scripts/ab-stage-alone.mjs OLD_ROOT NEW_ROOT STAGE [rounds=30] [articles.jsonl]

import path from 'node:path';

const [oldRoot, newRoot, stageName, roundsArg, fileArg] = process.argv.slice(2);
if (!oldRoot || !newRoot || !stageName) {
  process.stderr.write('usage: node scripts/ab-stage-alone.mjs OLD_ROOT NEW_ROOT STAGE [rounds] [articles.jsonl]\n');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 30);
const file = fileArg ?? path.resolve(newRoot, '..', 'shared', 'data', 'polnear', 'dev.jsonl');
const MUTATES_ATTRIBUTIONS = new Set(['resolveSpeakers', 'calibrateConfidence']);

async function build(root) {
  const dist = path.resolve(root, 'dist', 'src');
  const pipeline = await import(path.join(dist, 'pipeline.js'));
  const resources = (await import(path.join(dist, 'resources.js'))).loadResources();
  const { createDoc } = await import(path.join(dist, 'doc.js'));
  const stage = pipeline.STAGES.find(([name]) => name === stageName)?.[1];
  if (!stage) throw new Error(`no stage ${stageName} in ${root}`);
  return { stages: pipeline.STAGES, stage, resources, createDoc };
}

const { loadBenchArticles } = await import(path.resolve(newRoot, 'dist', 'src', 'bench', 'run-bench.js'));
const articles = loadBenchArticles(file);
const builds = [await build(oldRoot), await build(newRoot)];
const prepared = builds.map((b) => articles.map((article) => {
  const doc = b.createDoc(article);
  for (const [name, stage] of b.stages) { if (name === stageName) break; stage(doc, b.resources); }
  return { doc, attributions: JSON.stringify(doc.attributions), entities: JSON.stringify(doc.entities) };
}));

/** One pass of the stage over every prepared document: CPU ms per article. */
function round(k) {
  const b = builds[k];
  let us = 0;
  for (let i = 0; i < articles.length; i++) {
    const p = prepared[k][i];
    const doc = Object.assign(b.createDoc(articles[i]), p.doc, { warnings: [...p.doc.warnings] });
    if (MUTATES_ATTRIBUTIONS.has(stageName)) doc.attributions = JSON.parse(p.attributions);
    if (stageName === 'resolveSpeakers') doc.entities = JSON.parse(p.entities);
    const t0 = process.cpuUsage();
    b.stage(doc, b.resources);
    const t = process.cpuUsage(t0);
    us += t.user + t.system;
  }
  return us / 1000 / articles.length;
}

for (let k = 0; k < 3; k++) { round(0); round(1); } // warm-up
const times = [[], []];
for (let r = 0; r < rounds; r++) for (const k of r % 2 ? [1, 0] : [0, 1]) times[k].push(round(k));
const median = (xs) => { const s = [...xs].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const least = (xs) => Math.min(...xs);
const [ma, mb, la, lb] = [median(times[0]), median(times[1]), least(times[0]), least(times[1])];
console.log(`${stageName.padEnd(20)} median A ${ma.toFixed(3)}  B ${mb.toFixed(3)}  B/A ${(mb / ma).toFixed(3)}   least A ${la.toFixed(3)}  B ${lb.toFixed(3)}  B/A ${(lb / la).toFixed(3)}  CPU ms/article (${articles.length} articles, ${rounds} rounds)`);
