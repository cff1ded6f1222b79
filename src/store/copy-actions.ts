/**
 * The copy actions of the jobs slice: `c` opens the Copy screen for an image or the marked
 * tags, the screen reads the first image's manifest (an index offers its platforms),
 * completes and checks the destination, and starts one background job per image. None of
 * this is offered in read-only mode.
 */
import type { ManifestFormatOption, PlatformSelection } from '../registry/copy/index.js';
import type { HostPlatformOptions, Platform } from '../registry/manifest/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import { type Completion, completeDestination } from './copy-completion.js';
import type { CopyTarget } from './copy-destination.js';
import { COPY_LANES, type CopyRequest, copyJobSpec, createLanes } from './copy-job.js';
import { choosablePlatforms } from './copy-platforms.js';
import type { LoadStatus } from './session-slice.js';
import type { SliceContext } from './types.js';

/** The image the Copy screen copies, as far as the platform choice needs it. */
export interface CopySourceInfo {
  /** The image read (`formatImageName`). */
  name: string;
  status: LoadStatus;
  error?: Error;
  /**
   * An index's platforms a user can copy on their own, in its order, each once; undefined for
   * a single image. Attestation manifests are not among them (see {@link choosablePlatforms}).
   */
  platforms?: readonly Platform[];
  /** How many attestation manifests the index lists (copied only with `'all'`); absent when none. */
  attestations?: number;
}

/** How the images are copied: which platforms of an index, and the manifest format. */
export interface CopyChoice {
  platforms?: PlatformSelection;
  /** What `'system'` picks when not this machine's platform (the one the user was viewing). */
  platform?: HostPlatformOptions;
  format?: ManifestFormatOption;
}

/** The copy actions and state. */
export interface CopyActions {
  copySource: CopySourceInfo | undefined;
  /** `c`: opens the Copy screen for `images` (one, or the marked tags); refused in read-only mode. */
  openCopy(images: readonly ImageName[]): void;
  /** Reads `image`'s manifest into `copySource` (Ctrl-C cancels it). */
  loadCopySource(image: ImageName): Promise<void>;
  /** Tab in the destination field. */
  completeCopyDestination(text: string, sources: readonly ImageName[]): Promise<Completion>;
  /** Starts a copy job per target; returns their ids. */
  startCopies(targets: readonly CopyTarget[], choice?: CopyChoice): string[];
  /** Starts one copy job; returns its id. */
  startCopy(request: CopyRequest): string;
  /** Shows the jobs screen (unless it is on top already). */
  showJobs(): void;
}

/** Creates the copy actions. */
export function createCopyActions(ctx: SliceContext): CopyActions {
  const { set, get, deps, options, requests, clients } = ctx;
  const lanes = createLanes(COPY_LANES);

  return {
    copySource: undefined,

    openCopy(images) {
      const first = images[0];
      if (!first) return;
      if (options.readOnly) {
        get().showMessage('copying is not available in read-only mode', 'error');
        return;
      }
      get().pushScreen({ screen: 'copy', image: first, ...(images.length > 1 ? { images } : {}) });
    },

    async loadCopySource(image) {
      const name = formatImageName(image);
      set({ copySource: { name, status: 'loading' } });
      const out = await requests.run('copy-source', `reading ${name}`, async (signal) => {
        const source = await deps.openSource(image, { ...clients.forImage(image), signal });
        try {
          return await source.getManifest({ signal });
        } finally {
          await source.close().catch(() => {});
        }
      });
      if (get().copySource?.name !== name) return;
      if (out.status === 'ok') {
        const m = out.value;
        const choice = m.kind === 'index' ? choosablePlatforms(m.doc.manifests) : undefined;
        set({
          copySource: {
            name,
            status: 'ready',
            ...(choice ? { platforms: choice.platforms } : {}),
            ...(choice?.attestations ? { attestations: choice.attestations } : {}),
          },
        });
      } else if (out.status === 'failed') {
        set({ copySource: { name, status: 'error', error: out.error } });
      } else {
        set({ copySource: { name, status: 'idle' } });
      }
    },

    completeCopyDestination(text, sources) {
      const s = get();
      const registries = [
        ...(s.currentRegistry ? [s.currentRegistry] : []),
        ...s.registries.flatMap((e) => (e.registry ? [e.registry] : [])),
        ...s.added.map((a) => a.registry),
        ...sources.flatMap((i) => (i.transport === 'docker' ? [i.ref.registry] : [])),
      ];
      const list = deps.listDirectory?.bind(deps);
      return completeDestination(text, {
        registries: [...new Set(registries)],
        sources,
        ...(list ? { listDirectory: list } : {}),
      });
    },

    startCopies(targets, choice = {}) {
      return targets.map((t) => get().startCopy({ ...choice, source: t.source, destination: t.destination }));
    },

    startCopy(request) {
      return get().startJob(copyJobSpec(ctx, lanes, request));
    },

    showJobs() {
      const { stack } = get();
      if (stack[stack.length - 1]?.screen !== 'jobs') get().pushScreen({ screen: 'jobs' });
    },
  };
}
