// The hand-made figures gold set (test/fixtures/figures-gold.jsonl, see src/eval/figures-gold.ts): every
// sentence and figure must sit at its offsets in the PolNeAR dev article it names, and the selection must
// be the documented one (seeded article order, sentences with a number, at most two per article).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NUMBER_WORD, readGold, seededOrder } from '../../src/eval/figures-gold.js';
import { SHARED } from '../helpers/contract.js';

const DEV = path.join(SHARED, 'data', 'polnear', 'dev.jsonl');
const QUALIFIERS = new Set(['exact', 'at_least', 'more_than', 'at_most', 'less_than', 'about', 'range', 'vague']);

test('figures gold: 50 sentences, well-formed figures inside their sentence', () => {
  const gold = readGold();
  assert.equal(gold.length, 50);
  for (const g of gold) {
    assert.ok(NUMBER_WORD.test(g.text), `a number in ${g.text}`);
    assert.equal(g.end - g.start, g.text.length);
    for (const f of g.figures) {
      assert.ok(f.start >= g.start && f.end <= g.end, `${f.text} inside its sentence`);
      assert.equal(g.text.slice(f.start - g.start, f.end - g.start), f.text);
      assert.ok(QUALIFIERS.has(f.qualifier), f.qualifier);
      assert.ok(Number.isFinite(f.value));
    }
  }
});

test('figures gold: offsets check against PolNeAR dev and the documented selection', { skip: existsSync(DEV) ? false : 'needs ../shared/data/polnear' }, () => {
  const dev = new Map<string, { id: string; text: string }>();
  for (const line of readFileSync(DEV, 'utf8').split('\n')) if (line.trim()) { const a = JSON.parse(line) as { id: string; text: string }; dev.set(a.id, a); }
  const gold = readGold();
  for (const g of gold) {
    const a = dev.get(g.article);
    assert.ok(a, `article ${g.article}`);
    assert.equal(a.text.slice(g.start, g.end), g.text);
  }
  // Articles appear in the seeded order, at most two sentences each.
  const order = seededOrder([...dev.keys()]);
  const rank = gold.map((g) => order.indexOf(g.article));
  for (let k = 1; k < rank.length; k++) assert.ok(rank[k] >= rank[k - 1], 'articles in seeded order');
  const per = new Map<string, number>();
  for (const g of gold) per.set(g.article, (per.get(g.article) ?? 0) + 1);
  for (const n of per.values()) assert.ok(n <= 2);
});
