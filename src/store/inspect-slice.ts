/**
 * The inspect slice: the images on the Image screen (manifest or index, config, referrers,
 * each platform's size), cached by name so going back never reloads, and the files of a
 * layer (see `layer-files.ts`). Images are read through `deps.openSource`, so docker://,
 * `oci:` and the archives all work, with each source opened once and closed when the user
 * leaves the last screen that shows an image (`releaseInspect`).
 */
import type { Digest } from '../registry/digest/index.js';
import type { Descriptor, ImageConfig, Manifest } from '../registry/manifest/index.js';
import type { ImageName } from '../registry/ref/index.js';
import { loadChildSizes, loadImageDocuments } from './image-loader.js';
import { createSourceCache, inspectKey } from './image-sources.js';
import { LayerEntryCache } from './layer-entry-cache.js';
import { createLayerFilesSlice, type LayerFilesSlice } from './layer-files.js';
import type { LoadStatus } from './session-slice.js';
import type { SliceContext } from './types.js';

/** Referrers of an image (signatures, SBOMs, attestations); registries only. */
export interface ReferrersState {
  /** `unsupported`: a local layout, which has no referrers to ask for. */
  status: LoadStatus | 'unsupported';
  descriptors: readonly Descriptor[];
  /** Which mechanism answered. */
  via?: 'api' | 'tag-schema';
  error?: Error;
}

/** One image on the Image screen. */
export interface InspectedImage {
  /** `inspectKey(name, digest)`. */
  key: string;
  name: ImageName;
  /** A manifest of the index `name` points at (local transports' way to name one). */
  digest?: Digest;
  status: LoadStatus;
  error?: Error;
  manifest?: Manifest;
  /** The parsed config of an image; undefined for an index, schema 1 and artifacts. */
  config?: ImageConfig;
  /** The config blob as stored, for the raw view. */
  configBytes?: Uint8Array;
  /** Why the config is missing, when it should be there. */
  configError?: Error;
  referrers: ReferrersState;
  /** For an index: each platform image's compressed size, by manifest digest, as they arrive. */
  childSizes: Readonly<Record<string, number>>;
}

/** The inspect slice. */
export interface InspectSlice extends LayerFilesSlice {
  /** Images by {@link inspectKey}. */
  inspected: Readonly<Record<string, InspectedImage>>;
  /**
   * Reads an image's manifest and config (then its referrers, and for an index the sizes of
   * its images, in the background). Does nothing when it is loaded or loading, unless `force`.
   */
  loadImage(opts: { image: ImageName; digest?: Digest; force?: boolean }): Promise<void>;
  /** Asks for the referrers again (after a failure or a cancel). */
  loadReferrers(key: string): Promise<void>;
  /**
   * Called when an image screen goes away: unless another image or layer screen is still on
   * the stack (and berth is not quitting), cancels what is loading, closes the sources and
   * forgets the images.
   */
  releaseInspect(): Promise<void>;
  /**
   * Forgets everything inspected: cancels what is loading (a layer stream included), waits
   * for it to stop, then closes the sources. Resolves when nothing is left reading, so the
   * TUI awaits it before it closes the HTTP layer.
   */
  clearInspect(): Promise<void>;
}

/** Images kept at most; the oldest go first (each holds up to a manifest and a config). */
const MAX_IMAGES = 32;

/** Creates the inspect slice. */
export function createInspectSlice(ctx: SliceContext): InspectSlice {
  const { set, get, deps, requests, clients } = ctx;
  const sources = createSourceCache(
    (name, signal) => deps.openSource(name, { ...clients.forImage(name), signal }),
    deps.onWarning,
  );
  const entries = new LayerEntryCache();
  /** Requests of the background loads, to cancel on release. */
  const background = new Set<string>();
  /** Every request of this slice still running (cancelled ones until they unwind). */
  const work = new Set<Promise<unknown>>();
  const during = <T>(request: Promise<T>): Promise<T> => {
    work.add(request);
    void request.finally(() => work.delete(request));
    return request;
  };

  const update = (key: string, patch: Partial<InspectedImage>): void => {
    const current = get().inspected[key];
    if (current) set({ inspected: { ...get().inspected, [key]: { ...current, ...patch } } });
  };
  const track = <T>(reqKey: string, label: string, fn: (signal: AbortSignal) => Promise<T>) => {
    background.add(reqKey);
    return during(requests.run(reqKey, label, fn)).finally(() => background.delete(reqKey));
  };

  const loadSizes = async (key: string): Promise<void> => {
    const image = get().inspected[key];
    if (image?.manifest?.kind !== 'index') return;
    const index = image.manifest;
    await track(`sizes ${key}`, 'reading the platforms’ sizes', async (signal) => {
      const source = await sources.get(image.name, signal);
      await loadChildSizes({
        source,
        index,
        signal,
        onSize: (digest, size) => {
          const now = get().inspected[key];
          if (now) update(key, { childSizes: { ...now.childSizes, [digest]: size } });
        },
      });
    });
  };

  const slice: Omit<InspectSlice, keyof LayerFilesSlice> = {
    inspected: {},

    async loadImage({ image, digest, force }) {
      const key = inspectKey(image, digest);
      const existing = get().inspected[key];
      if (!force && existing && existing.status !== 'idle' && existing.status !== 'error') return;
      const fresh: InspectedImage = {
        key,
        name: image,
        ...(digest ? { digest } : {}),
        status: 'loading',
        referrers: { status: image.transport === 'docker' ? 'idle' : 'unsupported', descriptors: [] },
        childSizes: {},
      };
      const kept = Object.entries(get().inspected).filter(([k]) => k !== key);
      set({ inspected: Object.fromEntries([...kept.slice(-(MAX_IMAGES - 1)), [key, fresh]]) });
      // A registry image's top manifest is read when it is opened (from the first mirror that
      // has it), so reading it again means opening it again.
      if (force && image.transport === 'docker' && !digest) sources.forget(image);
      const out = await during(
        requests.run('inspect', `reading ${inspectKey(image, digest)}`, async (signal) =>
          loadImageDocuments({
            source: await sources.get(image, signal),
            ...(digest ? { digest } : {}),
            signal,
          }),
        ),
      );
      if (get().inspected[key] === undefined) return;
      if (out.status === 'cancelled') {
        // Superseded: a screen that comes back to it loads it again.
        update(key, out.superseded ? { status: 'idle' } : { status: 'error', error: new Error('cancelled') });
        return;
      }
      if (out.status === 'failed') {
        update(key, { status: 'error', error: out.error });
        return;
      }
      const { manifest, config, configBytes, configError } = out.value;
      update(key, {
        status: 'ready',
        manifest,
        ...(config ? { config } : {}),
        ...(configBytes ? { configBytes } : {}),
        ...(configError ? { configError } : {}),
      });
      void get().loadReferrers(key);
      void loadSizes(key);
    },

    async loadReferrers(key) {
      const image = get().inspected[key];
      const manifest = image?.manifest;
      if (!image || !manifest || image.name.transport !== 'docker') return;
      const { registry, repository } = image.name.ref;
      update(key, { referrers: { status: 'loading', descriptors: [] } });
      const out = await track(`referrers ${key}`, 'listing referrers', (signal) =>
        clients.get(registry, { repository }).listReferrers({ repository, digest: manifest.digest, signal }),
      );
      if (out.status === 'ok') {
        const { descriptors, via } = out.value;
        update(key, { referrers: { status: 'ready', descriptors, via } });
      } else {
        const error = out.status === 'failed' ? out.error : new Error('cancelled');
        update(key, { referrers: { status: 'error', descriptors: [], error } });
      }
    },

    async releaseInspect() {
      const { stack, quitRequested } = get();
      // Quitting leaves the stack as it is, but archive sources hold temporary files.
      const showing = stack.some((r) => r.screen === 'image' || r.screen === 'layer-files');
      if (quitRequested || !showing) await get().clearInspect();
    },

    async clearInspect() {
      requests.cancel('inspect');
      for (const key of [...background]) requests.cancel(key);
      get().closeLayerFiles();
      entries.clear();
      set({ inspected: {} });
      // The sources are let go of now (an image opened meanwhile is not closed), and each is
      // closed once what was reading it has stopped: a cancelled layer stream ends its read first.
      await sources.closeAll({ after: Promise.all([...work]) });
    },
  };
  return { ...slice, ...createLayerFilesSlice(ctx, { sources, entries, during }) };
}
