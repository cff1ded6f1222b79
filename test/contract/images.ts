/**
 * Images built in memory for the transport contract suite and the transports' own tests:
 * random layers and a config, OCI or Docker media types, single images and indexes, plus
 * helpers that push one through an `ImageDestination`, read one back through an
 * `ImageSource`, and serve one as an `ImageSource` (to feed the copy engine). Everything
 * goes through the transport interfaces only.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { type Digest, digestOf, verifyStream } from '../../src/registry/digest/index.js';
import type { Descriptor, Manifest } from '../../src/registry/manifest/index.js';
import { MEDIA_TYPES, parseManifest } from '../../src/registry/manifest/index.js';
import type { ImageDestination, ImageSource } from '../../src/registry/transports/types.js';

export type Format = 'oci' | 'docker';

const TYPES = {
  oci: {
    manifest: MEDIA_TYPES.ociManifest,
    index: MEDIA_TYPES.ociIndex,
    config: MEDIA_TYPES.ociConfig,
    layer: MEDIA_TYPES.ociLayerGzip,
  },
  docker: {
    manifest: MEDIA_TYPES.dockerManifest,
    index: MEDIA_TYPES.dockerManifestList,
    config: MEDIA_TYPES.dockerConfig,
    layer: MEDIA_TYPES.dockerLayer,
  },
} as const;

/** A manifest's exact bytes and identity. */
export interface ManifestBytes {
  bytes: Uint8Array;
  digest: Digest;
  mediaType: string;
}

/** A blob with its descriptor. */
export interface MemoryBlob {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

/** A whole image (or index with its children) held in memory. */
export interface MemoryImage {
  top: ManifestBytes;
  /** An index's child manifests, in index order; empty for a single image. */
  children: ManifestBytes[];
  /** Config and layer blobs of every image, keyed by digest. */
  blobs: Map<Digest, MemoryBlob>;
}

function manifestBytes(doc: object, mediaType: string): ManifestBytes {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  return { bytes, digest: digestOf(bytes), mediaType };
}

function blob(bytes: Uint8Array, mediaType: string): MemoryBlob {
  return { descriptor: { mediaType, digest: digestOf(bytes), size: bytes.byteLength }, bytes };
}

/** The digest of a layer's uncompressed content, as a config lists it (random layers count as uncompressed). */
function diffId(layer: Uint8Array): Digest {
  return digestOf(layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer);
}

/**
 * Random bytes as an (uncompressed) layer. Never starting with gzip's magic: 1 in 65 536
 * random layers did, and `diffId` then tried to gunzip it (a flaky contract test in CI).
 */
function randomLayer(size: number): Uint8Array {
  const bytes = randomBytes(size);
  if (bytes[0] === 0x1f) bytes[0] = 0;
  return bytes;
}

/** Options for {@link makeImage}. */
export interface MakeImageOptions {
  format: Format;
  /** Layer sizes in bytes; default three layers of 1 KiB, 70 kB and 600 kB. */
  layerSizes?: number[];
  /** Turns a size into layer bytes; default random bytes. skopeo needs real tar.gz layers. */
  makeLayer?: (size: number) => Uint8Array;
  architecture?: string;
  /**
   * Fields added to the generated config after the standard ones (architecture, os,
   * config, rootfs), e.g. Docker-only fields that containers/image drops when converting.
   */
  extraConfig?: Record<string, unknown>;
}

/** A single-platform image with random layers (fresh random bytes on every call). */
export function makeImage(opts: MakeImageOptions): MemoryImage {
  const types = TYPES[opts.format];
  const makeLayer = opts.makeLayer ?? randomLayer;
  const layerBytes = (opts.layerSizes ?? [1024, 70_000, 600_000]).map((n) => makeLayer(n));
  const layers = layerBytes.map((b) => blob(b, types.layer));
  const configDoc = {
    architecture: opts.architecture ?? 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: layerBytes.map(diffId) },
    ...opts.extraConfig,
  };
  const config = blob(new TextEncoder().encode(JSON.stringify(configDoc)), types.config);
  const top = manifestBytes(
    {
      schemaVersion: 2,
      mediaType: types.manifest,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
    },
    types.manifest,
  );
  const blobs = new Map<Digest, MemoryBlob>([config, ...layers].map((b) => [b.descriptor.digest, b]));
  return { top, children: [], blobs };
}

/** A multi-platform index over single images (of the same format), one per architecture. */
export function makeIndex(
  opts: { architectures: string[] } & Pick<MakeImageOptions, 'format' | 'layerSizes' | 'makeLayer'>,
): MemoryImage {
  const types = TYPES[opts.format];
  const images = opts.architectures.map((architecture) =>
    makeImage({
      format: opts.format,
      architecture,
      layerSizes: opts.layerSizes ?? [2048, 40_000],
      ...(opts.makeLayer ? { makeLayer: opts.makeLayer } : {}),
    }),
  );
  const manifests = images.map((image, i) => ({
    mediaType: image.top.mediaType,
    digest: image.top.digest,
    size: image.top.bytes.byteLength,
    platform: { architecture: opts.architectures[i], os: 'linux' },
  }));
  const top = manifestBytes({ schemaVersion: 2, mediaType: types.index, manifests }, types.index);
  const blobs = new Map<Digest, MemoryBlob>();
  for (const image of images) for (const [d, b] of image.blobs) blobs.set(d, b);
  return { top, children: images.map((i) => i.top), blobs };
}

/** `bytes` as a stream of `chunk`-sized pieces. */
export async function* streamOf(bytes: Uint8Array, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += chunk) yield bytes.subarray(at, at + chunk);
}

/** A stream that yields the first `failAfter` bytes, then throws, like a connection dropped mid-blob. */
export async function* failingStream(bytes: Uint8Array, failAfter: number): AsyncGenerator<Uint8Array> {
  yield bytes.subarray(0, failAfter);
  throw new Error('connection reset (test)');
}

/** Options for {@link writeImage}. */
export interface WriteImageOptions {
  /** Replace the stream of the Nth blob (in put order) with one that fails half way. */
  failBlob?: number;
  /** Stop before commit (the caller aborts or commits). */
  noCommit?: boolean;
}

/** Puts every blob, then the children, then the top manifest, then commits. */
export async function writeImage(
  dst: ImageDestination,
  image: MemoryImage,
  opts: WriteImageOptions = {},
): Promise<void> {
  let n = 0;
  for (const { descriptor, bytes } of image.blobs.values()) {
    const stream =
      n++ === opts.failBlob ? failingStream(bytes, Math.floor(bytes.byteLength / 2)) : streamOf(bytes);
    await dst.putBlob({ descriptor, stream });
  }
  for (const child of image.children) await dst.putManifest({ ...child, role: 'child' });
  await dst.putManifest({ ...image.top, role: 'top' });
  if (!opts.noCommit) await dst.commit();
}

/** Reads a whole stream into one buffer. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of source) parts.push(c);
  return Buffer.concat(parts);
}

/** What a source holds, read through the interface: manifest bytes by digest and blob bytes by digest. */
export interface ReadBack {
  top: ManifestBytes;
  children: ManifestBytes[];
  blobs: Map<Digest, Buffer>;
}

/** Reads the top manifest, every child and every blob through `src`. */
export async function readImage(src: ImageSource): Promise<ReadBack> {
  const top = await src.getManifest({});
  const images: Manifest[] = top.kind === 'index' ? [] : [top];
  const children: ManifestBytes[] = [];
  if (top.kind === 'index') {
    for (const d of top.doc.manifests) {
      const child = await src.getManifest({ digest: d.digest });
      children.push({ bytes: child.bytes, digest: child.digest, mediaType: child.mediaType });
      images.push(child);
    }
  }
  const blobs = new Map<Digest, Buffer>();
  for (const m of images) {
    if (m.kind !== 'image') throw new Error(`unexpected ${m.kind} manifest`);
    for (const d of [m.doc.config, ...m.doc.layers])
      blobs.set(d.digest, await collect(await src.getBlob({ descriptor: d })));
  }
  return { top: { bytes: top.bytes, digest: top.digest, mediaType: top.mediaType }, children, blobs };
}

/**
 * `image` served through the source contract, for feeding the copy engine: the top manifest
 * by default, a child by digest, and every blob as a verified stream.
 */
export function memorySource(image: MemoryImage): ImageSource {
  const manifests = new Map([image.top, ...image.children].map((m) => [m.digest, m]));
  return {
    name: { transport: 'dir', path: 'memory' },
    async getManifest({ digest }) {
      const m = manifests.get(digest ?? image.top.digest);
      if (!m) throw new Error(`no manifest ${digest}`);
      return parseManifest({ bytes: m.bytes, contentType: m.mediaType, expectedDigest: m.digest });
    },
    async getBlob({ descriptor, signal }) {
      const blob = image.blobs.get(descriptor.digest);
      if (!blob) throw new Error(`no blob ${descriptor.digest}`);
      return verifyStream(streamOf(blob.bytes), {
        digest: descriptor.digest,
        size: descriptor.size,
        signal,
        what: `blob ${descriptor.digest}`,
      });
    },
    async close() {},
  };
}
