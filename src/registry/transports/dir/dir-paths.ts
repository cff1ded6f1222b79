import { join } from 'node:path';
import { type Digest, digestHex, parseDigest } from '../../digest/index.js';

/** The exact content of the `version` file containers/image writes and requires. */
export const DIR_VERSION = 'Directory Transport Version: 1.1\n';
export const VERSION_FILE = 'version';
/** The image's own manifest (or index). */
export const MANIFEST_FILE = 'manifest.json';

/**
 * `<dir>/<hex>`: containers/image names blobs (layers and config) by the encoded part of
 * the digest only. sha256 and sha512 hex differ in length, so the names cannot collide.
 * The digest is parsed again so the name can only be hex.
 */
export function dirBlobPath(dir: string, digest: Digest): string {
  return join(dir, digestHex(parseDigest(digest)));
}

/** `<dir>/manifest.json`, or `<dir>/<hex>.manifest.json` for a manifest an index refers to. */
export function dirManifestPath(dir: string, digest?: Digest): string {
  return digest === undefined
    ? join(dir, MANIFEST_FILE)
    : join(dir, `${digestHex(parseDigest(digest))}.manifest.json`);
}
