/**
 * skopeo's whole-operation retry (`--retry-times`, `--retry-delay`; containers/common
 * `pkg/retry`): when an operation fails for a transient reason it is run again, after 2^n
 * seconds (1 s, 2 s, 4 s, …) or after the fixed `--retry-delay`. The HTTP layer already retries
 * single idempotent requests; this covers what it gave up on. Answers that will not change —
 * 404, 401, 403, a refused delete, a TLS failure — are never retried.
 */
import { NetworkError, RETRYABLE_STATUSES, RegistryError } from '../../registry/http/index.js';
import { abortableSleep, isRetryableNetworkError } from '../../registry/http/retry-policy.js';

/** Options for {@link withRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt (`--retry-times`, default 0). */
  times: number;
  /** Fixed delay (`--retry-delay`); undefined for 2^n seconds. */
  delayMs?: number;
  signal?: AbortSignal;
  /** Told about each retry before its wait (skopeo warns "Failed, retrying in …"). */
  onRetry?: (info: { attempt: number; times: number; delayMs: number; error: unknown }) => void;
  /** Test seam; default an abortable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Is `err` (or what it wraps) a failure another attempt may not repeat? */
export function isTransient(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof RegistryError) return RETRYABLE_STATUSES.has(current.status);
    if (current instanceof NetworkError) return !current.tls;
    current = current.cause;
  }
  return isRetryableNetworkError(err);
}

/** Runs `fn`, and again up to `times` more times while it fails with {@link isTransient} errors. */
export async function withRetry<T>(opts: RetryOptions, fn: () => Promise<T>): Promise<T> {
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.times || opts.signal?.aborted || !isTransient(err)) throw err;
      const delayMs = opts.delayMs ?? 1000 * 2 ** attempt;
      opts.onRetry?.({ attempt: attempt + 1, times: opts.times, delayMs, error: err });
      await sleep(delayMs, opts.signal);
    }
  }
}
