/**
 * Page-by-page loading of a listing (`_catalog`, `tags/list`) that survives cancellation.
 * The core's page generators take one signal for their whole life, so a cancelled page kills
 * the generator; the pager then starts a new one on the next call and skips what was already
 * delivered (registries return listings in a stable, sorted order, so the skip lands on the
 * first item not yet seen).
 */

/** Loads one page after another. */
export interface Pager<T> {
  /** The next page; `done` when the listing has no more. Rejects when `signal` aborts. */
  next(signal: AbortSignal): Promise<{ items: T[]; done: boolean }>;
}

/** Creates a pager over the pages `open` yields; `open` is called again after a cancellation. */
export function createPager<T>(open: (signal: AbortSignal) => AsyncIterable<T[]>): Pager<T> {
  let current: { iterator: AsyncIterator<T[]>; controller: AbortController; skip: number } | undefined;
  let delivered = 0;
  return {
    async next(signal) {
      signal.throwIfAborted();
      if (!current) {
        const controller = new AbortController();
        current = {
          controller,
          iterator: open(controller.signal)[Symbol.asyncIterator](),
          skip: delivered,
        };
      }
      const run = current;
      const onAbort = (): void => {
        run.controller.abort(signal.reason);
        if (current === run) current = undefined;
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for (;;) {
          const r = await run.iterator.next();
          signal.throwIfAborted();
          if (r.done) {
            current = undefined;
            return { items: [], done: true };
          }
          let items = r.value;
          if (run.skip > 0) {
            const dropped = Math.min(run.skip, items.length);
            run.skip -= dropped;
            items = items.slice(dropped);
            // A page wholly seen before: fetch the next one within this call.
            if (items.length === 0) continue;
          }
          delivered += items.length;
          return { items, done: false };
        }
      } catch (err) {
        if (current === run) current = undefined;
        throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
