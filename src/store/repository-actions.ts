/**
 * The browse slice's repositories part. How a registry's repositories are found depends on
 * the registry:
 *
 * - `catalog`: `_catalog`, page by page as the user scrolls (the screen asks for the next
 *   page when its cursor nears the end of what is loaded).
 * - `hub`: Docker Hub has no catalog; its v1 search API finds repositories by a term.
 * - `manual`: the catalog was refused or is absent (401, 403, 404: ghcr, ECR, most cloud
 *   registries), or lists nothing: the user types a repository, helped by bookmarks and
 *   recent repositories.
 *
 * Bookmarks and recents are saved per registry (`saved-repositories.ts`) in every mode.
 */
import { RegistryError } from '../registry/http/index.js';
import { isValidRepositoryPath } from '../registry/ref/index.js';
import type { HubSearchResult } from '../registry/remote/index.js';
import type { ListLoader } from './list-loader.js';
import { emptyList, type PagedList } from './paged-list.js';
import { DEFAULT_REGISTRY } from './registry-list.js';
import { asError } from './requests.js';
import type { RecentRepository, SavedForRegistry } from './saved-repositories.js';
import type { LoadStatus } from './session-slice.js';
import type { SliceContext } from './types.js';

/** Catalog and tag pages asked for; distribution caps `n` at 1000. */
export const PAGE_SIZE = 1000;

/** How the open registry's repositories are found (see the module comment). */
export interface RepositoryMode {
  registry: string;
  mode: 'catalog' | 'hub' | 'manual';
  /** Why there is no catalog (the registry's answer), in manual mode. */
  reason?: string;
}

/** A Docker Hub search and its results. */
export interface HubSearchState {
  term: string;
  status: LoadStatus;
  results: readonly HubSearchResult[];
  error: Error | undefined;
}

/** The bookmarks and recent repositories of one registry. */
export interface SavedRepositoriesState {
  registry: string | undefined;
  status: LoadStatus;
  bookmarks: readonly string[];
  recent: readonly RecentRepository[];
}

/** The repositories part of the browse slice. */
export interface RepositoryActions {
  repositories: PagedList<string>;
  repositoryMode: RepositoryMode | undefined;
  hubSearch: HubSearchState;
  savedRepositories: SavedRepositoriesState;
  /** Writes of the saved-repositories file in flight (0 once what the user did is on disk). */
  savedWrites: number;
  /** Starts over for `registry`: its catalog's first page, or Hub search, and its saved repositories. */
  loadRepositories(registry: string): Promise<void>;
  /** Loads the next page of the catalog, if there is one and none is loading. */
  loadMoreRepositories(): Promise<void>;
  /** Searches Docker Hub (a newer search replaces one in flight; a blank term clears). */
  searchHub(term: string): Promise<void>;
  /** Reads the bookmarks and recents of `registry`. */
  loadSavedRepositories(registry: string): Promise<void>;
  /** Bookmarks `repository` of `registry`, or removes the bookmark. */
  toggleBookmark(registry: string, repository: string): Promise<void>;
  /** Opens the tags of `registry/repository` (`nginx` on Docker Hub is `library/nginx`). */
  openRepository(registry: string, repository: string): void;
  /** Remembers that the tags of `registry/repository` were opened. */
  recordRecentRepository(registry: string, repository: string): void;
}

const noSearch = (): HubSearchState => ({ term: '', status: 'idle', results: [], error: undefined });
const noSaved = (): SavedRepositoriesState => ({
  registry: undefined,
  status: 'idle',
  bookmarks: [],
  recent: [],
});

/** A repository name as typed (`nginx`, `org/app`) as the registry knows it (`library/nginx` on Docker Hub). */
export function normalizeRepository(registry: string, name: string): string {
  return registry === DEFAULT_REGISTRY && !name.includes('/') ? `library/${name}` : name;
}

/** The repository `text` names, when it is a valid repository path. */
export function parseRepositoryInput(registry: string, text: string): string | undefined {
  const name = text.trim().replace(/^\/+|\/+$/g, '');
  if (name === '' || name.length > 255 || !isValidRepositoryPath(name)) return undefined;
  return normalizeRepository(registry, name);
}

/** Whether `err` (or what it wraps) is a registry saying it has no catalog for us. */
export function isCatalogRefused(err: unknown): RegistryError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof RegistryError && [401, 403, 404, 405].includes(e.status)) return e;
  }
  return undefined;
}

/** Creates the repositories part. */
export function createRepositoryActions(ctx: SliceContext, loader: ListLoader): RepositoryActions {
  const { set, get, deps, requests, clients } = ctx;

  const applySaved = (registry: string, saved: SavedForRegistry): void => {
    if (get().savedRepositories.registry !== registry) return;
    set({
      savedRepositories: { registry, status: 'ready', bookmarks: saved.bookmarks, recent: saved.recent },
    });
  };
  /** Runs one write of the saved-repositories file, counted in `savedWrites`. */
  const write = async (registry: string, run: () => Promise<SavedForRegistry>): Promise<void> => {
    set({ savedWrites: get().savedWrites + 1 });
    try {
      applySaved(registry, await run());
    } finally {
      set({ savedWrites: get().savedWrites - 1 });
    }
  };
  const warn = (what: string, err: unknown): void => {
    deps.onWarning?.(`${what}: ${asError(err).message}`);
    get().showMessage(`${what}: ${asError(err).message}`, 'error');
  };

  return {
    repositories: emptyList(),
    repositoryMode: undefined,
    hubSearch: noSearch(),
    savedRepositories: noSaved(),
    savedWrites: 0,

    async loadRepositories(registry) {
      void get().loadSavedRepositories(registry);
      if (registry === DEFAULT_REGISTRY) {
        requests.cancel('repositories');
        const keep = get().hubSearch;
        set({
          repositoryMode: { registry, mode: 'hub' },
          repositories: { ...emptyList(registry), status: 'ready', complete: true },
          hubSearch: get().repositoryMode?.registry === registry ? keep : noSearch(),
        });
        if (keep.term !== '' && get().hubSearch.term === keep.term) await get().searchHub(keep.term);
        return;
      }
      // The client is made inside the pager, so a blocked registry fails the request, not the action.
      loader.start('repositories', registry, (signal) =>
        clients.get(registry).listRepositoryPages({ pageSize: PAGE_SIZE, signal }),
      );
      set({ repositories: emptyList(registry), repositoryMode: { registry, mode: 'catalog' } });
      await get().loadMoreRepositories();
    },

    async loadMoreRepositories() {
      const source = get().repositories.source ?? '';
      await loader.loadMore('repositories', `loading repositories of ${source}`);
      const list = get().repositories;
      const refused =
        list.source === source && list.status === 'error' ? isCatalogRefused(list.error) : undefined;
      // Refused before anything was listed, or empty (what some registries answer anonymous
      // users): this registry is browsed by name instead.
      if (refused && list.items.length === 0) {
        const reason = `HTTP ${refused.status}${refused.code ? ` ${refused.code}` : ''}`;
        set({ repositoryMode: { registry: source, mode: 'manual', reason } });
      } else if (list.source === source && list.complete && list.items.length === 0) {
        set({ repositoryMode: { registry: source, mode: 'manual', reason: 'empty' } });
      }
    },

    async searchHub(term) {
      const trimmed = term.trim();
      const before = get().hubSearch;
      set({
        hubSearch: {
          term,
          status: trimmed === '' ? 'idle' : 'loading',
          results: trimmed === '' ? [] : before.results,
          error: undefined,
        },
      });
      if (trimmed === '') {
        requests.cancel('hub-search');
        return;
      }
      const out = await requests.run('hub-search', `searching Docker Hub for ${trimmed}`, (signal) =>
        deps.searchHub({ term: trimmed, limit: 100, signal }),
      );
      const now = get().hubSearch;
      if (now.term !== term) return;
      if (out.status === 'ok') set({ hubSearch: { ...now, status: 'ready', results: out.value } });
      else if (out.status === 'failed') set({ hubSearch: { ...now, status: 'error', error: out.error } });
      else if (!out.superseded) set({ hubSearch: { ...now, status: 'ready' } });
    },

    async loadSavedRepositories(registry) {
      const keep = get().savedRepositories;
      set({
        savedRepositories:
          keep.registry === registry
            ? { ...keep, status: 'loading' }
            : { ...noSaved(), registry, status: 'loading' },
      });
      try {
        applySaved(registry, await deps.savedRepositories.load(registry));
      } catch (err) {
        if (get().savedRepositories.registry === registry)
          set({ savedRepositories: { ...get().savedRepositories, status: 'error' } });
        warn('reading the saved repositories', err);
      }
    },

    async toggleBookmark(registry, repository) {
      const saved = get().savedRepositories;
      const on = !(saved.registry === registry && saved.bookmarks.includes(repository));
      // Shown at once; the file catches up.
      if (saved.registry === registry) {
        const bookmarks = on
          ? [...saved.bookmarks, repository]
          : saved.bookmarks.filter((b) => b !== repository);
        set({ savedRepositories: { ...saved, bookmarks } });
      }
      get().showMessage(on ? `bookmarked ${repository}` : `removed the bookmark of ${repository}`);
      try {
        await write(registry, () => deps.savedRepositories.toggleBookmark(registry, repository));
      } catch (err) {
        warn(`saving the bookmark of ${repository}`, err);
      }
    },

    openRepository(registry, name) {
      const repository = normalizeRepository(registry, name);
      get().pushScreen({ screen: 'tags', image: { transport: 'docker', ref: { registry, repository } } });
    },

    recordRecentRepository(registry, repository) {
      write(registry, () =>
        deps.savedRepositories.recordRecent(registry, { repository, usedAt: deps.clock() }),
      ).catch((err: unknown) => deps.onWarning?.(`remembering ${repository}: ${asError(err).message}`));
    },
  };
}
