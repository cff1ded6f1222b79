import { lstat, mkdir, readdir, rmdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { STAGING_PREFIX } from './temp-name.js';

/** What is at a path a destination is about to write: nothing, a directory (and its entries), or something else. */
export type PathState =
  | { kind: 'missing' }
  | { kind: 'dir'; entries: string[] }
  | { kind: 'symlink' }
  | { kind: 'other' };

/**
 * Looks at `path` without following a symlink at its end. A directory's entries leave out
 * berth's own staging leftovers (names starting with `.berth-`), so a directory holding only
 * those still counts as empty.
 */
export async function pathState(path: string): Promise<PathState> {
  let st: import('node:fs').Stats;
  try {
    st = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  if (st.isSymbolicLink()) return { kind: 'symlink' };
  if (!st.isDirectory()) return { kind: 'other' };
  const entries = (await readdir(path)).filter((name) => !name.startsWith(STAGING_PREFIX));
  return { kind: 'dir', entries };
}

/**
 * `mkdir -p path`, returning the outermost directory it created (undefined when `path`
 * already existed), so that an abort can remove exactly what this call added.
 */
export async function makeDirs(path: string): Promise<string | undefined> {
  return mkdir(path, { recursive: true, mode: 0o755 });
}

/**
 * Undoes {@link makeDirs}: removes `path` and its parents up to `created`, each only if it
 * is empty. Another writer that started using one of them meanwhile keeps it.
 */
export async function removeCreatedDirs(path: string, created: string | undefined): Promise<void> {
  if (created === undefined) return;
  const top = resolve(created);
  let current = resolve(path);
  const inside = (p: string) => {
    const r = relative(top, p);
    return r === '' || (!isAbsolute(r) && r.split(sep)[0] !== '..');
  };
  while (inside(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (someone else's now) or already gone
    }
    if (current === top) return;
    current = dirname(current);
  }
}
