import { createHash } from 'node:crypto';
import { InvalidDigestError } from './errors.js';

/**
 * A content digest such as `sha256:9f86d0…`, already checked by {@link parseDigest}.
 * The brand stops a raw string from being passed where a verified digest is required.
 */
export type Digest = string & { readonly __digest: unique symbol };

/** The algorithms berth verifies. Anything else fails closed: content is never copied unverified. */
export type DigestAlgorithm = 'sha256' | 'sha512';

/** Hex length of each supported algorithm's encoded part. */
const HEX_LENGTH: Readonly<Record<DigestAlgorithm, number>> = { sha256: 64, sha512: 128 };

/** `sha512:` plus 128 hex characters: nothing longer can be valid, so longer input is refused unread. */
const MAX_DIGEST_LENGTH = 'sha512:'.length + HEX_LENGTH.sha512;

/** The OCI algorithm grammar (image-spec descriptor.md), used only to word the error well. */
const ALGORITHM_GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const LOWER_HEX = /^[a-f0-9]+$/;

function isAlgorithm(s: string): s is DigestAlgorithm {
  return s === 'sha256' || s === 'sha512';
}

/**
 * Checks that `s` is `sha256:` + 64 lowercase hex or `sha512:` + 128 lowercase hex.
 * Uppercase hex, other algorithms, path characters and over-long input are refused, so a
 * `Digest` is always safe to put in a URL or a file name.
 *
 * @throws {InvalidDigestError} with a one-line reason.
 */
export function parseDigest(s: string): Digest {
  if (typeof s !== 'string' || s.length === 0) throw new InvalidDigestError(String(s ?? ''), 'empty digest');
  // Length first: the regexes below never see more than MAX_DIGEST_LENGTH characters.
  if (s.length > MAX_DIGEST_LENGTH) {
    throw new InvalidDigestError(s, `too long (${s.length} characters, at most ${MAX_DIGEST_LENGTH})`);
  }
  const colon = s.indexOf(':');
  if (colon <= 0) throw new InvalidDigestError(s, 'expected <algorithm>:<hex>');
  const algorithm = s.slice(0, colon);
  const hex = s.slice(colon + 1);
  if (!isAlgorithm(algorithm)) {
    const reason = ALGORITHM_GRAMMAR.test(algorithm)
      ? `unsupported digest algorithm "${algorithm}"`
      : 'invalid digest algorithm (expected lowercase sha256 or sha512)';
    throw new InvalidDigestError(s, reason);
  }
  const want = HEX_LENGTH[algorithm];
  if (hex.length !== want) {
    throw new InvalidDigestError(s, `${algorithm} needs ${want} hex characters, got ${hex.length}`);
  }
  if (!LOWER_HEX.test(hex)) throw new InvalidDigestError(s, 'encoded part must be lowercase hex');
  return s as Digest;
}

/** True when {@link parseDigest} would accept `s`. */
export function isDigest(s: string): s is Digest {
  try {
    parseDigest(s);
    return true;
  } catch {
    return false;
  }
}

/** The algorithm half of a digest: `sha256` or `sha512`. */
export function digestAlgorithm(d: Digest): DigestAlgorithm {
  return d.slice(0, d.indexOf(':')) as DigestAlgorithm;
}

/** The hex half of a digest, without the algorithm. */
export function digestHex(d: Digest): string {
  return d.slice(d.indexOf(':') + 1);
}

/** The first 12 hex characters, as skopeo prints blob ids (`Copying blob 5d20c808ce19 done`). */
export function shortDigest(d: Digest): string {
  return digestHex(d).slice(0, 12);
}

/** An incremental hash that ends in a {@link Digest}. */
export interface Digester {
  update(chunk: Uint8Array): void;
  /** The digest of everything passed to `update`. Further `update` calls are refused once this was called. */
  digest(): Digest;
}

/** Starts an incremental hash over node:crypto. */
export function createDigester(alg: DigestAlgorithm = 'sha256'): Digester {
  if (!isAlgorithm(alg)) throw new InvalidDigestError(String(alg), `unsupported digest algorithm "${alg}"`);
  const hash = createHash(alg);
  let result: Digest | undefined;
  return {
    update(chunk) {
      if (result !== undefined) throw new Error('digester already finished');
      hash.update(chunk);
    },
    digest() {
      result ??= `${alg}:${hash.digest('hex')}` as Digest;
      return result;
    },
  };
}

/** The digest of `data`; a string is hashed as its UTF-8 bytes. */
export function digestOf(data: Uint8Array | string, alg: DigestAlgorithm = 'sha256'): Digest {
  const d = createDigester(alg);
  d.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return d.digest();
}
