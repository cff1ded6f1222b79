/**
 * skopeo's whole-operation retry for copy and sync (`--retry-times`, `--retry-delay`): a
 * copy that failed for a transient reason is run again from the start — reopening both
 * ends, so nothing from the failed attempt is reused. Blob-level retries inside the engine
 * come first; this covers what they gave up on.
 */
import { type RetryOptions, withRetry } from '../delete/retry.js';
import { describeError } from '../errors.js';
import { retryFlags } from '../inspect/with-retry.js';

export { withRetry };

function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Reads the retry flags; `warn` receives skopeo's "Failed, retrying in …" line. */
export function copyRetry(opts: {
  argv: Record<string, unknown>;
  signal: AbortSignal;
  warn: (text: string) => void;
}): RetryOptions {
  return {
    ...retryFlags(opts.argv),
    signal: opts.signal,
    onRetry: ({ attempt, times, delayMs, error }) => {
      opts.warn(
        `Warning: Failed, retrying in ${formatDelay(delayMs)} ... (${attempt}/${times}). Error: ${describeError(error)}`,
      );
    },
  };
}
