import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLine, poolExecutor, runBatch, type LineExecutor, type LineSink } from '../../src/cli/batch.js';
import { WorkerPool } from '../../src/worker-pool.js';

const CRASH_WORKER = new URL('./crash-worker.js', import.meta.url);

function collect(): LineSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, closed: false, write: (chunk) => { lines.push(chunk.replace(/\n$/, '')); }, ready: async () => {} };
}

async function* fromArray(lines: string[]): AsyncIterable<string> {
  for (const l of lines) yield l;
}

test('analyzeLine: lines that cannot be analysed become error objects with id and line number', async () => {
  const cases: Array<[line: string, lineNo: number, id: string | null, code: string]> = [
    ['', 3, null, 'DOSSIER_JSONL_BAD_LINE'],
    ['   \t', 4, null, 'DOSSIER_JSONL_BAD_LINE'],
    ['{"id": "a", "text": ', 5, null, 'DOSSIER_JSONL_BAD_LINE'],
    ['[1, 2]', 6, null, 'DOSSIER_JSONL_BAD_LINE'],
    ['"just a string"', 7, null, 'DOSSIER_JSONL_BAD_LINE'],
    ['null', 8, null, 'DOSSIER_JSONL_BAD_LINE'],
  ];
  for (const [line, lineNo, id, code] of cases) {
    const out = JSON.parse(await analyzeLine(line, lineNo, {}));
    assert.deepEqual({ id: out.id, line: out.line, code: out.error.code }, { id, line: lineNo, code }, line);
    assert.equal(typeof out.error.message, 'string');
  }
});

test('runBatch keeps input order when results finish out of order, and bounds the lines in flight', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const exec: LineExecutor = {
    maxPending: 3,
    async run(line, lineNo) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, (lineNo * 7) % 5));
      inFlight--;
      return JSON.stringify({ line: lineNo, text: line });
    },
    close: async () => {},
  };
  const input = Array.from({ length: 40 }, (_, i) => `l${i + 1}`);
  const sink = collect();
  const stats = await runBatch(fromArray(input), exec, sink);
  assert.equal(stats.lines, 40);
  assert.deepEqual(sink.lines.map((l) => JSON.parse(l).text), input);
  assert.ok(maxInFlight <= 3, `at most maxPending lines in flight, saw ${maxInFlight}`);
});

test('runBatch stops reading once the output is closed (EPIPE)', async () => {
  const sink = collect();
  let read = 0;
  async function* lines(): AsyncIterable<string> {
    for (let i = 0; i < 1000; i++) { read++; yield 'x'; }
  }
  const exec: LineExecutor = {
    maxPending: 2,
    async run(_line, lineNo) {
      if (lineNo === 5) (sink as { closed: boolean }).closed = true;
      return '{}';
    },
    close: async () => {},
  };
  const stats = await runBatch(lines(), exec, sink);
  assert.equal(stats.stopped, true);
  assert.ok(read < 20, `read ${read} lines after the reader went away`);
});

test('worker pool: a crash and an uncaught throw fail only their own line; the pool goes on', async () => {
  const exec = poolExecutor({}, 2, CRASH_WORKER);
  const input = [
    '{"id":"a","sleep":30}',
    '{"id":"b"}',
    '{"id":"c","crash":true}',
    '{"id":"d","sleep":5}',
    '{"id":"e","throwLater":true}',
    '{"id":"f"}',
  ];
  const sink = collect();
  try {
    await runBatch(fromArray(input), exec, sink);
  } finally {
    await exec.close();
  }
  const out = sink.lines.map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => o.echo ?? o.id), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(out[2].error.code, 'DOSSIER_INTERNAL');
  assert.equal(out[2].line, 3);
  assert.equal(out[4].error.code, 'DOSSIER_INTERNAL');
  assert.match(out[4].error.message, /boom/);
  assert.equal(out[5].line, 6);
});

test('worker pool: a task over the time limit has its worker replaced', async () => {
  const pool = new WorkerPool<{ line: string; lineNo: number }, string>({ size: 1, script: CRASH_WORKER, taskTimeoutMs: 300 });
  try {
    // The second task is sent ahead to the same worker; it must survive the first one's timeout.
    const hang = pool.run({ line: '{"hang":true}', lineNo: 1 });
    const after = pool.run({ line: '{"id":"after"}', lineNo: 2 });
    await assert.rejects(hang, (err: { code: string; message: string }) => err.code === 'DOSSIER_INTERNAL' && /longer than/.test(err.message));
    assert.equal(JSON.parse(await after).echo, 'after');
    assert.equal(pool.replaced, 1);
  } finally {
    await pool.close();
  }
});

test('worker pool: workers that cannot start break the pool instead of respawning forever', async () => {
  const exec = poolExecutor({ failSetup: true } as never, 2, CRASH_WORKER);
  try {
    await assert.rejects(runBatch(fromArray(['{"id":"a"}', '{"id":"b"}']), exec, collect()), /model file is missing/);
  } finally {
    await exec.close();
  }
});

test('worker pool: tasks sent ahead to a worker that crashes are run again, not failed', async () => {
  const exec = poolExecutor({}, 1, CRASH_WORKER);
  const sink = collect();
  try {
    await runBatch(fromArray(['{"id":"a"}', '{"id":"b","crash":true}', '{"id":"c"}', '{"id":"d","crash":true}', '{"id":"e"}']), exec, sink);
  } finally {
    await exec.close();
  }
  const out = sink.lines.map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => o.echo ?? `${o.id}:${o.error.code}`), ['a', 'b:DOSSIER_INTERNAL', 'c', 'd:DOSSIER_INTERNAL', 'e']);
});

test('worker pool: every worker, replacements included, reads the memory the first ready worker shared', async () => {
  const pool = new WorkerPool<{ line: string; lineNo: number }, string>({ size: 3, script: CRASH_WORKER });
  const count = async (n: number): Promise<number[]> =>
    (await Promise.all(Array.from({ length: n }, (_, i) => pool.run({ line: '{"count":true}', lineNo: i })))).map((l) => JSON.parse(l).count as number);
  try {
    // One counter across the pool: the answers are 1..n, each once. Private counters would repeat small numbers.
    const first = await count(30);
    assert.deepEqual([...first].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
    await assert.rejects(pool.run({ line: '{"crash":true}', lineNo: 99 }), (err: { code: string }) => err.code === 'DOSSIER_INTERNAL');
    const after = await count(12);
    assert.deepEqual([...after].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 31));
    assert.equal(pool.replaced, 1);
  } finally {
    await pool.close();
  }
});

test('worker pool: a worker whose tasks settle out of order (a batching handler) still answers each task', { timeout: 20_000 }, async () => {
  const pool = new WorkerPool<{ line: string; lineNo: number }, string>({ size: 1, script: CRASH_WORKER, tasksAhead: 4 });
  try {
    const later = [60, 0, 30, 0, 10];
    const out = await Promise.all(later.map((ms, i) => pool.run({ line: JSON.stringify({ id: `t${i}`, later: ms }), lineNo: i + 1 })));
    assert.deepEqual(out.map((o) => JSON.parse(o) as unknown), later.map((_, i) => ({ echo: `t${i}`, line: i + 1 })));
  } finally {
    await pool.close();
  }
});

test('worker pool: tasksAhead lets a worker go on while the main thread is blocked', async () => {
  // The main thread blocks (as ingest does writing a batch in one synchronous transaction) right after
  // handing out tasks; the worker can only run what it was given before. With tasksAhead 6 all six are
  // done during the block; with the default, two are, and the others wait for the main thread.
  const finishedWhileBlocked = async (tasksAhead: number | undefined): Promise<number> => {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const pool = new WorkerPool<{ line: string; lineNo: number }, string>({ size: 1, script: CRASH_WORKER, workerData: { done }, tasksAhead });
    try {
      await pool.run({ line: '{"id":"warm"}', lineNo: 0 }); // the worker is ready: tasks go out at once
      const runs = Array.from({ length: 6 }, (_, i) => pool.run({ line: '{"id":"t","sleep":5}', lineNo: i + 1 }));
      const deadline = Date.now() + 3000;
      let settledAt = -1;
      // blocked: no message from the worker is read here; stop once the count has stood still for 800 ms
      while (Date.now() < deadline) {
        const before = Atomics.load(done, 0);
        Atomics.wait(done, 0, before, 800);
        if (Atomics.load(done, 0) === before) { settledAt = before; break; }
      }
      const during = (settledAt >= 0 ? settledAt : Atomics.load(done, 0)) - 1;
      await Promise.all(runs);
      assert.equal(Atomics.load(done, 0), 7, 'every task ran in the end');
      return during;
    } finally {
      await pool.close();
    }
  };
  assert.equal(await finishedWhileBlocked(6), 6);
  assert.equal(await finishedWhileBlocked(undefined), 2);
});
