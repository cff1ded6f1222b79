/**
 * `oci:PATH[:NAME|:@N]` as a source: the image an OCI layout's `index.json` points at.
 * Manifests are read bounded and checked against the digest they are named by; blobs are
 * streamed from their files and verified as they go, and a blob that is a symlink or not
 * a regular file is refused (go-containerregistry#2306).
 */
import { type Digest, MANIFEST_LIMIT } from '../../digest/index.js';
import type { Descriptor, Manifest } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import { notFoundAs, readBlobStream, readSmallFile } from '../local/index.js';
import type { ImageSource } from '../types.js';
import { layoutBlobPath } from './layout-paths.js';
import { parseLayoutManifest } from './parse-layout-manifest.js';
import { readLayout } from './read-layout.js';
import { selectIndexEntry } from './select-entry.js';

/** Options for {@link openOciLayoutSource}. */
export interface OpenOciLayoutSourceOptions {
  path: string;
  /** The image's `org.opencontainers.image.ref.name`. */
  image?: string;
  /** A zero-based position in `index.json`, from `oci:path:@N`. */
  index?: number;
  signal?: AbortSignal;
}

/**
 * Opens the image `image` (or at position `index`, or the only one) of the layout at `path`.
 *
 * @throws {NotAnOciLayoutError}, {LayoutImageNotFoundError}, or the error of a bad `index.json`.
 */
export async function openOciLayoutSource(opts: OpenOciLayoutSourceOptions): Promise<ImageSource> {
  const layout = await readLayout({ path: opts.path, signal: opts.signal });
  const { descriptor } = selectIndexEntry({
    path: opts.path,
    index: layout.index.doc,
    image: opts.image,
    position: opts.index,
  });
  const name: ImageName = {
    transport: 'oci',
    path: opts.path,
    ...(opts.image !== undefined ? { image: opts.image } : {}),
    ...(opts.index !== undefined ? { index: opts.index } : {}),
  };
  return new OciLayoutSource({ path: opts.path, top: descriptor, name });
}

/** An image in an OCI layout, found through its `index.json` entry `top`. */
export class OciLayoutSource implements ImageSource {
  readonly name: ImageName;
  readonly #path: string;
  readonly #top: Descriptor;

  constructor(opts: { path: string; top: Descriptor; name: ImageName }) {
    this.#path = opts.path;
    this.#top = opts.top;
    this.name = opts.name;
  }

  async getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    const digest = opts.digest ?? this.#top.digest;
    const file = layoutBlobPath(this.#path, digest);
    const bytes = await notFoundAs(`manifest ${digest}`, this.#path, () =>
      readSmallFile({ path: file, limit: MANIFEST_LIMIT, what: 'manifest', signal: opts.signal }),
    );
    return parseLayoutManifest({ bytes, digest, top: this.#top });
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    const { digest, size } = opts.descriptor;
    return notFoundAs(`blob ${digest}`, this.#path, () =>
      readBlobStream({ path: layoutBlobPath(this.#path, digest), digest, size, signal: opts.signal }),
    );
  }

  async close(): Promise<void> {}
}
