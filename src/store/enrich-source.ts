/**
 * Where the Tags screen's details come from: a tag's digest (a manifest HEAD on a registry,
 * which Docker Hub does not count as a pull; the `index.json` entry in a layout), and what a
 * digest is (platforms, compressed size, creation time), read from its manifest and config.
 *
 * For an index the platforms are its children's; its size and creation time are those of
 * its linux/amd64 image (else the first image listed), the image most people pull, since
 * summing every platform's layers would count bytes nobody downloads together.
 */
import { CONFIG_LIMIT, type Digest, readBounded } from '../registry/digest/index.js';
import {
  choosePlatform,
  type Descriptor,
  formatPlatform,
  type Manifest,
  MEDIA_TYPES,
  parseImageConfig,
} from '../registry/manifest/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import type { ImageSource } from '../registry/transports/types.js';

/** What a digest is, as the Tags screen shows it. */
export interface DigestDetails {
  kind: 'image' | 'index' | 'schema1';
  mediaType: string;
  /** `linux/amd64`, …; an index's children (attestations left out). */
  platforms: readonly string[];
  /** Compressed bytes: the sum of the layers (for an index, of the image described above). */
  size: number | undefined;
  /** The config's `created`, in ms since the epoch. */
  created: number | undefined;
}

/** A tag's manifest, by digest. */
export interface TagHead {
  digest: Digest;
  mediaType: string;
}

/** Reads what enrichment needs. */
export interface EnrichSource {
  /** The digest `tag` points at. @throws when the tag does not exist. */
  resolve(tag: string, signal: AbortSignal): Promise<TagHead>;
  /** The manifest with `digest` (verified). */
  manifest(digest: Digest, signal: AbortSignal): Promise<Manifest>;
  /** The bytes of a small blob (a config), verified and bounded. */
  blob(descriptor: Descriptor, signal: AbortSignal): Promise<Uint8Array>;
  /** Releases what the source holds (an open layout). */
  close(): Promise<void>;
}

const IMAGE_CONFIGS: ReadonlySet<string> = new Set([MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig]);

const sumLayers = (layers: readonly Descriptor[]): number => layers.reduce((n, l) => n + l.size, 0);

/** Reads the creation time and platform of an image's config; artifacts have neither. */
async function readConfig(
  source: EnrichSource,
  config: Descriptor,
  signal: AbortSignal,
): Promise<{ created: number | undefined; platform: string | undefined }> {
  if (!IMAGE_CONFIGS.has(config.mediaType)) return { created: undefined, platform: undefined };
  const bytes = await source.blob(config, signal);
  const parsed = parseImageConfig(bytes, { expectedDigest: config.digest, expectedSize: config.size });
  const created = parsed.created ? Date.parse(parsed.created) : Number.NaN;
  return {
    created: Number.isFinite(created) ? created : undefined,
    platform: parsed.os && parsed.architecture ? formatPlatform(parsed) : undefined,
  };
}

/** Reads the details of the manifest `digest`. */
export async function readDigestDetails(
  source: EnrichSource,
  digest: Digest,
  signal: AbortSignal,
): Promise<DigestDetails> {
  const m = await source.manifest(digest, signal);
  if (m.kind === 'schema1') {
    const arch = m.doc.architecture;
    return {
      kind: 'schema1',
      mediaType: m.mediaType,
      platforms: arch ? [`linux/${arch}`] : [],
      size: undefined,
      created: undefined,
    };
  }
  if (m.kind === 'image') {
    const { created, platform } = await readConfig(source, m.doc.config, signal);
    return {
      kind: 'image',
      mediaType: m.mediaType,
      platforms: platform ? [platform] : [],
      size: sumLayers(m.doc.layers),
      created,
    };
  }
  // Build attestations are listed as the platform unknown/unknown; they are not platforms.
  const children = m.doc.manifests.filter((d) => d.platform && d.platform.os !== 'unknown');
  const platforms = children.map((d) => formatPlatform(d.platform as NonNullable<Descriptor['platform']>));
  const chosen = choosePlatform(m.doc, { os: 'linux', architecture: 'amd64' }) ?? children[0];
  let size: number | undefined;
  let created: number | undefined;
  if (chosen) {
    const child = await source.manifest(chosen.digest, signal);
    if (child.kind === 'image') {
      size = sumLayers(child.doc.layers);
      created = (await readConfig(source, child.doc.config, signal)).created;
    }
  }
  return { kind: 'index', mediaType: m.mediaType, platforms, size, created };
}

/** Tags of a registry repository. */
export function registryEnrichSource(client: RegistryClient, repository: string): EnrichSource {
  return {
    async resolve(tag, signal) {
      const head = await client.headManifest({ repository, reference: tag, signal });
      if (!head) throw new Error(`${repository}:${tag} does not exist (any more)`);
      return { digest: head.digest, mediaType: head.mediaType };
    },
    manifest: (digest, signal) => client.getManifest({ repository, reference: digest, signal }),
    async blob(descriptor, signal) {
      if (descriptor.size > CONFIG_LIMIT) throw new Error(`config ${descriptor.digest} is too large`);
      const stream = client.getBlob({ repository, digest: descriptor.digest, size: descriptor.size, signal });
      return readBounded(stream, { limit: CONFIG_LIMIT, what: 'image config', signal });
    },
    close: async () => {},
  };
}

/**
 * Images of a local layout: `entries` maps each listed name to its `index.json` descriptor;
 * `open` opens the layout (any image of it: manifests and blobs are read by digest).
 */
export function layoutEnrichSource(
  entries: ReadonlyMap<string, Descriptor>,
  open: (signal: AbortSignal) => Promise<ImageSource>,
): EnrichSource {
  let opened: Promise<ImageSource> | undefined;
  const source = (signal: AbortSignal): Promise<ImageSource> => {
    if (!opened) {
      const p = open(signal);
      opened = p;
      // A cancelled open must not poison later reads.
      p.catch(() => {
        if (opened === p) opened = undefined;
      });
    }
    return opened;
  };
  return {
    async resolve(name) {
      const d = entries.get(name);
      if (!d) throw new Error(`the layout lists no image ${name}`);
      return { digest: d.digest, mediaType: d.mediaType };
    },
    manifest: async (digest, signal) => (await source(signal)).getManifest({ digest, signal }),
    async blob(descriptor, signal) {
      if (descriptor.size > CONFIG_LIMIT) throw new Error(`config ${descriptor.digest} is too large`);
      const stream = await (await source(signal)).getBlob({ descriptor, signal });
      return readBounded(stream, { limit: CONFIG_LIMIT, what: 'image config', signal });
    },
    async close() {
      const p = opened;
      opened = undefined;
      if (p) await (await p.catch(() => undefined))?.close();
    },
  };
}
