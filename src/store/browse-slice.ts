/**
 * The browse slice: the repositories of the open registry (`_catalog`, page by page as the
 * user scrolls) and the tags of the open repository. Each list has one pager (see
 * `pager.ts`); a page is one tracked request, so Ctrl-C stops it and the next
 * `loadMore…` resumes where the list stopped.
 *
 * Owned by the shell for now: the Repositories and Tags screens extend it (Docker Hub search,
 * "enter a repository" where the catalog is refused, tag enrichment, sorting, marks).
 */
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import { emptyList, type PagedList } from './paged-list.js';
import { createPager, type Pager } from './pager.js';
import type { SliceContext } from './types.js';

/** Catalog and tag pages asked for; distribution caps `n` at 1000. */
export const PAGE_SIZE = 1000;

/** The browse slice. */
export interface BrowseSlice {
  repositories: PagedList<string>;
  tags: PagedList<string>;
  /** Starts the repository list of `registry` over (the first page). */
  loadRepositories(registry: string): Promise<void>;
  /** Loads the next page of repositories, if there is one and none is loading. */
  loadMoreRepositories(): Promise<void>;
  /** Starts the tag list of a repository over (docker:// names only for now). */
  loadTags(image: ImageName): Promise<void>;
  loadMoreTags(): Promise<void>;
}

type ListName = 'repositories' | 'tags';

/** Creates the browse slice. */
export function createBrowseSlice(ctx: SliceContext): BrowseSlice {
  const { set, get, requests, clients } = ctx;
  const pagers = new Map<ListName, { source: string; pager: Pager<string> }>();

  const loadMore = async (name: ListName, label: string): Promise<void> => {
    const list = get()[name];
    const p = pagers.get(name);
    if (!p || p.source !== list.source || list.complete || list.status === 'loading') return;
    set({ [name]: { ...list, status: 'loading', error: undefined } } as Partial<BrowseSlice>);
    const out = await requests.run(name, label, (signal) => p.pager.next(signal));
    const now = get()[name];
    if (now.source !== p.source) return;
    if (out.status === 'cancelled') {
      if (!out.superseded) set({ [name]: { ...now, status: 'ready' } } as Partial<BrowseSlice>);
      return;
    }
    if (out.status === 'failed') {
      set({ [name]: { ...now, status: 'error', error: out.error } } as Partial<BrowseSlice>);
      return;
    }
    const { items, done } = out.value;
    set({
      [name]: {
        ...now,
        items: items.length > 0 ? [...now.items, ...items] : now.items,
        status: 'ready',
        complete: done,
      },
    } as Partial<BrowseSlice>);
  };

  return {
    repositories: emptyList(),
    tags: emptyList(),

    async loadRepositories(registry) {
      // The client is made inside the pager, so a blocked registry fails the request, not the action.
      pagers.set('repositories', {
        source: registry,
        pager: createPager((signal) =>
          clients.get(registry).listRepositoryPages({ pageSize: PAGE_SIZE, signal }),
        ),
      });
      set({ repositories: emptyList(registry) });
      await loadMore('repositories', `loading repositories of ${registry}`);
    },
    loadMoreRepositories() {
      const source = get().repositories.source ?? '';
      return loadMore('repositories', `loading repositories of ${source}`);
    },

    async loadTags(image) {
      const source = formatImageName(image);
      if (image.transport !== 'docker') {
        // Local layouts list their tags through the transport; the Tags screen adds that.
        set({
          tags: {
            ...emptyList(source),
            status: 'error',
            error: new Error(`listing the tags of ${image.transport}: images is not supported yet`),
          },
        });
        return;
      }
      const { registry, repository } = image.ref;
      pagers.set('tags', {
        source,
        pager: createPager((signal) =>
          clients.get(registry).listTagPages({ repository, pageSize: PAGE_SIZE, signal }),
        ),
      });
      set({ tags: emptyList(source) });
      await loadMore('tags', `loading tags of ${repository}`);
    },
    loadMoreTags() {
      return loadMore('tags', `loading tags of ${get().tags.source ?? ''}`);
    },
  };
}
