/**
 * berth's state: one zustand vanilla store per TUI run, created by `createBerthStore(deps)`.
 *
 * Architecture (dependency direction: screens/components → app → store → registry):
 *
 * - The store is plain TypeScript over `zustand/vanilla`; it imports the registry core and
 *   nothing from React or Ink, so every behaviour is testable by calling actions and reading
 *   `getState()`. There is no module-level store: each `createBerthStore` call is independent.
 * - Everything the store touches outside itself comes in `BerthDeps` (`deps.ts`): a factory
 *   for registry clients, the keychain, where logins are written, registries.conf, recent
 *   registries, the transports' openers, the copy engine, and a clock. The TUI entry builds
 *   them with `createBerthDeps` (`default-deps.ts`); tests build the same objects against
 *   the harness registries.
 * - State is one flat object made of slices, one file each: session (registries, login, who
 *   you are, rate limit), browse (repositories and tags, paged), inspect (image, layer files),
 *   jobs (copies and deletes in the background), ui (screen stack, modal, messages, cursors,
 *   filters, quitting). `types.ts` combines them; a new slice adds a file and a line there and
 *   here.
 * - Actions are verbs on the state (`openRegistry`, `loadMoreRepositories`, `pushScreen`,
 *   `logIn`, `interrupt`). Network requests the user waits for run through one tracker
 *   (`requests.ts`) with an AbortController each, which is how Ctrl-C cancels what is in
 *   flight before anything else, and how a newer request replaces an older one.
 * - Components never call the registry: they select narrow state (`selectors.ts`) and call
 *   actions.
 */
import { createStore } from 'zustand/vanilla';
import { createBrowseSlice } from './browse-slice.js';
import { createClientCache } from './client-cache.js';
import type { BerthDeps } from './deps.js';
import { createInspectSlice } from './inspect-slice.js';
import { createJobsSlice } from './jobs-slice.js';
import { createRequestTracker } from './requests.js';
import type { Route } from './routes.js';
import { createSessionSlice } from './session-slice.js';
import type { BerthOptions, BerthState, BerthStore, SliceContext } from './types.js';
import { createUiSlice } from './ui-slice.js';

export {
  type BrowseSlice,
  type HubSearchState,
  isCatalogRefused,
  normalizeRepository,
  PAGE_SIZE,
  parseRepositoryInput,
  type RepositoryMode,
  type SavedRepositoriesState,
  type TagEnrichmentState,
  taggedImage,
  tagListName,
  tagListSource,
} from './browse-slice.js';
export type { CopyActions, CopyChoice, CopySourceInfo } from './copy-actions.js';
export { type Completion, completeDestination, type DirEntry } from './copy-completion.js';
export {
  type CopyTarget,
  initialDestination,
  planCopyTargets,
  TRANSPORT_PREFIXES,
} from './copy-destination.js';
export { COPY_LANES, COPY_PROGRESS_INTERVAL_MS, type CopyRequest, copyLabel } from './copy-job.js';
export {
  type BlobRow,
  type BlobStatus,
  type CopyProgress,
  CopyTracker,
  isBlobFinished,
} from './copy-progress.js';
export type { DeleteActions } from './delete-actions.js';
export {
  type DeleteMode,
  type DeletePlan,
  type DeleteTarget,
  type SiblingState,
  tagsGoing,
} from './delete-job.js';
export type { BerthDeps, ClientRequest, LoginDeps, SourceOptions } from './deps.js';
export type { DigestDetails } from './enrich-source.js';
export { DESTINATION_PLACEHOLDER, type ImageCommands, imageCommands, shellQuote } from './image-commands.js';
export { inspectKey } from './image-sources.js';
export type { InspectedImage, InspectSlice, ReferrersState } from './inspect-slice.js';
export {
  countRunningJobs,
  type Job,
  type JobControl,
  type JobProgress,
  type JobResult,
  type JobSpec,
  type JobsSlice,
} from './jobs-slice.js';
export {
  LAYER_PROGRESS_INTERVAL_MS,
  type LayerFiles,
  type LayerFilesProgress,
  type LayerFilesView,
  type LayerSort,
} from './layer-files.js';
export { emptyList, type PagedList } from './paged-list.js';
export {
  createRecentRegistriesFile,
  parseRecentRegistries,
  RECENT_LIMIT,
  type RecentRegistries,
  type RecentRegistry,
  recentRegistriesPath,
} from './recent-registries.js';
export {
  buildRegistryList,
  DEFAULT_REGISTRY,
  type LoginInfo,
  type RegistryEntry,
  type RegistrySource,
} from './registry-list.js';
export type { Outcome } from './requests.js';
export { type Route, routeKey, type ScreenName } from './routes.js';
export {
  createSavedRepositoriesFile,
  type RecentRepository,
  type SavedForRegistry,
  type SavedRepositories,
  savedRepositoriesPath,
} from './saved-repositories.js';
export {
  describeChain,
  type LoadStatus,
  type LoginInput,
  type LoginState,
  parseRegistryInput,
  type SessionSlice,
  type WhoamiState,
} from './session-slice.js';
export { ENRICH_CONCURRENCY, type Lookup } from './tag-enrichment.js';
export { nextTagSort, splitVersionTag, TAG_SORTS, type TagSort } from './tag-sort.js';
export type { BerthOptions, BerthState, BerthStore, ClientCache, ClientOptions } from './types.js';
export type { Modal, StatusMessage, UiSlice } from './ui-slice.js';

/** The screens a run starts with: the registries, and the command line's image over them. */
function initialStack(options: BerthOptions): Route[] {
  const stack: Route[] = [{ screen: 'registries' }];
  if (options.image) stack.push({ screen: 'tags', image: options.image });
  return stack;
}

/** Creates the store for one TUI run. */
export function createBerthStore(deps: BerthDeps, options: BerthOptions = {}): BerthStore {
  const store = createStore<BerthState>()((set, get) => {
    const requests = createRequestTracker((busy) => set({ busy }));
    const clients = createClientCache({ deps, get });
    const ctx: SliceContext = { set, get, deps, options, requests, clients };
    return {
      ...createSessionSlice(ctx),
      ...createBrowseSlice(ctx),
      ...createInspectSlice(ctx),
      ...createJobsSlice(ctx),
      ...createUiSlice(ctx, initialStack(options)),
    };
  });
  // The command line's registry is entered as an opened one is (actions need the store).
  if (options.image?.transport === 'docker') store.getState().enterRegistry(options.image.ref.registry);
  return store;
}
export { type BerthDepsOptions, createBerthDeps, type OwnedBerthDeps } from './default-deps.js';
