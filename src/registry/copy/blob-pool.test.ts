import { describe, expect, it } from 'vitest';
import { runPool } from './blob-pool.js';

/** A worker whose calls stay pending until the test settles them, so concurrency is observable without timers. */
function gatedWorker() {
  const pending = new Map<
    number,
    { resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal }
  >();
  const started: number[] = [];
  let running = 0;
  let peak = 0;
  const waiters: Array<() => void> = [];
  const worker = (item: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      running++;
      peak = Math.max(peak, running);
      const onAbort = (): void => pending.get(item)?.reject(signal.reason);
      const done = (): void => {
        running--;
        signal.removeEventListener('abort', onAbort);
      };
      pending.set(item, {
        resolve: () => {
          done();
          resolve();
        },
        reject: (e) => {
          done();
          reject(e);
        },
        signal,
      });
      signal.addEventListener('abort', onAbort, { once: true });
      for (const w of waiters.splice(0)) w();
    });
  /** Resolves once `n` items have started. */
  const startedCount = (n: number) =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (started.length >= n) resolve();
        else waiters.push(check);
      };
      check();
    });
  return { worker, pending, started, startedCount, peak: () => peak };
}

describe('runPool', () => {
  it.each([
    { name: 'fewer items than lanes', items: 3, concurrency: 6 },
    { name: 'more items than lanes', items: 20, concurrency: 4 },
    { name: 'one lane', items: 5, concurrency: 1 },
  ])('runs every item with at most `concurrency` at once ($name)', async ({ items, concurrency }) => {
    const g = gatedWorker();
    const list = Array.from({ length: items }, (_, i) => i);
    const run = runPool({ items: list, concurrency, worker: g.worker });
    for (let done = 0; done < items; done++) {
      await g.startedCount(Math.min(items, done + 1));
      // Settle the oldest running item; a new one may start in its place.
      g.pending.get(g.started[done]!)!.resolve();
    }
    await run;
    expect(g.started).toEqual(list);
    expect(g.peak()).toBe(Math.min(items, concurrency));
  });

  it('stops at the first failure: no new item starts, running ones are aborted, the failure is thrown', async () => {
    const g = gatedWorker();
    const run = runPool({ items: [0, 1, 2, 3, 4, 5], concurrency: 2, worker: g.worker });
    await g.startedCount(2);
    const boom = new Error('boom');
    g.pending.get(0)!.reject(boom);
    await expect(run).rejects.toBe(boom);
    expect(g.started).toEqual([0, 1]);
    expect(g.pending.get(1)!.signal.aborted).toBe(true);
  });

  it("rejects with the caller's abort reason and aborts running workers", async () => {
    const g = gatedWorker();
    const controller = new AbortController();
    const run = runPool({ items: [0, 1, 2], concurrency: 2, worker: g.worker, signal: controller.signal });
    await g.startedCount(2);
    const reason = new Error('cancelled by user');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(g.started).toEqual([0, 1]);
  });

  it('does nothing for no items, and refuses a bad concurrency', async () => {
    await expect(runPool({ items: [], concurrency: 3, worker: async () => {} })).resolves.toBeUndefined();
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      await expect(runPool({ items: [1], concurrency, worker: async () => {} })).rejects.toThrow(RangeError);
    }
  });

  it('refuses to start when already aborted', async () => {
    const reason = new Error('already');
    let calls = 0;
    const run = runPool({
      items: [1],
      concurrency: 1,
      worker: async () => {
        calls++;
      },
      signal: AbortSignal.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(0);
  });
});
