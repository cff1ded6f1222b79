/**
 * Turning one `manifest.json` item into an image berth can copy: the config read and
 * parsed, each layer file found in the archive and described, and a Docker schema 2
 * manifest built over them (a docker-archive stores no manifest of its own).
 *
 * Layers are described as they are stored, so nothing is recompressed:
 *  - a plain tar (what `docker save` and skopeo write) is `…rootfs.diff.tar` with its
 *    diff_id as digest — the same bytes, so the digest is checked as the layer streams,
 *    as containers/image does, and an archive is never read twice;
 *  - a gzip file is `…rootfs.diff.tar.gzip` with the digest of its stored bytes; both that
 *    digest and its diff_id are computed here, in one read;
 *  - a zstd file is decompressed when read and described as a plain tar, since a Docker
 *    schema 2 manifest has no zstd layer type; its diff_id and size are computed here.
 */
import {
  CONFIG_LIMIT,
  createDigester,
  type Digest,
  DigestMismatchError,
  digestOf,
} from '../../digest/index.js';
import {
  type Descriptor,
  type ImageConfig,
  type Manifest,
  MEDIA_TYPES,
  parseImageConfig,
  parseManifest,
  serializeManifest,
} from '../../manifest/index.js';
import type { ArchiveItem } from './archive-manifest.js';
import type { ArchiveReader } from './archive-reader.js';
import { type Compression, decompress, detectCompression } from './decompress.js';
import { InvalidArchiveError } from './errors.js';
import type { TarEntry } from './tar-index.js';

/** How to serve one layer blob. */
export interface LayerSource {
  entry: TarEntry;
  descriptor: Descriptor;
  /** Set when the stored bytes are decompressed on the way out (zstd). */
  decompress?: Compression;
}

/** Everything the source serves for one image. */
export interface ArchiveImage {
  manifest: Manifest;
  config: { digest: Digest; bytes: Uint8Array; parsed: ImageConfig };
  /** By the digest in the manifest; a layer listed twice appears once. */
  layers: Map<Digest, LayerSource>;
}

/** Hashes a compressed layer and what it decompresses to, reading the stored bytes once. */
async function measureCompressed(
  archive: ArchiveReader,
  entry: TarEntry,
  kind: Compression,
  signal: AbortSignal | undefined,
): Promise<{ digest: Digest; diffID: Digest; size: number }> {
  const raw = createDigester('sha256');
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of archive.read(entry)) {
      raw.update(chunk);
      yield chunk;
    }
  }
  const diff = createDigester('sha256');
  let size = 0;
  // The decompressors read their input to the end (trailing bytes must be more frames or
  // zero padding), so `raw` covers every stored byte when this loop finishes.
  for await (const chunk of decompress(tapped(), kind)) {
    signal?.throwIfAborted();
    diff.update(chunk);
    size += chunk.length;
  }
  return { digest: raw.digest(), diffID: diff.digest(), size };
}

async function describeLayer(
  archive: ArchiveReader,
  entry: TarEntry,
  diffID: Digest,
  signal: AbortSignal | undefined,
): Promise<LayerSource> {
  const kind = detectCompression(entry.head);
  if (kind === undefined) {
    return {
      entry,
      descriptor: { mediaType: MEDIA_TYPES.dockerLayerUncompressed, digest: diffID, size: entry.size },
    };
  }
  if (kind !== 'gzip' && kind !== 'zstd') {
    throw new InvalidArchiveError(
      archive.path,
      `layer ${entry.name} is ${kind}-compressed; berth reads gzip and zstd`,
    );
  }
  let measured: Awaited<ReturnType<typeof measureCompressed>>;
  try {
    measured = await measureCompressed(archive, entry, kind, signal);
  } catch (err) {
    if (signal?.aborted || err instanceof InvalidArchiveError) throw err;
    throw new InvalidArchiveError(
      archive.path,
      `layer ${entry.name}: decompressing: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (measured.diffID !== diffID)
    throw new DigestMismatchError(diffID, measured.diffID, `layer ${entry.name} (diff_id)`);
  if (kind === 'gzip') {
    return {
      entry,
      descriptor: { mediaType: MEDIA_TYPES.dockerLayer, digest: measured.digest, size: entry.size },
    };
  }
  const descriptor = { mediaType: MEDIA_TYPES.dockerLayerUncompressed, digest: diffID, size: measured.size };
  return { entry, descriptor, decompress: kind };
}

/**
 * Reads and checks one item: the config (bounded, strictly parsed, with as many diff_ids
 * as the item has layers) and each layer file (found inside the archive, a regular file,
 * one file per diff_id).
 *
 * @throws {InvalidArchiveError} for a missing or unsafe component or inconsistent counts;
 * {@link DigestMismatchError} when a compressed layer does not decompress to its diff_id.
 */
export async function loadArchiveImage(opts: {
  archive: ArchiveReader;
  item: ArchiveItem;
  signal?: AbortSignal;
}): Promise<ArchiveImage> {
  const { archive, item, signal } = opts;
  const configEntry = archive.resolve(item.config, 'config');
  const bytes = await archive.readSmall(configEntry, { limit: CONFIG_LIMIT, what: 'image config', signal });
  const parsed = parseImageConfig(bytes);
  const diffIDs = parsed.rootfs.diff_ids;
  if (diffIDs.length !== item.layers.length) {
    throw new InvalidArchiveError(
      archive.path,
      `inconsistent layer count: ${item.layers.length} in manifest.json, ${diffIDs.length} in the config`,
    );
  }
  const layers = new Map<Digest, LayerSource>();
  const byDiffID = new Map<Digest, LayerSource>();
  const pathFor = new Map<string, Digest>();
  const descriptors: Descriptor[] = [];
  for (const [i, diffID] of diffIDs.entries()) {
    // A layer listed twice (docker save links the copy to the original) is read once.
    let layer = byDiffID.get(diffID);
    if (!layer) {
      const entry = archive.resolve(item.layers[i] as string, 'layer');
      if (pathFor.has(entry.name)) {
        throw new InvalidArchiveError(
          archive.path,
          `layer file ${entry.name} is used for two different diff_ids`,
        );
      }
      pathFor.set(entry.name, diffID);
      layer = await describeLayer(archive, entry, diffID, signal);
      byDiffID.set(diffID, layer);
      layers.set(layer.descriptor.digest, layer);
    }
    descriptors.push(layer.descriptor);
  }
  const config = { digest: digestOf(bytes), bytes, parsed };
  const manifestBytes = serializeManifest({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, digest: config.digest, size: bytes.length },
    layers: descriptors,
  });
  return { manifest: parseManifest({ bytes: manifestBytes }), config, layers };
}
