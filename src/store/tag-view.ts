/**
 * The Tags screen's rows: the loaded tags in the chosen order, narrowed by the filter, as
 * indices into the tag list. Everything per tag (lower-cased text, version keys) is computed
 * once, when its page arrives or when an order first needs it; a page arriving is merged
 * into the order instead of re-sorting, and the filter narrows the order without copying
 * strings. The screen then renders only the visible rows, so nothing proportional to the
 * list's length happens in a render.
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
      // Dates are read when the order is made: new ones show after the next `s`.
      dates = undefined;
      if (all.length > lower.length) {
        for (let i = lower.length; i < all.length; i++) lower.push((all[i] ?? '').toLowerCase());
      }
      names = all;
      ensureKeys();
      order = Array.from({ length: names.length }, (_, i) => i).sort(tagComparator(sort, data()));
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
