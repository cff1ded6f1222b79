/**
 * The `/` filter: fuzzy matching with fzf (fzf-for-js, the algorithm of fzf itself), best
 * match first. Recomputed only when the items or the query change.
 */
import { Fzf, type FzfResultItem } from 'fzf';
import { useMemo } from 'react';

/** The items matching `query` (all of them, in order, for an empty query). */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): readonly T[] {
  if (query.trim() === '') return items;
  const fzf = new Fzf<readonly T[]>(items, { selector: text, casing: 'case-insensitive' });
  return fzf.find(query).map((r: FzfResultItem<T>) => r.item);
}

/** {@link fuzzyFilter}, memoised; `text` must be stable (a module-level function). */
export function useFuzzyFilter<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
): readonly T[] {
  return useMemo(() => fuzzyFilter(items, query, text), [items, query, text]);
}
