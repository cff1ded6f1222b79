/**
 * Content digests and the checks that make downloaded bytes trustworthy.
 *
 * A `Digest` is a string that has passed `parseDigest`: `sha256:` or `sha512:` followed by
 * lowercase hex of the right length, nothing else. Everything berth fetches by digest goes
 * through `verifyStream` (blobs, hashed while they stream, size enforced chunk by chunk) or
 * `verifyBytes` (manifests held in memory), and every document read into memory goes through
 * `readBounded` with one of the limits in `limits.ts`. A mismatch is always an error, never a
 * warning.
 */

export { abortable, untilAborted } from './abortable.js';
export {
  createDigester,
  type Digest,
  type DigestAlgorithm,
  type Digester,
  digestAlgorithm,
  digestHex,
  digestOf,
  isDigest,
  parseDigest,
  shortDigest,
} from './digest.js';
export { DigestMismatchError, InvalidDigestError, LimitExceededError, SizeMismatchError } from './errors.js';
export {
  CONFIG_LIMIT,
  ERROR_BODY_LIMIT,
  MANIFEST_LIMIT,
  MAX_PAGES,
  MAX_REDIRECTS,
  TAG_PAGE_LIMIT,
  TOKEN_LIMIT,
} from './limits.js';
export { escapeUnprintable, quoteInput } from './quote.js';
export { type ReadBoundedOptions, readBounded } from './read-bounded.js';
export { type VerifyOptions, verifyBytes, verifyStream } from './verify.js';
