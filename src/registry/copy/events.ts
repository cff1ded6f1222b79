/**
 * What the copy engine reports while it works. The engine never prints; a CLI renders these
 * as skopeo-like lines and the TUI as progress bars. Every blob gets one `queued`, then any
 * number of `progress` and `retrying`, then one of `skipped`, `mounted`, `done` or `failed`
 * — unless the copy is cancelled or fails on another blob first, which ends its events
 * where they are. `progress` and `overall` are throttled (see `progressIntervalMs`); a
 * blob's last `progress` shows its full size, and one `overall` follows the last blob.
 * `manifest-written` events come after all blob events, children before the top manifest.
 *
 * Payloads hold digests, sizes, media types, repository names and error messages that have
 * been through the HTTP layer's redaction and `sanitizeText`: never credentials, and
 * nothing that could drive a terminal.
 */
import type { Digest } from '../digest/index.js';
import { sanitizeText } from '../http/index.js';
import type { Platform } from '../manifest/index.js';

/** skopeo says "Copying config" for the config and "Copying blob" for everything else. */
export type BlobKind = 'config' | 'layer';

/** The blob an event is about. */
export interface BlobRef {
  digest: Digest;
  size: number;
  mediaType: string;
  kind: BlobKind;
}

/** Once, before any blob moves: how much work there is. */
export interface PlanEvent {
  type: 'plan';
  /** Images (single manifests) to copy. */
  images: number;
  /** Images the source index lists (1 for a single-manifest source). */
  listed: number;
  blobs: number;
  bytes: number;
}

export interface BlobQueuedEvent {
  type: 'queued';
  blob: BlobRef;
}

export interface BlobProgressEvent {
  type: 'progress';
  blob: BlobRef;
  /** Bytes of this attempt streamed so far. */
  bytes: number;
  total: number;
}

export interface BlobSkippedEvent {
  type: 'skipped';
  blob: BlobRef;
  /** skopeo prints "skipped: already exists". */
  reason: 'already exists';
}

export interface BlobMountedEvent {
  type: 'mounted';
  blob: BlobRef;
  /** `registry/repository` the blob was mounted from. */
  from: string;
}

export interface BlobDoneEvent {
  type: 'done';
  blob: BlobRef;
}

export interface BlobRetryingEvent {
  type: 'retrying';
  blob: BlobRef;
  /** The attempt about to start: 2 for the first retry. */
  attempt: number;
  /** Why the previous attempt failed. */
  error: string;
  delayMs: number;
}

export interface BlobFailedEvent {
  type: 'failed';
  blob: BlobRef;
  error: string;
}

/** A manifest was handed to the destination (a `top` one is visible only after commit). */
export interface ManifestWrittenEvent {
  type: 'manifest-written';
  digest: Digest;
  mediaType: string;
  size: number;
  role: 'child' | 'top';
  /** For an index's child: the platform the index lists it under. */
  platform?: Platform;
}

/** The whole copy so far. Skipped and mounted blobs count as done bytes, but not towards speed. */
export interface OverallEvent {
  type: 'overall';
  bytes: number;
  total: number;
  blobs: number;
  blobsTotal: number;
  /** Streaming speed, smoothed over the last few seconds. */
  bytesPerSecond: number;
  /** Seconds left at the current speed; undefined while there is no speed to go by. */
  etaSeconds: number | undefined;
}

/** Everything {@link copyImage} reports; switch on `type`. */
export type CopyEvent =
  | PlanEvent
  | BlobQueuedEvent
  | BlobProgressEvent
  | BlobSkippedEvent
  | BlobMountedEvent
  | BlobDoneEvent
  | BlobRetryingEvent
  | BlobFailedEvent
  | ManifestWrittenEvent
  | OverallEvent;

/** An error as one safe line for an event. */
export function eventMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return sanitizeText(text) || (err instanceof Error ? err.name : 'unknown error');
}
