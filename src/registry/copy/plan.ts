/**
 * What a copy will do, decided before any blob moves: which images (platform selection),
 * in which manifest family (conversion), whether the index is written as it is or edited,
 * and the distinct blobs behind all of it. Every reason a copy cannot keep digests is found
 * here, so `preserveDigests` fails before anything is sent.
 */
import type { Digest } from '../digest/index.js';
import {
  type Descriptor,
  type HostPlatformOptions,
  type ImageManifest,
  isNondistributableMediaType,
  type Manifest,
  type ManifestFormat,
  type NodeHost,
  type ParsedImageIndex,
  type ParsedImageManifest,
} from '../manifest/index.js';
import { convertImageManifest, imageMediaType, indexMediaType } from './convert.js';
import type { BlobRef } from './events.js';
import { targetFamily } from './formats.js';
import type { ManifestFormatOption, PlatformSelection } from './options.js';
import { selectInstances } from './select.js';

/** One image to copy. */
export interface PlannedImage {
  source: ParsedImageManifest;
  /** The index entry it was chosen by; undefined for a single-manifest source. */
  entry?: Descriptor;
  /** The manifest to write (before any blob rewrite): the source's, or converted. */
  doc: ImageManifest;
  family: ManifestFormat;
  /** `doc` differs from the source, so its bytes are rebuilt. */
  converted: boolean;
  /**
   * A config made by the conversion (Docker → OCI re-encodes it, as c/image does): `doc.config`
   * names it, the source does not have it, and it is written from these bytes.
   */
  generatedConfig?: Uint8Array;
  role: 'child' | 'top';
}

/** The index to write, when the destination name ends up pointing at one. */
export interface PlannedIndex {
  source: ParsedImageIndex;
  /** Entries the written index lists, as the source has them. */
  list: Descriptor[];
  family: ManifestFormat;
  /** Entries were left out or the family changes, so its bytes are rebuilt. */
  edited: boolean;
}

export interface CopyPlan {
  /** Children first, in index order; the top image (if any) last. */
  images: PlannedImage[];
  index?: PlannedIndex;
  /** Images the source lists (1 for a single manifest). */
  listed: number;
}

export interface PlanOptions {
  top: Manifest;
  /** Reads an index entry's manifest (verified against its digest). */
  fetchChild: (entry: Descriptor) => Promise<Manifest>;
  /** Reads a config blob, for conversions that re-encode it (bounded; checked by the caller too). */
  fetchConfig: (config: Descriptor) => Promise<Uint8Array>;
  platforms: PlatformSelection;
  platform?: HostPlatformOptions;
  format?: ManifestFormatOption;
  /** The destination's `supportedManifestTypes`. */
  supported: readonly string[];
  preserveDigests: boolean;
  /** The destination's `keepsBlobsAsIs`. */
  keepsBlobsAsIs: boolean;
  /** The machine `'system'` means; defaults to the running one. */
  host?: NodeHost;
}

function unsupported(m: Manifest, what: string): Error {
  if (m.kind === 'schema1') {
    return new Error(
      `${what} is a Docker schema 1 manifest, which berth does not copy (copy it with a tool that converts it)`,
    );
  }
  return new Error(`${what} is itself an image index; nested indexes are not copied`);
}

async function planImage(
  source: Manifest,
  role: 'child' | 'top',
  opts: PlanOptions,
  entry?: Descriptor,
): Promise<PlannedImage> {
  if (source.kind !== 'image')
    throw unsupported(source, entry ? `index entry ${entry.digest}` : 'the source');
  const family = targetFamily({
    kind: 'image',
    source: source.format,
    format: opts.format,
    supported: opts.supported,
  });
  const converted = family !== source.format;
  if (!converted) return { source, ...(entry ? { entry } : {}), doc: source.doc, family, converted, role };
  if (opts.preserveDigests) {
    throw new Error(
      `cannot preserve digests: converting ${source.mediaType} to ${imageMediaType(family)} changes the manifest digest`,
    );
  }
  // Only Docker → OCI needs the config (it is re-encoded); the other way is a manifest edit.
  const sourceConfig = family === 'oci' ? await opts.fetchConfig(source.doc.config) : undefined;
  const out = convertImageManifest(source.doc, family, sourceConfig);
  return {
    source,
    ...(entry ? { entry } : {}),
    doc: out.doc,
    family,
    converted,
    ...(out.config ? { generatedConfig: out.config } : {}),
    role,
  };
}

async function fetchChecked(entry: Descriptor, opts: PlanOptions): Promise<Manifest> {
  const child = await opts.fetchChild(entry);
  if (child.digest !== entry.digest || child.bytes.byteLength !== entry.size) {
    throw new Error(
      `index entry ${entry.digest} (${entry.size} bytes) was read as ${child.digest} (${child.bytes.byteLength} bytes)`,
    );
  }
  return child;
}

/**
 * Decides the copy. Reads the chosen children of an index (one at a time; they are small).
 *
 * @throws {Error} on a platform that is not there, a manifest berth cannot copy or convert,
 *   or a digest that `preserveDigests` would have to change.
 */
export async function planCopy(opts: PlanOptions): Promise<CopyPlan> {
  const { top } = opts;
  if (opts.preserveDigests && !opts.keepsBlobsAsIs) {
    throw new Error(
      'cannot preserve digests: the destination stores layers in another form (uncompressed), which changes their digests',
    );
  }
  if (top.kind !== 'index') return { images: [await planImage(top, 'top', opts)], listed: 1 };

  const selection = selectInstances(top.doc, opts.platforms, opts.platform, opts.host);
  const children: Manifest[] = [];
  for (const entry of selection.copy) children.push(await fetchChecked(entry, opts));
  const listed = top.doc.manifests.length;
  if (selection.top === 'image') {
    const entry = selection.copy[0] as Descriptor;
    return { images: [await planImage(children[0] as Manifest, 'top', opts, entry)], listed };
  }
  const images: PlannedImage[] = [];
  for (const [i, child] of children.entries()) {
    images.push(await planImage(child, 'child', opts, selection.copy[i]));
  }
  const family = targetFamily({
    kind: 'index',
    source: top.format,
    format: opts.format,
    supported: opts.supported,
  });
  const dropped = selection.list.length !== listed;
  const edited = dropped || family !== top.format;
  if (edited && opts.preserveDigests) {
    const why = dropped
      ? `listing ${selection.list.length} of the index's ${listed} images changes its digest`
      : `converting ${top.mediaType} to ${indexMediaType(family)} changes the index digest`;
    throw new Error(`cannot preserve digests: ${why}`);
  }
  return { images, index: { source: top, list: selection.list, family, edited }, listed };
}

/** A blob to copy, with what events say about it. */
export interface BlobTask {
  descriptor: Descriptor;
  ref: BlobRef;
  /** The blob's bytes when the copy made it (a re-encoded config); otherwise it comes from the source. */
  bytes?: Uint8Array;
}

/**
 * Layers that stay where their `urls` point (Windows base layers): registries accept
 * manifests that reference them without holding them, and fetching them would mean
 * following manifest-supplied URLs to arbitrary hosts. They are not copied.
 */
export function isForeignLayer(d: Descriptor): boolean {
  return isNondistributableMediaType(d.mediaType) && (d.urls?.length ?? 0) > 0;
}

/** Every distinct blob of the plan's images, each once: layers, then the config, image by image (skopeo's order). */
export function planBlobs(plan: CopyPlan): BlobTask[] {
  const seen = new Set<Digest>();
  const tasks: BlobTask[] = [];
  const add = (descriptor: Descriptor, kind: BlobRef['kind'], bytes?: Uint8Array): void => {
    if (seen.has(descriptor.digest) || isForeignLayer(descriptor)) return;
    seen.add(descriptor.digest);
    const { digest, size, mediaType } = descriptor;
    tasks.push({ descriptor, ref: { digest, size, mediaType, kind }, ...(bytes ? { bytes } : {}) });
  };
  for (const image of plan.images) {
    for (const layer of image.doc.layers) add(layer, 'layer');
    add(image.doc.config, 'config', image.generatedConfig);
  }
  return tasks;
}
