import { open } from 'node:fs/promises';

/**
 * Flushes a directory's entries (a rename into it, a new file) to disk. Best effort: not
 * every platform or file system can fsync a directory (Windows cannot open one), and a
 * failure here never undoes a rename that already happened.
 */
export async function syncDir(path: string): Promise<void> {
  try {
    const dh = await open(path, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // not supported here; the data itself was fsynced before the rename
  }
}
