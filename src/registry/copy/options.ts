import type { Digest } from '../digest/index.js';
import type { HostPlatformOptions, Platform } from '../manifest/index.js';
import type { ImageDestination, ImageSource } from '../transports/types.js';
import type { BlobLedger } from './blob-ledger.js';
import type { CopyEvent } from './events.js';

/**
 * Which images of a multi-arch source to copy (skopeo's `--multi-arch`):
 *  - `'system'`: the one image for this machine (or {@link CopyOptions.platform}); the
 *    destination gets that single manifest, not an index.
 *  - `'all'`: every image, then the index as it is (`--all`).
 *  - `'index-only'`: the index alone; its images must already be at the destination, or the
 *    destination must accept a sparse index.
 *  - a list: those platforms' images, and an index rewritten to list only them.
 * A source that is a single manifest is copied as it is whatever this says.
 */
export type PlatformSelection = 'system' | 'all' | 'index-only' | readonly Platform[];

/** The manifest family to write: OCI, or Docker schema 2 (skopeo's `--format oci|v2s2`). */
export type ManifestFormatOption = 'oci' | 'v2s2';

/** What {@link copyImage} copies and how. The source and destination stay open: the caller closes them. */
export interface CopyOptions {
  source: ImageSource;
  destination: ImageDestination;
  /** Default `'system'`. */
  platforms?: PlatformSelection;
  /** What `'system'` means when not this machine (skopeo's `--override-os/-arch/-variant`). */
  platform?: HostPlatformOptions;
  /** Convert manifests to this family when the source's differs. Default: keep the source's. */
  format?: ManifestFormatOption;
  /** Fail instead of doing anything that would change a manifest digest. */
  preserveDigests?: boolean;
  /**
   * skopeo's `--remove-signatures`. berth copies no signatures yet (neither simple-signing
   * nor sigstore attachments), so every copy already has this effect; the option is accepted
   * so that callers can pass it through.
   */
  removeSignatures?: boolean;
  /**
   * Blobs other copies in this process are writing to, or have written to, the same
   * destination repository (`destination` names it): wait for those, skip what they wrote.
   * For a sync of many images into one repository.
   */
  sharedBlobs?: { ledger: BlobLedger; destination: string };
  /** Blobs copied at once. Default 6. */
  parallelism?: number;
  signal?: AbortSignal;
  /** Receives progress; must not block. An exception it throws fails the copy. */
  onEvent?: (event: CopyEvent) => void;
  /** Least time between two `progress` events of one blob, and between two `overall` events. Default 100. */
  progressIntervalMs?: number;
  /** Further attempts for a blob after a transient failure. Default 3. */
  retryPerBlob?: number;
  /** First wait before a blob retry; doubled per attempt, with jitter, at most 5 s. Default 250. */
  retryDelayMs?: number;
}

/** The defaults of every optional {@link CopyOptions} field that has one. */
export const COPY_DEFAULTS = {
  platforms: 'system',
  preserveDigests: false,
  removeSignatures: false,
  parallelism: 6,
  progressIntervalMs: 100,
  retryPerBlob: 3,
  retryDelayMs: 250,
} as const satisfies Partial<CopyOptions>;

/** Blob totals of one copy. */
export interface BlobTotals {
  /** Streamed from the source to the destination. */
  copied: number;
  /** Already at the destination. */
  skipped: number;
  /** Mounted from another repository of the same registry, no bytes moved. */
  mounted: number;
  /** Bytes streamed (of copied blobs only). */
  bytes: number;
}

/** What {@link copyImage} wrote. */
export interface CopyResult {
  /** Digest of the manifest the destination name now points at. */
  digest: Digest;
  manifestBytes: Uint8Array;
  mediaType: string;
  blobs: BlobTotals;
}
