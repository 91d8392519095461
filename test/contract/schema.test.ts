// Real outputs of the engine, validated against ../shared/contract/analysis.schema.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/index.js';
import { assertSpansRoundTrip, assertValidAnalysis, hasShared, REFERENCE_PATH, SHARED } from '../helpers/contract.js';
import path from 'node:path';

const skip = hasShared ? false : 'needs ../shared/contract';

test('the reference article validates against the schema and every span round-trips', { skip }, () => {
  const text = readFileSync(REFERENCE_PATH, 'utf8');
  const a = analyze({ text, published: '2022-03-28' }, { tokens: true });
  assertValidAnalysis(a);
  assert.equal(a.text, text, 'plain-text input: text is the input exactly');
  assert.ok(assertSpansRoundTrip(a) > 50);
});

test('every Wikinews demo article validates and round-trips', { skip }, () => {
  const lines = readFileSync(path.join(SHARED, 'examples', 'wikinews-ukraine', 'articles.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length >= 30);
  for (const line of lines) {
    const rec = JSON.parse(line) as { id: string; title: string; published: string; text: string };
    const a = analyze({ id: rec.id, text: rec.text, title: rec.title, published: rec.published.slice(0, 10) }, { tokens: true });
    assertValidAnalysis(a);
    assertSpansRoundTrip(a);
  }
});

test('a sample of PolNeAR dev articles validates and round-trips', { skip }, () => {
  const lines = readFileSync(path.join(SHARED, 'data', 'polnear', 'dev.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 25);
  for (const line of lines) {
    const rec = JSON.parse(line) as { id: string; text: string; date?: string };
    const a = analyze({ id: rec.id, text: rec.text });
    assertValidAnalysis(a);
    assertSpansRoundTrip(a);
  }
});

test('the schema validator rejects a broken record (the check can fail)', { skip }, () => {
  const a = analyze({ text: 'He said it was fine.' });
  const broken = { ...a, attributions: [{ id: 'x', kind: 'quoted', source: null, cue: { start: 0, end: 1 }, content: [] }] };
  assert.throws(() => assertValidAnalysis(broken));
});
