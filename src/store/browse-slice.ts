/**
 * The browse slice: the repositories of the open registry and the tags of the open
 * repository (or local layout). Its two parts live in their own files:
 *
 * - `repository-actions.ts`: `_catalog` page by page, Docker Hub search, and where the
 *   catalog is refused, a repository typed by name with bookmarks and recents.
 * - `tag-actions.ts`: every tag, sorted (`tag-sort.ts`) and filtered (`tag-view.ts`) in the
 *   store, enriched lazily for the visible rows (`tag-enrichment.ts`), and marks.
 *
 * Both page through listings with one loader (`list-loader.ts`): a page is one tracked
 * request, so Ctrl-C stops it and the list resumes where it stopped.
 */
import { createListLoader } from './list-loader.js';
import { createRepositoryActions, type RepositoryActions } from './repository-actions.js';
import { createTagActions, type TagActions } from './tag-actions.js';
import type { SliceContext } from './types.js';

export {
  type HubSearchState,
  isCatalogRefused,
  normalizeRepository,
  PAGE_SIZE,
  parseRepositoryInput,
  type RepositoryMode,
  type SavedRepositoriesState,
} from './repository-actions.js';
export {
  type TagEnrichmentState,
  taggedImage,
  tagListName,
  tagListSource,
} from './tag-actions.js';

/** The browse slice. */
export interface BrowseSlice extends RepositoryActions, TagActions {}

/** Creates the browse slice. */
export function createBrowseSlice(ctx: SliceContext): BrowseSlice {
  const loader = createListLoader(ctx);
  return { ...createRepositoryActions(ctx, loader), ...createTagActions(ctx, loader) };
}
