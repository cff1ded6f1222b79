/**
 * In-memory transports and image builders for the engine's unit tests: a source whose blob
 * streams can be made to fail or carry a flipped byte on chosen attempts, and a destination
 * that stages everything and shows only committed content, as the contract requires.
 */
import { type Digest, digestOf, verifyStream } from '../../digest/index.js';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type Manifest,
  type ManifestFormat,
  MEDIA_TYPES,
  type ParsedImageIndex,
  type ParsedImageManifest,
  type Platform,
  parseManifest,
  serializeManifest,
} from '../../manifest/index.js';
import type {
  BlobLocation,
  ImageDestination,
  ImageSource,
  PutBlobOptions,
  PutManifestOptions,
} from '../../transports/types.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Deterministic bytes that differ by seed. */
export function bytesOf(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface BuiltImage {
  manifest: ParsedImageManifest;
  blobs: Map<Digest, Uint8Array>;
}

/** A single-platform image with the given layers, in either family. */
export function buildImage(opts: {
  layers: Uint8Array[];
  format?: ManifestFormat;
  platform?: Platform;
  extra?: Partial<ImageManifest>;
}): BuiltImage {
  const docker = opts.format === 'docker';
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const config = enc(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [] } }));
  const blobs = new Map<Digest, Uint8Array>();
  const descriptor = (b: Uint8Array, mediaType: string): Descriptor => {
    const digest = digestOf(b);
    blobs.set(digest, b);
    return { mediaType, digest, size: b.byteLength };
  };
  const doc: ImageManifest = {
    schemaVersion: 2,
    mediaType: docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
    config: descriptor(config, docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig),
    layers: opts.layers.map((l) =>
      descriptor(l, docker ? MEDIA_TYPES.dockerLayer : MEDIA_TYPES.ociLayerGzip),
    ),
    ...opts.extra,
  };
  return { manifest: parseManifest({ bytes: serializeManifest(doc) }) as ParsedImageManifest, blobs };
}

/** An index over images, each listed under its platform. */
export function buildIndex(
  images: Array<{ image: BuiltImage; platform: Platform }>,
  format: ManifestFormat = 'oci',
): ParsedImageIndex {
  const doc: ImageIndex = {
    schemaVersion: 2,
    mediaType: format === 'docker' ? MEDIA_TYPES.dockerManifestList : MEDIA_TYPES.ociIndex,
    manifests: images.map(({ image, platform }) => ({
      mediaType: image.manifest.mediaType,
      digest: image.manifest.digest,
      size: image.manifest.bytes.byteLength,
      platform,
    })),
  };
  return parseManifest({ bytes: serializeManifest(doc) }) as ParsedImageIndex;
}

/** What a blob read does on one attempt. */
export type BlobFault = 'flip' | 'fail' | 'ok';

export class MemorySource implements ImageSource {
  readonly name = { transport: 'dir' as const, path: '/memory/source' };
  readonly manifests = new Map<Digest, Manifest>();
  readonly blobs = new Map<Digest, Uint8Array>();
  /** Faults to apply to successive reads of a blob, first one first. */
  readonly faults = new Map<Digest, BlobFault[]>();
  readonly blobReads: Digest[] = [];
  chunkSize = 1024;
  location: BlobLocation | undefined;
  top: Manifest;

  constructor(top: Manifest, images: BuiltImage[] = []) {
    this.top = top;
    for (const image of images) {
      this.manifests.set(image.manifest.digest, image.manifest);
      for (const [d, b] of image.blobs) this.blobs.set(d, b);
    }
  }

  async getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    opts.signal?.throwIfAborted();
    if (!opts.digest) return this.top;
    const m = this.manifests.get(opts.digest);
    if (!m) throw new Error(`no manifest ${opts.digest}`);
    return m;
  }

  async getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    const { digest, size } = opts.descriptor;
    const bytes = this.blobs.get(digest);
    if (!bytes) throw new Error(`no blob ${digest}`);
    this.blobReads.push(digest);
    const fault = this.faults.get(digest)?.shift() ?? 'ok';
    const chunkSize = this.chunkSize;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes!.byteLength; i += chunkSize) {
        const chunk = bytes!.slice(i, i + chunkSize);
        if (fault === 'flip' && i === 0) chunk[0]! ^= 0xff;
        if (fault === 'fail' && i + chunkSize >= bytes!.byteLength) {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        yield chunk;
      }
    }
    return verifyStream(chunks(), { digest, size, signal: opts.signal, what: `blob ${digest}` });
  }

  blobLocation(): BlobLocation | undefined {
    return this.location;
  }

  async close(): Promise<void> {}
}

export interface MemoryDestinationOptions {
  supportedManifestTypes?: string[];
  /**
   * Present: the destination stores blobs transformed (`keepsBlobsAsIs = false`, like
   * docker-archive), still under the digest they were given as.
   */
  transform?: (bytes: Uint8Array) => Uint8Array;
  /** Blobs it has before the copy. */
  existing?: Map<Digest, Uint8Array>;
}

export class MemoryDestination implements ImageDestination {
  readonly name = { transport: 'dir' as const, path: '/memory/destination' };
  readonly supportedManifestTypes: string[];
  readonly keepsBlobsAsIs: boolean;
  /** Visible content. */
  readonly blobs: Map<Digest, Uint8Array>;
  readonly manifests = new Map<Digest, PutManifestOptions>();
  top: PutManifestOptions | undefined;
  readonly staged = { blobs: new Map<Digest, Uint8Array>(), manifests: [] as PutManifestOptions[] };
  aborts = 0;
  commits = 0;
  readonly #transform: MemoryDestinationOptions['transform'];

  constructor(opts: MemoryDestinationOptions = {}) {
    this.supportedManifestTypes = opts.supportedManifestTypes ?? [
      MEDIA_TYPES.ociManifest,
      MEDIA_TYPES.ociIndex,
      MEDIA_TYPES.dockerManifest,
      MEDIA_TYPES.dockerManifestList,
    ];
    this.#transform = opts.transform;
    this.keepsBlobsAsIs = opts.transform === undefined;
    this.blobs = new Map(opts.existing ?? []);
  }

  async hasBlob(opts: { descriptor: Descriptor }): Promise<boolean> {
    return this.blobs.has(opts.descriptor.digest) || this.staged.blobs.has(opts.descriptor.digest);
  }

  async putBlob(opts: PutBlobOptions): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of opts.stream) {
      opts.signal?.throwIfAborted();
      parts.push(chunk);
    }
    const bytes = Buffer.concat(parts);
    this.staged.blobs.set(opts.descriptor.digest, this.#transform ? this.#transform(bytes) : bytes);
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    opts.signal?.throwIfAborted();
    this.staged.manifests.push(opts);
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    opts.signal?.throwIfAborted();
    for (const [d, b] of this.staged.blobs) this.blobs.set(d, b);
    for (const m of this.staged.manifests) {
      this.manifests.set(m.digest, m);
      if (m.role === 'top') this.top = m;
    }
    this.commits++;
    this.staged.blobs.clear();
    this.staged.manifests.length = 0;
  }

  async abort(): Promise<void> {
    this.aborts++;
    this.staged.blobs.clear();
    this.staged.manifests.length = 0;
  }
}
