import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORM_ID_LIMIT, FORM_LIMIT, formGeneration, lowerForm, textWordFeatures, wordFeatures, type WordFeatures } from '../../src/models/word-features.js';

/** Everything a model reads of token i, ids aside. */
function featuresOf(wf: WordFeatures, i: number): unknown[] {
  return [wf.forms[i], wf.norms[i], wf.form[i], wf.norm[i], wf.shape[i], wf.bits[i], [...wf.prefix.subarray(i * 4, i * 4 + 4)], [...wf.suffix.subarray(i * 4, i * 4 + 4)]];
}

// Forms of every kind the computation distinguishes: case, digits, curly quotes and dashes, non-Latin
// letters, one character, long words, a form repeated and forms that differ only in case.
const FORMS = ['Russia’s', 'russia’s', 'RUSSIA', '2022', '1,119', '“', '—', 'Zelenskyy', 'Київ', 'ΑΘΗΝΑ', 'é', 'a', 'a',
  'counter-offensive', 'internationalisation', 'U.S.', "'s", '%'];

test('form table: a form met again gets the same id and exactly the features computed the first time', () => {
  const first = wordFeatures(FORMS);
  const again = wordFeatures([...FORMS].reverse());
  for (let i = 0; i < FORMS.length; i++) {
    const j = FORMS.length - 1 - i;
    assert.deepEqual(featuresOf(again, j), featuresOf(first, i), FORMS[i]);
    assert.equal(again.ids[j], first.ids[i], FORMS[i]);
  }
  assert.equal(first.ids[11], first.ids[12], 'the repeated form has one id');
  assert.notEqual(first.ids[0], first.ids[1], 'forms differing in case have their own ids');
});

test('form table: features read off a text are those of the sliced forms, with the same ids', () => {
  const text = FORMS.join(' ');
  const start = new Int32Array(FORMS.length), end = new Int32Array(FORMS.length);
  for (let i = 0, at = 0; i < FORMS.length; at += FORMS[i].length + 1, i++) { start[i] = at; end[i] = at + FORMS[i].length; }
  const fromText = textWordFeatures(text, start, end, FORMS.length);
  const fromForms = wordFeatures(FORMS);
  for (let i = 0; i < FORMS.length; i++) {
    assert.deepEqual(featuresOf(fromText, i), featuresOf(fromForms, i), FORMS[i]);
    assert.equal(fromText.ids[i], fromForms.ids[i], FORMS[i]);
    assert.equal(lowerForm(fromText, i), FORMS[i].toLowerCase());
  }
});

test('form table: when full it starts a new generation between documents; features stay the same', () => {
  const before = wordFeatures(FORMS);
  const generation = formGeneration();
  // Enough new forms to fill the table, in documents of 1000 forms.
  for (let k = 0; k <= FORM_LIMIT / 1000; k++) wordFeatures(Array.from({ length: 1000 }, (_, m) => `w${k}x${m}`));
  assert.ok(formGeneration() > generation, 'the table started over');
  const after = wordFeatures(FORMS);
  assert.equal(after.generation, formGeneration());
  assert.notEqual(after.generation, before.generation);
  for (let i = 0; i < FORMS.length; i++) assert.deepEqual(featuresOf(after, i), featuresOf(before, i), FORMS[i]);
  // a document's ids all belong to its own generation: its lower-case forms are still right
  for (let i = 0; i < FORMS.length; i++) assert.equal(lowerForm(before, i), FORMS[i].toLowerCase());
});

test('form table: one document with more new forms than FORM_ID_LIMIT leaves the rest without ids (-1), with the same features', () => {
  const words = Array.from({ length: FORM_ID_LIMIT + 10 }, (_, m) => `Huge${m}`);
  words.push(...FORMS);
  const wf = wordFeatures(words);
  const n = words.length;
  assert.equal(wf.ids[n - 1], -1);
  assert.ok(wf.ids[0] >= 0);
  const alone = wordFeatures(FORMS);
  for (let i = 0; i < FORMS.length; i++) {
    assert.deepEqual(featuresOf(wf, n - FORMS.length + i), featuresOf(alone, i), FORMS[i]);
    assert.equal(lowerForm(wf, n - FORMS.length + i), FORMS[i].toLowerCase());
  }
});
