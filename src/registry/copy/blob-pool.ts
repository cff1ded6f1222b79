import { setMaxListeners } from 'node:events';

/** Options for {@link runPool}. */
export interface PoolOptions<T> {
  items: readonly T[];
  /** Most workers running at once; a positive integer. */
  concurrency: number;
  /** Receives a signal that aborts when the pool stops (a failure elsewhere, or `signal`). */
  worker: (item: T, signal: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * Runs `worker` over `items` in order with at most `concurrency` running at once: a small
 * fixed set of lanes, each taking the next item when it finishes one, so memory stays flat
 * however many items there are.
 *
 * The first failure stops the pool: no further item starts, the running ones see their
 * signal abort, and once every started worker has settled (so no stream or upload is left
 * open behind the caller's back) the failure is thrown. When `signal` aborts, its reason is
 * thrown instead.
 */
export async function runPool<T>(opts: PoolOptions<T>): Promise<void> {
  const { items, concurrency, worker, signal } = opts;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  signal?.throwIfAborted();
  const stop = new AbortController();
  // Every running transfer listens on this signal (body readers, requests, retry waits);
  // that many listeners is by design, not the leak Node's warning is about.
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: { error: unknown } | undefined;

  const lane = async (): Promise<void> => {
    while (!stop.signal.aborted && next < items.length) {
      const item = items[next++] as T;
      try {
        await worker(item, stop.signal);
      } catch (error) {
        failure ??= { error };
        stop.abort(error);
        return;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  signal?.throwIfAborted();
  if (failure) throw failure.error;
}
