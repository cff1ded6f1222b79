/**
 * Date order's lookups. Only enrichment knows when an image was created, and it reads the
 * visible rows only; date order needs the date of tags never shown, so choosing it looks them
 * up in the background through the list's enricher (`tag-enrichment.ts`: its concurrency
 * limit, its digest cache, visible rows first).
 *
 * - Which tags: the rows shown (filter applied) without a date, in their order, so a filter
 *   narrowed before or after choosing date order dates what it shows.
 * - How many: at most {@link DATE_LOOKUP_LIMIT} tag lookups each time date order is chosen, the
 *   filter changes or the list is loaded again. A lookup is a manifest HEAD, plus a manifest
 *   and a config GET per image not seen yet, 4 at a time: 2 000 covers all the tags of most
 *   repositories, even busy official images, in seconds on a nearby registry (a minute at
 *   most over a slow link) without hammering it; beyond that the list is not worth a
 *   flood of requests, and the filter is the way to date the part that matters.
 * - Pull limits: Docker Hub counts manifest GETs as pulls. On a registry that reports a pull
 *   limit, the lookups stop while half or less of the window's pulls are left, keeping
 *   those for the user's own pulls.
 * - Stopping: the lookups are a tracked request (the spinner shows them, Ctrl-C cancels
 *   them); another order stops them, leaving the screen pauses them until it is shown again.
 * - Re-sorting: results arrive in batches (the store applies background enrichment at most
 *   every few hundred milliseconds) and the order follows at most every
 *   {@link RESORT_INTERVAL_MS}, moving only the tags whose date changed (`tag-view.ts`) and
 *   keeping each cursor on its tag, so 100 000 rows are never re-sorted per date found.
 */
import type { EnrichmentChange, TagEnricher } from './tag-enrichment.js';
import type { TagView } from './tag-view.js';
import { createThrottle } from './throttle.js';
import type { SliceContext } from './types.js';

/** Tag lookups date order may start, per choice of order, filter or list (see the module comment). */
export const DATE_LOOKUP_LIMIT = 2000;

/** The shortest time between two re-sorts as dates arrive: a few a second. */
export const RESORT_INTERVAL_MS = 250;

/** The request key of the lookups (for the spinner and Ctrl-C). */
const REQUEST_KEY = 'tag-dates';

/** What date order knows, for the Tags screen's title. */
export interface TagDatesState {
  /** Rows shown whose date is known. */
  known: number;
  /** Rows shown. */
  of: number;
  /** Dates are being looked up. */
  fetching: boolean;
  /**
   * Why dates are missing with nothing looked up: the lookups were capped
   * ({@link DATE_LOOKUP_LIMIT}), stopped to save pulls, or cancelled. Without a reason the
   * tags left were tried and have no date (artifacts, indexes without a linux/amd64 image,
   * tags gone).
   */
  stopped?: 'limit' | 'pulls' | 'cancelled';
}

/** Options for {@link createTagDateLookups}. */
export interface TagDateLookupsOptions {
  ctx: SliceContext;
  view: TagView;
  /** The list's enricher if it has one yet. */
  enricher(): TagEnricher | undefined;
  /** The list's enricher, created if need be; undefined when the list cannot have one. */
  ensureEnricher(): TagEnricher | undefined;
  /** The registry of the list (for its pull limit); undefined for a layout. */
  registry(): string | undefined;
  /** The cursor ids of the screens showing the list, to keep their cursors on their tags. */
  cursorIds(): readonly string[];
}

/** Looks up dates for date order. */
export interface TagDateLookups {
  /** The title's state for the rows `rows` (undefined unless the order is by date). */
  state(rows: readonly number[]): TagDatesState | undefined;
  /** Date order chosen, the filter changed, or a new list: looks up with a fresh allowance. */
  restart(): void;
  /** The rows grew (a page arrived): looks up the new ones the allowance still covers. */
  update(): void;
  /** The screen is shown: resumes (even after Ctrl-C). */
  resume(): void;
  /** The screen is left: stops until {@link resume}. */
  pause(): void;
  /** Another order: stops. */
  stop(): void;
  /** Enrichment changes were applied to the state: counts lookups, re-sorts. */
  applied(changes: readonly EnrichmentChange[]): void;
  /** Forgets the list (a new one is loading). */
  reset(): void;
}

const sameState = (a: TagDatesState | undefined, b: TagDatesState | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.known === b.known &&
    a.of === b.of &&
    a.fetching === b.fetching &&
    a.stopped === b.stopped);

/** Creates the lookups of one store. */
export function createTagDateLookups(opts: TagDateLookupsOptions): TagDateLookups {
  const { ctx, view } = opts;
  const { set, get, deps, requests } = ctx;
  /** Tags looked up in the background since the allowance was renewed. */
  let spent = 0;
  let paused = false;
  let cancelled = false;
  /** The last targets left tags out for want of allowance. */
  let capped = false;
  let wasFetching = false;
  /** Ends the tracked request (its work done or stopped). */
  let finish: (() => void) | undefined;

  // The view's order, not `tagSort`: the order changes first, the state after.
  const byDate = (): boolean => view.sort === 'date';
  const pullsRunningOut = (): boolean => {
    const r = get().rateLimit;
    const host = opts.registry();
    return (
      r !== undefined && host !== undefined && r.registry === host && r.limit.remaining * 2 <= r.limit.limit
    );
  };
  const active = (): boolean => byDate() && !paused && !cancelled && !pullsRunningOut();
  const fetching = (): boolean => active() && (opts.enricher()?.prefetching ?? false);

  const state = (rows: readonly number[]): TagDatesState | undefined => {
    if (!byDate()) return undefined;
    const known = view.datedCount(rows);
    const now = fetching();
    const stopped =
      now || known === rows.length
        ? undefined
        : cancelled
          ? 'cancelled'
          : pullsRunningOut()
            ? 'pulls'
            : capped
              ? 'limit'
              : undefined;
    return { known, of: rows.length, fetching: now, ...(stopped ? { stopped } : {}) };
  };
  const publish = (): void => {
    const next = state(get().tagRows);
    if (!sameState(next, get().tagDates)) set({ tagDates: next });
  };

  /** The tags to look up: undated rows shown, in order, within the allowance. */
  const targets = (): string[] => {
    const { tags, tagRows, tagEnrichment: e } = get();
    let left = DATE_LOOKUP_LIMIT - spent;
    const out: string[] = [];
    capped = false;
    for (const row of tagRows) {
      if (view.knownDate(row) !== undefined) continue;
      const tag = tags.items[row];
      if (tag === undefined) continue;
      const d = e.digests.get(tag);
      if (d?.status === 'error') continue;
      if (d?.status === 'ready') {
        const details = e.details.get(d.value);
        // Tried: an image without a date. (Or dated since the order was last brought up to date.)
        if (details?.status === 'ready' || details?.status === 'error') continue;
        // Its digest is known: what is left is the digest's details, shared with its aliases.
        out.push(tag);
        continue;
      }
      if (left <= 0) {
        capped = true;
        break;
      }
      out.push(tag);
      left--;
    }
    return out;
  };

  const track = (): void => {
    if (finish || !wasFetching) return;
    void requests.run(REQUEST_KEY, 'looking up tag dates', (signal) => {
      return new Promise<void>((resolve) => {
        const done = (): void => {
          if (finish === done) finish = undefined;
          resolve();
        };
        finish = done;
        signal.addEventListener(
          'abort',
          () => {
            const ours = finish === done;
            done();
            if (!ours) return;
            // Ctrl-C: nothing more until the order is chosen again or the screen shown again.
            cancelled = true;
            retarget();
            resort.flush();
          },
          { once: true },
        );
      });
    });
  };

  /** Hands the enricher what to look up now (nothing when date order is off or stopped). */
  const retarget = (): void => {
    const on = active();
    const enricher = on ? opts.ensureEnricher() : opts.enricher();
    if (!enricher) return;
    enricher.prefetch(on ? targets() : []);
    wasFetching = on && enricher.prefetching;
    if (wasFetching) track();
    else finish?.();
  };

  const keepCursors = (before: readonly number[], after: readonly number[]) => {
    const { cursors } = get();
    const moved: Record<string, number> = {};
    for (const listId of opts.cursorIds()) {
      const cursor = Math.min(cursors[listId] ?? 0, before.length - 1);
      const at = before[cursor];
      if (at === undefined) continue;
      const i = after.indexOf(at);
      if (i >= 0 && i !== cursor) moved[listId] = i;
    }
    return Object.keys(moved).length > 0 ? { cursors: { ...cursors, ...moved } } : {};
  };

  /** Brings the order up to date with the dates found, and the title with it. */
  const resortNow = (): void => {
    if (!byDate()) return;
    const before = get().tagRows;
    const changed = view.refreshDates();
    const tagRows = changed ? view.rows(get().tagFilter) : before;
    const tagDates = state(tagRows);
    if (!changed && sameState(tagDates, get().tagDates)) return;
    set({ tagRows, tagDates, ...(changed ? keepCursors(before, tagRows) : {}) });
  };
  const resort = createThrottle(resortNow, RESORT_INTERVAL_MS, deps.clock);

  return {
    state,
    restart() {
      spent = 0;
      cancelled = false;
      retarget();
      publish();
    },
    update() {
      if (!byDate()) return;
      retarget();
      publish();
    },
    resume() {
      paused = false;
      cancelled = false;
      if (!byDate()) return;
      retarget();
      // Dates found while away (or before): the order catches up at once.
      resort.flush();
    },
    pause() {
      paused = true;
      retarget();
      resort.cancel();
      publish();
    },
    stop() {
      retarget();
      resort.cancel();
      publish();
    },
    applied(changes) {
      if (!byDate()) return;
      let ready = false;
      const counting = active();
      for (const c of changes) {
        if (c.lookup?.status === 'ready') ready = true;
        if (counting && c.kind === 'tag' && !c.visible && c.lookup && c.lookup.status !== 'loading') spent++;
      }
      // The lookups ran out (more may be due: rows seen meanwhile spent no allowance), or
      // pulls are running out.
      if (wasFetching && !fetching()) retarget();
      if (fetching() !== get().tagDates?.fetching) resort.flush();
      else if (ready) resort.schedule();
    },
    reset() {
      finish?.();
      resort.cancel();
      spent = 0;
      cancelled = false;
      capped = false;
      wasFetching = false;
    },
  };
}
