/**
 * Requests the user is waiting for (a catalog page, a login check), each with its own
 * AbortController, so Ctrl-C cancels what is in flight before it quits anything, and a newer
 * request for the same thing (typing in a filter, refreshing) replaces the older one. What is
 * in flight is mirrored into the store as labels for the spinner. Copy and delete jobs are
 * not requests: they run until they finish or are cancelled on their own (see the jobs slice).
 */

/** How a tracked request ended. `superseded`: a newer request with the same key replaced it. */
export type Outcome<T> =
  | { status: 'ok'; value: T }
  | { status: 'failed'; error: Error }
  | { status: 'cancelled'; superseded: boolean };

/** Tracks in-flight requests by key. */
export interface RequestTracker {
  /**
   * Runs `fn` with a fresh signal, after aborting a request still running under `key`.
   * Never rejects: failures and cancellations come back as an {@link Outcome}.
   */
  run<T>(key: string, label: string, fn: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>>;
  /** Aborts the request under `key`; whether there was one. */
  cancel(key: string): boolean;
  /** Aborts every request; how many there were. */
  cancelAll(): number;
  /** Requests in flight. */
  readonly size: number;
}

interface Entry {
  controller: AbortController;
  label: string;
  superseded: boolean;
}

/** Turns anything thrown into an Error (a string thrown by a library must still have a message). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Creates a tracker that reports the labels in flight (key → label) after every change. */
export function createRequestTracker(
  onChange: (busy: Readonly<Record<string, string>>) => void,
): RequestTracker {
  const entries = new Map<string, Entry>();
  const publish = (): void => {
    onChange(Object.fromEntries([...entries].map(([k, e]) => [k, e.label])));
  };
  return {
    async run(key, label, fn) {
      const previous = entries.get(key);
      if (previous) {
        previous.superseded = true;
        previous.controller.abort(new Error('superseded'));
      }
      const entry: Entry = { controller: new AbortController(), label, superseded: false };
      entries.set(key, entry);
      publish();
      const { signal } = entry.controller;
      try {
        const value = await fn(signal);
        if (signal.aborted) return { status: 'cancelled', superseded: entry.superseded };
        return { status: 'ok', value };
      } catch (err) {
        if (signal.aborted) return { status: 'cancelled', superseded: entry.superseded };
        return { status: 'failed', error: asError(err) };
      } finally {
        if (entries.get(key) === entry) {
          entries.delete(key);
          publish();
        }
      }
    },
    cancel(key) {
      const entry = entries.get(key);
      if (!entry) return false;
      entries.delete(key);
      entry.controller.abort(new Error('cancelled'));
      publish();
      return true;
    },
    cancelAll() {
      const all = [...entries.values()];
      entries.clear();
      for (const e of all) e.controller.abort(new Error('cancelled'));
      if (all.length > 0) publish();
      return all.length;
    },
    get size() {
      return entries.size;
    },
  };
}
