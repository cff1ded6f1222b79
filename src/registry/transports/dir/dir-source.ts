/**
 * `dir:PATH` as a source: skopeo's directory format. `manifest.json` is the image (its
 * digest is computed, as nothing names it); manifests of an index's children are
 * `<hex>.manifest.json` and checked against their digest; blobs are `<hex>` files,
 * streamed and verified, and refused when they are symlinks or not regular files.
 * Signature files (`signature-N`) are not read.
 */
import { type Digest, MANIFEST_LIMIT } from '../../digest/index.js';
import type { Descriptor, Manifest } from '../../manifest/index.js';
import { parseManifest } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import { notFoundAs, readBlobStream, readSmallFile } from '../local/index.js';
import type { ImageSource } from '../types.js';
import { dirBlobPath, dirManifestPath } from './dir-paths.js';

/** Options for {@link openDirSource}. */
export interface OpenDirSourceOptions {
  path: string;
  signal?: AbortSignal;
}

/** Opens the image in directory `path`; its manifest is read (and checked) now. */
export async function openDirSource(opts: OpenDirSourceOptions): Promise<ImageSource> {
  const source = new DirSource({ path: opts.path });
  // Fail at open for a directory that holds no image, as the other transports do.
  await source.getManifest({ signal: opts.signal });
  return source;
}

export class DirSource implements ImageSource {
  readonly name: ImageName;
  readonly #path: string;
  #top: Manifest | undefined;

  constructor(opts: { path: string }) {
    this.#path = opts.path;
    this.name = { transport: 'dir', path: opts.path };
  }

  async getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    if (opts.digest === undefined || opts.digest === this.#top?.digest) {
      this.#top ??= await this.#read(undefined, opts.signal);
      return this.#top;
    }
    try {
      return await this.#read(opts.digest, opts.signal);
    } catch (err) {
      // skopeo writes a single image's manifest only as manifest.json; asked for it by digest, use that.
      const top = await this.getManifest({ signal: opts.signal });
      if (top.digest === opts.digest) return top;
      throw err;
    }
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    const { digest, size } = opts.descriptor;
    return notFoundAs(`blob ${digest}`, this.#path, () =>
      readBlobStream({ path: dirBlobPath(this.#path, digest), digest, size, signal: opts.signal }),
    );
  }

  async close(): Promise<void> {}

  async #read(digest: Digest | undefined, signal: AbortSignal | undefined): Promise<Manifest> {
    const path = dirManifestPath(this.#path, digest);
    const what = digest === undefined ? 'manifest.json' : `manifest ${digest}`;
    const bytes = await notFoundAs(what, this.#path, () =>
      readSmallFile({ path, limit: MANIFEST_LIMIT, what: 'manifest', signal }),
    );
    return parseManifest({ bytes, ...(digest !== undefined ? { expectedDigest: digest } : {}) });
  }
}
