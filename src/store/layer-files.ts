/**
 * The Layer files part of the inspect slice. A layer is streamed from the image's open
 * source through `readLayerEntries` (decompressed in memory, nothing written to disk) into
 * a `TreeBuilder`, and the tree is published as it grows, at most ten times a second, with
 * the bytes read so far. The blob is always read to its end and verified: a layer whose
 * digest does not match ends in `error` even after every entry was listed, and its tree
 * stays on screen under the error. The image view reads every layer up to the selected
 * one (verified entries are cached by digest) and shows the filesystem after it, with what
 * the selected layer added, modified or removed marked. Closing the screen aborts the read.
 */
import type { Digest } from '../registry/digest/index.js';
import {
  buildAggregatedTree,
  buildLayerTree,
  type LayerEntry,
  type LayerTree,
  readLayerEntries,
  TreeBuilder,
} from '../registry/layers/index.js';
import type { Descriptor } from '../registry/manifest/index.js';
import type { ImageName } from '../registry/ref/index.js';
import type { ImageSource } from '../registry/transports/types.js';
import { inspectKey, type SourceCache } from './image-sources.js';
import type { LayerEntryCache } from './layer-entry-cache.js';
import type { LoadStatus } from './session-slice.js';
import { createThrottle } from './throttle.js';
import type { SliceContext } from './types.js';

/** `layer`: the selected layer's own entries; `image`: the filesystem after it. */
export type LayerFilesView = 'layer' | 'image';

/** How the tree is ordered: by name, or largest first. */
export type LayerSort = 'name' | 'size';

/** How far reading has come. */
export interface LayerFilesProgress {
  /** Compressed bytes of the layer being read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
  /** Entries of that layer listed so far. */
  entries: number;
  /** The layer being read (an index into the manifest's layers). */
  reading: number;
  /** How many layers this view needs (1 for the layer view). */
  layersNeeded: number;
}

/** The Layer files screen's state. */
export interface LayerFiles {
  /** The image's key in `inspected`. */
  imageKey: string;
  image: ImageName;
  digest?: Digest;
  /** The selected layer: an index into `layers` (a digest may appear twice). */
  layer: number;
  layers: readonly Descriptor[];
  view: LayerFilesView;
  status: LoadStatus;
  /** Set on failure; the tree read before it (if any) is kept. */
  error?: Error;
  /** The tree so far: a new object on every update, over nodes that keep growing. */
  tree?: LayerTree;
  progress: LayerFilesProgress;
  sortBy: LayerSort;
  /** Folded directories, by path. */
  collapsed: ReadonlySet<string>;
}

/** The layer files actions. */
export interface LayerFilesSlice {
  layerFiles: LayerFiles | undefined;
  /** Shows the files of layer `layer` of an image (loading the image first if needed). */
  openLayerFiles(opts: {
    image: ImageName;
    digest?: Digest;
    layer: number;
    view?: LayerFilesView;
  }): Promise<void>;
  /** Switches between the layer's own files and the image's filesystem. */
  setLayerFilesView(view: LayerFilesView): Promise<void>;
  /** Moves to another layer of the same image. */
  selectLayer(layer: number): Promise<void>;
  /** Reads the layer again. */
  reloadLayerFiles(): Promise<void>;
  /** Folds or unfolds a directory (`collapsed` given: sets it). */
  foldDirectory(path: string, collapsed?: boolean): void;
  /** Name order ⇄ largest first. */
  toggleLayerSort(): void;
  /** Leaves the screen: aborts the read in flight and forgets the tree. */
  closeLayerFiles(): void;
}

/** Store updates while a layer streams: 10 a second. */
export const LAYER_PROGRESS_INTERVAL_MS = 100;

const REQUEST = 'layer-files';

/** What the layer files actions share with the rest of the inspect slice. */
export interface LayerFilesShared {
  sources: SourceCache;
  entries: LayerEntryCache;
  /** Registers a read, so clearing the inspect slice waits for it to stop. */
  during<T>(request: Promise<T>): Promise<T>;
}

/** Creates the layer files actions. */
export function createLayerFilesSlice(ctx: SliceContext, shared: LayerFilesShared): LayerFilesSlice {
  const { set, get, deps, requests } = ctx;
  const { sources, entries, during } = shared;
  /** Bumped per read: only the newest read may change the state. */
  let generation = 0;

  /** Reads what `change` (applied with the loading state in one update) asks to show. */
  const read = async (change: Partial<Pick<LayerFiles, 'layer' | 'view'>> = {}): Promise<void> => {
    const current = get().layerFiles;
    if (!current) return;
    const lf: LayerFiles = { ...current, ...change };
    // An image without that layer: openLayerFiles has said so already.
    if (lf.layers[lf.layer] === undefined) return;
    const gen = ++generation;
    const patch = (p: Partial<LayerFiles>): void => {
      const now = get().layerFiles;
      if (gen === generation && now) set({ layerFiles: { ...now, ...p } });
    };
    const progress: LayerFilesProgress = {
      bytesRead: 0,
      totalBytes: lf.layers[lf.layer]?.size ?? 0,
      entries: 0,
      reading: lf.view === 'layer' ? lf.layer : 0,
      layersNeeded: lf.view === 'layer' ? 1 : lf.layer + 1,
    };
    let builder: TreeBuilder | undefined;
    const snapshot = (): Partial<LayerFiles> => (builder ? { tree: builder.snapshot() } : {});
    const throttle = createThrottle(
      () => patch({ progress: { ...progress }, ...snapshot() }),
      LAYER_PROGRESS_INTERVAL_MS,
      deps.clock,
    );
    patch({ ...change, status: 'loading', error: undefined, tree: undefined, progress: { ...progress } });

    /** One layer's entries: from the cache, or streamed and verified (then cached). */
    const entriesOf = async (
      source: ImageSource,
      descriptor: Descriptor,
      signal: AbortSignal,
      onEntry: (e: LayerEntry) => void,
    ): Promise<readonly LayerEntry[]> => {
      progress.bytesRead = 0;
      progress.totalBytes = descriptor.size;
      progress.entries = 0;
      const cached = entries.get(descriptor.digest);
      if (cached) {
        progress.bytesRead = descriptor.size;
        progress.entries = cached.length;
        return cached;
      }
      const list: LayerEntry[] = [];
      const stream = await source.getBlob({ descriptor, signal });
      const onProgress = (n: number): void => {
        progress.bytesRead = n;
        throttle.schedule();
      };
      for await (const entry of readLayerEntries({
        stream,
        mediaType: descriptor.mediaType,
        signal,
        onProgress,
      })) {
        list.push(entry);
        progress.entries = list.length;
        onEntry(entry);
        throttle.schedule();
      }
      // Only now, with the digest checked at the blob's end, are the entries worth keeping.
      entries.put(descriptor.digest, list);
      return list;
    };

    const label =
      lf.view === 'layer'
        ? `reading layer ${lf.layer + 1} of ${lf.layers.length}`
        : `reading layers 1–${lf.layer + 1} of ${lf.layers.length}`;
    const out = await during(
      requests.run(REQUEST, label, async (signal): Promise<LayerTree> => {
        const source = await sources.get(lf.image, signal);
        if (lf.view === 'layer') {
          const descriptor = lf.layers[lf.layer] as Descriptor;
          if (entries.get(descriptor.digest) === undefined) builder = new TreeBuilder();
          const b = builder;
          const list = await entriesOf(source, descriptor, signal, (e) => b?.add(e));
          return b ? b.snapshot() : buildLayerTree(list);
        }
        const all: (readonly LayerEntry[])[] = [];
        for (let i = 0; i <= lf.layer; i++) {
          progress.reading = i;
          all.push(await entriesOf(source, lf.layers[i] as Descriptor, signal, () => {}));
        }
        return buildAggregatedTree({ layers: all, upTo: lf.layer });
      }),
    );
    throttle.cancel();
    if (gen !== generation) return;
    if (out.status === 'ok') {
      patch({ status: 'ready', tree: out.value, progress: { ...progress } });
    } else if (out.status === 'failed') {
      patch({ status: 'error', error: out.error, progress: { ...progress }, ...snapshot() });
    } else if (!out.superseded) {
      patch({ status: 'error', error: new Error('cancelled'), progress: { ...progress }, ...snapshot() });
    }
  };

  return {
    layerFiles: undefined,

    async openLayerFiles({ image, digest, layer, view }) {
      const imageKey = inspectKey(image, digest);
      const ready = () => get().inspected[imageKey]?.status === 'ready';
      if (!ready()) await get().loadImage({ image, digest, force: true });
      const inspected = get().inspected[imageKey];
      const manifest = inspected?.manifest;
      const previous = get().layerFiles;
      const same = previous?.imageKey === imageKey;
      const base: LayerFiles = {
        imageKey,
        image,
        ...(digest ? { digest } : {}),
        layer,
        layers: manifest?.kind === 'image' ? manifest.doc.layers : [],
        view: view ?? (same ? previous.view : 'layer'),
        status: 'loading',
        progress: { bytesRead: 0, totalBytes: 0, entries: 0, reading: layer, layersNeeded: 1 },
        sortBy: same ? previous.sortBy : 'name',
        collapsed: same ? previous.collapsed : new Set(),
      };
      if (base.layer < 0 || base.layer >= base.layers.length) {
        const why =
          inspected?.status === 'error' && inspected.error
            ? inspected.error
            : new Error(`the image has no layer ${layer + 1}`);
        generation++;
        set({ layerFiles: { ...base, status: 'error', error: why } });
        return;
      }
      set({ layerFiles: base });
      await read();
    },

    setLayerFilesView(view) {
      if (get().layerFiles?.view === view) return Promise.resolve();
      return read({ view });
    },

    selectLayer(layer) {
      const lf = get().layerFiles;
      if (!lf || layer < 0 || layer >= lf.layers.length || layer === lf.layer) return Promise.resolve();
      return read({ layer });
    },

    reloadLayerFiles() {
      return read();
    },

    foldDirectory(path, collapsed) {
      const lf = get().layerFiles;
      if (!lf) return;
      const fold = collapsed ?? !lf.collapsed.has(path);
      if (fold === lf.collapsed.has(path)) return;
      const next = new Set(lf.collapsed);
      if (fold) next.add(path);
      else next.delete(path);
      set({ layerFiles: { ...lf, collapsed: next } });
    },

    toggleLayerSort() {
      const lf = get().layerFiles;
      if (lf) set({ layerFiles: { ...lf, sortBy: lf.sortBy === 'name' ? 'size' : 'name' } });
    },

    closeLayerFiles() {
      generation++;
      requests.cancel(REQUEST);
      if (get().layerFiles) set({ layerFiles: undefined });
    },
  };
}
