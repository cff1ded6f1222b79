import type { Credentials } from './auth.js';
import { type Platform, type PushedImage, pushImageTo, pushTarget, putManifest } from './images.js';
import { type ManifestFormat, MEDIA_TYPES } from './media-types.js';
import type { RegistryInstance } from './registry.js';

/**
 * One entry of an index. `attests` makes it buildx's attestation manifest of the entry at that
 * position: listed with the annotations buildx writes (`vnd.docker.reference.type:
 * attestation-manifest` and the digest it describes); give it the `unknown/unknown` platform
 * buildx lists them with.
 */
export type IndexEntry = Platform & { attests?: number };

/** Options for {@link pushIndex}. */
export interface PushIndexOptions {
  repository: string;
  tag: string;
  platforms: IndexEntry[];
  /** OCI image index or Docker manifest list; default `'oci'`. */
  format?: ManifestFormat;
  /** Bytes of each platform's single layer (default 64); layers differ per platform. */
  layerSize?: number;
  auth?: Credentials | 'anonymous';
  signal?: AbortSignal;
}

/** What {@link pushIndex} pushed: the index and one image per platform, in `platforms` order. */
export interface PushedIndex {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
  manifest: Record<string, unknown>;
  manifestBytes: Uint8Array;
  images: PushedImage[];
}

/**
 * Pushes a multi-platform image: one small image per platform by digest, then the index (or
 * manifest list) under `tag`. Children go first because distribution 2.8 rejects an index whose
 * manifests it does not have.
 */
export async function pushIndex(reg: RegistryInstance, opts: PushIndexOptions): Promise<PushedIndex> {
  const format = opts.format ?? 'oci';
  const types = MEDIA_TYPES[format];
  const target = await pushTarget(reg, opts.repository, opts.auth, opts.signal);
  const images: PushedImage[] = [];
  for (const [index, platform] of opts.platforms.entries()) {
    const { attests: _, ...config } = platform;
    images.push(
      await pushImageTo(target, {
        repository: opts.repository,
        layers: [{ size: opts.layerSize ?? 64, seed: 1000 + index }],
        mediaType: format,
        platform: config,
      }),
    );
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: types.index,
    manifests: images.map((image, i) => {
      const platform = opts.platforms[i]!;
      const described = platform.attests === undefined ? undefined : images[platform.attests];
      if (platform.attests !== undefined && !described)
        throw new Error(`entry ${i} attests entry ${platform.attests}, which is not there`);
      return {
        mediaType: image.mediaType,
        digest: image.digest,
        size: image.manifestBytes.length,
        platform: {
          architecture: platform.architecture,
          os: platform.os,
          ...(platform.variant ? { variant: platform.variant } : {}),
        },
        ...(described
          ? {
              annotations: {
                'vnd.docker.reference.digest': described.digest,
                'vnd.docker.reference.type': 'attestation-manifest',
              },
            }
          : {}),
      };
    }),
  };
  const pushed = await putManifest(target, opts.tag, manifest, types.index);
  return { repository: opts.repository, tag: opts.tag, ...pushed, images };
}
