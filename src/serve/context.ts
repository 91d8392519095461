// What every route of the API is given: the store, the write token, the engine, and one queue through
// which all writes pass (linking an article into the story reads and writes the shared entity rows, so
// two posts at once must not interleave).

import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import type { Store } from '../store/store.js';

export interface ApiContext {
  store: Store;
  token: string;
  /** Largest body accepted by /api/analyze and /api/ingest, in bytes. */
  articleBodyLimit: number;
  version: string;
  analyze: (article: Article) => Promise<Analysis>;
  /** Runs `fn` after every write queued before it has finished. */
  serially: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function writeQueue(): ApiContext['serially'] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
