/**
 * A source that reads its top manifest once. The CLI needs the top manifest before the
 * copy starts (the policy check verifies signatures against its bytes; the progress
 * lines depend on whether it is an index), and the engine reads it again; with this
 * wrapper both get the same bytes from one request — and they are guaranteed to be the
 * same bytes, so the policy decision is about exactly what is copied.
 */
import type { Digest } from '../../registry/digest/index.js';
import type { Manifest } from '../../registry/manifest/index.js';
import {
  type BlobLocation,
  type BlobLocator,
  type ImageSource,
  isBlobLocator,
} from '../../registry/transports/types.js';

export class TopCachingSource implements ImageSource, BlobLocator {
  readonly name: ImageSource['name'];
  readonly #inner: ImageSource;
  #top: Promise<Manifest> | undefined;

  constructor(inner: ImageSource) {
    this.#inner = inner;
    this.name = inner.name;
  }

  getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    if (opts.digest !== undefined) return this.#inner.getManifest(opts);
    if (!this.#top) {
      this.#top = this.#inner.getManifest({ ...(opts.signal ? { signal: opts.signal } : {}) });
      // A failed read is not kept: a whole-operation retry opens a new source anyway, but
      // nothing should ever be served from a rejected promise.
      this.#top.catch(() => {
        this.#top = undefined;
      });
    }
    return this.#top;
  }

  getBlob(opts: Parameters<ImageSource['getBlob']>[0]): ReturnType<ImageSource['getBlob']> {
    return this.#inner.getBlob(opts);
  }

  /** Cross-repository mounts still work through the wrapper. */
  blobLocation(): BlobLocation | undefined {
    return isBlobLocator(this.#inner) ? this.#inner.blobLocation() : undefined;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
