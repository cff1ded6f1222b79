/**
 * The exact bytes of each manifest a copy writes. A manifest that needs no change keeps the
 * bytes it was read with, so its digest is preserved; only a converted image or an index
 * whose entries changed is serialised anew (with `serializeManifest`, which lays JSON out
 * as c/image does).
 */
import { type Digest, digestOf } from '../digest/index.js';
import { type ImageIndex, serializeManifest } from '../manifest/index.js';
import { convertIndex, imageMediaType, indexMediaType } from './convert.js';
import type { PlannedImage, PlannedIndex } from './plan.js';

/** A manifest as it is written. */
export interface RenderedManifest {
  bytes: Uint8Array;
  digest: Digest;
  mediaType: string;
}

function rendered(doc: Parameters<typeof serializeManifest>[0], mediaType: string): RenderedManifest {
  const bytes = serializeManifest({ ...doc, mediaType });
  return { bytes, digest: digestOf(bytes), mediaType };
}

/** The manifest of one planned image. */
export function renderImage(image: PlannedImage): RenderedManifest {
  if (!image.converted) {
    const { bytes, digest, mediaType } = image.source;
    return { bytes, digest, mediaType };
  }
  return rendered(image.doc, imageMediaType(image.family));
}

/**
 * The index, its entries pointing at the children as written (`children` maps a source
 * child digest to what was written for it); entries whose child was not copied stay as
 * they are (`index-only`).
 */
export function renderIndex(
  index: PlannedIndex,
  children: ReadonlyMap<Digest, RenderedManifest>,
): RenderedManifest {
  let changed = index.edited;
  const manifests = index.list.map((entry) => {
    const child = children.get(entry.digest);
    if (!child || (child.digest === entry.digest && child.mediaType === entry.mediaType)) return entry;
    changed = true;
    return { ...entry, mediaType: child.mediaType, digest: child.digest, size: child.bytes.byteLength };
  });
  if (!changed) {
    const { bytes, digest, mediaType } = index.source;
    return { bytes, digest, mediaType };
  }
  const doc: ImageIndex = { ...index.source.doc, manifests };
  const out = index.family === index.source.format ? doc : convertIndex(doc, index.family);
  return rendered(out, indexMediaType(index.family));
}
