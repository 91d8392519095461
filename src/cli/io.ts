// The streams a command talks to, passed in so tests can run `main()` in-process, and an output
// writer that respects backpressure and treats a closed pipe (`dossier … | head`) as a normal end.

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** ANSI colours: FORCE_COLOR wins, then NO_COLOR, then whether stdout is a terminal. */
export function wantsColor(io: CliIO): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

/** Writes to stdout; once the reader has gone away (EPIPE) every later write is dropped. */
export class Output {
  /** True once the reader closed the pipe: stop producing, exit quietly. */
  closed = false;
  private drainWaiters: Array<() => void> = [];
  private readonly onError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.close();
    else this.failure = err;
  };
  private readonly onDrain = (): void => this.wake();
  private needsDrain = false;
  failure: Error | null = null;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', this.onError);
    stream.on('drain', this.onDrain);
  }

  write(chunk: string): void {
    if (this.closed) return;
    try {
      if (!this.stream.write(chunk)) this.needsDrain = true;
    } catch (err) {
      this.onError(err as NodeJS.ErrnoException);
    }
  }

  /** Resolves when the stream can take more (or is closed), so a producer never outruns a slow reader. */
  ready(): Promise<void> {
    if (!this.needsDrain || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Stops listening; an EPIPE that arrives later must still not crash the process. */
  release(): void {
    this.stream.off('drain', this.onDrain);
    // The error listener stays: Node emits EPIPE asynchronously, possibly after the command returned.
  }

  private close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    this.needsDrain = false;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
