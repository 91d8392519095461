// Error classes of the whole pipeline's attributions on PolNeAR dev, anchored on the cue: each gold attribution is
// counted once (cue not found / cue span differs / cue exact but source or content differs), and each predicted cue
// that no gold cue overlaps. The classes overlap the eval's tables; they say where the errors are.
//
//   npx tsc -p . && node scripts/attr-error-classes.mjs [polnear.jsonl]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const d = path.join(root, 'dist', 'src') + '/';
const { runPipeline } = await import(d + 'pipeline.js');
const { loadResources } = await import(d + 'resources.js');
const { readPolnear, goldUnits, predUnits } = await import(d + 'train/polnear-match.js');
const R = loadResources();
const arts = readPolnear(process.argv[2] ?? path.resolve(root, '..', 'shared', 'data', 'polnear', 'dev.jsonl'));
const c = {};
const bump = (k) => { c[k] = (c[k] ?? 0) + 1; };
const key = (s) => (s ? `${s[0]}:${s[1]}` : '-');
const ov = (a, b) => a && b && a[0] < b[1] && b[0] < a[1];
for (const a of arts) {
  const doc = runPipeline({ text: a.text, id: a.id, title: a.title ?? null }, R);
  const g = goldUnits(a).filter((u) => u.cue), p = predUnits(a.text, doc.attributions).filter((u) => u.cue);
  for (const gu of g) {
    const exact = p.find((pu) => key(pu.cue) === key(gu.cue));
    const over = exact ?? p.find((pu) => ov(pu.cue, gu.cue));
    if (!over) { bump('1 gold cue not found at all'); continue; }
    if (!exact) { bump('2 cue found, span differs'); continue; }
    if (key(exact.source) !== key(gu.source)) bump(gu.source && exact.source ? (ov(exact.source, gu.source) ? '3 cue exact, source span differs' : '4 cue exact, source elsewhere') : gu.source ? '5 cue exact, source missed' : '6 cue exact, source where gold has none');
    const gc = new Set((gu.content ?? []).map(key)), pc = new Set((exact.content ?? []).map(key));
    if ([...gc].some((x) => !pc.has(x)) || [...pc].some((x) => !gc.has(x))) bump('7 cue exact, content differs');
  }
  for (const pu of p) if (!g.some((gu) => ov(pu.cue, gu.cue))) bump('8 spurious cue (no gold cue overlaps)');
}
console.log(Object.entries(c).sort().map(([k, v]) => `${k}\t${v}`).join('\n'));
