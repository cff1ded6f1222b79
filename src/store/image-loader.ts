/**
 * Reading what the Image screen shows from an open source: the manifest (verified by the
 * source when asked for by digest), the image config (size-checked before it is read, read
 * with a bound, then checked against its digest as it is parsed), and for an index the
 * compressed size of each platform's image.
 */
import { CONFIG_LIMIT, type Digest, readBounded } from '../registry/digest/index.js';
import {
  type ImageConfig,
  type Manifest,
  MEDIA_TYPES,
  type ParsedImageIndex,
  type ParsedImageManifest,
  parseImageConfig,
} from '../registry/manifest/index.js';
import type { ImageSource } from '../registry/transports/types.js';
import { asError } from './requests.js';

/** A manifest and, for an image, its config. */
export interface LoadedImage {
  manifest: Manifest;
  /** The parsed config of an image (undefined for an index, schema 1 or an artifact's config). */
  config?: ImageConfig;
  /** The config blob as stored (for the raw JSON view); bounded by `CONFIG_LIMIT`. */
  configBytes?: Uint8Array;
  /** Why the config could not be read or parsed; the manifest is still shown. */
  configError?: Error;
}

const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig]);

/** Reads the manifest (`digest`: a child of the named index) and, for an image, its config. */
export async function loadImageDocuments(opts: {
  source: ImageSource;
  digest?: Digest;
  signal: AbortSignal;
}): Promise<LoadedImage> {
  const { source, signal } = opts;
  const manifest = await source.getManifest(opts.digest ? { digest: opts.digest, signal } : { signal });
  if (manifest.kind !== 'image') return { manifest };
  try {
    const configBytes = await readConfigBytes({ source, image: manifest, signal });
    const { config: descriptor } = manifest.doc;
    // Artifacts (signatures, SBOMs) carry configs of their own kinds, often just `{}`.
    if (!IMAGE_CONFIG_TYPES.has(descriptor.mediaType)) return { manifest, configBytes };
    const config = parseImageConfig(configBytes, {
      expectedDigest: descriptor.digest,
      expectedSize: descriptor.size,
    });
    return { manifest, config, configBytes };
  } catch (err) {
    signal.throwIfAborted();
    return { manifest, configError: new Error('reading the image config', { cause: asError(err) }) };
  }
}

/** The config blob, refused unread when its descriptor says it is over the limit. */
async function readConfigBytes(opts: {
  source: ImageSource;
  image: ParsedImageManifest;
  signal: AbortSignal;
}): Promise<Uint8Array> {
  const descriptor = opts.image.doc.config;
  if (descriptor.size > CONFIG_LIMIT) {
    throw new Error(`the config is ${descriptor.size} bytes, more than the limit of ${CONFIG_LIMIT}`);
  }
  // Embedded data was checked against the digest when the manifest was parsed.
  if (descriptor.data !== undefined) return Buffer.from(descriptor.data, 'base64');
  const stream = await opts.source.getBlob({ descriptor, signal: opts.signal });
  return readBounded(stream, { limit: CONFIG_LIMIT, what: 'image config', signal: opts.signal });
}

/** The compressed size of an image: its layers' bytes as stored. */
export function compressedSize(manifest: ParsedImageManifest): number {
  return manifest.doc.layers.reduce((n, l) => n + l.size, 0);
}

/** How many child manifests are fetched at once for the platform sizes. */
const SIZE_CONCURRENCY = 4;

/**
 * Fetches each manifest of an index (by digest, so verified) and reports its image's
 * compressed size as it arrives. Children that are themselves indexes are skipped; a
 * child that cannot be read is skipped too (its size stays unknown).
 */
export async function loadChildSizes(opts: {
  source: ImageSource;
  index: ParsedImageIndex;
  signal: AbortSignal;
  onSize: (digest: Digest, size: number) => void;
}): Promise<void> {
  const queue = [...new Set(opts.index.doc.manifests.map((d) => d.digest))];
  const worker = async (): Promise<void> => {
    for (let digest = queue.shift(); digest; digest = queue.shift()) {
      opts.signal.throwIfAborted();
      try {
        const child = await opts.source.getManifest({ digest, signal: opts.signal });
        if (child.kind === 'image') opts.onSize(digest, compressedSize(child));
      } catch {
        // An unreadable child shows no size; opening it shows why.
        opts.signal.throwIfAborted();
      }
    }
  };
  await Promise.all(Array.from({ length: SIZE_CONCURRENCY }, worker));
}
