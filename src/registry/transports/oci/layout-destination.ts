/**
 * `oci:PATH[:NAME]` as a destination: stages through a {@link LayoutWriter} and adds the
 * image to the layout's `index.json` at commit, under NAME (replacing an image of that
 * name, keeping all others) or unnamed. It stores OCI manifests only, as skopeo does.
 */

import type { Descriptor } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import type { ImageDestination, PutBlobOptions, PutManifestOptions } from '../types.js';
import type { IndexEntry } from './index-entry.js';
import { LayoutWriter } from './layout-writer.js';
import { checkLayoutManifestType, LAYOUT_MANIFEST_TYPES } from './manifest-types.js';

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

export class OciLayoutDestination implements ImageDestination {
  readonly name: ImageName;
  /** OCI types only, as skopeo writes layouts (see manifest-types.ts for why). */
  readonly supportedManifestTypes: readonly string[] = LAYOUT_MANIFEST_TYPES;
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
    checkLayoutManifestType({ mediaType: opts.mediaType, where: 'an OCI layout' });
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
