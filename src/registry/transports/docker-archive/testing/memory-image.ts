/**
 * An image held in memory and served through the source contract, for feeding archive
 * destinations in tests. Layers can be stored plain, gzip or zstd.
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { type Digest, digestOf, verifyStream } from '../../../digest/index.js';
import {
  type Descriptor,
  type Manifest,
  MEDIA_TYPES,
  parseManifest,
  serializeManifest,
} from '../../../manifest/index.js';
import type { ImageSource } from '../../types.js';

export type LayerCompression = 'none' | 'gzip' | 'zstd';

export interface MemoryImage {
  source: ImageSource;
  manifest: Manifest;
  config: Uint8Array;
  /** The uncompressed tars, base first. */
  tars: Buffer[];
  diffIDs: Digest[];
  /** Stored bytes by digest. */
  blobs: Map<Digest, Uint8Array>;
}

function compress(tar: Buffer, how: LayerCompression): Uint8Array {
  if (how === 'gzip') return gzipSync(tar);
  if (how === 'zstd') return execFileSync('zstd', ['-q', '-c'], { input: tar });
  return tar;
}

function layerType(format: 'docker' | 'oci', how: LayerCompression): string {
  if (format === 'docker')
    return how === 'none' ? MEDIA_TYPES.dockerLayerUncompressed : MEDIA_TYPES.dockerLayer;
  return { none: MEDIA_TYPES.ociLayer, gzip: MEDIA_TYPES.ociLayerGzip, zstd: MEDIA_TYPES.ociLayerZstd }[how];
}

/** Builds an image over `tars` (uncompressed layer tars) with a minimal linux/amd64 config. */
export function memoryImage(opts: {
  tars: Buffer[];
  compression?: LayerCompression | LayerCompression[];
  format?: 'docker' | 'oci';
  /** Overrides the config's diff_ids (to build inconsistent images). */
  diffIDs?: Digest[];
}): MemoryImage {
  const format = opts.format ?? 'docker';
  const how = (i: number) =>
    (Array.isArray(opts.compression) ? opts.compression[i] : opts.compression) ?? 'none';
  const diffIDs = opts.diffIDs ?? opts.tars.map((t) => digestOf(t));
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIDs } }),
  );
  const blobs = new Map<Digest, Uint8Array>();
  const layers: Descriptor[] = opts.tars.map((tar, i) => {
    const stored = compress(tar, how(i));
    const digest = digestOf(stored);
    blobs.set(digest, stored);
    return { mediaType: layerType(format, how(i)), digest, size: stored.length };
  });
  const configDigest = digestOf(config);
  blobs.set(configDigest, config);
  const manifest = parseManifest({
    bytes: serializeManifest({
      schemaVersion: 2,
      mediaType: format === 'docker' ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
      config: {
        mediaType: format === 'docker' ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig,
        digest: configDigest,
        size: config.length,
      },
      layers,
    }),
  });
  const source: ImageSource = {
    name: { transport: 'dir', path: 'memory' },
    async getManifest() {
      return manifest;
    },
    async getBlob({ descriptor, signal }) {
      const bytes = blobs.get(descriptor.digest);
      if (!bytes) throw new Error(`no blob ${descriptor.digest}`);
      return verifyStream(
        (async function* () {
          yield bytes;
        })(),
        { digest: descriptor.digest, size: descriptor.size, signal },
      );
    },
    async close() {},
  };
  return { source, manifest, config, tars: opts.tars, diffIDs, blobs };
}

/** A multi-platform index over `images` (linux/amd64, linux/arm64, …), served with their blobs. */
export function memoryIndex(
  images: MemoryImage[],
  architectures: string[],
): { source: ImageSource; index: Manifest } {
  const manifests: Descriptor[] = images.map((img, i) => ({
    mediaType: img.manifest.mediaType,
    digest: img.manifest.digest,
    size: img.manifest.bytes.length,
    platform: { os: 'linux', architecture: architectures[i] ?? 'amd64' },
  }));
  const index = parseManifest({
    bytes: serializeManifest({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }),
  });
  const byDigest = new Map<string, MemoryImage>(images.map((img) => [img.manifest.digest, img]));
  const source: ImageSource = {
    name: { transport: 'dir', path: 'memory-index' },
    async getManifest({ digest }) {
      if (digest === undefined || digest === index.digest) return index;
      const img = byDigest.get(digest);
      if (!img) throw new Error(`no manifest ${digest}`);
      return img.manifest;
    },
    async getBlob(opts) {
      const owner = images.find((img) => img.blobs.has(opts.descriptor.digest));
      if (!owner) throw new Error(`no blob ${opts.descriptor.digest}`);
      return owner.source.getBlob(opts);
    },
    async close() {},
  };
  return { source, index };
}
