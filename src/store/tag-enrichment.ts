/**
 * Lazy enrichment of the Tags screen's rows: each tag's digest, then, once per digest, what
 * that digest is (`enrich-source.ts`). Work is split into units (a tag's HEAD, a digest's
 * details) run at most `concurrency` at a time.
 *
 * Two lists say what is wanted. The screen names the visible tags with
 * {@link TagEnricher.want} whenever they change; date order names tags never shown with
 * {@link TagEnricher.prefetch}, to be enriched in the background. Both share the one
 * concurrency limit and the caches, and visible work always runs first. Units neither list
 * needs any more are dropped from the queue or aborted, so scrolling through 100 000 tags
 * never leaves a backlog of requests for rows long gone. Details are cached by digest, so
 * tags that are aliases of one image (`latest`, `3`, `3.12`) cost one HEAD each and one
 * manifest read between them. A failed unit is not retried until the enricher is replaced
 * (the list is loaded again).
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

/**
 * A change for the store to record; `undefined` lookup: forgotten (cancelled). `visible`:
 * a visible row shows it (the store applies those at once and batches the background's).
 */
export type EnrichmentChange =
  | { kind: 'tag'; tag: string; lookup: Lookup<Digest> | undefined; visible: boolean }
  | { kind: 'digest'; digest: Digest; lookup: Lookup<DigestDetails> | undefined; visible: boolean };

/** Options for {@link createTagEnricher}. */
export interface TagEnricherOptions {
  source: EnrichSource;
  /** Units running at once (default {@link ENRICH_CONCURRENCY}). */
  concurrency?: number;
  onChange(change: EnrichmentChange): void;
}

/** Enriches the tags it is told are visible, then those it is told to prefetch. */
export interface TagEnricher {
  /**
   * The visible tags, to enrich now, most wanted first; work no longer wanted (neither
   * visible nor prefetched) is cancelled.
   */
  want(tags: readonly string[]): void;
  /**
   * Tags to enrich in the background, in this order, once no visible work waits; replaces
   * the previous list (`[]` cancels the background work).
   */
  prefetch(tags: readonly string[]): void;
  /** Whether work for prefetched tags is queued or running. */
  readonly prefetching: boolean;
  /** Cancels everything and closes the source. */
  stop(): Promise<void>;
}

/** Units run at once by default: enough to fill a screen quickly, few enough to be polite. */
export const ENRICH_CONCURRENCY = 4;

/** Visible work runs before background work. */
type Lane = 'visible' | 'background';

/** What a unit enriches: a tag's digest, or a digest's details. */
type UnitKey = { kind: 'tag'; key: string } | { kind: 'digest'; key: Digest };
type Unit = UnitKey & { lane: Lane; controller?: AbortController };

/** Creates an enricher over `source`. */
export function createTagEnricher(opts: TagEnricherOptions): TagEnricher {
  const { source, onChange } = opts;
  const limit = Math.max(1, opts.concurrency ?? ENRICH_CONCURRENCY);
  const digestOf = new Map<string, Digest>();
  /** Units finished (ready or failed), by `kind:key`; never queued again. */
  const settled = new Set<string>();
  /** Queued units by id; an entry of a lane that is not the one here is stale (moved, dropped). */
  const queued = new Map<string, Unit>();
  const lanes: Record<Lane, Unit[]> = { visible: [], background: [] };
  const running = new Map<string, Unit>();
  let visible = new Set<string>();
  let visibleDigests = new Set<Digest>();
  let background = new Set<string>();
  let backgroundDigests = new Set<Digest>();
  let stopped = false;

  const id = (u: UnitKey): string => `${u.kind}:${u.key}`;
  const digestsOf = (tags: ReadonlySet<string>): Set<Digest> => {
    const out = new Set<Digest>();
    for (const tag of tags) {
      const d = digestOf.get(tag);
      if (d !== undefined) out.add(d);
    }
    return out;
  };
  const isVisible = (u: UnitKey): boolean =>
    u.kind === 'tag' ? visible.has(u.key) : visibleDigests.has(u.key);
  const isBackground = (u: UnitKey): boolean =>
    u.kind === 'tag' ? background.has(u.key) : backgroundDigests.has(u.key);
  const laneOf = (u: UnitKey): Lane | undefined =>
    isVisible(u) ? 'visible' : isBackground(u) ? 'background' : undefined;
  const report = (u: UnitKey, lookup: Lookup<Digest> | Lookup<DigestDetails> | undefined): void => {
    const shown = isVisible(u);
    if (u.kind === 'tag')
      onChange({ kind: 'tag', tag: u.key, lookup: lookup as Lookup<Digest>, visible: shown });
    else onChange({ kind: 'digest', digest: u.key, lookup: lookup as Lookup<DigestDetails>, visible: shown });
  };
  /** Queues a unit in `lane` (a background unit becoming visible moves up). */
  const enqueue = (u: UnitKey, lane: Lane, first = false): void => {
    const key = id(u);
    if (settled.has(key) || running.has(key)) return;
    const old = queued.get(key);
    if (old && (old.lane === lane || lane === 'background')) return;
    const unit = { kind: u.kind, key: u.key, lane } as Unit;
    queued.set(key, unit);
    if (first) lanes[lane].unshift(unit);
    else lanes[lane].push(unit);
    if (!old) report(unit, { status: 'loading' });
  };
  const enqueueTag = (tag: string, lane: Lane): void => {
    const digest = digestOf.get(tag);
    if (digest === undefined) enqueue({ kind: 'tag', key: tag }, lane);
    else enqueue({ kind: 'digest', key: digest }, lane);
  };
  /** After the lists changed: drops, moves and aborts what they no longer want. */
  const reconcile = (): void => {
    for (const [key, u] of queued) {
      const lane = laneOf(u);
      if (lane === undefined) {
        queued.delete(key);
        report(u, undefined);
      } else if (lane !== u.lane) {
        const moved = { kind: u.kind, key: u.key, lane } as Unit;
        queued.set(key, moved);
        lanes[lane].push(moved);
      }
    }
    for (const lane of ['visible', 'background'] as const) {
      lanes[lane] = lanes[lane].filter((u) => queued.get(id(u)) === u);
    }
    for (const u of running.values()) if (!laneOf(u)) u.controller?.abort(new Error('no longer wanted'));
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
        if (visible.has(u.key)) visibleDigests.add(head.digest);
        if (background.has(u.key)) backgroundDigests.add(head.digest);
        settled.add(id(u));
        report(u, { status: 'ready', value: head.digest });
        // The tag's details next, before other tags' digests, so rows fill in one by one.
        const details: UnitKey = { kind: 'digest', key: head.digest };
        const lane = laneOf(details);
        if (lane) enqueue(details, lane, true);
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
        const lane = laneOf(u);
        if (lane) enqueue(u, lane);
        else report(u, undefined);
      }
    } finally {
      running.delete(id(u));
      pump();
    }
  };

  const next = (): Unit | undefined => {
    for (const lane of ['visible', 'background'] as const) {
      const q = lanes[lane];
      while (q.length > 0) {
        const u = q.shift() as Unit;
        if (queued.get(id(u)) !== u) continue;
        queued.delete(id(u));
        return u;
      }
    }
    return undefined;
  };
  const pump = (): void => {
    while (!stopped && running.size < limit) {
      const u = next();
      if (!u) return;
      void run(u);
    }
  };

  return {
    want(tags) {
      if (stopped) return;
      visible = new Set(tags);
      visibleDigests = digestsOf(visible);
      reconcile();
      for (const tag of tags) enqueueTag(tag, 'visible');
      pump();
    },
    prefetch(tags) {
      if (stopped) return;
      background = new Set(tags);
      backgroundDigests = digestsOf(background);
      reconcile();
      for (const tag of tags) enqueueTag(tag, 'background');
      pump();
    },
    get prefetching() {
      for (const u of queued.values()) if (isBackground(u)) return true;
      for (const u of running.values()) if (isBackground(u)) return true;
      return false;
    },
    async stop() {
      stopped = true;
      queued.clear();
      lanes.visible = [];
      lanes.background = [];
      for (const u of running.values()) u.controller?.abort(new Error('stopped'));
      await source.close();
    },
  };
}
