/**
 * Fuzzy filtering for long lists, off the render path.
 *
 * - {@link createNarrowingFilter} keeps a list's order (the tag list's chosen sort) and keeps
 *   the rows whose text contains each whitespace-separated term of the query as a
 *   subsequence, case-insensitively: the rows fzf's fuzzy matching accepts. It is linear
 *   and allocation-light, and remembers recent results, so a keystroke that extends the
 *   query searches only the previous matches and a backspace is a lookup: on 100 000 tags a
 *   keystroke costs a few milliseconds where ranking with fzf costs tens.
 * - {@link fuzzyRank} ranks with fzf itself (best match first) for lists small enough to
 *   rank on every keystroke (repositories, bookmarks).
 * - {@link fuzzyPositions} gives the characters to highlight in one visible row, with fzf's
 *   own alignment.
 */
import { Fzf } from 'fzf';

/** The query's terms, lower-cased; none for a blank query. */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** Whether `text` (lower-cased) contains every term as a subsequence. */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  for (const term of terms) {
    let at = 0;
    for (let i = 0; i < term.length; i++) {
      at = text.indexOf(term.charAt(i), at);
      if (at < 0) return false;
      at++;
    }
  }
  return true;
}

/** Results kept for backspacing. */
const CACHE_LIMIT = 64;

/** Filters one ordered list again and again as its query changes. */
export interface NarrowingFilter {
  /**
   * The entries of `order` (indices into `lower`) whose text matches `query`, in `order`'s
   * order; `order` itself for a blank query. A new `order` array (re-sorted, grown) forgets
   * what was remembered.
   */
  filter(order: readonly number[], lower: readonly string[], query: string): readonly number[];
}

/** Creates a {@link NarrowingFilter}. */
export function createNarrowingFilter(): NarrowingFilter {
  let base: readonly number[] | undefined;
  const cache = new Map<string, readonly number[]>();
  return {
    filter(order, lower, query) {
      const terms = queryTerms(query);
      if (terms.length === 0) return order;
      if (order !== base) {
        base = order;
        cache.clear();
      }
      const key = terms.join(' ');
      const hit = cache.get(key);
      if (hit) return hit;
      // The longest remembered query this one extends: its matches contain all of ours.
      let from: readonly number[] = order;
      let best = -1;
      for (const [k, rows] of cache) {
        if (k.length > best && key.startsWith(k)) {
          from = rows;
          best = k.length;
        }
      }
      const out: number[] = [];
      for (let i = 0; i < from.length; i++) {
        const row = from[i] as number;
        if (matchesTerms(lower[row] ?? '', terms)) out.push(row);
      }
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, out);
      return out;
    },
  };
}

/** A ranked match: the item's index and the characters that matched. */
export interface RankedMatch {
  index: number;
  positions: ReadonlySet<number>;
}

const EMPTY: ReadonlySet<number> = new Set();

/**
 * `items` ranked by fzf against `query`, best first (all of them, in order, for a blank
 * query). Each term is matched by fzf on its own; an item must match every term, and its
 * score is the sum of the terms' scores; ties go to the shorter item.
 */
export function fuzzyRank(items: readonly string[], query: string): RankedMatch[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return items.map((_, index) => ({ index, positions: EMPTY }));
  const indexed = items.map((text, index) => ({ text, index }));
  const fzf = new Fzf(indexed, { selector: (e: { text: string }) => e.text, casing: 'case-insensitive' });
  let found: Map<number, { score: number; positions: Set<number> }> | undefined;
  for (const term of terms) {
    const next = new Map<number, { score: number; positions: Set<number> }>();
    for (const r of fzf.find(term)) {
      const i = r.item.index;
      const before = found ? found.get(i) : { score: 0, positions: new Set<number>() };
      if (!before) continue;
      next.set(i, {
        score: before.score + r.score,
        positions: new Set([...before.positions, ...r.positions]),
      });
    }
    found = next;
  }
  return (
    [...(found ?? new Map())]
      // Equal scores: the shorter name (less that did not match), then the list's order.
      .sort(
        ([ia, a], [ib, b]) =>
          b.score - a.score || (items[ia]?.length ?? 0) - (items[ib]?.length ?? 0) || ia - ib,
      )
      .map(([index, m]) => ({ index, positions: m.positions }))
  );
}

/** The characters of `text` to highlight for `query` (fzf's alignment, per term); none when it does not match. */
export function fuzzyPositions(text: string, query: string): ReadonlySet<number> {
  const terms = queryTerms(query);
  if (terms.length === 0) return EMPTY;
  const fzf = new Fzf([text], { casing: 'case-insensitive' });
  const out = new Set<number>();
  for (const term of terms) {
    const hit = fzf.find(term)[0];
    if (!hit) return EMPTY;
    for (const p of hit.positions) out.add(p);
  }
  return out;
}
