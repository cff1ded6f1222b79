/**
 * The Tags screen's rows: the loaded tags in the chosen order, narrowed by the filter, as
 * indices into the tag list. Everything per tag (lower-cased text, version keys) is computed
 * once, when its page arrives or when an order first needs it; a page arriving is merged
 * into the order instead of re-sorting, and the filter narrows the order without copying
 * strings. The screen then renders only the visible rows, so nothing proportional to the
 * list's length happens in a render.
 *
 * Dates arrive after the order is made (enrichment reads them), so date order is brought up
 * to date with {@link TagView.refreshDates}: only the tags whose date changed move, taken out
 * and merged back in, O(n + k log k) instead of a full sort of 100 000 tags.
 */
import { createNarrowingFilter } from './fuzzy-match.js';
import { mergeSorted, type TagSort, type TagSortData, tagComparator, versionSortKey } from './tag-sort.js';

/** A tag list's order and filter. */
export interface TagView {
  readonly sort: TagSort;
  /** Takes in the tags of `names` not seen yet (the list only grows until {@link reset}). */
  append(names: readonly string[]): void;
  /** Orders the list by `sort` (again, for `date`: dates are read when the order is made). */
  setSort(sort: TagSort, names: readonly string[]): void;
  /**
   * Reads every tag's date again (date order only) and moves the tags whose date changed;
   * whether the order changed.
   */
  refreshDates(): boolean;
  /** The date of tag `index` as the order last read it (date order only). */
  knownDate(index: number): number | undefined;
  /** How many of `rows` have a date, as the order last read them (0 unless date order). */
  datedCount(rows: readonly number[]): number;
  /** The rows matching `query`, in order: indices into `names`. */
  rows(query: string): readonly number[];
  /** Forgets everything (a new list). */
  reset(): void;
}

/** Creates a view; `dateOf(index)` is the creation time of tag `index` when known. */
export function createTagView(dateOf: (index: number) => number | undefined): TagView {
  let names: readonly string[] = [];
  let lower: string[] = [];
  let versions: string[] | undefined;
  let dates: (number | undefined)[] | undefined;
  let order: number[] = [];
  let sort: TagSort = 'name';
  const narrowing = createNarrowingFilter();

  const data = (): TagSortData => ({ names, ...(versions ? { versions } : {}), ...(dates ? { dates } : {}) });
  /** Computes the keys the order needs for the names not keyed yet. */
  const ensureKeys = (): void => {
    if (sort === 'version') {
      versions ??= [];
      const memo = new Map<string, string>();
      for (let i = versions.length; i < names.length; i++)
        versions.push(versionSortKey(names[i] ?? '', memo));
    }
    if (sort === 'date') {
      dates ??= [];
      for (let i = dates.length; i < names.length; i++) dates.push(dateOf(i));
    }
  };

  return {
    get sort() {
      return sort;
    },
    append(all) {
      const from = lower.length;
      if (all.length <= from) return;
      names = all;
      for (let i = from; i < all.length; i++) lower.push((all[i] ?? '').toLowerCase());
      ensureKeys();
      const added = Array.from({ length: all.length - from }, (_, k) => from + k);
      order = mergeSorted(order, added, tagComparator(sort, data()));
    },
    setSort(next, all) {
      sort = next;
      // Dates are read when the order is made; later ones come in with `refreshDates`.
      dates = undefined;
      if (all.length > lower.length) {
        for (let i = lower.length; i < all.length; i++) lower.push((all[i] ?? '').toLowerCase());
      }
      names = all;
      ensureKeys();
      order = Array.from({ length: names.length }, (_, i) => i).sort(tagComparator(sort, data()));
    },
    refreshDates() {
      if (sort !== 'date' || !dates) return false;
      const moved: number[] = [];
      for (let i = 0; i < dates.length; i++) {
        const d = dateOf(i);
        if (d === dates[i]) continue;
        dates[i] = d;
        moved.push(i);
      }
      if (moved.length === 0) return false;
      // The others keep their relative order (their keys did not change): still sorted.
      const isMoved = new Uint8Array(names.length);
      for (const i of moved) isMoved[i] = 1;
      const kept = order.filter((i) => isMoved[i] === 0);
      order = mergeSorted(kept, moved, tagComparator(sort, data()));
      return true;
    },
    knownDate(index) {
      return sort === 'date' ? dates?.[index] : undefined;
    },
    datedCount(rows) {
      if (sort !== 'date' || !dates) return 0;
      let n = 0;
      for (let i = 0; i < rows.length; i++) if (dates[rows[i] as number] !== undefined) n++;
      return n;
    },
    rows(query) {
      return narrowing.filter(order, lower, query);
    },
    reset() {
      names = [];
      lower = [];
      versions = undefined;
      dates = undefined;
      order = [];
    },
  };
}
