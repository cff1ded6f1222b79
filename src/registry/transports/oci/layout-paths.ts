import { join } from 'node:path';
import { type Digest, digestAlgorithm, digestHex, parseDigest } from '../../digest/index.js';

/** The file that marks a directory as an OCI image layout (image-spec `image-layout.md`). */
export const OCI_LAYOUT_FILE = 'oci-layout';
/** The layout's entry point: an image index naming the images it holds. */
export const INDEX_FILE = 'index.json';
/** The layout version berth writes. */
export const LAYOUT_VERSION = '1.0.0';
/** The annotation that names an image in `index.json` (`oci:path:NAME`). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/**
 * `<root>/blobs/<alg>/<hex>`. The digest is parsed again here, so whatever reaches this
 * function, the path can only be the two fixed components the digest grammar allows: no
 * `..`, no separators, no uppercase.
 */
export function layoutBlobPath(root: string, digest: Digest): string {
  const d = parseDigest(digest);
  return join(root, 'blobs', digestAlgorithm(d), digestHex(d));
}
