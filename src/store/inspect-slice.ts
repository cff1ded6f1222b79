/**
 * The inspect slice: the image being looked at (manifest or index, config, layers) and the
 * files of a layer. Only the shape is defined here; the Image and Layer files screens fill
 * in the actions (loading through `deps.openSource`, caching by digest).
 */
import type { Digest } from '../registry/digest/index.js';
import type { Manifest } from '../registry/manifest/index.js';
import type { ImageName } from '../registry/ref/index.js';
import type { LoadStatus } from './session-slice.js';
import type { SliceContext } from './types.js';

/** The image on the Image screen. */
export interface InspectedImage {
  name: ImageName;
  status: LoadStatus;
  error?: Error;
  manifest?: Manifest;
  /** The image config, parsed (undefined for an index). */
  config?: unknown;
}

/** One entry of a layer's file tree. */
export interface LayerFileEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other' | 'whiteout';
  size: number;
  mode: number;
  linkTarget?: string;
}

/** The files of a layer (or of all layers) on the Layer files screen. */
export interface LayerFiles {
  image: ImageName;
  layer?: Digest;
  status: LoadStatus;
  error?: Error;
  entries: readonly LayerFileEntry[];
  /** Bytes of the layer read so far, for progress while it streams. */
  bytesRead: number;
  totalBytes?: number;
}

/** The inspect slice. */
export interface InspectSlice {
  inspected: InspectedImage | undefined;
  layerFiles: LayerFiles | undefined;
  /** Forgets what was inspected (leaving the Image screen). */
  clearInspect(): void;
}

/** Creates the inspect slice. */
export function createInspectSlice(ctx: SliceContext): InspectSlice {
  const { set, requests } = ctx;
  return {
    inspected: undefined,
    layerFiles: undefined,
    clearInspect() {
      requests.cancel('inspect');
      requests.cancel('layer-files');
      set({ inspected: undefined, layerFiles: undefined });
    },
  };
}
