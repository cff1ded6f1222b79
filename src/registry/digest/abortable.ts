/**
 * Iterates `source`, but gives up as soon as `signal` aborts, even while the source is
 * stalled waiting for the network: each `next()` is raced against the signal. On abort the
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
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // The race below may settle through `next()` only; keep the other promise from being reported as unhandled.
  aborted.catch(() => {});
  try {
    while (true) {
      signal.throwIfAborted();
      const next = it.next();
      next.catch(() => {});
      pending = true;
      const r = await Promise.race([next, aborted]);
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
    signal.removeEventListener('abort', onAbort);
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
