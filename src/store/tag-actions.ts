/**
 * The browse slice's tags part: every tag of a repository (all pages, loaded one after
 * another) or every image of a local OCI layout (its ref names, or `@N` for unnamed
 * entries), the rows shown (`tag-view.ts`: order and filter, computed here and never in a
 * render), lazy enrichment of the visible rows (`tag-enrichment.ts`), the dates date order
 * looks up in the background (`tag-dates.ts`), and marks.
 *
 * Enrichment results arrive a few at a time. Those of visible rows are applied in one update
 * per microtask, so a burst of results is one render, not one each; those of the background
 * (date order) are gathered for {@link BACKGROUND_APPLY_MS}, so thousands of lookups are a few
 * renders a second.
 */
import type { Digest } from '../registry/digest/index.js';
import type { Descriptor } from '../registry/manifest/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import { refNameOf } from '../registry/transports/oci/index.js';
import {
  type DigestDetails,
  type EnrichSource,
  layoutEnrichSource,
  registryEnrichSource,
} from './enrich-source.js';
import type { ListLoader } from './list-loader.js';
import { emptyList, type PagedList } from './paged-list.js';
import { PAGE_SIZE } from './repository-actions.js';
import { routeKey } from './routes.js';
import { createTagDateLookups, type TagDatesState } from './tag-dates.js';
import { createTagEnricher, type EnrichmentChange, type Lookup, type TagEnricher } from './tag-enrichment.js';
import { nextTagSort, type TagSort } from './tag-sort.js';
import { createTagView } from './tag-view.js';
import type { SliceContext } from './types.js';

/** What is known about the tags enriched so far. */
export interface TagEnrichmentState {
  /** tag → its digest. */
  digests: ReadonlyMap<string, Lookup<Digest>>;
  /** digest → what it is. */
  details: ReadonlyMap<Digest, Lookup<DigestDetails>>;
  /** digest → the tags found on it so far, in the order found (aliases of one another). */
  aliases: ReadonlyMap<Digest, readonly string[]>;
}

/** The tags part of the browse slice. */
export interface TagActions {
  /** The tags (or layout images) in the order listed; `source` is {@link tagListSource}. */
  tags: PagedList<string>;
  tagSort: TagSort;
  tagFilter: string;
  /** The rows shown: indices into `tags.items`, ordered by `tagSort`, narrowed by `tagFilter`. */
  tagRows: readonly number[];
  /** In date order, how many of the rows shown have a date and whether more are being looked up. */
  tagDates: TagDatesState | undefined;
  tagEnrichment: TagEnrichmentState;
  /** Tags marked with Space, for bulk copy and delete (of `tags.source`). */
  markedTags: ReadonlySet<string>;
  /** Starts the tag list of a repository or local layout over and loads every page. */
  loadTags(image: ImageName): Promise<void>;
  /** Resumes loading pages after a cancellation. */
  loadMoreTags(): Promise<void>;
  /** Shows `tags` as the complete tag list of `image` (a listing fetched elsewhere; tests, benchmarks). */
  setTagList(image: ImageName, tags: readonly string[]): void;
  setTagFilter(text: string): void;
  setTagSort(sort: TagSort): void;
  /** `s`: the next order; returns it. */
  cycleTagSort(): TagSort;
  /** The tags now visible, to enrich (work for rows scrolled away is cancelled). */
  enrichTags(tags: readonly string[]): void;
  /** The Tags screen is shown: in date order, dates are looked up (again, after Ctrl-C). */
  fetchTagDates(): void;
  /** The Tags screen is left: date lookups stop until {@link fetchTagDates}. */
  stopTagDates(): void;
  toggleTagMark(tag: string): void;
  clearTagMarks(): void;
}

/** The list a tags screen for `image` shows: the repository (tag dropped) or the layout. */
export function tagListName(image: ImageName): ImageName {
  switch (image.transport) {
    case 'docker':
      return { transport: 'docker', ref: { registry: image.ref.registry, repository: image.ref.repository } };
    case 'oci':
    case 'oci-archive':
    case 'dir':
      return { transport: image.transport, path: image.path };
    case 'docker-archive':
      return { transport: 'docker-archive', path: image.path };
  }
}

/** The `source` of the tag list of `image` (compare with `tags.source`). */
export function tagListSource(image: ImageName): string {
  return formatImageName(tagListName(image));
}

/** The image a row of the list `list` names: `repo:tag`, or a layout's image by name or `@N`. */
export function taggedImage(list: ImageName, tag: string): ImageName {
  if (list.transport === 'docker') return { transport: 'docker', ref: { ...list.ref, tag } };
  if (list.transport === 'oci') {
    const at = /^@([0-9]+)$/.exec(tag);
    return at
      ? { transport: 'oci', path: list.path, index: Number(at[1]) }
      : { transport: 'oci', path: list.path, image: tag };
  }
  return list;
}

/** How long background enrichment results are gathered before they are applied. */
export const BACKGROUND_APPLY_MS = 250;

const noEnrichment = (): TagEnrichmentState => ({
  digests: new Map(),
  details: new Map(),
  aliases: new Map(),
});

/** Creates the tags part. */
export function createTagActions(ctx: SliceContext, loader: ListLoader): TagActions {
  const { set, get, deps, requests, clients } = ctx;
  const view = createTagView((index) => {
    const s = get();
    const d = s.tagEnrichment.digests.get(s.tags.items[index] ?? '');
    const details = d?.status === 'ready' ? s.tagEnrichment.details.get(d.value) : undefined;
    return details?.status === 'ready' ? details.value.created : undefined;
  });
  let generation = 0;
  let enricher: TagEnricher | undefined;
  let makeEnricher: (() => TagEnricher) | undefined;
  /** The registry of a docker:// list, for date lookups' pull limit. */
  let listRegistry: string | undefined;
  let pending: EnrichmentChange[] = [];
  let applyQueued = false;
  let applyTimer: ReturnType<typeof setTimeout> | undefined;

  const ensureEnricher = (): TagEnricher | undefined => {
    if (!enricher && makeEnricher) {
      try {
        enricher = makeEnricher();
      } catch (err) {
        // A registry blocked in registries.conf: its tags are listed with an error already.
        makeEnricher = undefined;
        deps.onWarning?.(`enriching tags: ${(err as Error).message}`);
      }
    }
    return enricher;
  };
  const dates = createTagDateLookups({
    ctx,
    view,
    enricher: () => enricher,
    ensureEnricher,
    registry: () => listRegistry,
    cursorIds: () => {
      const { stack, tags } = get();
      return stack.flatMap((r) =>
        r.screen === 'tags' && tagListSource(r.image) === tags.source ? [routeKey(r)] : [],
      );
    },
  });

  const flush = (): void => {
    applyQueued = false;
    if (applyTimer !== undefined) clearTimeout(applyTimer);
    applyTimer = undefined;
    const changes = pending;
    pending = [];
    if (changes.length === 0) return;
    const now = get().tagEnrichment;
    const digests = new Map(now.digests);
    const details = new Map(now.details);
    let aliases = now.aliases;
    for (const c of changes) {
      if (c.kind === 'digest') {
        if (c.lookup) details.set(c.digest, c.lookup);
        else details.delete(c.digest);
        continue;
      }
      if (c.lookup) digests.set(c.tag, c.lookup);
      else digests.delete(c.tag);
      if (c.lookup?.status === 'ready') {
        const known = aliases.get(c.lookup.value) ?? [];
        if (!known.includes(c.tag)) {
          if (aliases === now.aliases) aliases = new Map(aliases);
          (aliases as Map<Digest, readonly string[]>).set(c.lookup.value, [...known, c.tag]);
        }
      }
    }
    set({ tagEnrichment: { digests, details, aliases } });
    dates.applied(changes);
  };

  const enricherFor = (gen: number, create: () => EnrichSource) => () =>
    createTagEnricher({
      source: create(),
      onChange(change) {
        if (gen !== generation) return;
        pending.push(change);
        if (change.visible) {
          if (!applyQueued) queueMicrotask(flush);
          applyQueued = true;
        } else {
          applyTimer ??= setTimeout(flush, BACKGROUND_APPLY_MS);
        }
      },
    });

  /** Forgets the current list and everything derived from it. */
  const reset = (source: string): number => {
    generation++;
    pending = [];
    if (applyTimer !== undefined) clearTimeout(applyTimer);
    applyTimer = undefined;
    dates.reset();
    void enricher?.stop();
    enricher = undefined;
    makeEnricher = undefined;
    listRegistry = undefined;
    view.reset();
    view.setSort(get().tagSort, []);
    requests.cancel('tags');
    set({
      tags: emptyList(source),
      tagFilter: '',
      tagRows: [],
      tagDates: dates.state([]),
      tagEnrichment: noEnrichment(),
      markedTags: new Set(),
    });
    return generation;
  };

  const rowsAfter = (list: PagedList<string>) => {
    view.append(list.items);
    const tagRows = view.rows(get().tagFilter);
    return { tagRows, tagDates: dates.state(tagRows) };
  };

  const loadPages = async (source: string, onFirst?: () => void): Promise<void> => {
    let first = onFirst;
    for (;;) {
      const outcome = await loader.loadMore('tags', `loading tags of ${source}`, rowsAfter);
      const list = get().tags;
      if (list.source !== source) return;
      dates.update();
      if (first && list.status !== 'error' && (list.items.length > 0 || list.complete)) {
        first();
        first = undefined;
      }
      if (outcome !== 'more') return;
    }
  };

  const loadLayout = async (list: Extract<ImageName, { transport: 'oci' }>, source: string, gen: number) => {
    set({ tags: { ...emptyList(source), status: 'loading' } });
    const out = await requests.run('tags', `reading ${source}`, (signal) =>
      deps.readLayoutIndex({ path: list.path, signal }),
    );
    if (gen !== generation) return;
    if (out.status !== 'ok') {
      const error = out.status === 'failed' ? out.error : undefined;
      set({ tags: { ...get().tags, status: error ? 'error' : 'ready', error } });
      return;
    }
    const entries = new Map<string, Descriptor>();
    for (const [i, d] of out.value.entries()) {
      const name = refNameOf(d);
      entries.set(name !== undefined && !entries.has(name) ? name : `@${i}`, d);
    }
    const items = [...entries.keys()];
    makeEnricher = enricherFor(gen, () =>
      layoutEnrichSource(entries, (signal) =>
        deps.openSource({ transport: 'oci', path: list.path, index: 0 }, { signal }),
      ),
    );
    const tags: PagedList<string> = { source, items, status: 'ready', error: undefined, complete: true };
    set({ tags, ...rowsAfter(tags) });
    dates.restart();
  };

  return {
    tags: emptyList(),
    tagSort: 'name',
    tagFilter: '',
    tagRows: [],
    tagDates: undefined,
    tagEnrichment: noEnrichment(),
    markedTags: new Set(),

    async loadTags(image) {
      const list = tagListName(image);
      const source = formatImageName(list);
      const gen = reset(source);
      if (list.transport === 'oci') return loadLayout(list, source, gen);
      if (list.transport !== 'docker') {
        const error = new Error(
          `${list.transport}: images have no tag list to browse; open the image with :`,
        );
        set({ tags: { ...emptyList(source), status: 'error', error } });
        return;
      }
      const { registry, repository } = list.ref;
      listRegistry = registry;
      // The client is made inside the pager, so a blocked registry fails the request, not the action.
      loader.start('tags', source, (signal) =>
        clients.get(registry, { repository }).listTagPages({ repository, pageSize: PAGE_SIZE, signal }),
      );
      makeEnricher = enricherFor(gen, () =>
        registryEnrichSource(clients.get(registry, { repository }), repository),
      );
      await loadPages(source, () => get().recordRecentRepository(registry, repository));
    },

    loadMoreTags() {
      return loadPages(get().tags.source ?? '');
    },

    setTagList(image, tags) {
      const list = tagListName(image);
      const source = formatImageName(list);
      const gen = reset(source);
      if (list.transport === 'docker') {
        const { registry, repository } = list.ref;
        listRegistry = registry;
        makeEnricher = enricherFor(gen, () =>
          registryEnrichSource(clients.get(registry, { repository }), repository),
        );
      }
      const next: PagedList<string> = {
        source,
        items: tags,
        status: 'ready',
        error: undefined,
        complete: true,
      };
      set({ tags: next, ...rowsAfter(next) });
      dates.restart();
    },

    setTagFilter(text) {
      if (text === get().tagFilter) return;
      const tagRows = view.rows(text);
      set({ tagFilter: text, tagRows, tagDates: dates.state(tagRows) });
      // What the filter shows is what is worth dating.
      if (view.sort === 'date') dates.restart();
    },

    setTagSort(sort) {
      view.setSort(sort, get().tags.items);
      const tagRows = view.rows(get().tagFilter);
      set({ tagSort: sort, tagRows, tagDates: dates.state(tagRows) });
      if (sort === 'date') dates.restart();
      else dates.stop();
    },

    cycleTagSort() {
      const sort = nextTagSort(get().tagSort);
      get().setTagSort(sort);
      return sort;
    },

    enrichTags(tags) {
      ensureEnricher()?.want(tags);
    },

    fetchTagDates() {
      dates.resume();
    },

    stopTagDates() {
      dates.pause();
    },

    toggleTagMark(tag) {
      const marks = new Set(get().markedTags);
      if (!marks.delete(tag)) marks.add(tag);
      set({ markedTags: marks });
    },

    clearTagMarks() {
      if (get().markedTags.size > 0) set({ markedTags: new Set() });
    },
  };
}
