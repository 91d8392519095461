import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanIndex } from '../../src/text/span-index.js';

/** Deterministic spans: short ones, long ones reaching over many blocks, empty ones, nested and overlapping. */
function spans(seed: number, count: number, length: number): Array<[number, number]> {
  let x = seed;
  const next = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x % n; };
  return Array.from({ length: count }, () => {
    const start = next(length);
    const kind = next(10);
    const size = kind === 0 ? 0 : kind < 7 ? next(40) + 1 : next(3000) + 1;
    return [start, Math.min(length, start + size)];
  });
}

const cases: Array<{ name: string; spans: Array<[number, number]>; at: number[] }> = [
  { name: 'no spans', spans: [], at: [0, 5, 1000] },
  { name: 'edges are start-inclusive, end-exclusive', spans: [[10, 20]], at: [9, 10, 19, 20] },
  { name: 'an empty span holds nothing', spans: [[10, 10]], at: [9, 10, 11] },
  { name: 'nested spans come in the order added', spans: [[0, 1000], [100, 200], [150, 160]], at: [0, 150, 159, 160, 999, 1000] },
  { name: 'a span over many blocks', spans: [[5, 5000], [4999, 5001]], at: [5, 255, 256, 511, 4999, 5000, 5001] },
  { name: 'random spans against a scan', spans: spans(7, 400, 20000), at: Array.from({ length: 2000 }, (_, i) => i * 10 + (i % 7)) },
];

for (const c of cases) {
  test(`SpanIndex: ${c.name}`, () => {
    const index = new SpanIndex();
    c.spans.forEach(([s, e], i) => assert.equal(index.add(s, e), i));
    assert.equal(index.size, c.spans.length);
    for (const at of c.at) {
      const scan = c.spans.flatMap(([s, e], i) => (s <= at && at < e ? [i] : []));
      assert.deepEqual(index.holding(at), scan, `holding(${at})`);
    }
    for (let k = 0; k < c.at.length; k++) {
      const from = c.at[k], to = c.at[k] + (k % 5) * 37;
      const scan = c.spans.some(([s, e]) => from < e && s < to);
      assert.equal(index.overlaps(from, to), scan, `overlaps(${from}, ${to})`);
    }
  });
}

test('SpanIndex.overlapping: the overlapping spans, ascending and each once, as a scan finds them', () => {
  for (const c of cases) {
    const index = new SpanIndex();
    for (const [s, e] of c.spans) index.add(s, e);
    for (let k = 0; k < c.at.length; k++) {
      const from = c.at[k], to = c.at[k] + (k % 5) * 137;
      const scan = c.spans.flatMap(([s, e], i) => (from < e && s < to ? [i] : []));
      assert.deepEqual(index.overlapping(from, to), scan, `${c.name}: overlapping(${from}, ${to})`);
    }
  }
});
