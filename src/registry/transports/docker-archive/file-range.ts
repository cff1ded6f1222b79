import type { FileHandle } from 'node:fs/promises';

/** Bytes per read: large enough that a 512 MiB layer is a couple of thousand reads. */
const READ_CHUNK = 256 * 1024;

/** Raised when a file holds fewer bytes than an index said it would (it shrank, or lied). */
export class ShortFileError extends Error {
  override readonly name = 'ShortFileError';
}

/**
 * Reads `length` bytes of an open file from `start` with positional reads, so several
 * ranges of one handle can be read at once. Without `length`, reads to the end of the file.
 *
 * @throws {ShortFileError} when the file ends before `length` bytes.
 */
export async function* readRange(
  handle: FileHandle,
  start: number,
  length?: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let pos = start;
  const end = length === undefined ? Number.POSITIVE_INFINITY : start + length;
  while (pos < end) {
    const want = Math.min(READ_CHUNK, end - pos);
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buf, 0, want, pos);
    if (bytesRead === 0) {
      if (length === undefined) return;
      throw new ShortFileError(`file ended after ${pos - start} of ${length} bytes`);
    }
    pos += bytesRead;
    yield bytesRead === want ? buf : buf.subarray(0, bytesRead);
  }
}

/** Reads up to `n` bytes at `position`; fewer only at the end of the file. */
export async function readAt(handle: FileHandle, position: number, n: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const { bytesRead } = await handle.read(buf, got, n - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}
