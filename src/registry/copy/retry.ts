/**
 * When a failed blob attempt is tried again, and after how long.
 *
 * The HTTP layer already retries idempotent requests (HEAD, GET) and resumes broken
 * downloads with `Range`; what reaches the engine is what it could not fix: a failed upload
 * (POST/PUT/PATCH are never replayed below, because their body is a one-shot stream), a
 * download that ran out of resumes, or bytes that failed verification. Another attempt
 * opens a fresh source stream and a fresh upload session, so it is always safe: nothing
 * unverified was ever published (the source stream fails instead of ending, and the
 * destination drops what it received from a failed stream).
 *
 * Digest and size mismatches are retried once they are seen to vary: a proxy or a flaky
 * link that flipped a byte will most likely not flip the same one next time. When two
 * attempts in a row produce exactly the same wrong result, the source really holds those
 * bytes, and trying again would only repeat it, so the engine gives up.
 */
import { DigestMismatchError, SizeMismatchError } from '../digest/index.js';
import { NetworkError, RETRYABLE_STATUSES, RegistryError } from '../http/index.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableNetworkError } from '../http/retry-policy.js';

/** Longest wait between two attempts of a blob, unless the registry asks for longer. */
export const MAX_BLOB_RETRY_DELAY_MS = 5000;

/**
 * What a content mismatch looked like (`DigestMismatchError:<expected>:<actual>`), to tell
 * a repeated result from a transient one; undefined for other errors.
 */
export function mismatchSignature(err: unknown): string | undefined {
  if (err instanceof DigestMismatchError) return `${err.name}:${err.expected}:${err.actual}`;
  if (err instanceof SizeMismatchError) return `${err.name}:${err.expected}:${err.actual}:${err.atLeast}`;
  return undefined;
}

/**
 * Is another attempt worth it? `previous` is the {@link mismatchSignature} of the attempt
 * before, if it failed with a mismatch.
 */
export function isRetryable(err: unknown, previous?: string): boolean {
  const mismatch = mismatchSignature(err);
  if (mismatch !== undefined) return mismatch !== previous;
  if (err instanceof RegistryError) return RETRYABLE_STATUSES.has(err.status);
  if (err instanceof NetworkError) return !err.tls;
  return isRetryableNetworkError(err);
}

/**
 * Milliseconds before attempt `retry + 1` (0 for the first retry): exponential from
 * `baseMs` with jitter, at most {@link MAX_BLOB_RETRY_DELAY_MS}; a registry's `Retry-After`
 * wins, capped as the HTTP layer caps it.
 */
export function retryDelay(
  retry: number,
  err: unknown,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const asked = err instanceof RegistryError ? err.retryAfterMs : undefined;
  if (asked !== undefined) return Math.min(asked, DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  if (baseMs <= 0) return 0;
  const policy = { ...DEFAULT_RETRY_POLICY, minDelayMs: baseMs, maxDelayMs: MAX_BLOB_RETRY_DELAY_MS };
  return backoffDelay(retry, policy, random);
}
