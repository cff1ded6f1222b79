/**
 * The contract every transport implements (skopeo's `docker://`, `oci:`, `dir:`,
 * `oci-archive:`, `docker-archive:`), so the copy engine, the CLI and the TUI read and
 * write images without knowing where they live.
 *
 * Rules all implementations keep:
 *  - Blob streams handed out by a source are verified by the source (size and digest at
 *    the end, failing instead of ending) — the engine never receives unverified bytes.
 *  - A destination stores nothing where a reader can see it before `commit`: registry
 *    blobs may land early (they are content-addressed and invisible without a manifest),
 *    but manifests and tags only at commit; local destinations stage and rename.
 *  - `abort` undoes whatever was staged and never touches what existed before.
 * Optional capabilities (mounting, tag listing, deletion) are separate interfaces found
 * by type guard, so the main ones stay small.
 */
import type { Digest } from '../digest/index.js';
import type { Descriptor, Manifest } from '../manifest/index.js';
import type { ImageName } from '../ref/index.js';

export interface ImageSource {
  readonly name: ImageName;
  /**
   * The manifest the name points at, or, with `digest`, a manifest it refers to (an
   * index's child). Bytes are exactly as stored; a by-digest read is verified.
   */
  getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest>;
  /** A verified stream of one blob's bytes. */
  getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>>;
  close(): Promise<void>;
}

export interface PutBlobOptions {
  descriptor: Descriptor;
  /** The bytes, already verified by the source; a destination may not assume it can read them twice. */
  stream: AsyncIterable<Uint8Array>;
  /**
   * The stream is an ImageSource's `getBlob` for this descriptor, which throws instead of
   * ending when the bytes are not the blob: a destination may skip hashing them again. It
   * must still commit nothing when the stream throws.
   */
  verifiedBySource?: boolean;
  signal?: AbortSignal;
}

export interface PutManifestOptions {
  bytes: Uint8Array;
  mediaType: string;
  digest: Digest;
  /**
   * `child`: a manifest an index refers to, stored by digest only.
   * `top`: the manifest the destination name points at (tagged, named or made current).
   */
  role: 'child' | 'top';
  signal?: AbortSignal;
}

export interface ImageDestination {
  readonly name: ImageName;
  /** Manifest media types this destination can store, most preferred first. */
  readonly supportedManifestTypes: readonly string[];
  /** Whether the destination stores blobs compressed as given (false: docker-archive decompresses). */
  readonly keepsBlobsAsIs: boolean;
  /** Whether the destination already holds this blob, so it can be skipped. */
  hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean>;
  putBlob(opts: PutBlobOptions): Promise<void>;
  putManifest(opts: PutManifestOptions): Promise<void>;
  /** Makes everything put so far visible at once. */
  commit(opts?: { signal?: AbortSignal }): Promise<void>;
  /** Drops everything staged; safe to call after a failure or twice. */
  abort(): Promise<void>;
}

/** Where a blob can be mounted from without moving its bytes. */
export interface BlobLocation {
  registry: string;
  repository: string;
}

/** A source that can say which registry repository holds its blobs (for cross-repo mounts). */
export interface BlobLocator {
  blobLocation(): BlobLocation | undefined;
}

/** A destination that can mount blobs from another repository of the same registry. */
export interface BlobMounter {
  mountBlob(opts: { descriptor: Descriptor; from: BlobLocation; signal?: AbortSignal }): Promise<boolean>;
}

/** A transport that can list the tags at its name (docker, docker-archive). */
export interface TagLister {
  listTags(opts: { signal?: AbortSignal }): Promise<string[]>;
}

export function isBlobLocator(x: object): x is BlobLocator {
  return typeof (x as Partial<BlobLocator>).blobLocation === 'function';
}

export function isBlobMounter(x: object): x is BlobMounter {
  return typeof (x as Partial<BlobMounter>).mountBlob === 'function';
}

export function isTagLister(x: object): x is TagLister {
  return typeof (x as Partial<TagLister>).listTags === 'function';
}
