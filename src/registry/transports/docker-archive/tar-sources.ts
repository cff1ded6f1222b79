/**
 * The two ways an archive's tar bytes are reached. A plain tar is a file: any entry is a
 * positional read away, and indexing only touches headers. A compressed tar (`docker save
 * | gzip`) can only be read from the start, so it is decompressed on the fly through a
 * cursor; cursors are kept in a small pool, positioned where their last read ended, so
 * reading entries in archive order (what a copy does) decompresses the archive about once
 * instead of once per entry, and nothing is ever written to disk (a decompression bomb
 * costs CPU time, never temp space).
 */
import type { FileHandle } from 'node:fs/promises';
import { type Compression, decompress } from './decompress.js';
import { readAt } from './file-range.js';
import type { TarByteSource } from './tar-index.js';

/** A plain tar file read with positional reads; skipping costs nothing. */
export class PlainTarSource implements TarByteSource {
  #pos = 0;
  readonly #handle: FileHandle;
  readonly #size: number;

  constructor(handle: FileHandle, size: number) {
    this.#handle = handle;
    this.#size = size;
  }

  async read(n: number): Promise<Uint8Array> {
    const data = await readAt(this.#handle, this.#pos, Math.min(n, Math.max(0, this.#size - this.#pos)));
    this.#pos += data.length;
    return data;
  }

  async skip(n: number): Promise<number> {
    const moved = Math.min(n, Math.max(0, this.#size - this.#pos));
    this.#pos += moved;
    return moved;
  }
}

const EMPTY = new Uint8Array(0);
/** Largest chunk handed out by {@link DecompressedCursor.take}. */
const TAKE_CHUNK = 1024 * 1024;

/** A position in the decompressed bytes of a compressed tar, moving forward only. */
export class DecompressedCursor implements TarByteSource {
  /** Decompressed bytes consumed so far. */
  position = 0;
  readonly #it: AsyncIterator<Uint8Array>;
  #left: Uint8Array = EMPTY;
  #ended = false;

  constructor(raw: AsyncIterable<Uint8Array>, kind: Compression) {
    this.#it = decompress(raw, kind)[Symbol.asyncIterator]();
  }

  async #next(max: number): Promise<Uint8Array | undefined> {
    while (this.#left.length === 0) {
      if (this.#ended) return undefined;
      const r = await this.#it.next();
      if (r.done) this.#ended = true;
      else this.#left = r.value;
    }
    const chunk = this.#left.subarray(0, max);
    this.#left = this.#left.subarray(chunk.length);
    this.position += chunk.length;
    return chunk;
  }

  async read(n: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n) {
      const chunk = await this.#next(n - got);
      if (!chunk) break;
      parts.push(chunk);
      got += chunk.length;
    }
    return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, got);
  }

  async skip(n: number): Promise<number> {
    let moved = 0;
    while (moved < n) {
      const chunk = await this.#next(n - moved);
      if (!chunk) break;
      moved += chunk.length;
    }
    return moved;
  }

  /** The next `n` bytes as a stream; throws if the data ends first. */
  async *take(n: number): AsyncGenerator<Uint8Array, void, undefined> {
    let left = n;
    while (left > 0) {
      const chunk = await this.#next(Math.min(left, TAKE_CHUNK));
      if (!chunk) throw new Error(`compressed archive ended ${left} bytes early`);
      left -= chunk.length;
      yield chunk;
    }
  }

  async close(): Promise<void> {
    await this.#it.return?.();
  }
}

/**
 * Idle cursors, each parked where its last read ended. A read at `offset` takes the idle
 * cursor furthest along that has not passed `offset`, or starts a new one from the
 * beginning. At most `maxIdle` are kept (each holds a zlib window and a read buffer).
 */
export class CursorPool {
  readonly #idle: DecompressedCursor[] = [];
  readonly #open: () => DecompressedCursor;
  readonly #maxIdle: number;

  constructor(open: () => DecompressedCursor, maxIdle = 4) {
    this.#open = open;
    this.#maxIdle = maxIdle;
  }

  acquire(offset: number): DecompressedCursor {
    let best = -1;
    this.#idle.forEach((c, i) => {
      if (c.position <= offset && (best === -1 || c.position > (this.#idle[best]?.position ?? 0))) best = i;
    });
    if (best === -1) return this.#open();
    return this.#idle.splice(best, 1)[0] as DecompressedCursor;
  }

  /** Parks a cursor for reuse, or closes it when it failed or the pool is full. */
  release(cursor: DecompressedCursor, usable: boolean): void {
    if (!usable) {
      void cursor.close().catch(() => {});
      return;
    }
    this.#idle.push(cursor);
    if (this.#idle.length > this.#maxIdle) {
      // Drop the one furthest behind: later reads are most likely further along.
      this.#idle.sort((a, b) => a.position - b.position);
      void this.#idle
        .shift()
        ?.close()
        .catch(() => {});
    }
  }

  async closeAll(): Promise<void> {
    const all = this.#idle.splice(0);
    await Promise.all(all.map((c) => c.close().catch(() => {})));
  }

  /** The raw bytes at `[offset, offset + size)` of the decompressed tar. */
  async *read(offset: number, size: number): AsyncGenerator<Uint8Array, void, undefined> {
    const cursor = this.acquire(offset);
    let usable = true;
    try {
      const gap = offset - cursor.position;
      if ((await cursor.skip(gap)) !== gap) throw new Error('compressed archive ended before the entry');
      yield* cursor.take(size);
    } catch (err) {
      usable = false;
      throw err;
    } finally {
      this.release(cursor, usable);
    }
  }
}
