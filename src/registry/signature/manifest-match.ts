/**
 * Whether manifest bytes are what a signature's digest names, as containers/image's
 * `manifest.MatchesDigest` decides: the digest of the bytes, except for a signed schema 1
 * manifest, whose digest covers the payload without its JWS signatures.
 */

import type { Digest } from '../digest/index.js';
import { digestAlgorithm, digestOf, isDigest } from '../digest/index.js';
import { parseManifest } from '../manifest/index.js';

function looksSignedSchema1(bytes: Uint8Array): boolean {
  try {
    const doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown> | null;
    return doc?.schemaVersion === 1 && Array.isArray(doc.signatures);
  } catch {
    return false;
  }
}

/** The manifest's digest with `digest`'s algorithm (sha256 when `digest` is not one berth knows). */
export function manifestDigest(bytes: Uint8Array, like?: string): Digest {
  const alg = like !== undefined && isDigest(like) ? digestAlgorithm(like) : 'sha256';
  if (looksSignedSchema1(bytes)) {
    // parseManifest computes schema 1 digests over the signed payload; sha256 is all schema 1 knows.
    return parseManifest({ bytes }).digest;
  }
  return digestOf(bytes, alg);
}

/** True when `digest` (a string from an untrusted signature) names exactly these bytes. */
export function manifestMatchesDigest(bytes: Uint8Array, digest: string): boolean {
  if (!isDigest(digest)) return false;
  return manifestDigest(bytes, digest) === digest;
}
