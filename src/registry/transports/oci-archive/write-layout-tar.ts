import { type FileHandle, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TarFileWriter } from '../docker-archive/index.js';
import { INDEX_FILE, OCI_LAYOUT_FILE } from '../oci/index.js';

/** Staging leftovers and lock files inside a layout start with a dot; they never go into the archive. */
function visible(names: string[]): string[] {
  return names.filter((n) => !n.startsWith('.')).sort();
}

async function regularFile(path: string): Promise<number> {
  const st = await lstat(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  return st.size;
}

/**
 * Writes the OCI layout at `dir` (built by berth) as a tar: `blobs/`, each `blobs/<alg>/`
 * and its blobs in name order, then `index.json` and `oci-layout` — the entries and order
 * skopeo writes, with fixed owner and times so the same image always gives the same bytes.
 */
export async function writeLayoutTar(opts: {
  handle: FileHandle;
  dir: string;
  signal?: AbortSignal;
}): Promise<void> {
  const { handle, dir, signal } = opts;
  const tar = new TarFileWriter(handle);
  const blobs = join(dir, 'blobs');
  await tar.addDirectory({ name: 'blobs', mode: 0o755 });
  for (const alg of visible(await readdir(blobs))) {
    if (!(await lstat(join(blobs, alg))).isDirectory()) continue;
    await tar.addDirectory({ name: `blobs/${alg}`, mode: 0o755 });
    for (const hex of visible(await readdir(join(blobs, alg)))) {
      signal?.throwIfAborted();
      const source = join(blobs, alg, hex);
      await tar.addFile({
        name: `blobs/${alg}/${hex}`,
        source,
        size: await regularFile(source),
        mode: 0o644,
        signal,
      });
    }
  }
  for (const name of [INDEX_FILE, OCI_LAYOUT_FILE]) {
    const source = join(dir, name);
    await tar.addFile({ name, source, size: await regularFile(source), mode: 0o644, signal });
  }
  await tar.finish();
}
