import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UPOS, UPOS_INDEX } from '../../src/tagsets.js';
import { LEXICON_DIR, MODEL_DIR, PROJECT_ROOT, type Resources } from '../../src/resources.js';
import { runPipeline, STAGES } from '../../src/pipeline.js';
import { loadTaggerModel } from '../../src/models/tag-tokens.js';
import { contextFeatures, lexiconEntries, lineKind, loadTagger, MAX_FEATURES, saveTagger, SLOTS, slotFeatures, tokenFeatures, type Tagger } from '../../src/models/tagger.js';
import { normalizeWord, wordFeatures, WordBit } from '../../src/models/word-features.js';
import { readEwt, readPtbClasses, scoreTagger, trainTagger } from '../../src/train/train-tagger.js';

const tagWords = (tagger: Tagger, forms: string[]): string[] => {
  const wf = wordFeatures(forms);
  const out = new Uint8Array(forms.length);
  tagger.tagRange(wf, lexiconEntries(wf, tagger.lexicon), 0, forms.length, out);
  return [...out].map((t) => UPOS[t]);
};

test('word features: norm straightens apostrophes, lower-cases and reads digits as 0; shape and bits', () => {
  const rows: [string, string][] = [['Russia’s', "russia's"], ['2022', '0000'], ['Kyiv', 'kyiv'], ['“', '"'], ['—', '-']];
  for (const [form, norm] of rows) assert.equal(normalizeWord(form), norm, form);
  const wf = wordFeatures(['Kyiv', 'Lviv', 'NATO', 'said', '1,119', '’s', "'s"]);
  assert.equal(wf.shape[0], wf.shape[1], 'Xxxx shapes match');
  assert.notEqual(wf.shape[0], wf.shape[2]);
  assert.ok(wf.bits[0] & WordBit.CAPITALIZED);
  assert.ok(wf.bits[2] & WordBit.ALL_CAPS);
  assert.ok(wf.bits[4] & WordBit.HAS_DIGIT);
  assert.equal(wf.norm[5], wf.norm[6], 'curly and straight clitics are one word');
  assert.deepEqual(wf.norms, ['kyiv', 'lviv', 'nato', 'said', '0,000', "'s", "'s"]);
});

test('a tiny tagger trains in the test run, is deterministic, and survives a save/load round trip', () => {
  const train = readEwt('train').sentences.slice(0, 400);
  const dev = readEwt('dev').sentences.slice(0, 200);
  const opts = { epochs: 3, seed: 7, buckets: 1 << 14, folds: 0, lexiconFolds: 4, clusters: null };
  const a = trainTagger(train, dev, opts);
  const b = trainTagger(train, dev, opts);
  assert.deepEqual(a.first.weights, b.first.weights, 'same seed, same weights');
  assert.ok(a.dev > 0.75, `tiny model dev accuracy ${a.dev}`);
  const loaded = loadTagger(saveTagger(a.first, null, a.lexicon, { name: 'tiny' }));
  for (const s of dev.slice(0, 50)) assert.deepEqual(tagWords(loaded, s.forms), tagWords(a.tagger, s.forms));
});

test('a tiny two-pass tagger (second pass on jackknifed first-pass tags) round-trips too', () => {
  const train = readEwt('train').sentences.slice(0, 300);
  const dev = readEwt('dev').sentences.slice(0, 100);
  const r = trainTagger(train, dev, { epochs: 2, seed: 3, buckets: 1 << 13, folds: 2, lexiconFolds: 2, clusters: null });
  assert.ok(r.second);
  const loaded = loadTagger(saveTagger(r.first, r.second, r.lexicon, {}));
  assert.ok(loaded.second);
  for (const s of dev.slice(0, 30)) assert.deepEqual(tagWords(loaded, s.forms), tagWords(r.tagger, s.forms));
});

test('PTB word classes: tags of at least a tenth of the uses, from the POS column only; they survive a save/load round trip', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ptb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'eng.train');
  const lines = ['-DOCSTART- -X- -X- O', '', 'EU NNP I-NP I-ORG', 'rejects VBZ I-VP O', '’s POS B-NP O', 'Talks NNS I-NP O'];
  for (let k = 0; k < 8; k++) lines.push('talks NNS I-NP O');
  lines.push('talks VBZ I-VP O', 'rare JJ I-NP O');
  for (let k = 0; k < 20; k++) lines.push('up RP I-PRT O');
  lines.push('up IN I-PP O');
  writeFileSync(file, lines.join('\n') + '\n');
  const ptb = readPtbClasses([file]);
  const rows: [string, string][] = [['eu', 'NNP'], ['rejects', 'VBZ'], ["'s", 'POS'], ['talks', 'NNS|VBZ'], ['rare', 'JJ'], ['up', 'RP']];
  for (const [w, cls] of rows) assert.equal(ptb.get(w), cls, w);
  assert.equal(ptb.has('-docstart-'), false);
  assert.equal(ptb.size, rows.length);

  const train = readEwt('train').sentences.slice(0, 200);
  const r = trainTagger(train, [], { epochs: 1, seed: 2, seeds: 1, buckets: 1 << 12, folds: 0, lexiconFolds: 2, clusters: null, ptb });
  assert.equal(r.lexicon.words.get('rejects')?.ptb, 'VBZ', 'CoNLL-only words join the lexicon');
  const loaded = loadTagger(saveTagger(r.first, null, r.lexicon, {}));
  assert.equal(loaded.lexicon.words.get('talks')?.ptb, 'NNS|VBZ');
  for (const [w, e] of r.lexicon.words) assert.equal(loaded.lexicon.words.get(w)?.ptb, e.ptb, w);
});

test('line kinds from the case of a sentence\'s words', () => {
  const rows: [string, number][] = [
    ['Putin Meets Zelenskyy In Istanbul', 1], ['RUSSIA WARNS UKRAINE', 2], ['i think we should meet at noon', 3],
    ['Lavrov said Ukraine must refrain .', 0], ['OK .', 0], ['The Talks Resume , Lavrov Says', 1],
  ];
  for (const [line, kind] of rows) {
    const forms = line.split(' ');
    assert.equal(lineKind(wordFeatures(forms), 0, forms.length), kind, line);
  }
});

const model = loadTaggerModel(MODEL_DIR, LEXICON_DIR);
// The text stages before tagTokens read no resources: only the tagger is loaded, so these tests do not
// depend on the other models' files.
const resources = { tagger: model } as unknown as Resources;

test('the committed model loads fast and scores on EWT dev what its card says', () => {
  assert.ok(model, 'models/tagger.bin is committed');
  const t0 = process.hrtime.bigint();
  const tagger = loadTagger(readFileSync(path.join(MODEL_DIR, 'tagger.bin')));
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e9 < 1, 'loads in under a second');
  const dev = readEwt('dev').sentences;
  const data = dev.map((s) => { const wf = wordFeatures(s.forms); return { s, wf, lex: lexiconEntries(wf, tagger.lexicon), lexicon: tagger.lexicon }; });
  const acc = scoreTagger(tagger, data).accuracy;
  assert.equal(Number((100 * acc).toFixed(2)), tagger.meta.devUpos, 'dev UPOS after loading equals the score recorded at training');
  assert.ok(acc >= 0.95, `dev UPOS ${acc}`);
  assert.ok(readFileSync(path.join(PROJECT_ROOT, 'models', 'tagger.card.md'), 'utf8').includes(String(tagger.meta.devUpos)));
});

// Tricky news sentences: [words, expected UPOS per word ('' = not checked)].
const SENTENCES: [string, string][] = [
  ['Russia ’s foreign minister said on Monday that talks would continue .', 'PROPN PART ADJ NOUN VERB ADP PROPN SCONJ NOUN AUX VERB PUNCT'],
  ['He did n’t say whether Kyiv would agree .', 'PRON AUX PART VERB SCONJ PROPN AUX VERB PUNCT'],
  ['Prices rose 5.2 percent in March .', 'NOUN VERB NUM NOUN ADP PROPN PUNCT'],
  ['“ We will not allow it , ” Lavrov told reporters .', 'PUNCT PRON AUX PART VERB PRON PUNCT PUNCT PROPN VERB NOUN PUNCT'],
  ['Moscow wants to end the war .', 'PROPN VERB PART VERB DET NOUN PUNCT'],
  ['The talks , which began in Istanbul , were held behind closed doors .', 'DET NOUN PUNCT PRON VERB ADP PROPN PUNCT AUX VERB ADP VERB NOUN PUNCT'],
  ['Zelenskyy has repeatedly dismissed the claims .', 'PROPN AUX ADV VERB DET NOUN PUNCT'],
  ['At least 12 people were killed in the attack , officials said .', 'ADP ADJ NUM NOUN AUX VERB ADP DET NOUN PUNCT NOUN VERB PUNCT'],
  ['The United Nations refugee agency says 3.8 million people have fled .', 'DET PROPN PROPN NOUN NOUN VERB NUM NUM NOUN AUX VERB PUNCT'],
  ['It is a chance to achieve peace .', 'PRON AUX DET NOUN PART VERB NOUN PUNCT'],
];

test('tricky news sentences get the right tags', () => {
  assert.ok(model);
  let wrong = 0, total = 0;
  const misses: string[] = [];
  for (const [sentence, tags] of SENTENCES) {
    const forms = sentence.split(' '), expected = tags.split(' ');
    assert.equal(forms.length, expected.length, sentence);
    const got = tagWords(model.tagger, forms);
    for (let i = 0; i < forms.length; i++) {
      if (!expected[i]) continue;
      total++;
      if (got[i] !== expected[i]) { wrong++; misses.push(`${forms[i]}: ${got[i]} (want ${expected[i]}) in "${sentence}"`); }
    }
  }
  // A statistical tagger may miss a word; it must not miss more than it would on EWT dev.
  assert.ok(wrong <= Math.ceil(total * 0.03), `${wrong} of ${total} wrong:\n${misses.join('\n')}`);
});

test('the tagTokens stage tags and lemmatises the reference article', () => {
  const text = readFileSync(path.resolve(PROJECT_ROOT, '..', 'shared', 'examples', 'lavrov-2022-03-28.txt'), 'utf8');
  const stages = STAGES.slice(0, STAGES.findIndex(([n]) => n === 'tagTokens') + 1);
  const doc = runPipeline({ text }, resources, stages);
  assert.equal(doc.upos.length, doc.tokens.count);
  assert.equal(doc.lemmas.length, doc.tokens.count);
  const find = (word: string, nth = 0): number => {
    let seen = 0;
    for (let i = 0; i < doc.tokens.count; i++) if (text.slice(doc.tokens.start[i], doc.tokens.end[i]) === word && seen++ === nth) return i;
    return -1;
  };
  const rows: [string, string, string][] = [
    ['Lavrov', 'PROPN', 'Lavrov'], ['said', 'VERB', 'say'], ['told', 'VERB', 'tell'], ['meeting', 'NOUN', 'meeting'],
    ['differences', 'NOUN', 'difference'], ['settled', 'VERB', 'settle'], ['accused', 'VERB', 'accuse'], ['Kyiv', 'PROPN', 'Kyiv'],
    ['countries', 'NOUN', 'country'], ['has', 'AUX', 'have'],
  ];
  for (const [word, upos, lemma] of rows) {
    const i = find(word);
    assert.ok(i >= 0, word);
    assert.equal(UPOS[doc.upos[i]], upos, word);
    assert.equal(doc.lemmas[i], lemma, word);
  }
  assert.equal(UPOS_INDEX.get('X'), 0);
  for (let i = 0; i < doc.tokens.count; i++) assert.ok(doc.lemmas[i].length > 0, `lemma of token ${i}`);
});

test('the stage adds nothing without a model, and copes with an empty document', () => {
  const doc = runPipeline({ text: 'Nothing to tag here.' }, { ...resources, tagger: null }, STAGES.slice(0, 6));
  assert.equal(doc.upos.length, 0);
  const empty = runPipeline({ text: '   ' }, resources, STAGES.slice(0, 6));
  assert.equal(empty.upos.length, 0);
});

test('tagging by word form: the slot and context features are exactly tokenFeatures, and the tags those of the reference path', () => {
  const model = loadTaggerModel(MODEL_DIR, LEXICON_DIR);
  assert.ok(model, 'models/tagger.bin is committed');
  const tagger = model.tagger;
  // sentences with edges on both sides, one- and two-word sentences, repeated forms, unknown words
  const sentences = [
    ['Russia', "'s", 'top', 'diplomat', 'said', 'on', 'Monday', 'that', 'a', 'meeting', 'was', 'possible', '.'],
    ['Yes', '.'],
    ['Zelenskyy'],
    ['“', 'We', 'will', 'see', ',', '”', 'he', 'said', ',', 'adding', 'that', 'the', 'talks', 'in', 'Istanbul', 'would', 'go', 'on', '.'],
    ['THE', 'UN', 'REFUGEE', 'AGENCY', 'SAID', '3.8', 'MILLION', 'HAD', 'FLED'],
    ['the', 'the', 'the', 'qwzxv', 'qwzxv', 'set', 'up', 'set', 'up'],
  ];
  const feats = new Uint32Array(MAX_FEATURES), part = new Uint32Array(MAX_FEATURES);
  for (const words of sentences) {
    const wf = wordFeatures(words);
    const lex = lexiconEntries(wf, tagger.lexicon);
    const n = words.length, line = lineKind(wf, 0, n);
    for (let i = 0; i < n; i++) {
      for (const [p1, p2] of [[-1, -1], [3, 7], [16, 0]]) {
        const whole = [...feats.subarray(0, tokenFeatures(wf, tagger.lexicon, lex, i, 0, n, p1, p2, feats, line))].sort();
        const pieces: number[] = [];
        for (let slot = 0; slot < SLOTS; slot++) {
          const j = i + slot - 2;
          pieces.push(...part.subarray(0, slotFeatures(wf, tagger.lexicon, lex, j >= 0 && j < n ? j : -1, slot, part)));
        }
        pieces.push(...part.subarray(0, contextFeatures(wf, tagger.lexicon, lex, i, 0, n, p1, p2, part, line)));
        assert.deepEqual(pieces.sort(), whole, `${words.join(' ')} @${i} after ${p1},${p2}`);
      }
    }
  }
  // the fast path and the reference give the same tags on real text, twice (the second time from the cache)
  const text = readFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'examples', 'lavrov-2022-03-28.txt'), 'utf8');
  const resources = { tagger: model } as unknown as Resources;
  const tagsWith = (reference: boolean): string => {
    tagger.reference = reference;
    try {
      return [...runPipeline({ text }, resources, STAGES.slice(0, STAGES.findIndex(([name]) => name === 'tagTokens') + 1)).upos].join(',');
    } finally {
      tagger.reference = false;
    }
  };
  const expected = tagsWith(true);
  assert.equal(tagsWith(false), expected);
  assert.equal(tagsWith(false), expected);
  for (const words of sentences) {
    tagger.reference = true;
    const ref = tagWords(tagger, words);
    tagger.reference = false;
    assert.deepEqual(tagWords(tagger, words), ref, words.join(' '));
    // a token without a form id (a document past the form table's limit) is tagged without the per-form tables
    const wf = wordFeatures(words);
    wf.ids = Int32Array.from(wf.ids); wf.ids[0] = -1;
    const out = new Uint8Array(words.length);
    tagger.tagDocument(wf, Int32Array.of(0), Int32Array.of(words.length), 1, out);
    assert.deepEqual([...out].map((t) => UPOS[t]), ref, `${words.join(' ')} without ids`);
  }
});
