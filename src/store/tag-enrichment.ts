/**
 * Lazy enrichment of the Tags screen's visible rows: each visible tag's digest, then, once
 * per digest, what that digest is (`enrich-source.ts`). Work is split into units (a tag's
 * HEAD, a digest's details) run at most `concurrency` at a time, in the order asked for.
 *
 * The screen says which tags are visible with {@link TagEnricher.want} whenever that
 * changes; units no visible tag needs any more are dropped from the queue or aborted, so
 * scrolling through 100 000 tags never leaves a backlog of requests for rows long gone.
 * Details are cached by digest, so tags that are aliases of one image (`latest`, `3`,
 * `3.12`) cost one HEAD each and one manifest read between them. A failed unit is not
 * retried until the enricher is replaced (the list is loaded again).
 */
import type { Digest } from '../registry/digest/index.js';
import type { DigestDetails, EnrichSource } from './enrich-source.js';
import { readDigestDetails } from './enrich-source.js';
import { asError } from './requests.js';

/** The state of one lookup. */
export type Lookup<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: Error };

/** A change for the store to record; `undefined` lookup: forgotten (cancelled). */
export type EnrichmentChange =
  | { kind: 'tag'; tag: string; lookup: Lookup<Digest> | undefined }
  | { kind: 'digest'; digest: Digest; lookup: Lookup<DigestDetails> | undefined };

/** Options for {@link createTagEnricher}. */
export interface TagEnricherOptions {
  source: EnrichSource;
  /** Units running at once (default {@link ENRICH_CONCURRENCY}). */
  concurrency?: number;
  onChange(change: EnrichmentChange): void;
}

/** Enriches the tags it is told are visible. */
export interface TagEnricher {
  /** The tags to enrich now, most wanted first; work for any other tag is cancelled. */
  want(tags: readonly string[]): void;
  /** Cancels everything and closes the source. */
  stop(): Promise<void>;
}

/** Units run at once by default: enough to fill a screen quickly, few enough to be polite. */
export const ENRICH_CONCURRENCY = 4;

type Unit =
  | { kind: 'tag'; key: string; controller?: AbortController }
  | {
      kind: 'digest';
      key: Digest;
      controller?: AbortController;
    };

/** Creates an enricher over `source`. */
export function createTagEnricher(opts: TagEnricherOptions): TagEnricher {
  const { source, onChange } = opts;
  const limit = Math.max(1, opts.concurrency ?? ENRICH_CONCURRENCY);
  const digestOf = new Map<string, Digest>();
  /** Units finished (ready or failed), by `kind:key`; never queued again. */
  const settled = new Set<string>();
  const queue: Unit[] = [];
  const running = new Map<string, Unit>();
  let wanted = new Set<string>();
  let stopped = false;

  const id = (u: Pick<Unit, 'kind' | 'key'>): string => `${u.kind}:${u.key}`;
  const isWanted = (u: Unit): boolean => {
    if (u.kind === 'tag') return wanted.has(u.key);
    for (const tag of wanted) if (digestOf.get(tag) === u.key) return true;
    return false;
  };
  const report = (u: Unit, lookup: Lookup<Digest> | Lookup<DigestDetails> | undefined): void => {
    if (u.kind === 'tag') onChange({ kind: 'tag', tag: u.key, lookup: lookup as Lookup<Digest> });
    else onChange({ kind: 'digest', digest: u.key, lookup: lookup as Lookup<DigestDetails> });
  };
  const enqueue = (u: Unit, first = false): void => {
    const key = id(u);
    if (settled.has(key) || running.has(key) || queue.some((q) => id(q) === key)) return;
    if (first) queue.unshift(u);
    else queue.push(u);
    report(u, { status: 'loading' });
  };

  const run = async (u: Unit): Promise<void> => {
    const controller = new AbortController();
    u.controller = controller;
    const { signal } = controller;
    running.set(id(u), u);
    try {
      if (u.kind === 'tag') {
        const head = await source.resolve(u.key, signal);
        signal.throwIfAborted();
        digestOf.set(u.key, head.digest);
        settled.add(id(u));
        report(u, { status: 'ready', value: head.digest });
        // The row's details next, before other rows' digests, so rows fill in one by one.
        if (wanted.has(u.key)) enqueue({ kind: 'digest', key: head.digest }, true);
      } else {
        const details = await readDigestDetails(source, u.key, signal);
        signal.throwIfAborted();
        settled.add(id(u));
        report(u, { status: 'ready', value: details });
      }
    } catch (err) {
      running.delete(id(u));
      if (!signal.aborted) {
        settled.add(id(u));
        report(u, { status: 'error', error: asError(err) });
      } else if (!stopped) {
        // Scrolled away and back while the abort was under way: it is wanted again.
        if (isWanted(u)) enqueue({ kind: u.kind, key: u.key } as Unit);
        else report(u, undefined);
      }
    } finally {
      running.delete(id(u));
      pump();
    }
  };

  const pump = (): void => {
    while (!stopped && running.size < limit && queue.length > 0) {
      const u = queue.shift() as Unit;
      void run(u);
    }
  };

  return {
    want(tags) {
      if (stopped) return;
      wanted = new Set(tags);
      for (let i = queue.length - 1; i >= 0; i--) {
        const u = queue[i] as Unit;
        if (isWanted(u)) continue;
        queue.splice(i, 1);
        report(u, undefined);
      }
      for (const u of running.values()) if (!isWanted(u)) u.controller?.abort(new Error('scrolled away'));
      for (const tag of tags) {
        const digest = digestOf.get(tag);
        if (digest === undefined) enqueue({ kind: 'tag', key: tag });
        else enqueue({ kind: 'digest', key: digest });
      }
      pump();
    },
    async stop() {
      stopped = true;
      queue.length = 0;
      for (const u of running.values()) u.controller?.abort(new Error('stopped'));
      await source.close();
    },
  };
}
