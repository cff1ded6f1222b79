/**
 * Page-by-page loading of a listing (`_catalog`, `tags/list`) that survives cancellation.
 * The core's page generators take one signal for their whole life, so a cancelled page kills
 * the generator; the pager then starts a new one on the next call and skips what was already
 * delivered (registries return listings in a stable, sorted order, so the skip lands on the
 * first item not yet seen).
 *
 * Whether a page was the last is known only from its `Link: rel="next"` header, which the
 * core reads when the generator is resumed for the next page: resumed after the last page,
 * it ends at once without a request. So after a page shorter than the page size asked for
 * (the usual last page), the pager resumes it right away, within the same call: the listing
 * is known complete with the page that completes it, instead of on a later call. A registry
 * that caps pages below the size asked for (and links to the next) has that page fetched one
 * call early; it is kept for the next call.
 */

/** Loads one page after another. */
export interface Pager<T> {
  /** The next page; `done` when the listing has no more. Rejects when `signal` aborts. */
  next(signal: AbortSignal): Promise<{ items: T[]; done: boolean }>;
}

/** Options for {@link createPager}. */
export interface PagerOptions {
  /**
   * The page size the listing asks for (`n`). A shorter page is probably the last, so the
   * pager looks for the end right away. Unset: it looks only when asked for the next page.
   */
  pageSize?: number;
}

/** What resuming the generator gave: a page or its end, or the error it failed with. */
type Ahead<T> = { result: IteratorResult<T[]> } | { error: unknown };

interface Run<T> {
  iterator: AsyncIterator<T[]>;
  controller: AbortController;
  /** Items at the start of this generator's listing that were delivered by an earlier one. */
  skip: number;
  /** What the look for the end found past the page last delivered. */
  ahead?: Ahead<T>;
}

/** Creates a pager over the pages `open` yields; `open` is called again after a cancellation. */
export function createPager<T>(
  open: (signal: AbortSignal) => AsyncIterable<T[]>,
  opts: PagerOptions = {},
): Pager<T> {
  const pageSize = opts.pageSize ?? 0;
  let current: Run<T> | undefined;
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
          const r = await take(run);
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
          }
          let done = false;
          if (r.value.length < pageSize) {
            run.ahead = await lookAhead(run);
            signal.throwIfAborted();
            done = 'result' in run.ahead && run.ahead.result.done === true;
            if (done) current = undefined;
          }
          // A page wholly seen before: fetch the next one within this call.
          if (items.length === 0 && !done) continue;
          delivered += items.length;
          return { items, done };
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

/** The page (or end) the last look ahead found, else the generator's next. */
async function take<T>(run: Run<T>): Promise<IteratorResult<T[]>> {
  const ahead = run.ahead;
  run.ahead = undefined;
  if (!ahead) return run.iterator.next();
  if ('error' in ahead) throw ahead.error;
  return ahead.result;
}

/**
 * Resumes the generator past the page just read. A failure here belongs to the next page, not
 * this one: it is kept, and the next call reports it (an abort still rejects this call).
 */
async function lookAhead<T>(run: Run<T>): Promise<Ahead<T>> {
  try {
    return { result: await run.iterator.next() };
  } catch (error) {
    if (run.controller.signal.aborted) throw error;
    return { error };
  }
}
