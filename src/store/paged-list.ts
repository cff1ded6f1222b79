/**
 * A list loaded page by page (repositories, tags): what is loaded so far, whether more
 * exists, and what went wrong. Items are never copied per page in render paths: a page
 * appends once, and screens virtualize over `items`.
 */

/** A list loaded page by page. */
export interface PagedList<T> {
  /** What the list is of (a registry, a repository), so a stale list is recognised. */
  source: string | undefined;
  items: readonly T[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: Error | undefined;
  /** Every page has been loaded. */
  complete: boolean;
}

/** A list of nothing, not yet asked for. */
export function emptyList<T>(source?: string): PagedList<T> {
  return { source, items: [], status: 'idle', error: undefined, complete: false };
}
