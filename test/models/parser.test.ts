import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readDependencyConllu, deprelIndex, type DependencySentence } from '../../src/models/parser-conllu.js';
import { loadParser, MAX_SENTENCE, projectivize, saveParser, type Parser } from '../../src/models/parser.js';
import { parserResources, scoreParser, trainParser } from '../../src/train/parser-train.js';
import { parseSentences } from '../../src/models/parse-sentences.js';
import { MODEL_DIR, PROJECT_ROOT } from '../../src/resources.js';
import { runPipeline, STAGES } from '../../src/pipeline.js';
import { DEPRELS, UPOS_INDEX } from '../../src/tagsets.js';
import type { Doc } from '../../src/doc.js';

const EWT = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'ud-english-ewt');
const haveData = existsSync(path.join(EWT, 'en_ewt-ud-train.conllu'));

/** One root per sentence, every head inside its sentence, no cycles. */
function assertWellFormed(doc: Doc): void {
  const t = doc.tokens, s = doc.sentences;
  assert.equal(doc.head.length, t.count);
  assert.equal(doc.deprel.length, t.count);
  for (let si = 0; si < s.count; si++) {
    const from = s.tokenStart[si], to = s.tokenEnd[si];
    let roots = 0;
    for (let i = from; i < to; i++) {
      const h = doc.head[i];
      if (h === -1) { roots++; assert.equal(DEPRELS[doc.deprel[i]], 'root'); continue; }
      assert.ok(h >= from && h < to && h !== i, `head of ${i} (${h}) outside sentence ${from}..${to}`);
      assert.notEqual(DEPRELS[doc.deprel[i]], 'root');
      let a = i, steps = 0;
      while (a !== -1) { a = doc.head[a]; assert.ok(++steps <= to - from, `cycle through token ${i}`); }
    }
    if (to > from) assert.equal(roots, 1, `sentence ${si} has ${roots} roots`);
  }
}

const TOY = `# text = Lavrov said Ukraine must refrain .
1	Lavrov	Lavrov	PROPN	NNP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	Ukraine	Ukraine	PROPN	NNP	_	5	nsubj	_	_
4	must	must	AUX	MD	_	5	aux	_	_
5	refrain	refrain	VERB	VB	_	2	ccomp	_	_
6	.	.	PUNCT	.	_	2	punct	_	_

# text = What it is about.
1-2	What's	_	_	_	_	_	_	_	_
1	What	what	PRON	WP	_	0	root	_	_
2	's	be	AUX	VBZ	_	1	cop	_	_
2.1	x	x	X	X	_	_	_	_	_
3	new	new	ADJ	JJ	_	1	obl:tmod	_	_

`;

test('CoNLL-U reader: syntactic words only, 0-based heads, unknown relations fall back to their base', () => {
  const [a, b] = readDependencyConllu(TOY);
  assert.deepEqual(a.forms, ['Lavrov', 'said', 'Ukraine', 'must', 'refrain', '.']);
  assert.deepEqual([...a.head], [1, -1, 4, 4, 1, 1]);
  assert.equal(DEPRELS[a.deprel[4]], 'ccomp');
  assert.deepEqual(b.forms, ['What', "'s", 'new']);
  assert.equal(b.upos[1], UPOS_INDEX.get('AUX'));
  for (const [rel, want] of [['obl:tmod', 'obl'], ['nsubj:pass', 'nsubj:pass'], ['flat:foreign', 'flat'], ['weird', 'dep']] as const) {
    assert.equal(DEPRELS[deprelIndex(rel)], want, rel);
  }
});

test('projectivize lifts crossing arcs until none cross', () => {
  const rows: [number[], number][] = [
    [[1, -1, 1], 0],            // already projective
    [[2, 3, -1, 2], 1],         // 0->2 and 1->3 cross: lift the shorter
  ];
  for (const [heads, lifts] of rows) {
    const h = Int32Array.from(heads);
    assert.equal(projectivize(h), lifts, heads.join(','));
    for (let d = 0; d < h.length; d++) {
      if (h[d] < 0) continue;
      for (let k = Math.min(d, h[d]) + 1; k < Math.max(d, h[d]); k++) { let a = k; while (a >= 0 && a !== h[d]) a = h[a]; assert.equal(a, h[d]); }
    }
  }
});

let tiny: Parser | null = null;
let devSample: DependencySentence[] = [];
if (haveData) {
  const train = readDependencyConllu(readFileSync(path.join(EWT, 'en_ewt-ud-train.conllu'), 'utf8')).slice(0, 400);
  devSample = readDependencyConllu(readFileSync(path.join(EWT, 'en_ewt-ud-dev.conllu'), 'utf8')).slice(0, 300);
  tiny = trainParser(train, { epochs: 3, transitionBuckets: 1 << 16, labelBuckets: 1 << 12 }).parser;
}

test('a tiny parser trained in the test learns something and survives a save/load round trip', { skip: !haveData && 'no EWT data' }, () => {
  const p = tiny!;
  const before = scoreParser(p, devSample);
  assert.ok(before.uas > 55, `tiny parser UAS ${before.uas.toFixed(1)}`);
  assert.ok(before.las > 40, `tiny parser LAS ${before.las.toFixed(1)}`);
  const again = loadParser(saveParser(p, { test: true })).parser;
  const after = scoreParser(again, devSample);
  assert.ok(Math.abs(after.uas - before.uas) < 1, `UAS ${before.uas} -> ${after.uas} after int8 round trip`);
  const exact = loadParser(saveParser(p, { test: true }, false)).parser;
  assert.equal(scoreParser(exact, devSample).uas, before.uas);
});

test('the optional word-class templates (ambiguity classes, lexicon in the file) train and survive an exact round trip', { skip: !haveData && 'no EWT data' }, () => {
  const train = readDependencyConllu(readFileSync(path.join(EWT, 'en_ewt-ud-train.conllu'), 'utf8')).slice(0, 200);
  const p = trainParser(train, { epochs: 2, transitionBuckets: 1 << 14, labelBuckets: 1 << 10, featureSet: 7 }).parser;
  const before = scoreParser(p, devSample.slice(0, 100));
  assert.ok(before.uas > 40, `UAS ${before.uas.toFixed(1)}`);
  const again = loadParser(saveParser(p, { test: true }, false)).parser;
  assert.equal(again.featureSet, 7);
  assert.equal(scoreParser(again, devSample.slice(0, 100)).uas, before.uas);
});

const TAG_BY_KIND = ['X', 'NOUN', 'NUM', 'PUNCT', 'PUNCT', 'SYM', 'X'];

/**
 * Tokens, sentences and tags of `text`, then the parse. Tags: `tags` when given (one per token),
 * else the tagging stage's, else a crude tag from the token kind (so odd inputs still reach the parser).
 */
function docFor(text: string, parserOnly: Parser | null, tags?: string[]): Doc {
  // parserResources, not loadResources: these tests must not fail while another model file is being rebuilt
  const resources = { ...parserResources(), ...(parserOnly ? { parser: parserOnly } : {}) };
  const stages = STAGES.filter(([name]) => ['tokenize', 'findParagraphs', 'splitSentences', 'tagTokens'].includes(name));
  const doc = runPipeline({ text }, resources, stages);
  const t = doc.tokens;
  if (tags) {
    assert.equal(tags.length, t.count, `tags for ${text}`);
    doc.upos = Uint8Array.from(tags, (tag) => UPOS_INDEX.get(tag)!);
  } else if (doc.upos.length !== t.count) doc.upos = Uint8Array.from(t.kind, (k) => UPOS_INDEX.get(TAG_BY_KIND[k])!);
  parseSentences(doc, resources);
  return doc;
}

const ODD_INPUTS: string[] = [
  'Yes.',
  '...',
  '" "',
  'A',
  '— — — —',
  'He said: "No." She said: "Yes!" (Reuters)',
  'Putin-Zelenskyy talks in Istanbul on 2022-03-28 at 10:30 a.m.; 1,119 dead.',
  Array.from({ length: 600 }, (_, i) => `word${i}`).join(' '),
  Array.from({ length: 260 }, () => 'and').join(' ') + '.',
  '😀 🙂 !!! ??? ###',
];

test('trees are well formed on odd inputs (one root, heads inside the sentence, no cycles)', { skip: !haveData && 'no EWT data' }, () => {
  for (const text of ODD_INPUTS) assertWellFormed(docFor(text, tiny));
});

const committed = existsSync(path.join(MODEL_DIR, 'parser.bin'));

/** Head (as its text) and relation of the first token spelled `word`. */
function arc(doc: Doc, word: string): [string, string] {
  const t = doc.tokens;
  for (let i = 0; i < t.count; i++) {
    if (doc.text.slice(t.start[i], t.end[i]) !== word) continue;
    const h = doc.head[i];
    return [h < 0 ? 'ROOT' : doc.text.slice(t.start[h], t.end[h]), DEPRELS[doc.deprel[i]]];
  }
  throw new Error(`no token ${word}`);
}

// [sentence, its UPOS (as a tagger gives them), [word, head word, relation][]]: the parser alone, tags fixed.
const NEWS: [string, string, [string, string, string][]][] = [
  ['Lavrov said Ukraine must refrain from provocations.', 'PROPN VERB PROPN AUX VERB ADP NOUN PUNCT',
    [['Lavrov', 'said', 'nsubj'], ['refrain', 'said', 'ccomp'], ['Ukraine', 'refrain', 'nsubj'], ['said', 'ROOT', 'root']]],
  ['Three people were killed in the attack, police said.', 'NUM NOUN AUX VERB ADP DET NOUN PUNCT NOUN VERB PUNCT',
    [['people', 'killed', 'nsubj:pass'], ['police', 'said', 'nsubj'], ['attack', 'killed', 'obl']]],
  ['"We will not give up," Zelenskyy said in a video address.', 'PUNCT PRON AUX PART VERB ADP PUNCT PUNCT PROPN VERB ADP DET NOUN NOUN PUNCT',
    [['Zelenskyy', 'said', 'nsubj'], ['give', 'said', 'ccomp'], ['address', 'said', 'obl']]],
  ['According to officials, the bridge collapsed after heavy rain.', 'VERB ADP NOUN PUNCT DET NOUN VERB ADP ADJ NOUN PUNCT',
    [['bridge', 'collapsed', 'nsubj'], ['rain', 'collapsed', 'obl'], ['collapsed', 'ROOT', 'root']]],
];

test('news sentences: speakers are subjects of the reporting verb, what they said its complement', { skip: !committed && 'no models/parser.bin' }, () => {
  for (const [text, tags, arcs] of NEWS) {
    const doc = docFor(text, null, tags.split(' '));
    assertWellFormed(doc);
    for (const [word, head, rel] of arcs) assert.deepEqual(arc(doc, word), [head, rel], `${word} in: ${text}`);
  }
});

// Known misses of the committed model, kept visible as todo rows until a model gets them right.
const NEWS_TODO: [string, string, [string, string, string][]][] = [
  // the content clause goes to the addressee as a relative clause (acl) instead of ccomp of told
  ['The minister told reporters that talks would resume on Tuesday.', 'DET NOUN VERB NOUN SCONJ NOUN AUX VERB ADP PROPN PUNCT',
    // EWT's convention: the addressee of "tell … that" is iobj (67 of 67 in train)
    [['minister', 'told', 'nsubj'], ['reporters', 'told', 'iobj'], ['resume', 'told', 'ccomp'], ['that', 'resume', 'mark']]],
];

test('news sentences the committed model still gets wrong', { skip: !committed && 'no models/parser.bin', todo: 'known parser misses' }, () => {
  for (const [text, tags, arcs] of NEWS_TODO) {
    const doc = docFor(text, null, tags.split(' '));
    for (const [word, head, rel] of arcs) assert.deepEqual(arc(doc, word), [head, rel], `${word} in: ${text}`);
  }
});

test('the committed parser on the reference article: well-formed trees for every sentence', { skip: !committed && 'no models/parser.bin' }, () => {
  const text = readFileSync(path.resolve(PROJECT_ROOT, '..', 'shared', 'examples', 'lavrov-2022-03-28.txt'), 'utf8');
  const doc = docFor(text, null);
  assertWellFormed(doc);
  assert.ok(doc.tokens.count > 100);
});

test('the committed parser loads, and its long-sentence chunking keeps one root', { skip: !committed && 'no models/parser.bin' }, () => {
  const doc = docFor(Array.from({ length: MAX_SENTENCE * 2 + 7 }, (_, i) => (i % 9 === 8 ? 'and' : `w${i}`)).join(' '), null);
  assertWellFormed(doc);
});
