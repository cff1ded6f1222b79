/**
 * `oci:PATH[:NAME]` as a destination: stages through a {@link LayoutWriter} and adds the
 * image to the layout's `index.json` at commit, under NAME (replacing an image of that
 * name, keeping all others) or unnamed.
 */

import type { Descriptor } from '../../manifest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import type { ImageDestination, PutBlobOptions, PutManifestOptions } from '../types.js';
import type { IndexEntry } from './index-entry.js';
import { LayoutWriter } from './layout-writer.js';

/** Options for {@link openOciLayoutDestination}. */
export interface OpenOciLayoutDestinationOptions {
  path: string;
  /** The name to record as `org.opencontainers.image.ref.name`; none leaves the entry unnamed. */
  image?: string;
  signal?: AbortSignal;
}

/**
 * Opens (creating it if missing) the layout at `path` for writing one image.
 *
 * @throws {NotAnOciLayoutError} for a non-empty directory that is not a layout.
 */
export async function openOciLayoutDestination(
  opts: OpenOciLayoutDestinationOptions,
): Promise<ImageDestination> {
  const writer = await LayoutWriter.open({ path: opts.path, signal: opts.signal });
  const name: ImageName = {
    transport: 'oci',
    path: opts.path,
    ...(opts.image !== undefined ? { image: opts.image } : {}),
  };
  return new OciLayoutDestination({ writer, name, image: opts.image });
}

/**
 * Layouts store Docker manifests as well as OCI ones (containers/image reads both from
 * `index.json`), so nothing has to be converted and digests survive a round trip; OCI
 * types come first for an engine that converts anyway.
 */
const SUPPORTED_MANIFEST_TYPES = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
] as const;

export class OciLayoutDestination implements ImageDestination {
  readonly name: ImageName;
  readonly supportedManifestTypes: readonly string[] = SUPPORTED_MANIFEST_TYPES;
  readonly keepsBlobsAsIs = true;
  readonly #writer: LayoutWriter;
  readonly #image: string | undefined;
  #top: IndexEntry | undefined;

  constructor(opts: { writer: LayoutWriter; name: ImageName; image?: string }) {
    this.#writer = opts.writer;
    this.name = opts.name;
    this.#image = opts.image;
  }

  hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    return this.#writer.hasBlob(opts);
  }

  putBlob(opts: PutBlobOptions): Promise<void> {
    return this.#writer.putBlob(opts);
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    if (!this.supportedManifestTypes.includes(opts.mediaType)) {
      throw new Error(`an OCI layout cannot store a manifest of type ${opts.mediaType}`);
    }
    await this.#writer.putBytes({ bytes: opts.bytes, digest: opts.digest, signal: opts.signal });
    if (opts.role === 'top') {
      this.#top = { mediaType: opts.mediaType, digest: opts.digest, size: opts.bytes.byteLength };
    }
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.#top) throw new Error('nothing to commit: no manifest was written');
    await this.#writer.commit({ entry: this.#top, refName: this.#image, signal: opts.signal });
  }

  abort(): Promise<void> {
    return this.#writer.abort();
  }
}
