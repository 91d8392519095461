import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { analyze } from '../../src/analyze.js';
import { sameShape, shareTableSet, toShared } from '../../src/models/shared-tables.js';
import { adoptResourceTables, loadResources, PROJECT_ROOT, shareResourceTables, type SharedResourceTables } from '../../src/resources.js';
import path from 'node:path';

const REFERENCE = readFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'examples', 'lavrov-2022-03-28.txt'), 'utf8');
const article = { id: 'ref', text: REFERENCE, title: null, published: '2022-03-28' };

test('toShared copies a table into shared memory, value for value', () => {
  for (const table of [Int8Array.of(-128, 0, 127), Int16Array.of(-3, 30000), Uint32Array.of(0xffffffff, 1), Float32Array.of(0.5, -2)]) {
    const copy = toShared(table);
    assert.ok(copy.buffer instanceof SharedArrayBuffer);
    assert.equal(copy.constructor, table.constructor);
    assert.deepEqual([...copy], [...table]);
  }
  const set = shareTableSet({ a: Int8Array.of(1, 2), b: Int32Array.of(3) });
  assert.deepEqual(Object.keys(set), ['a', 'b']);
});

test('sameShape refuses a table of another type or length with a coded error', () => {
  const own = new Int8Array(4);
  assert.equal(sameShape('m', 't', own, undefined), own, 'nothing given: keep the own table');
  const given = new Int8Array(new SharedArrayBuffer(4));
  assert.equal(sameShape('m', 't', own, given), given);
  for (const bad of [new Int8Array(5), new Int16Array(4)]) {
    assert.throws(() => sameShape('parser', 'transitions', own, bad), (err: { code: string; message: string }) =>
      err.code === 'DOSSIER_INTERNAL' && /parser table "transitions" does not match/.test(err.message));
  }
  assert.throws(() => sameShape('m', 't', null, given), /for none/);
});

test('the engine gives the same analysis reading shared tables, and every big model table is shared', () => {
  const resources = loadResources();
  const before = JSON.stringify(analyze(article, { resources }));
  const shared = shareResourceTables(resources);
  assert.deepEqual(Object.keys(shared).sort(), ['attribution', 'ner', 'parser', 'tagger']);
  let bytes = 0;
  for (const tables of Object.values(shared)) {
    for (const t of Object.values(tables)) {
      assert.ok(t.buffer instanceof SharedArrayBuffer);
      bytes += t.byteLength;
    }
  }
  assert.ok(bytes > 8 * 2 ** 20, `only ${bytes} bytes shared`);
  assert.equal(JSON.stringify(analyze(article, { resources })), before);
  // adopting the same tables again is a no-op; a wrong shape is refused before anything is swapped in
  adoptResourceTables(resources, shared);
  assert.throws(() => adoptResourceTables(resources, { parser: { transitions: new Int8Array(8) } }), /does not match/);
  assert.equal(JSON.stringify(analyze(article, { resources })), before);
});

test('a worker thread that adopts the shared tables analyses exactly as this thread does', async () => {
  const resources = loadResources();
  const shared: SharedResourceTables = shareResourceTables(resources);
  const expected = JSON.stringify(analyze(article, { resources }));
  const source = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { loadResources, adoptResourceTables } = await import(${JSON.stringify(new URL('../../src/resources.js', import.meta.url).href)});
    const { analyze } = await import(${JSON.stringify(new URL('../../src/analyze.js', import.meta.url).href)});
    const r = loadResources();
    adoptResourceTables(r, workerData.shared);
    const sharedNow = r.parser.sharedTables().transitions.buffer instanceof SharedArrayBuffer;
    parentPort.postMessage({ sharedNow, json: JSON.stringify(analyze(workerData.article, { resources: r })) });
  `;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: { shared, article } });
  const reply = await new Promise<{ sharedNow: boolean; json: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(reply.sharedNow, true);
  assert.equal(reply.json, expected);
});
