import { type Digest, SizeMismatchError } from '../../digest/index.js';
import { type Descriptor, type Manifest, parseManifest } from '../../manifest/index.js';

/**
 * A manifest read from a layout (a directory or an oci-archive), by digest. The top one must
 * have the size its index.json entry gives, and the entry's media type plays the part of a
 * registry's Content-Type; a child is checked against its digest alone.
 */
export function parseLayoutManifest(opts: { bytes: Uint8Array; digest: Digest; top: Descriptor }): Manifest {
  const { bytes, digest, top } = opts;
  const isTop = digest === top.digest;
  if (isTop && bytes.length !== top.size) {
    throw new SizeMismatchError(top.size, bytes.length, { what: `manifest ${digest}` });
  }
  return parseManifest({ bytes, contentType: isTop ? top.mediaType : undefined, expectedDigest: digest });
}
