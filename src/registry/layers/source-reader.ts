import { abortable } from '../digest/abortable.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The compressed side of a layer, read by one party at a time: first the decompressor,
 * then whoever drains what it left. Calls are queued, so a drain never overlaps a read
 * still in flight; bytes are counted as they arrive; and once the source has failed, every
 * later read fails the same way, so a drain cannot mistake a dead source for a finished one.
 */
export class SourceReader {
  /** Compressed bytes read so far. */
  bytes = 0;
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly onBytes: ((total: number) => void) | undefined;
  private readonly pushedBack: Uint8Array[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'ended' | 'closed' = 'open';
  private failure: { error: unknown } | undefined;

  constructor(
    source: AsyncIterable<Uint8Array>,
    opts: { signal?: AbortSignal; onBytes?: (total: number) => void },
  ) {
    this.it = abortable(source, opts.signal)[Symbol.asyncIterator]();
    this.onBytes = opts.onBytes;
  }

  /** Whether the source has been read to its end without failing. */
  get finished(): boolean {
    return this.state === 'ended' && !this.failure;
  }

  /** The error the source failed with, if it did. */
  get error(): unknown {
    return this.failure?.error;
  }

  /** The next chunk, after any earlier call has settled. */
  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    const result = this.queue.then(() => this.read());
    this.queue = result.catch(() => {});
    return result;
  }

  /** Hands chunks back, to be returned by the next reads before anything new (format detection peeks). */
  unshift(...chunks: Uint8Array[]): void {
    this.pushedBack.unshift(...chunks);
  }

  /** Reads to the end, discarding, so a verifying source checks size and digest; rejects with its error. */
  async drain(): Promise<void> {
    if (this.state === 'closed')
      throw new Error('the layer source was released before it was read to the end');
    while (!(await this.next()).done) {
      // Discard: the bytes were hashed on their way through the source.
    }
  }

  /** Releases the source without reading the rest (a stop or an abort: nothing is verified). */
  close(): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.pushedBack.length = 0;
    // Not awaited: a read may be pending, and an async generator's return() waits for it.
    Promise.resolve()
      .then(() => this.it.return?.())
      .catch(() => {});
  }

  private async read(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.failure) throw this.failure.error;
    const back = this.pushedBack.shift();
    if (back) return { done: false, value: back };
    if (this.state !== 'open') return DONE;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.it.next();
    } catch (error) {
      this.failure = { error };
      this.state = 'ended';
      throw error;
    }
    if (r.done) {
      this.state = 'ended';
      return DONE;
    }
    this.bytes += r.value.byteLength;
    this.onBytes?.(this.bytes);
    return r;
  }
}
