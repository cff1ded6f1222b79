import { abortable } from './abortable.js';
import { createDigester, type Digest, digestAlgorithm, parseDigest } from './digest.js';
import { DigestMismatchError, SizeMismatchError } from './errors.js';

/** What content must hash to, and optionally how long it must be. */
export interface VerifyOptions {
  digest: Digest;
  /** Exact size in bytes; more is refused at the first excess chunk, less when the source ends. */
  size?: number;
  signal?: AbortSignal;
  /** Names the content in error messages, e.g. `blob sha256:abc…`. */
  what?: string;
}

function checkSize(size: number | undefined): void {
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw new RangeError(`size must be a non-negative safe integer, got ${size}`);
  }
}

/**
 * Passes `source` through while hashing it with the algorithm the digest names.
 *
 * The size is checked before each chunk is yielded, so excess bytes never reach the consumer.
 * When the source ends, a short size or a wrong hash is thrown *instead of* finishing, so a
 * consumer piping this into a destination sees a failed read before it can commit. A
 * consumer that stops early (e.g. a tar parser at the end-of-archive marker) skips the final
 * check, so it must drain the iterator to the end to get the verdict.
 *
 * @throws {SizeMismatchError} on more or fewer bytes than `size`.
 * @throws {DigestMismatchError} when the bytes hash to something else.
 * @throws the signal's reason when `signal` aborts.
 */
export async function* verifyStream(
  source: AsyncIterable<Uint8Array>,
  opts: VerifyOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  // Re-parse: a value cast to Digest must still fail closed before any byte is read.
  const digest = parseDigest(opts.digest);
  const { size, signal, what } = opts;
  checkSize(size);
  const hasher = createDigester(digestAlgorithm(digest));
  let received = 0;
  for await (const chunk of abortable(source, signal)) {
    if (size !== undefined && received + chunk.byteLength > size) {
      throw new SizeMismatchError(size, received + chunk.byteLength, { what, atLeast: true });
    }
    received += chunk.byteLength;
    hasher.update(chunk);
    yield chunk;
  }
  if (size !== undefined && received !== size) throw new SizeMismatchError(size, received, { what });
  const actual = hasher.digest();
  if (actual !== digest) throw new DigestMismatchError(digest, actual, what);
}

/**
 * Checks an in-memory document (a manifest, a config) against its digest and size.
 * Hashes the exact bytes: never re-serialise JSON before verifying it.
 *
 * @throws {SizeMismatchError} or {DigestMismatchError}.
 */
export function verifyBytes(data: Uint8Array, opts: Omit<VerifyOptions, 'signal'>): void {
  const digest = parseDigest(opts.digest);
  checkSize(opts.size);
  // Size first, as the image-spec asks: it is cheap and refuses oversized content before hashing.
  if (opts.size !== undefined && data.byteLength !== opts.size) {
    throw new SizeMismatchError(opts.size, data.byteLength, { what: opts.what });
  }
  const d = createDigester(digestAlgorithm(digest));
  d.update(data);
  const actual = d.digest();
  if (actual !== digest) throw new DigestMismatchError(digest, actual, opts.what);
}
