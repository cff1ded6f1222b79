/**
 * `docker://` — an image in a registry, through the core's `RegistryClient`.
 * As a destination, blobs are uploaded as they come (content-addressed, invisible
 * without a manifest), children manifests go up by digest when put, and the top
 * manifest is written under the tag (or digest) only at `commit`, after every blob
 * and child is confirmed — so a failed copy publishes nothing a reader can pull.
 */
import type { Digest } from '../../digest/index.js';
import type { Descriptor, Manifest } from '../../manifest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import type { Reference } from '../../ref/index.js';
import type { RegistryClient } from '../../remote/index.js';
import type {
  BlobLocation,
  BlobLocator,
  BlobMounter,
  ImageDestination,
  ImageSource,
  PutBlobOptions,
  PutManifestOptions,
  TagLister,
} from '../types.js';

function referenceString(ref: Reference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export class DockerSource implements ImageSource, BlobLocator, TagLister {
  readonly name;
  readonly #client: RegistryClient;
  readonly #ref: Reference;

  constructor(opts: { ref: Reference; client: RegistryClient }) {
    this.#ref = opts.ref;
    this.#client = opts.client;
    this.name = { transport: 'docker' as const, ref: opts.ref };
  }

  getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    return this.#client.getManifest({
      repository: this.#ref.repository,
      reference: opts.digest ?? referenceString(this.#ref),
      signal: opts.signal,
    });
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    return this.#client.getBlob({
      repository: this.#ref.repository,
      digest: opts.descriptor.digest,
      size: opts.descriptor.size,
      signal: opts.signal,
    });
  }

  blobLocation(): BlobLocation {
    return { registry: this.#ref.registry, repository: this.#ref.repository };
  }

  listTags(opts: { signal?: AbortSignal }): Promise<string[]> {
    return this.#client.listTags({ repository: this.#ref.repository, signal: opts.signal });
  }

  async close(): Promise<void> {}
}

export class DockerDestination implements ImageDestination, BlobMounter {
  readonly name;
  readonly supportedManifestTypes = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
  ];
  readonly keepsBlobsAsIs = true;
  readonly #client: RegistryClient;
  readonly #ref: Reference;
  #top: PutManifestOptions | undefined;

  constructor(opts: { ref: Reference; client: RegistryClient }) {
    this.#ref = opts.ref;
    this.#client = opts.client;
    this.name = { transport: 'docker' as const, ref: opts.ref };
  }

  async hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    const head = await this.#client.headBlob({
      repository: this.#ref.repository,
      digest: opts.descriptor.digest,
      signal: opts.signal,
    });
    return head !== undefined && (head.size === opts.descriptor.size || head.size < 0);
  }

  async putBlob(opts: PutBlobOptions): Promise<void> {
    let used = false;
    await this.#client.uploadBlob({
      repository: this.#ref.repository,
      digest: opts.descriptor.digest,
      size: opts.descriptor.size,
      // The stream can be read once; a chunked fallback after a refused PUT cannot replay it.
      open: () => {
        if (used)
          throw new Error(
            'the registry refused a single-request upload and the blob stream cannot be replayed',
          );
        used = true;
        return opts.stream;
      },
      signal: opts.signal,
    });
  }

  mountBlob(opts: { descriptor: Descriptor; from: BlobLocation; signal?: AbortSignal }): Promise<boolean> {
    if (opts.from.registry !== this.#ref.registry || opts.from.repository === this.#ref.repository) {
      return Promise.resolve(false);
    }
    return this.#client.mountBlob({
      repository: this.#ref.repository,
      from: opts.from.repository,
      digest: opts.descriptor.digest,
      signal: opts.signal,
    });
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    if (opts.role === 'top') {
      this.#top = opts;
      return;
    }
    await this.#client.putManifest({
      repository: this.#ref.repository,
      reference: opts.digest,
      bytes: opts.bytes,
      mediaType: opts.mediaType,
      signal: opts.signal,
    });
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const top = this.#top;
    if (!top) throw new Error('nothing to commit: no manifest was written');
    if (this.#ref.digest && this.#ref.digest !== top.digest) {
      throw new Error(`destination names digest ${this.#ref.digest} but the manifest is ${top.digest}`);
    }
    await this.#client.putManifest({
      repository: this.#ref.repository,
      reference: this.#ref.digest ?? this.#ref.tag ?? top.digest,
      bytes: top.bytes,
      mediaType: top.mediaType,
      signal: opts.signal ?? top.signal,
    });
  }

  async abort(): Promise<void> {
    // Uploaded blobs are unreferenced and garbage-collected by the registry; nothing was tagged.
    this.#top = undefined;
  }
}
