import { chmod, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDir } from './sync-dir.js';
import { tempPathBeside } from './temp-name.js';
import { writeAll } from './write-all.js';

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  path: string;
  data: Uint8Array | string;
  /** Default 0o644: layouts and image directories are meant to be read by other tools and users. */
  mode?: number;
  signal?: AbortSignal;
}

/**
 * Replaces `path` with `data` so that a reader sees the old file or the new one, never a
 * truncated one: the bytes go to a temp file in the same directory, are fsynced, and the
 * temp file is renamed over `path`; then the directory is synced so the rename survives a
 * crash. containers/image writes `index.json` with a plain `os.WriteFile` (reliability 17).
 */
export async function writeFileAtomic(opts: WriteFileAtomicOptions): Promise<void> {
  opts.signal?.throwIfAborted();
  const mode = opts.mode ?? 0o644;
  const tmp = tempPathBeside(opts.path, 'tmp');
  const data = typeof opts.data === 'string' ? Buffer.from(opts.data, 'utf8') : opts.data;
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await writeAll(fh, data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    // The umask applied to open(); the caller's mode is what the file should end with.
    await chmod(tmp, mode);
    await rename(tmp, opts.path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dirname(opts.path));
}
