/**
 * Beyond skopeo: before copying an image, sync asks whether the destination already holds
 * exactly it, using only cheap reads — a manifest HEAD at each registry (no GET, so Docker
 * Hub counts no pull) or `manifest.json` of a `dir:` image — and skips the copy when the
 * digests are equal. skopeo instead GETs both manifests and compares
 * (`OptimizeDestinationImageAlreadyExists`).
 *
 * The digests can only be compared when the copy would write the source's manifest as it
 * is: not when `-f` converts it, and not when a multi-arch source is copied without `--all`
 * (the destination then gets one platform's manifest, whose digest the source's HEAD does
 * not tell). Those images are copied as usual; the engine still skips every blob the
 * destination has.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, digestOf } from '../../registry/digest/index.js';
import {
  isImageManifestMediaType,
  isIndexMediaType,
  MEDIA_TYPES,
  parseManifest,
} from '../../registry/manifest/index.js';
import type { ImageName } from '../../registry/ref/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';

/** A manifest's identity without its content. */
export interface ManifestIdentity {
  digest: Digest;
  mediaType: string;
}

/** containers/image's manifest limit. */
const MAX_MANIFEST_BYTES = 4 << 20;

async function readSmallFile(path: string): Promise<Uint8Array | undefined> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw err;
  }
  try {
    const st = await file.stat();
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return undefined;
    return await file.readFile();
  } finally {
    await file.close();
  }
}

function bare(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim();
}

function reference(name: Extract<ImageName, { transport: 'docker' }>): string {
  return name.ref.digest ?? name.ref.tag ?? 'latest';
}

/** The digest and media type of an image's top manifest; undefined when it is not there. */
export async function manifestIdentity(opts: {
  name: ImageName;
  client?: RegistryClient;
  signal?: AbortSignal;
}): Promise<ManifestIdentity | undefined> {
  const { name } = opts;
  if (name.transport === 'docker') {
    if (!opts.client) throw new Error('a registry image needs a client');
    const head = await opts.client.headManifest({
      repository: name.ref.repository,
      reference: reference(name),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return head ? { digest: head.digest, mediaType: bare(head.mediaType) } : undefined;
  }
  if (name.transport === 'dir') {
    const bytes = await readSmallFile(join(name.path, 'manifest.json'));
    if (!bytes) return undefined;
    try {
      const m = parseManifest({ bytes });
      return { digest: digestOf(bytes), mediaType: m.mediaType };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether a copy writes the source's top manifest unchanged, so digests can be compared. */
export function keepsTopManifest(
  source: ManifestIdentity,
  opts: { all: boolean; format?: 'oci' | 'v2s2' },
): boolean {
  const index = isIndexMediaType(source.mediaType);
  if (!index && !isImageManifestMediaType(source.mediaType)) return false;
  if (index && !opts.all) return false;
  if (opts.format === undefined) return true;
  const oci = source.mediaType === MEDIA_TYPES.ociManifest || source.mediaType === MEDIA_TYPES.ociIndex;
  return opts.format === 'oci' ? oci : !oci;
}

/**
 * The digest both ends share when the destination already holds the source image as the
 * copy would write it; undefined when the image must be copied (or cannot be compared).
 */
export async function unchangedDigest(opts: {
  source: ImageName;
  destination: ImageName;
  sourceClient?: RegistryClient;
  destinationClient?: RegistryClient;
  all: boolean;
  format?: 'oci' | 'v2s2';
  signal?: AbortSignal;
}): Promise<Digest | undefined> {
  const signal = opts.signal ? { signal: opts.signal } : {};
  // Both ends at once: the answer needs both, and a sync of many tags is mostly this wait.
  const [source, destination] = await Promise.all([
    manifestIdentity({
      name: opts.source,
      ...(opts.sourceClient ? { client: opts.sourceClient } : {}),
      ...signal,
    }),
    manifestIdentity({
      name: opts.destination,
      ...(opts.destinationClient ? { client: opts.destinationClient } : {}),
      ...signal,
    }),
  ]);
  if (
    !source ||
    !keepsTopManifest(source, { all: opts.all, ...(opts.format ? { format: opts.format } : {}) })
  )
    return undefined;
  return destination?.digest === source.digest ? source.digest : undefined;
}
