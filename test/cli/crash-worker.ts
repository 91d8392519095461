// A stand-in worker for the pool tests (not a test file): echoes tasks, and crashes, throws, hangs,
// sleeps or answers late on demand, so crash recovery and reordering can be tested without the engine.
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../../src/worker-pool.js';

interface Task { line: string; lineNo: number }

/** This worker's counter: its own until the pool hands it the first worker's (a stand-in for the engine's weight tables). */
let counter: Int32Array = new Int32Array(new SharedArrayBuffer(4));

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

await serveTasks<Task, string>(() => {
  if ((workerData as { failSetup?: boolean } | undefined)?.failSetup) throw new Error('the model file is missing');
  return (task) => {
    const value = JSON.parse(task.line) as { id?: string; crash?: boolean; throwLater?: boolean; hang?: boolean; sleep?: number; count?: boolean; later?: number };
    if (value.count) return JSON.stringify({ count: Atomics.add(counter, 0, 1) + 1 });
    if (value.crash) process.exit(3);
    if (value.throwLater) {
      setImmediate(() => { throw new Error('boom'); });
      return new Promise<string>(() => {});
    }
    if (value.hang) for (;;) sleep(1000);
    if (value.sleep) sleep(value.sleep);
    // settles after `later` ms without blocking: tasks that come after it can settle first
    if (value.later !== undefined) return new Promise<string>((resolve) => setTimeout(() => resolve(JSON.stringify({ echo: value.id ?? null, line: task.lineNo })), value.later));
    // tasks finished so far, where the test can read them while its own thread is blocked
    const done = (workerData as { done?: Int32Array } | undefined)?.done;
    if (done) Atomics.add(done, 0, 1);
    return JSON.stringify({ echo: value.id ?? null, line: task.lineNo });
  };
}, () => ({
  offer: () => counter,
  adopt: (value) => {
    const given = value as Int32Array;
    if (!(given.buffer instanceof SharedArrayBuffer) || given.length !== 1) throw new Error('not a shared counter');
    counter = given;
  },
}));
