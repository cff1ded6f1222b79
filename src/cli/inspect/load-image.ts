/**
 * What `inspect` reads from any transport: the top-level manifest, the single image it
 * stands for on this machine (or for `--override-os/--override-arch/--override-variant`),
 * and that image's config blob — the steps c/image's `image.FromUnparsedImage` and
 * `ConfigBlob` take for skopeo.
 */
import { CONFIG_LIMIT, readBounded } from '../../registry/digest/index.js';
import type {
  Manifest,
  ParsedImageManifest,
  ParsedSchema1Manifest,
  Platform,
} from '../../registry/manifest/index.js';
import { choosePlatform } from '../../registry/manifest/index.js';
import type { ImageSource } from '../../registry/transports/types.js';

/** One image: a v2 manifest (OCI or Docker) or Docker schema 1. */
export type SingleImage = ParsedImageManifest | ParsedSchema1Manifest;

/**
 * The image `top` stands for on `platform`: `top` itself, or the index entry c/image would
 * choose, fetched by digest (and so verified).
 *
 * @throws {Error} when no entry matches, with c/image's wording.
 */
export async function chooseInstance(opts: {
  source: ImageSource;
  top: Manifest;
  platform: Platform;
  signal?: AbortSignal;
}): Promise<SingleImage> {
  const { top, platform } = opts;
  if (top.kind !== 'index') return top;
  const chosen = choosePlatform(top.doc, platform);
  if (!chosen) {
    const list = top.format === 'docker' ? 'manifest list' : 'image index';
    throw new Error(
      `choosing image instance: no image found in ${list} for architecture ${platform.architecture}, ` +
        `variant ${JSON.stringify(platform.variant ?? '')}, OS ${platform.os}`,
    );
  }
  const child = await opts.source.getManifest({
    digest: chosen.digest,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (child.kind === 'index') {
    throw new Error(
      `the image index entry for ${platform.os}/${platform.architecture} is itself an index (${chosen.digest})`,
    );
  }
  return child;
}

/** The config blob's bytes, verified by the source against the manifest's descriptor and bounded. */
export async function readConfigBlob(opts: {
  source: ImageSource;
  image: ParsedImageManifest;
  signal?: AbortSignal;
}): Promise<Uint8Array> {
  const descriptor = opts.image.doc.config;
  if (descriptor.size > CONFIG_LIMIT) {
    throw new Error(`the image config is ${descriptor.size} bytes, more than the limit of ${CONFIG_LIMIT}`);
  }
  // Embedded data was checked against the digest when the manifest was parsed.
  if (descriptor.data !== undefined) return Buffer.from(descriptor.data, 'base64');
  const stream = await opts.source.getBlob({ descriptor, ...(opts.signal ? { signal: opts.signal } : {}) });
  return readBounded(stream, {
    limit: CONFIG_LIMIT,
    what: 'image config',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
