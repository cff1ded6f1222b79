/**
 * A copy's progress as the TUI shows it: one row per blob (bytes, speed, `skipped: already
 * exists`, `mounted`), and the overall figures with the engine's smoothed speed and ETA.
 * `CopyTracker` folds the engine's events into mutable maps, cheaply, however many arrive;
 * a throttle (`throttle.ts`) decides when a snapshot of it goes into the store, so the
 * screen renders at most a few times a second and never once per chunk.
 */

import type { BlobKind, CopyEvent } from '../registry/copy/index.js';
import type { Digest } from '../registry/digest/index.js';

/** Where one blob is. */
export type BlobStatus = 'queued' | 'copying' | 'retrying' | 'done' | 'skipped' | 'mounted' | 'failed';

/** One blob of a copy. */
export interface BlobRow {
  digest: Digest;
  kind: BlobKind;
  size: number;
  /** Bytes of the current attempt streamed so far. */
  bytes: number;
  status: BlobStatus;
  /** Average speed of the current attempt, bytes per second (0 before bytes move). */
  bytesPerSecond: number;
  /** `registry/repository` a mounted blob came from. */
  from?: string;
  /** Why the blob failed, or why the last attempt did (while retrying). */
  error?: string;
  /** The attempt running (2 for the first retry). */
  attempt?: number;
}

/** What a copy has done so far. */
export interface CopyProgress {
  /** Images copied (1 unless an index's platforms are). */
  images: number;
  /** Blobs in the order the engine queued them. */
  blobs: readonly BlobRow[];
  bytes: number;
  total: number;
  blobsDone: number;
  blobsTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | undefined;
  manifestsWritten: number;
}

/** Blob states that will not change any more. */
export function isBlobFinished(status: BlobStatus): boolean {
  return status === 'done' || status === 'skipped' || status === 'mounted' || status === 'failed';
}

interface Mutable extends BlobRow {
  startedAt: number | undefined;
}

/** Folds copy events into the figures of {@link CopyProgress}. */
export class CopyTracker {
  readonly #now: () => number;
  readonly #blobs = new Map<Digest, Mutable>();
  #images = 0;
  #overall = {
    bytes: 0,
    total: 0,
    blobs: 0,
    blobsTotal: 0,
    bytesPerSecond: 0,
    eta: undefined as number | undefined,
  };
  #manifests = 0;

  /** @param now the store's clock (ms), for per-blob speed. */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** Takes one engine event. */
  onEvent(e: CopyEvent): void {
    switch (e.type) {
      case 'plan':
        this.#images = e.images;
        this.#overall = { ...this.#overall, total: e.bytes, blobsTotal: e.blobs };
        return;
      case 'queued':
        this.#blobs.set(e.blob.digest, {
          digest: e.blob.digest,
          kind: e.blob.kind,
          size: e.blob.size,
          bytes: 0,
          status: 'queued',
          bytesPerSecond: 0,
          startedAt: undefined,
        });
        return;
      case 'progress': {
        const b = this.#blob(e.blob.digest);
        if (!b) return;
        const now = this.#now();
        b.startedAt ??= now;
        b.status = 'copying';
        b.bytes = e.bytes;
        const seconds = (now - b.startedAt) / 1000;
        b.bytesPerSecond = seconds > 0 ? e.bytes / seconds : 0;
        return;
      }
      case 'retrying':
        this.#patch(e.blob.digest, {
          status: 'retrying',
          attempt: e.attempt,
          error: e.error,
          bytes: 0,
          bytesPerSecond: 0,
          startedAt: undefined,
        });
        return;
      case 'skipped':
        this.#patch(e.blob.digest, { status: 'skipped', bytes: e.blob.size });
        return;
      case 'mounted':
        this.#patch(e.blob.digest, { status: 'mounted', bytes: e.blob.size, from: e.from });
        return;
      case 'done':
        this.#patch(e.blob.digest, { status: 'done', bytes: e.blob.size });
        return;
      case 'failed':
        this.#patch(e.blob.digest, { status: 'failed', error: e.error });
        return;
      case 'manifest-written':
        this.#manifests++;
        return;
      case 'overall':
        this.#overall = {
          bytes: e.bytes,
          total: e.total,
          blobs: e.blobs,
          blobsTotal: e.blobsTotal,
          bytesPerSecond: e.bytesPerSecond,
          eta: e.etaSeconds,
        };
        return;
    }
  }

  /** A snapshot for the store (new arrays and rows: the old snapshot stays as it was). */
  snapshot(): CopyProgress {
    const o = this.#overall;
    return {
      images: this.#images,
      blobs: [...this.#blobs.values()].map(({ startedAt: _, ...row }) => row),
      bytes: o.bytes,
      total: o.total,
      blobsDone: o.blobs,
      blobsTotal: o.blobsTotal,
      bytesPerSecond: o.bytesPerSecond,
      etaSeconds: o.eta,
      manifestsWritten: this.#manifests,
    };
  }

  #blob(digest: Digest): Mutable | undefined {
    return this.#blobs.get(digest);
  }

  #patch(digest: Digest, patch: Partial<Mutable>): void {
    const b = this.#blob(digest);
    if (b) Object.assign(b, patch);
  }
}
