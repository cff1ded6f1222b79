import { abortable } from './abortable.js';
import { LimitExceededError } from './errors.js';

/** Options for {@link readBounded}. */
export interface ReadBoundedOptions {
  /** The most bytes accepted; see `limits.ts` for berth's defaults. */
  limit: number;
  /** Names the document in the error, e.g. `manifest` or `token response`. */
  what: string;
  signal?: AbortSignal;
}

/**
 * Reads a whole document into memory, refusing to hold more than `limit` bytes. Reading
 * stops at the first chunk that would cross the limit (the source is released), so a
 * hostile server cannot make berth buffer an unbounded body, with or without Content-Length.
 *
 * @throws {LimitExceededError} as soon as more than `limit` bytes arrive.
 * @throws the signal's reason when `signal` aborts.
 */
export async function readBounded(
  source: AsyncIterable<Uint8Array>,
  opts: ReadBoundedOptions,
): Promise<Buffer> {
  const { limit, what, signal } = opts;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative safe integer, got ${limit}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of abortable(source, signal)) {
    total += chunk.byteLength;
    if (total > limit) throw new LimitExceededError(limit, what);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
