import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeImage, makeIndex, readImage, streamOf, writeImage } from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { digestHex } from '../../digest/index.js';
import { NotContainerImageDirError, openDirDestination } from './dir-destination.js';
import { DIR_VERSION } from './dir-paths.js';
import { openDirSource } from './dir-source.js';

const small = () => makeImage({ format: 'docker', layerSizes: [100, 2000] });

describe('dir: destination', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = makeTempDir('dir-dest');
  });
  afterEach(() => removeTempDir(tmp));

  it("writes skopeo's layout: version, manifest.json and blobs named by hex", async () => {
    const image = small();
    const path = join(tmp, 'image');
    await writeImage(await openDirDestination({ path }), image);
    const expected = ['manifest.json', 'version', ...[...image.blobs.keys()].map(digestHex)];
    expect((await readdir(path)).sort()).toEqual(expected.sort());
    expect(await readFile(join(path, 'version'), 'utf8')).toBe('Directory Transport Version: 1.1\n');
    expect(Buffer.from(await readFile(join(path, 'manifest.json'))).equals(image.top.bytes)).toBe(true);
    expect(await readdir(tmp)).toEqual(['image']);
  });

  it('writes the children of an index as <hex>.manifest.json', async () => {
    const index = makeIndex({ format: 'oci', architectures: ['amd64', 'arm64'], layerSizes: [50] });
    const path = join(tmp, 'image');
    await writeImage(await openDirDestination({ path }), index);
    const files = await readdir(path);
    for (const child of index.children) expect(files).toContain(`${digestHex(child.digest)}.manifest.json`);
    expect(files).toHaveLength(2 + index.children.length + index.blobs.size);
  });

  it.each([
    {
      name: 'a non-empty directory without a version file',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(p, 'thesis.tex'), 'keep me');
      },
    },
    {
      name: 'a directory whose version file says something else',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(p, 'version'), 'Directory Transport Version: 9.9\n');
      },
    },
    {
      name: 'a version file that is a symlink to the right content',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(tmp, 'elsewhere'), DIR_VERSION);
        await symlink(join(tmp, 'elsewhere'), join(p, 'version'));
      },
    },
    { name: 'a file', setup: (p: string) => writeFile(p, 'keep me') },
  ])('refuses $name and changes nothing', async ({ setup }) => {
    const path = join(tmp, 'image');
    await setup(path);
    const before = (await readdir(tmp, { recursive: true })).sort();
    await expect(openDirDestination({ path })).rejects.toBeInstanceOf(NotContainerImageDirError);
    expect((await readdir(tmp, { recursive: true })).sort()).toEqual(before);
  });

  it('replaces an image whole, leaving nothing of the old one or of the staging', async () => {
    const [old, next] = [small(), small()];
    const path = join(tmp, 'image');
    await writeImage(await openDirDestination({ path }), old);
    await writeImage(await openDirDestination({ path }), next);
    const files = await readdir(path);
    for (const d of old.blobs.keys()) expect(files).not.toContain(digestHex(d));
    expect((await readImage(await openDirSource({ path }))).top.digest).toBe(next.top.digest);
    expect(await readdir(tmp)).toEqual(['image']);
  });

  it('writes through a symlink to a directory and keeps the link', async () => {
    await mkdir(join(tmp, 'real'));
    await symlink(join(tmp, 'real'), join(tmp, 'link'));
    const image = small();
    await writeImage(await openDirDestination({ path: join(tmp, 'link') }), image);
    expect((await readImage(await openDirSource({ path: join(tmp, 'real') }))).top.digest).toBe(
      image.top.digest,
    );
    expect((await readdir(tmp)).sort()).toEqual(['link', 'real']);
  });

  it('hasBlob reuses a checked blob of the image being replaced', async () => {
    const image = small();
    const path = join(tmp, 'image');
    await writeImage(await openDirDestination({ path }), image);
    const [config, layer] = [...image.blobs.values()];
    // A tampered old blob must not be carried into the new image.
    await writeFile(join(path, digestHex(layer!.descriptor.digest)), Buffer.alloc(layer!.bytes.length));

    const dst = await openDirDestination({ path });
    expect(await dst.hasBlob({ descriptor: config!.descriptor })).toBe(true);
    expect(await dst.hasBlob({ descriptor: layer!.descriptor })).toBe(false);
    for (const { descriptor, bytes } of image.blobs.values()) {
      if (!(await dst.hasBlob({ descriptor }))) await dst.putBlob({ descriptor, stream: streamOf(bytes) });
    }
    await dst.putManifest({ ...image.top, role: 'top' });
    await dst.commit();
    const got = await readImage(await openDirSource({ path }));
    expect(got.blobs.get(config!.descriptor.digest)?.equals(config!.bytes)).toBe(true);
    expect(got.blobs.get(layer!.descriptor.digest)?.equals(layer!.bytes)).toBe(true);
  });

  it('abort removes the staging directory and the directories it created', async () => {
    const dst = await openDirDestination({ path: join(tmp, 'a', 'b', 'image') });
    await writeImage(dst, small(), { noCommit: true });
    await dst.abort();
    await dst.abort();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('refuses to commit without a manifest, and to write after abort', async () => {
    const dst = await openDirDestination({ path: join(tmp, 'image') });
    await expect(dst.commit()).rejects.toThrow('no manifest was written');
    await dst.abort();
    await expect(writeImage(dst, small())).rejects.toThrow('already committed or aborted');
  });
});
