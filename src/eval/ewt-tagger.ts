// `npm run eval -- ewt-tagger [--json]`: scores the tagger and lemmatiser on UD English EWT dev.
// - gold tokens: UPOS accuracy, lemma accuracy with gold and with predicted UPOS;
// - our own text layer: each document's text is tokenised and split by Dossier, tagged by the tagTokens
//   stage, and gold words are matched to our tokens by exact character span (a gold word without a token
//   of the same span counts as wrong);
// - speed: tokens/s of the stage (word features + tags + lemmas) and of tagging alone, one core, CPU time.

import { MODEL_DIR, LEXICON_DIR, type Resources } from '../resources.js';
import { DossierError } from '../errors.js';
import { STAGES, runPipeline } from '../pipeline.js';
import { loadTaggerModel } from '../models/tag-tokens.js';
import { ambiguityOf, lexiconEntries } from '../models/tagger.js';
import { wordFeatures } from '../models/word-features.js';
import { readEwt } from '../train/train-tagger.js';
import type { TaggedSentence } from '../models/tagger-conllu.js';

const pct = (x: number): string => (100 * x).toFixed(2);

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const model = loadTaggerModel(MODEL_DIR, LEXICON_DIR);
  if (!model) throw new DossierError('DOSSIER_DATA_MISSING', 'models/tagger.bin is missing; build it with npm run train -- tagger.');
  const { tagger, lemmatiser } = model;
  const { sentences, texts } = readEwt('dev');

  // Gold tokens.
  let tokens = 0, uposOk = 0, lemmaGoldOk = 0, lemmaPredOk = 0, unknown = 0, unknownOk = 0;
  for (const s of sentences) {
    const n = s.forms.length;
    const wf = wordFeatures(s.forms);
    const lex = lexiconEntries(wf, tagger.lexicon);
    const out = new Uint8Array(n);
    tagger.tagRange(wf, lex, 0, n, out);
    for (let i = 0; i < n; i++) {
      tokens++;
      const ok = out[i] === s.upos[i];
      if (ok) uposOk++;
      // Unknown: no ambiguity class, i.e. not among the EWT train words of the lexicon.
      if (ambiguityOf(tagger.lexicon.packed[lex[i]]) === 0) { unknown++; if (ok) unknownOk++; }
      if (lemmatiser.lemma(s.forms[i], s.upos[i]) === s.lemmas[i]) lemmaGoldOk++;
      if (lemmatiser.lemma(s.forms[i], out[i]) === s.lemmas[i]) lemmaPredOk++;
    }
  }

  // Our tokeniser and sentence splitter, then the stage itself.
  // The text stages before tagTokens read no resources; loading only the tagger keeps this score
  // independent of the other models' files.
  const resources = { tagger: model } as unknown as Resources;
  const upTo = STAGES.slice(0, STAGES.findIndex(([name]) => name === 'tagTokens') + 1);
  const byDoc = new Map<number, TaggedSentence[]>();
  for (const s of sentences) { const list = byDoc.get(s.doc); if (list) list.push(s); else byDoc.set(s.doc, [s]); }
  let words = 0, aligned = 0, ownOk = 0, ownLemmaOk = 0;
  for (const [d, list] of byDoc) {
    const doc = runPipeline({ text: texts[d] }, resources, upTo);
    const at = new Map<number, number>();
    for (let i = 0; i < doc.tokens.count; i++) at.set(doc.tokens.start[i], i);
    for (const s of list) {
      for (let k = 0; k < s.forms.length; k++) {
        words++;
        const i = s.start[k] >= 0 ? at.get(s.start[k]) : undefined;
        if (i === undefined || doc.tokens.end[i] !== s.end[k]) continue;
        aligned++;
        if (doc.upos[i] === s.upos[k]) ownOk++;
        if (doc.lemmas[i] === s.lemmas[k]) ownLemmaOk++;
      }
    }
  }

  // Speed, on dev documents as the stage sees them (sentences of one document tagged together).
  const docs = [...byDoc.values()].map((list) => {
    const forms: string[] = [], st: number[] = [], en: number[] = [];
    for (const s of list) { st.push(forms.length); for (const f of s.forms) forms.push(f); en.push(forms.length); }
    return { forms, start: Int32Array.from(st), end: Int32Array.from(en) };
  });
  const stage = (d: (typeof docs)[number]): void => {
    const wf = wordFeatures(d.forms);
    const out = new Uint8Array(d.forms.length);
    tagger.tagDocument(wf, d.start, d.end, d.start.length, out);
    for (let i = 0; i < d.forms.length; i++) lemmatiser.lemma(d.forms[i], out[i]);
  };
  const prepared = docs.map((d) => wordFeatures(d.forms, undefined));
  const tagOnly = (k: number): void => { const d = docs[k]; tagger.tagDocument(prepared[k], d.start, d.end, d.start.length, new Uint8Array(d.forms.length)); };
  const cpu = (f: () => void, rounds: number): number => {
    const c0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const rounds = 10;
  cpu(() => docs.forEach(stage), 2);
  const stageSeconds = cpu(() => docs.forEach(stage), rounds);
  const tagSeconds = cpu(() => docs.forEach((_, k) => tagOnly(k)), rounds);

  const result = {
    set: 'ewt-dev', tokens,
    upos: uposOk / tokens, uposUnknownWords: unknown ? unknownOk / unknown : 0, unknownWords: unknown,
    lemmaGoldUpos: lemmaGoldOk / tokens, lemmaPredictedUpos: lemmaPredOk / tokens,
    ownTokenizer: { goldWords: words, aligned, upos: ownOk / words, lemma: ownLemmaOk / words, uposOnAligned: aligned ? ownOk / aligned : 0 },
    tokensPerSecond: { stage: Math.round((tokens * rounds) / stageSeconds), tagging: Math.round((tokens * rounds) / tagSeconds) },
    model: tagger.meta,
  };
  if (json) { process.stdout.write(JSON.stringify(result, null, 2) + '\n'); return; }
  process.stdout.write([
    `UD English EWT dev: ${sentences.length} sentences, ${tokens.toLocaleString('en-US')} words (gold tokens)`,
    `UPOS accuracy            ${pct(result.upos)}   (words without an EWT ambiguity class: ${pct(result.uposUnknownWords)} of ${unknown})`,
    `lemma accuracy           ${pct(result.lemmaGoldUpos)} with gold UPOS, ${pct(result.lemmaPredictedUpos)} with predicted UPOS`,
    `own tokenizer            UPOS ${pct(result.ownTokenizer.upos)}, lemma ${pct(result.ownTokenizer.lemma)} of all gold words; ${aligned} of ${words} words matched by span (UPOS ${pct(result.ownTokenizer.uposOnAligned)} on those)`,
    `speed (one core, CPU)    ${result.tokensPerSecond.stage.toLocaleString('en-US')} tokens/s word features + tags + lemmas; ${result.tokensPerSecond.tagging.toLocaleString('en-US')} tokens/s tagging alone`,
  ].join('\n') + '\n');
}
