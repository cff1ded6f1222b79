/**
 * What a transport should read back after an image was written to it, computed from the
 * image itself so every contract case compares exact values:
 *  - a destination that does not accept the image's manifest family gets it converted by
 *    the copy engine (`oci:` and `oci-archive:` take OCI only, as skopeo writes them), with
 *    the engine's own conversion functions and JSON layout: layers keep their bytes and
 *    digests; Docker → OCI, the config is re-encoded as containers/image does (a new blob
 *    the manifest names), OCI → Docker it keeps its bytes;
 *  - a transport that does not keep manifests (docker-archive) keeps the config bytes and
 *    the layers (uncompressed, where it stores them so) and serves a Docker schema 2
 *    manifest built over them, as its source builds it.
 */
import { gunzipSync } from 'node:zlib';
import { type ConvertedImage, convertImageManifest, convertIndex } from '../../src/registry/copy/index.js';
import { type Digest, digestOf } from '../../src/registry/digest/index.js';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type ManifestFormat,
  MEDIA_TYPES,
  parseManifest,
  serializeManifest,
} from '../../src/registry/manifest/index.js';
import type { ManifestBytes, MemoryBlob, MemoryImage } from './images.js';
import type { TransportFactory } from './transports.js';

const isGzip = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;

function bytesOf(doc: ImageManifest | ImageIndex): ManifestBytes {
  const bytes = serializeManifest(doc);
  return { bytes, digest: digestOf(bytes), mediaType: doc.mediaType! };
}

function imageDoc(m: ManifestBytes): ImageManifest {
  const parsed = parseManifest({ bytes: m.bytes, contentType: m.mediaType });
  if (parsed.kind !== 'image') throw new Error(`expected an image manifest, got ${parsed.mediaType}`);
  return parsed.doc;
}

/** The family of a manifest media type. */
export function familyOf(mediaType: string): ManifestFormat {
  return mediaType.startsWith('application/vnd.oci.') ? 'oci' : 'docker';
}

/**
 * Blobs with the descriptors `images` give them: the same bytes under the docs' media types,
 * and a config the conversion re-encoded in place of the source's.
 */
function reDescribed(blobs: Map<Digest, MemoryBlob>, images: ConvertedImage[]): Map<Digest, MemoryBlob> {
  const out = new Map<Digest, MemoryBlob>();
  for (const { doc, config } of images) {
    for (const descriptor of [doc.config, ...doc.layers]) {
      const bytes = descriptor === doc.config && config ? config : blobs.get(descriptor.digest)?.bytes;
      if (!bytes) throw new Error(`no blob ${descriptor.digest}`);
      out.set(descriptor.digest, { descriptor, bytes });
    }
  }
  return out;
}

/** `doc` converted to `to` as the engine converts it (Docker → OCI re-encodes the config). */
function convert(doc: ImageManifest, to: ManifestFormat, blobs: Map<Digest, MemoryBlob>): ConvertedImage {
  return convertImageManifest(doc, to, blobs.get(doc.config.digest)?.bytes);
}

/** `image` as the copy engine writes it in family `to`: children first, the index over them. */
export function convertedImage(image: MemoryImage, to: ManifestFormat): MemoryImage {
  const top = parseManifest({ bytes: image.top.bytes, contentType: image.top.mediaType });
  if (top.kind === 'image') {
    const converted = convert(top.doc, to, image.blobs);
    return { top: bytesOf(converted.doc), children: [], blobs: reDescribed(image.blobs, [converted]) };
  }
  if (top.kind !== 'index') throw new Error(`cannot convert a ${top.mediaType}`);
  const converted = image.children.map((c) => convert(imageDoc(c), to, image.blobs));
  const children = converted.map((c) => bytesOf(c.doc));
  const manifests = top.doc.manifests.map((entry, i) => ({
    ...entry,
    mediaType: children[i]!.mediaType,
    digest: children[i]!.digest,
    size: children[i]!.bytes.byteLength,
  }));
  const index = convertIndex({ ...top.doc, manifests }, to);
  return { top: bytesOf(index), children, blobs: reDescribed(image.blobs, converted) };
}

/**
 * The single image `image` as an archive that keeps no manifest serves it: the config as it
 * is, each layer as stored (gzip layers decompressed when `uncompressed`), and a Docker
 * schema 2 manifest over them (uncompressed layers are named by their diff_id).
 */
export function rebuiltImage(image: MemoryImage, opts: { uncompressed: boolean }): MemoryImage {
  if (image.children.length > 0) throw new Error('an archive without manifests holds single images only');
  const doc = imageDoc(image.top);
  const blob = (d: Descriptor) => image.blobs.get(d.digest)!.bytes;
  const config: MemoryBlob = {
    descriptor: { mediaType: MEDIA_TYPES.dockerConfig, digest: doc.config.digest, size: doc.config.size },
    bytes: blob(doc.config),
  };
  const layers = doc.layers.map((d): MemoryBlob => {
    const stored = blob(d);
    const gzip = isGzip(stored);
    const bytes = gzip && opts.uncompressed ? gunzipSync(stored) : stored;
    const mediaType =
      gzip && !opts.uncompressed ? MEDIA_TYPES.dockerLayer : MEDIA_TYPES.dockerLayerUncompressed;
    return { descriptor: { mediaType, digest: digestOf(bytes), size: bytes.byteLength }, bytes };
  });
  const top = bytesOf({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: config.descriptor,
    layers: layers.map((l) => l.descriptor),
  });
  const blobs = new Map([config, ...layers].map((b) => [b.descriptor.digest, b]));
  return { top, children: [], blobs };
}

/** What the copy engine hands `t` for `image`: as it is, or converted to the family `t` takes. */
export function receivedBy(t: TransportFactory, image: MemoryImage): MemoryImage {
  if (t.manifestTypes.includes(image.top.mediaType)) return image;
  const to: ManifestFormat = familyOf(image.top.mediaType) === 'oci' ? 'docker' : 'oci';
  const converted = convertedImage(image, to);
  if (!t.manifestTypes.includes(converted.top.mediaType))
    throw new Error(`${t.name} takes neither ${image.top.mediaType} nor ${converted.top.mediaType}`);
  return converted;
}

/** What `t` reads back after `image` (of a type it accepts) was written to it. */
export function storedBy(t: TransportFactory, image: MemoryImage): MemoryImage {
  return t.preservesManifest ? image : rebuiltImage(image, { uncompressed: t.storesUncompressed });
}

/** What `t` reads back after the copy engine copied `image` into it. */
export function expectedAt(t: TransportFactory, image: MemoryImage): MemoryImage {
  return storedBy(t, receivedBy(t, image));
}
