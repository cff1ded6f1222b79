import { constants } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';

/**
 * A file in a layout or image directory that berth refuses to read: a symbolic link, a
 * FIFO, a device or a directory where a regular file belongs. A symlinked blob can point
 * at any file on the host (`/etc/shadow`) and pass it off as layer content
 * (go-containerregistry#2306); a FIFO would block the read forever.
 */
export class UnsafeFileError extends Error {
  override readonly name = 'UnsafeFileError';
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`refusing to read ${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/** An open regular file and its size at the time it was opened. */
export interface OpenedFile {
  handle: FileHandle;
  size: number;
}

// O_NOFOLLOW makes the kernel refuse a symlink in the last path component atomically, so the
// check cannot be raced (CVE-2018-15664 is the checked-then-swapped case). O_NONBLOCK keeps
// open() from hanging on a FIFO; it changes nothing for regular files.
const NOFOLLOW = constants.O_NOFOLLOW;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Opens `path` for reading only if it is a regular file and not a symbolic link. Where the
 * platform has no `O_NOFOLLOW` (Windows), it falls back to `lstat` before opening.
 *
 * @throws {UnsafeFileError} for a symlink or anything but a regular file.
 * @throws the `ENOENT` error of `open` when the file does not exist.
 */
export async function openBlobFile(opts: { path: string; signal?: AbortSignal }): Promise<OpenedFile> {
  const { path, signal } = opts;
  signal?.throwIfAborted();
  if (NOFOLLOW === undefined && (await lstat(path)).isSymbolicLink()) {
    throw new UnsafeFileError(path, 'it is a symbolic link');
  }
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (NOFOLLOW ?? 0) | NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Linux and macOS answer ELOOP for a symlink opened with O_NOFOLLOW; some BSDs EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeFileError(path, 'it is a symbolic link');
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnsafeFileError(path, 'it is not a regular file');
    return { handle, size: st.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
