import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPair, hashString, loadPerceptron, Perceptron, savePerceptron, seededRandom, shuffle } from '../../src/models/perceptron.js';

// A toy task the perceptron must learn: the class is the last letter of a word.
const WORDS = ['cat', 'dog', 'bird', 'fish', 'cow', 'hen', 'pig', 'ant', 'bee', 'elk', 'fox', 'gnu', 'yak', 'owl', 'emu'];
const CLASSES = [...new Set(WORDS.map((w) => w.at(-1)!))].sort();

function features(word: string, out: Uint32Array): number {
  out[0] = hashPair(1, hashString(word.slice(-1)));
  out[1] = hashPair(2, hashString(word));
  out[2] = hashPair(3, 0); // bias
  return 3;
}

function train(seed: number): Perceptron {
  const model = new Perceptron({ classes: CLASSES, buckets: 1 << 10 });
  const feats = new Uint32Array(8), scores = new Float32Array(CLASSES.length);
  const data = [...WORDS];
  const random = seededRandom(seed);
  for (let epoch = 0; epoch < 5; epoch++) {
    for (const w of shuffle(data, random)) {
      const n = features(w, feats);
      model.score(feats, n, scores);
      model.update(feats, n, CLASSES.indexOf(w.at(-1)!), model.best(scores));
      model.tick();
    }
  }
  model.average();
  return model;
}

function predict(model: Perceptron, w: string): string {
  const feats = new Uint32Array(8), scores = new Float32Array(model.nClasses);
  model.score(feats, features(w, feats), scores);
  return model.classes[model.best(scores)];
}

test('the perceptron learns a toy task and generalises through a shared feature', () => {
  const model = train(7);
  for (const w of WORDS) assert.equal(predict(model, w), w.at(-1));
  assert.equal(predict(model, 'rat'), 't', 'unseen word, known last letter');
});

test('training is deterministic for a seed', () => {
  assert.deepEqual(train(3).weights, train(3).weights);
});

test('save/load round trip keeps every prediction (quantised and float)', () => {
  const model = train(7);
  for (const quantise of [true, false]) {
    const buf = savePerceptron(model, { name: 'toy' }, quantise);
    const { model: loaded, header } = loadPerceptron(buf);
    assert.equal(header.meta.name, 'toy');
    for (const w of [...WORDS, 'rat']) assert.equal(predict(loaded, w), predict(model, w));
  }
});

test('a file that is not a model is refused with a coded error', () => {
  assert.throws(() => loadPerceptron(Buffer.from('hello world, not a model')), { code: 'DOSSIER_DATA_MISSING' });
});
