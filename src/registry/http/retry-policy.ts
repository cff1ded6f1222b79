/**
 * When a request may be sent again, and how long to wait first.
 *
 * Statuses: 408, 429, 502, 503 and 504 are transient by definition. berth also retries
 * 500 (reliability.md §8 leaves this open): c/common does not, but go-containerregistry
 * and regclient do, and in practice registries answer 500 for overload and storage
 * back-end hiccups (e.g. Docker Hub and ECR during incidents) far more often than for
 * requests that would fail again. Only idempotent requests get here, so a retried 500
 * costs a few seconds at worst. Other 4xx are answers, not failures, and are returned.
 */

/** Retry tuning. Delays are in milliseconds. */
export interface RetryPolicy {
  /** Attempts after the first (so 4 means at most 5 requests). */
  maxRetries: number;
  /** Backoff before the first retry; it doubles with each attempt. */
  minDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap of a server's `Retry-After`; a longer wish is shortened to this. */
  maxRetryAfterMs: number;
}

/** Up to 5 attempts, 0.2 s doubling to at most 10 s, and at most a minute for a server's `Retry-After`. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 4,
  minDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses worth another attempt of an idempotent request. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Error codes of failures that say nothing about the request itself: the connection was
 * refused, reset or timed out, or DNS failed. Node's errno names and undici's own codes.
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** The `code` of an error or of any error in its `cause` chain (a few levels deep). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

/** True for network failures worth retrying; certificate failures never are. */
export function isRetryableNetworkError(err: unknown): boolean {
  return errorCodes(err).some((code) => RETRYABLE_CODES.has(code));
}

/**
 * Milliseconds to wait before retry number `attempt` (0 for the first retry): exponential
 * from `minDelayMs`, capped at `maxDelayMs`, with "equal jitter" (half fixed, half random)
 * so parallel transfers that failed together don't retry in lockstep.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Returns the wait
 * in milliseconds, 0 for a date in the past, or undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10) * 1000;
  // Date.parse also accepts ISO and other shapes; all three HTTP date forms start with a weekday.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
