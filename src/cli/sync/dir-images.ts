/**
 * `sync --src dir`: the `dir:` images under a directory, found as skopeo finds them —
 * `filepath.WalkDir` in lexical order, and a directory holding a `manifest.json` file is an
 * image: it is recorded and the walk skips the rest of that directory (entries after
 * `manifest.json` in lexical order; ones before it have been walked already). Symlinked
 * directories are not followed, as in Go's WalkDir.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every image directory under `root`, in walk order (paths joined onto `root` as given). */
export async function findDirImages(root: string, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    signal?.throwIfAborted();
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.isFile() && entry.name === 'manifest.json') {
        found.push(dir);
        return;
      }
      if (entry.isDirectory()) await walk(join(dir, entry.name));
    }
  };
  try {
    if ((await stat(root)).isDirectory()) await walk(root);
  } catch (err) {
    throw new Error(`Error walking the path "${root}"`, { cause: err });
  }
  return found;
}
