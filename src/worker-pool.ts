// A fixed pool of worker threads, each loading the engine's resources once and taking one task at a
// time. A worker that crashes or hangs fails only the task it held; it is replaced and the pool goes on.
// Workers that cannot even start (missing model, bad build) break the pool instead of respawning forever.

import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import { DossierError } from './errors.js';

export interface PoolOptions {
  size: number;
  /** The compiled worker module; it calls `serveTasks`. */
  script: URL;
  workerData?: unknown;
  /** A task running longer than this has its worker terminated (0 = no limit). */
  taskTimeoutMs?: number;
  resourceLimits?: ResourceLimits;
  /**
   * Tasks each worker holds at once, the running one included (default TASKS_PER_WORKER). A caller whose
   * main thread blocks for long stretches (ingest writes a batch in one synchronous transaction) gives
   * more, so the workers have queued work to go on with while their results wait to be read.
   */
  tasksAhead?: number;
}

type FromWorker<Out> =
  | { type: 'ready'; share?: unknown }
  | { type: 'result'; id: number; value: Out }
  | { type: 'fatal'; error: { code: string; message: string } };

interface Job<In, Out> {
  id: number;
  task: In;
  resolve: (value: Out) => void;
  reject: (err: DossierError) => void;
}

interface Slot<In, Out> {
  worker: Worker;
  ready: boolean;
  /** Tasks sent to this worker, oldest first; the worker runs them in order, so jobs[0] is running. */
  jobs: Job<In, Out>[];
  timer: NodeJS.Timeout | null;
  crash: Error | null;
  timedOut: boolean;
}

/**
 * Tasks sent ahead to each worker: the next one already waits in its port when the current one ends,
 * so a worker never idles for a round trip through a busy main thread.
 */
export const TASKS_PER_WORKER = 2;

/** How long one article's analysis may hold a worker (ingest, serve): a report takes milliseconds, 4 MB of text seconds. */
export const ANALYZE_TIMEOUT_MS = 120_000;

/** After this many workers in a row die before becoming ready, the pool gives up. */
const MAX_START_FAILURES = 3;

export class WorkerPool<In, Out> {
  private readonly slots = new Set<Slot<In, Out>>();
  private readonly queue: Job<In, Out>[] = [];
  private nextId = 0;
  private startFailures = 0;
  private closing = false;
  /** Set when the pool cannot run at all; every pending and later task is rejected with it. */
  broken: DossierError | null = null;
  /** Workers replaced after a crash or a timeout (for reports and tests). */
  replaced = 0;
  /**
   * What the first ready worker offered to share (the engine's weight tables in shared memory): every
   * other worker, and each replacement, is handed it before its first task, so all read one copy.
   */
  private shared: { value: unknown } | null = null;

  constructor(private readonly options: PoolOptions) {
    const size = Math.max(1, Math.floor(options.size));
    for (let i = 0; i < size; i++) this.spawn();
  }

  get size(): number {
    return this.slots.size;
  }

  run(task: In): Promise<Out> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const exits = [...this.slots].map((s) => s.worker.terminate().catch(() => 0));
    this.slots.clear();
    this.fail(new DossierError('DOSSIER_INTERNAL', 'The worker pool was closed before this task ran.'), false);
    await Promise.all(exits);
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
      stdout: false,
      stderr: false,
    });
    const slot: Slot<In, Out> = { worker, ready: false, jobs: [], timer: null, crash: null, timedOut: false };
    this.slots.add(slot);
    worker.on('message', (msg: FromWorker<Out>) => this.onMessage(slot, msg));
    worker.on('error', (err) => {
      slot.crash = err;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onMessage(slot: Slot<In, Out>, msg: FromWorker<Out>): void {
    if (msg.type === 'ready') {
      if (msg.share !== undefined) {
        if (!this.shared) this.shared = { value: msg.share };
        else slot.worker.postMessage({ type: 'share', value: this.shared.value });
      }
      slot.ready = true;
      this.startFailures = 0;
      this.dispatch();
    } else if (msg.type === 'result') {
      const job = slot.jobs[0];
      if (!job || job.id !== msg.id) return;
      slot.jobs.shift();
      this.clearTimer(slot);
      this.startTimer(slot);
      job.resolve(msg.value);
      this.dispatch();
    } else if (msg.type === 'fatal') {
      // Setup failed (resources missing or corrupt): a fresh worker would fail the same way.
      this.fail(new DossierError(msg.error.code === 'DOSSIER_INTERNAL' ? 'DOSSIER_INTERNAL' : 'DOSSIER_DATA_MISSING', msg.error.message), true);
    }
  }

  private onExit(slot: Slot<In, Out>, code: number): void {
    if (!this.slots.delete(slot) || this.closing) return;
    // The oldest task was running and takes the blame; the ones sent after it never started and go back.
    const [job, ...unstarted] = slot.jobs;
    slot.jobs = [];
    this.clearTimer(slot);
    this.queue.unshift(...unstarted);
    const why = slot.timedOut
      ? `it ran longer than ${Math.round((this.options.taskTimeoutMs ?? 0) / 1000)} s`
      : slot.crash
        ? `the worker crashed: ${slot.crash.message}`
        : `the worker exited with status ${code}`;
    if (job) job.reject(new DossierError('DOSSIER_INTERNAL', `Dossier could not finish this item: ${why}.`, { cause: slot.crash ?? undefined }));
    if (this.broken) return;
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      this.fail(new DossierError('DOSSIER_INTERNAL', `Worker threads cannot start (${slot.crash?.message ?? `status ${code}`}).`, { cause: slot.crash ?? undefined }), true);
      return;
    }
    this.replaced++;
    this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    if (this.broken) return;
    // Fill the least loaded workers first, so a short batch still spreads over every worker.
    const ahead = Math.max(1, Math.floor(this.options.tasksAhead ?? TASKS_PER_WORKER));
    for (let depth = 0; depth < ahead; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!slot.ready || slot.jobs.length > depth) continue;
        const job = this.queue.shift()!;
        slot.jobs.push(job);
        if (slot.jobs.length === 1) this.startTimer(slot);
        slot.worker.postMessage({ type: 'task', id: job.id, task: job.task });
      }
    }
  }

  /** Times the task now running (jobs[0]). */
  private startTimer(slot: Slot<In, Out>): void {
    const limit = this.options.taskTimeoutMs ?? 0;
    if (limit <= 0 || slot.jobs.length === 0) return;
    slot.timer = setTimeout(() => {
      slot.timedOut = true;
      void slot.worker.terminate();
    }, limit);
  }

  private clearTimer(slot: Slot<In, Out>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }

  private fail(err: DossierError, terminate: boolean): void {
    if (!this.broken) this.broken = err;
    for (const job of this.queue.splice(0)) job.reject(err);
    for (const slot of this.slots) {
      for (const job of slot.jobs.splice(0)) job.reject(err);
      this.clearTimer(slot);
    }
    if (terminate) {
      this.closing = true;
      for (const slot of this.slots) void slot.worker.terminate();
      this.slots.clear();
    }
  }
}

/** What a worker can share with the others: offered once it is set up, adopted when another's was first. */
export interface WorkerSharing {
  /** Called after setup; the value goes to every other worker of the pool (SharedArrayBuffers stay shared). */
  offer(): unknown;
  /** Called with the first worker's offer, before this worker's first task. */
  adopt(value: unknown): void;
}

/**
 * The worker side: runs `setup` once (load resources), says ready, then answers each task in turn.
 * A throw from `setup` is reported as fatal so the pool stops instead of respawning.
 */
export async function serveTasks<In, Out>(
  setup: () => Promise<(task: In) => Out | Promise<Out>> | ((task: In) => Out | Promise<Out>),
  sharing?: () => WorkerSharing,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread only.');
  let handle: (task: In) => Out | Promise<Out>;
  let share: WorkerSharing | undefined;
  try {
    handle = await setup();
    share = sharing?.();
  } catch (err) {
    const e = err instanceof DossierError ? err : new DossierError('DOSSIER_INTERNAL', err instanceof Error ? err.message : String(err));
    port.postMessage({ type: 'fatal', error: e.toJSON() });
    return;
  }
  let posted: Promise<void> = Promise.resolve();
  port.on('message', (msg: { type: 'task'; id: number; task: In } | { type: 'share'; value: unknown }) => {
    if (msg.type === 'share') {
      // The pool's first offer replaces this worker's own copy (freed by the collector); a mismatch means
      // the model files changed under the pool, which no task here could survive.
      try {
        share?.adopt(msg.value);
      } catch (err) {
        const e = err instanceof DossierError ? err : new DossierError('DOSSIER_INTERNAL', err instanceof Error ? err.message : String(err));
        port.postMessage({ type: 'fatal', error: e.toJSON() });
        process.exit(1);
      }
      return;
    }
    // Results go back in the order the tasks came (the pool matches each to its oldest job): a handler that
    // batches its tasks (BatchAnalyzer) can settle a quick failure before the tasks sent ahead of it.
    const result = Promise.resolve().then(() => handle(msg.task));
    posted = posted.then(() => result).then((value) => { port.postMessage({ type: 'result', id: msg.id, value }); });
  });
  port.postMessage({ type: 'ready', share: share?.offer() });
}
