import { quoteInput } from './quote.js';

/** Digests quoted in messages are cut here; a valid sha512 digest (135 chars) is still shown whole. */
const DIGEST_QUOTE_MAX = 80;

/**
 * A string is not a digest berth accepts: wrong shape, wrong length, uppercase hex, or an
 * algorithm other than sha256/sha512. Raised at parse time, before the value is ever used
 * to build a URL or a file path.
 */
export class InvalidDigestError extends Error {
  override readonly name = 'InvalidDigestError';
  /** The offending input, cut to its first characters so a 10 MB string is not kept alive. */
  readonly input: string;
  /** Why it was refused, e.g. `unsupported digest algorithm "md5"`. */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`invalid digest ${quoteInput(input, DIGEST_QUOTE_MAX)}: ${reason}`);
    this.input = input.slice(0, DIGEST_QUOTE_MAX);
    this.reason = reason;
  }
}

/** Content hashed to something other than the digest it was fetched by. */
export class DigestMismatchError extends Error {
  override readonly name = 'DigestMismatchError';
  readonly expected: string;
  readonly actual: string;
  readonly what: string | undefined;

  /** @param what names the content, e.g. `blob sha256:abc…` or `manifest alpine:3.20`. */
  constructor(expected: string, actual: string, what?: string) {
    super(`digest mismatch${what ? ` for ${what}` : ''}: expected ${expected}, got ${actual}`);
    this.expected = expected;
    this.actual = actual;
    this.what = what;
  }
}

/**
 * Content was shorter or longer than its descriptor said. When the content was too long,
 * reading stopped at the first excess chunk, so `actual` is a lower bound (`atLeast`).
 */
export class SizeMismatchError extends Error {
  override readonly name = 'SizeMismatchError';
  readonly expected: number;
  readonly actual: number;
  readonly atLeast: boolean;
  readonly what: string | undefined;

  constructor(expected: number, actual: number, opts: { what?: string; atLeast?: boolean } = {}) {
    const got = `${opts.atLeast ? 'at least ' : ''}${actual}`;
    super(`size mismatch${opts.what ? ` for ${opts.what}` : ''}: expected ${expected} bytes, got ${got}`);
    this.expected = expected;
    this.actual = actual;
    this.atLeast = opts.atLeast ?? false;
    this.what = opts.what;
  }
}

/** A bounded read saw more than its limit; reading stopped there. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  readonly limit: number;
  readonly what: string;

  /** @param what names the document, e.g. `manifest` or `token response`. */
  constructor(limit: number, what: string) {
    super(`${what} exceeds the limit of ${formatBytes(limit)}`);
    this.limit = limit;
    this.what = what;
  }
}

/** `4 MiB`, `64 KiB`, or `1000 bytes`: limits are round numbers, so say them the way they were chosen. */
function formatBytes(n: number): string {
  if (n > 0 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n > 0 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
