import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, makeIndex, readImage, writeImage } from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { DigestMismatchError, digestHex } from '../../digest/index.js';
import { UnsafeFileError } from '../local/index.js';
import { openDirDestination } from './dir-destination.js';
import { openDirSource } from './dir-source.js';

describe('dir: source', () => {
  let tmp: string;
  let path: string;
  const index = makeIndex({ format: 'docker', architectures: ['amd64', 'arm64'], layerSizes: [500] });
  const child = index.children[0]!;
  beforeEach(async () => {
    tmp = makeTempDir('dir-src');
    path = join(tmp, 'image');
    await writeImage(await openDirDestination({ path }), index);
  });
  afterEach(() => removeTempDir(tmp));

  it('reads the index, its children and every blob, verified', async () => {
    const got = await readImage(await openDirSource({ path }));
    expect(got.top.digest).toBe(index.top.digest);
    expect(got.children.map((c) => c.digest)).toEqual(index.children.map((c) => c.digest));
    for (const [d, b] of index.blobs) expect(got.blobs.get(d)?.equals(b.bytes)).toBe(true);
  });

  it('answers a request for the top manifest by its digest', async () => {
    const src = await openDirSource({ path });
    expect((await src.getManifest({ digest: index.top.digest })).digest).toBe(index.top.digest);
  });

  it.each([
    {
      name: 'a child manifest that was changed',
      tamper: async () => {
        const file = join(path, `${digestHex(child.digest)}.manifest.json`);
        await writeFile(
          file,
          (await readFile(file, 'utf8')).replace('amd64', 'arm64').replace('"size"', ' "size"'),
        );
      },
      read: (src: Awaited<ReturnType<typeof openDirSource>>) => src.getManifest({ digest: child.digest }),
      error: DigestMismatchError,
    },
    {
      name: 'a blob that is a symlink to the right bytes',
      tamper: async () => {
        const [blob] = index.blobs.values();
        const file = join(path, digestHex(blob!.descriptor.digest));
        await writeFile(join(tmp, 'copy'), blob!.bytes);
        await rm(file);
        await symlink(join(tmp, 'copy'), file);
      },
      read: async (src: Awaited<ReturnType<typeof openDirSource>>) =>
        collect(await src.getBlob({ descriptor: [...index.blobs.values()][0]!.descriptor })),
      error: UnsafeFileError,
    },
  ])('refuses $name', async ({ tamper, read, error }) => {
    await tamper();
    await expect(read(await openDirSource({ path }))).rejects.toBeInstanceOf(error);
  });

  it('refuses to open a directory without manifest.json, naming it', async () => {
    await rm(join(path, 'manifest.json'));
    await expect(openDirSource({ path })).rejects.toThrow(`manifest.json not found in ${path}`);
  });
});
