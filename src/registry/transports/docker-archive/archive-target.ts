/**
 * Where an archive destination writes, and writing it there atomically. Both archive
 * transports write their whole tar at commit: into a temp file beside the destination
 * that is fsynced and renamed over it, so an existing archive is replaced only by a
 * complete one. A FIFO or character device (`docker-archive:/dev/stdout`) cannot be
 * renamed over; it is written in place.
 */
import { type FileHandle, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDir, tempPathBeside } from '../local/index.js';

/** A resolved destination file. */
export interface ArchiveTarget {
  /** The file written: the given path with symlinks resolved, so a link to an archive keeps pointing at it. */
  path: string;
  /** A FIFO or character device: written in place, never renamed over. */
  special: boolean;
}

/**
 * Checks that an archive can be written at `path` without creating anything: a regular
 * file (replaced at commit), nothing yet, or a FIFO/character device; the directory must
 * exist. `transport` names the transport in errors.
 */
export async function resolveArchiveTarget(opts: {
  path: string;
  transport: string;
  signal?: AbortSignal;
}): Promise<ArchiveTarget> {
  const { path, transport } = opts;
  opts.signal?.throwIfAborted();
  const refuse = (why: string) => new Error(`cannot write ${transport} ${path}: ${why}`);
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (st?.isDirectory()) throw refuse('it is a directory');
  const special = st !== undefined && (st.isFIFO() || st.isCharacterDevice());
  if (st && !st.isFile() && !special) throw refuse('it is not a regular file');
  const resolved = st ? await realpath(path) : path;
  const parent = await stat(dirname(resolved)).catch(() => undefined);
  if (!parent?.isDirectory()) throw refuse(`${dirname(resolved)} is not a directory`);
  return { path: resolved, special };
}

/**
 * Writes the archive with `write` and publishes it: a regular target gets a temp file
 * beside it, fsynced and renamed into place (the temp file is removed on any failure); a
 * special target is written directly.
 */
export async function writeArchiveFile(opts: {
  target: ArchiveTarget;
  write: (handle: FileHandle) => Promise<void>;
  signal?: AbortSignal;
}): Promise<void> {
  const { target, write, signal } = opts;
  signal?.throwIfAborted();
  if (target.special) {
    const handle = await open(target.path, 'w');
    try {
      await write(handle);
    } finally {
      await handle.close();
    }
    return;
  }
  const tmp = tempPathBeside(target.path, 'tmp');
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    signal?.throwIfAborted();
    await rename(tmp, target.path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dirname(target.path));
}
