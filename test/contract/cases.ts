/**
 * The cases the contract generates for each transport, from what its factory says it can
 * do. A case a transport cannot do is not generated (never skipped), and the reason is the
 * factory field that rules it out: a manifest type outside `manifestTypes`, or
 * `preservesManifest: false`.
 */
import { randomBytes } from 'node:crypto';
import { MEDIA_TYPES } from '../../src/registry/manifest/index.js';
import { tarGz } from '../harness/index.js';
import { type Format, type MemoryImage, makeImage, makeIndex } from './images.js';
import { ALL_V2_TYPES, type TransportFactory } from './transports.js';

export const FORMATS: readonly Format[] = ['oci', 'docker'];
const LABEL = { oci: 'an OCI', docker: 'a Docker' } as const;

/** The manifest media type of a format's image or index. */
export function manifestType(format: Format, index: boolean): string {
  if (format === 'oci') return index ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
  return index ? MEDIA_TYPES.dockerManifestList : MEDIA_TYPES.dockerManifest;
}

const isIndexType = (type: string) =>
  type === MEDIA_TYPES.ociIndex || type === MEDIA_TYPES.dockerManifestList;
const takesIndexes = (t: TransportFactory) => t.manifestTypes.some(isIndexType);
/** Real tar.gz layers, so transports that decompress layers have something to decompress. */
const gzLayer = (size: number) => tarGz([{ name: 'data.bin', content: randomBytes(size) }]);

function make(format: Format, index: boolean, gzip = false): () => MemoryImage {
  const makeLayer = gzip ? { makeLayer: gzLayer } : {};
  return index
    ? () => makeIndex({ format, architectures: ['amd64', 'arm64', 'ppc64le'], ...makeLayer })
    : () => makeImage({ format, ...makeLayer });
}

const what = (format: Format, index: boolean, gzip = false) =>
  `${LABEL[format]} ${index ? 'multi-arch index' : 'image'}${gzip ? ' with tar.gz layers' : ''}`;

export interface ImageCase {
  name: string;
  /** What reading it back gives, in words. */
  outcome: string;
  make: () => MemoryImage;
}

/** Every manifest type `t` accepts, as an image or index to write directly; single images also with tar.gz layers. */
export function imageCases(t: TransportFactory): ImageCase[] {
  const outcome = t.preservesManifest
    ? 'unchanged'
    : 'as the same config and uncompressed layers under a Docker manifest built over them';
  const cases: ImageCase[] = [];
  for (const format of FORMATS) {
    for (const [index, gzip] of [
      [false, false],
      [false, true],
      [true, false],
    ] as const) {
      if (!t.manifestTypes.includes(manifestType(format, index))) continue;
      cases.push({ name: what(format, index, gzip), outcome, make: make(format, index, gzip) });
    }
  }
  return cases;
}

/** A single image `t` accepts as it is. */
export function someImage(t: TransportFactory): MemoryImage {
  const format = FORMATS.find((f) => t.manifestTypes.includes(manifestType(f, false)));
  if (!format) throw new Error(`${t.name} accepts no single-image manifest type`);
  return makeImage({ format });
}

/** The manifest types `putManifest` of `t` must refuse. */
export function refusedTypes(t: TransportFactory): { mediaType: string; make: () => MemoryImage }[] {
  const refused = ALL_V2_TYPES.filter((type) => !t.manifestTypes.includes(type));
  if (refused.length > 0 && !t.refusal) throw new Error(`${t.name} refuses types but has no refusal pattern`);
  return refused.map((mediaType) => {
    const format: Format = mediaType.startsWith('application/vnd.oci.') ? 'oci' : 'docker';
    return { mediaType, make: make(format, isIndexType(mediaType)) };
  });
}

export interface PreserveCase {
  name: string;
  /** Whether the copy keeps the digest (else `preserveDigests` must refuse it). */
  keeps: boolean;
  make: () => MemoryImage;
}

/**
 * Copies through the engine with `preserveDigests` of every image and index `t` can
 * receive: kept when `t` stores the type as written, refused when it would convert it or
 * (without `preservesManifest`) rebuild the manifest.
 */
export function preserveCases(t: TransportFactory): PreserveCase[] {
  const cases: PreserveCase[] = [];
  for (const format of FORMATS) {
    for (const index of [false, true]) {
      const type = manifestType(format, index);
      const flipped = manifestType(format === 'oci' ? 'docker' : 'oci', index);
      const accepted = t.manifestTypes.includes(type);
      if (!accepted && !t.manifestTypes.includes(flipped)) continue;
      const keeps = accepted && t.preservesManifest;
      const why = !accepted
        ? `it would convert it to ${format === 'oci' ? 'Docker' : 'OCI'}`
        : 'it rebuilds the manifest';
      cases.push({
        name: keeps
          ? `copies ${what(format, index)} with preserveDigests, keeping its digest`
          : `refuses to copy ${what(format, index)} with preserveDigests, as ${why}, and writes nothing`,
        keeps,
        make: make(format, index),
      });
    }
  }
  return cases;
}

export interface PairCase {
  name: string;
  other: TransportFactory;
  make: () => MemoryImage;
}

/** How an image `from` serves (of `type`) ends up at `to`, in words. */
function arrival(to: TransportFactory, type: string, fromPreserves: boolean): string {
  if (!to.preservesManifest) return 'kept as an image under a manifest of its own';
  if (!to.manifestTypes.includes(type))
    return `converted to ${type.startsWith('application/vnd.oci.') ? 'Docker' : 'OCI'}, every blob kept`;
  return fromPreserves ? 'keeping every digest' : "keeping the archive's manifest exactly";
}

/**
 * `t` → other → `t` through the copy engine, for every transport and every format `t`
 * takes directly: the richest image both ends hold (an index where both take indexes).
 */
export function pairCases(t: TransportFactory, transports: readonly TransportFactory[]): PairCase[] {
  const cases: PairCase[] = [];
  for (const other of transports) {
    for (const format of FORMATS) {
      if (!t.manifestTypes.includes(manifestType(format, false))) continue;
      const index = t.manifestTypes.includes(manifestType(format, true)) && takesIndexes(other);
      const served = t.preservesManifest ? manifestType(format, index) : MEDIA_TYPES.dockerManifest;
      cases.push({
        name: `copies ${what(format, index)} to ${other.name} and back, ${arrival(other, served, t.preservesManifest)}`,
        other,
        make: make(format, index),
      });
    }
  }
  return cases;
}
