import { type FileHandle, lstat } from 'node:fs/promises';
import {
  type Digest,
  LimitExceededError,
  readBounded,
  SizeMismatchError,
  verifyStream,
} from '../../digest/index.js';
import { openBlobFile, UnsafeFileError } from './open-blob-file.js';

/** Bytes per read from a blob file: large enough that a 512 MiB layer is a few thousand reads. */
const READ_CHUNK = 256 * 1024;

/** Options for {@link readBlobStream}. */
export interface ReadBlobStreamOptions {
  path: string;
  /** What the file must hold: it is hashed while it streams. */
  digest: Digest;
  size: number;
  signal?: AbortSignal;
}

/**
 * Checks a blob file (no symlink, a regular file, the right size) and returns its bytes as
 * a verified stream: the wrong content fails at the end instead of finishing. A missing,
 * unsafe or wrongly sized blob is reported by this call; the file is opened (again with
 * `O_NOFOLLOW`, so a swap after the check is refused too) only when reading starts, so a
 * stream that is never read holds no file descriptor.
 *
 * @throws {UnsafeFileError}, {SizeMismatchError}, or the `ENOENT` of a missing file; the
 * stream throws {DigestMismatchError} when the content does not match.
 */
export async function readBlobStream(opts: ReadBlobStreamOptions): Promise<AsyncIterable<Uint8Array>> {
  opts.signal?.throwIfAborted();
  const st = await lstat(opts.path);
  if (st.isSymbolicLink()) throw new UnsafeFileError(opts.path, 'it is a symbolic link');
  if (!st.isFile()) throw new UnsafeFileError(opts.path, 'it is not a regular file');
  const what = `blob ${opts.digest}`;
  if (st.size !== opts.size) throw new SizeMismatchError(opts.size, st.size, { what });
  return verifyStream(openAndRead(opts.path, opts.signal), {
    digest: opts.digest,
    size: opts.size,
    signal: opts.signal,
    what,
  });
}

async function* openAndRead(path: string, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const { handle } = await openBlobFile({ path, signal });
  yield* fileChunks(handle);
}

/** Reads the handle to the end and closes it however the consumer stops. */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, null);
      if (bytesRead === 0) return;
      yield bytesRead === READ_CHUNK ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Options for {@link readSmallFile}. */
export interface ReadSmallFileOptions {
  path: string;
  /** Files larger than this are refused unread. */
  limit: number;
  /** Names the file in a size error, e.g. `index.json`. */
  what: string;
  signal?: AbortSignal;
}

/**
 * Reads a whole small file (a manifest, `index.json`, `version`) into memory, refusing
 * symlinks, non-regular files and anything over `limit`. The caller verifies the content.
 */
export async function readSmallFile(opts: ReadSmallFileOptions): Promise<Buffer> {
  const { handle, size } = await openBlobFile({ path: opts.path, signal: opts.signal });
  if (size > opts.limit) {
    await handle.close();
    throw new LimitExceededError(opts.limit, opts.what);
  }
  // Bounded again while reading: the file may grow after the stat.
  return readBounded(fileChunks(handle), { limit: opts.limit, what: opts.what, signal: opts.signal });
}
