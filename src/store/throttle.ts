/**
 * At most one call per interval, the last change never lost: what turns a stream of
 * updates (tar entries, bytes read) into store updates a terminal can draw. Every store
 * update is a render, and a layer of 100 000 entries must not be 100 000 renders.
 */

/** A throttled function. */
export interface Throttle {
  /** Asks for a call: now if the interval has passed, else once at its end. */
  schedule(): void;
  /** Calls now (dropping a pending call): the final state must be shown at once. */
  flush(): void;
  /** Drops a pending call. */
  cancel(): void;
}

/** Throttles `fn` to one call per `intervalMs` (measured with `clock`). */
export function createThrottle(fn: () => void, intervalMs: number, clock: () => number = Date.now): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = clock();
    fn();
  };
  return {
    schedule() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - clock();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
