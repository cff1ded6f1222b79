/**
 * Iterates `source`, but gives up as soon as `signal` aborts, even while the source is
 * stalled waiting for the network: each `next()` waits on the signal too. On abort the
 * loop throws `signal.reason`, and the source is released with `return()` so a socket or
 * file handle behind it is closed.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  if (!signal) {
    yield* source;
    return;
  }
  signal.throwIfAborted();
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  let pending = false;
  try {
    while (true) {
      signal.throwIfAborted();
      const next = it.next();
      next.catch(() => {});
      pending = true;
      // One listener per chunk, removed as soon as the chunk arrives. (Racing every chunk against
      // one long-lived abort promise kept each chunk reachable until the stream ended: a 512 MiB
      // layer held ~500 MiB of memory — found by bench/.)
      const r = await new Promise<IteratorResult<T>>((resolve, reject) => {
        const stop = () => reject(signal.reason);
        signal.addEventListener('abort', stop, { once: true });
        next.then(
          (v) => {
            signal.removeEventListener('abort', stop);
            resolve(v);
          },
          (e: unknown) => {
            signal.removeEventListener('abort', stop);
            reject(e);
          },
        );
      });
      pending = false;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } catch (err) {
    // A source that threw is already finished; only an abort leaves it open.
    if (!signal.aborted) finished = true;
    throw err;
  } finally {
    if (!finished && pending) {
      // Not awaited: with a `next()` still pending, an async generator's `return()` would wait for it.
      Promise.resolve()
        .then(() => it.return?.())
        .catch(() => {});
    } else if (!finished) {
      try {
        await it.return?.();
      } catch {
        // Releasing is best effort; the error that ended the loop (if any) is the one to report.
      }
    }
  }
}

/**
 * Races `promise` with `signal`: rejects with the signal's reason when it aborts first. The
 * listener goes with the race, so nothing outlives it (see `abortable` for why that matters).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
