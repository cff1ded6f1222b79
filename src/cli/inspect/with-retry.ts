/**
 * skopeo's `--retry-times` / `--retry-delay` (containers/common `retry.IfNecessary`): an
 * operation that failed for a transient reason — no answer at all, a 5xx, a 429 — is run
 * again up to N more times, waiting `--retry-delay` or 1s, 2s, 4s, … in between. Errors
 * that will not change (not found, unauthorized, bad input, TLS) fail at once. This sits
 * above the HTTP layer's own per-request retries, as skopeo's does above c/image's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { NetworkError, RegistryError } from '../../registry/http/index.js';
import { parseGoDuration } from '../duration.js';
import { UsageError } from '../errors.js';

export interface RetryOptions {
  /** Extra attempts after the first (`--retry-times`, default 0). */
  times: number;
  /** Fixed delay (`--retry-delay`); otherwise 2^attempt seconds. */
  delayMs?: number;
  signal?: AbortSignal;
  /** Told about each retry (berth prints it as a warning). */
  onRetry?: (message: string) => void;
}

/** Reads `--retry-times` and `--retry-delay`. */
export function retryFlags(argv: Record<string, unknown>): Pick<RetryOptions, 'times' | 'delayMs'> {
  const times = argv['retry-times'];
  if (times !== undefined && (typeof times !== 'number' || !Number.isSafeInteger(times) || times < 0)) {
    throw new UsageError(`invalid --retry-times ${String(times)}: want a non-negative integer`);
  }
  const delay = argv['retry-delay'];
  const out: Pick<RetryOptions, 'times' | 'delayMs'> = { times: typeof times === 'number' ? times : 0 };
  // As in skopeo, a zero delay means "exponential".
  const delayMs = typeof delay === 'string' && delay !== '' ? parseGoDuration(delay) : 0;
  if (delayMs > 0) out.delayMs = delayMs;
  return out;
}

/** Whether trying again could help: a request that got no answer, a 5xx or a 429. */
export function isRetryable(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 8; depth++) {
    if (cur instanceof NetworkError) return !cur.tls;
    if (cur instanceof RegistryError) return cur.status === 429 || cur.status >= 500;
    cur = cur.cause;
  }
  return false;
}

function describeDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Runs `operation`, again after transient failures, as `retry.IfNecessary` does. */
export async function withRetry<T>(operation: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt >= opts.times || !isRetryable(err) || opts.signal?.aborted) throw err;
      const delayMs = opts.delayMs ?? 2 ** attempt * 1000;
      const reason = err instanceof Error ? err.message : String(err);
      opts.onRetry?.(
        `Failed, retrying in ${describeDelay(delayMs)} ... (${attempt + 1}/${opts.times}). Error: ${reason}`,
      );
      await sleep(delayMs, undefined, opts.signal ? { signal: opts.signal } : {});
    }
  }
}
