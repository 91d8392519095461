// node scripts/attr-errors.mjs CACHE.dev [MODEL.bin] [role]  — PolNeAR dev errors of the attribution join, one
// line per gold attribution whose cue the pipeline found exactly but whose source (or content) differs, then
// spurious and missed sources. Reads the documents `npm run train -- attribution --cache FILE` kept. Build first.
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { joinAttributions } from '../dist/src/extract/tag-attributions.js';
import { AttributionTagger } from '../dist/src/extract/attribution-tagger.js';
import { loadClusters } from '../dist/src/models/clusters.js';
import { loadResources, MODEL_DIR } from '../dist/src/resources.js';
import { goldUnits, predUnits } from '../dist/src/train/polnear-match.js';

const [cache, modelFile, role = 'source'] = process.argv.slice(2);
const res = loadResources();
const tagger = modelFile ? AttributionTagger.load(readFileSync(modelFile), loadClusters(MODEL_DIR)) : res.attribution;
const examples = deserialize(readFileSync(cache));
const k = (s) => (s ? `${s[0]}:${s[1]}` : '-');
const counts = {};
const bump = (c) => { counts[c] = (counts[c] ?? 0) + 1; };
for (const { doc, gold } of examples) {
  const text = doc.text;
  const sl = (s) => (s ? JSON.stringify(text.slice(s[0], s[1])) : '∅');
  const ctx = (s) => JSON.stringify(text.slice(Math.max(0, s[0] - 90), s[1] + 60).replace(/\s+/g, ' '));
  const atts = joinAttributions(doc, res.cues, tagger);
  const g = goldUnits(gold), p = predUnits(text, atts);
  const pByCue = new Map(p.map((u, i) => [k(u.cue), [u, atts[i]]]));
  for (const gu of g) {
    const m = gu.cue && pByCue.get(k(gu.cue));
    if (!m) continue;
    const [pu, a] = m;
    if (role === 'source') {
      if (k(gu.source) === k(pu.source)) { bump('right'); continue; }
      const cls = !gu.source ? 'gold-none' : !pu.source ? 'pred-none' : (pu.source[0] <= gu.source[1] && gu.source[0] <= pu.source[1]) ? 'overlap' : 'elsewhere';
      bump(cls);
      console.log(`${cls}\t${a.rule}\tgold ${sl(gu.source)}\tpred ${sl(pu.source)}\tcue ${sl(gu.cue)}\t${ctx(gu.cue)}`);
    } else {
      const gs = gu.content.map(k).join('+'), ps = pu.content.map(k).join('+');
      if (gs === ps) { bump('right'); continue; }
      bump('content');
      console.log(`content\t${a.rule}\tgold ${gu.content.map(sl).join(' + ').slice(0, 300)}\n\tpred ${pu.content.map(sl).join(' + ').slice(0, 300)}`);
    }
  }
}
console.error(counts);
