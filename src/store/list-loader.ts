/**
 * Page-by-page loading of the browse slice's two lists (repositories, tags). Each list has
 * one pager (see `pager.ts`); a page is one tracked request, so Ctrl-C stops it and the next
 * `loadMore` resumes where the list stopped. A list whose `source` changed while a page was
 * in flight ignores that page. A list is complete with its last page (see `pager.ts`), so a
 * screen can say "3 repositories", not "3 or more", without asking for a page that is not there.
 */
import type { PagedList } from './paged-list.js';
import { createPager, type Pager, type PagerOptions } from './pager.js';
import { PAGE_SIZE } from './repository-actions.js';
import type { BerthState, SliceContext } from './types.js';

/** The paged lists of the browse slice. */
export type ListName = 'repositories' | 'tags';

/** How a `loadMore` ended: another page may follow, the list is complete, or it stopped. */
export type PageOutcome = 'more' | 'done' | 'stopped';

/** Loads the pages of the browse slice's lists. */
export interface ListLoader {
  /**
   * Makes `open` the list's pager for `source` (the caller resets the list itself). `opts`
   * says what page size `open` asks for; by default {@link PAGE_SIZE}, what both lists ask for.
   */
  start(
    name: ListName,
    source: string,
    open: (signal: AbortSignal) => AsyncIterable<string[]>,
    opts?: PagerOptions,
  ): void;
  /**
   * Loads the next page, if there is one and none is loading. `onItems` sees the list with the
   * page appended and returns more state to set with it (derived views).
   */
  loadMore(
    name: ListName,
    label: string,
    onItems?: (list: PagedList<string>, added: number) => object,
  ): Promise<PageOutcome>;
}

/** Creates the loader of a slice. */
export function createListLoader(ctx: Pick<SliceContext, 'set' | 'get' | 'requests'>): ListLoader {
  const { set, get, requests } = ctx;
  const pagers = new Map<ListName, { source: string; pager: Pager<string> }>();
  const put = (name: ListName, list: PagedList<string>, extra: object = {}): void =>
    set({ [name]: list, ...extra } as unknown as Partial<BerthState>);

  return {
    start(name, source, open, opts = { pageSize: PAGE_SIZE }) {
      pagers.set(name, { source, pager: createPager(open, opts) });
    },
    async loadMore(name, label, onItems) {
      const list = get()[name];
      const p = pagers.get(name);
      if (!p || p.source !== list.source || list.complete) return 'done';
      if (list.status === 'loading') return 'stopped';
      put(name, { ...list, status: 'loading', error: undefined });
      const out = await requests.run(name, label, (signal) => p.pager.next(signal));
      const now = get()[name];
      if (now.source !== p.source) return 'stopped';
      if (out.status === 'cancelled') {
        if (!out.superseded) put(name, { ...now, status: 'ready' });
        return 'stopped';
      }
      if (out.status === 'failed') {
        put(name, { ...now, status: 'error', error: out.error });
        return 'stopped';
      }
      const { items, done } = out.value;
      const next: PagedList<string> = {
        ...now,
        items: items.length > 0 ? [...now.items, ...items] : now.items,
        status: 'ready',
        complete: done,
      };
      put(name, next, onItems?.(next, items.length) ?? {});
      return done ? 'done' : 'more';
    },
  };
}
