import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeImage, readImage, streamOf, writeImage } from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { DigestMismatchError, digestOf } from '../../digest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import { openOciLayoutDestination } from './layout-destination.js';
import { REF_NAME_ANNOTATION } from './layout-paths.js';
import { openOciLayoutSource } from './layout-source.js';
import { NotAnOciLayoutError } from './read-layout.js';

const small = () => makeImage({ format: 'oci', layerSizes: [100, 2000] });
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const names = async (layout: string) =>
  (await readJson(join(layout, 'index.json'))).manifests.map(
    (m: { annotations?: Record<string, string> }) => m.annotations?.[REF_NAME_ANNOTATION],
  );

describe('oci: destination', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = makeTempDir('oci-dest');
  });
  afterEach(() => removeTempDir(tmp));

  it('creates a layout where there was none', async () => {
    const layout = join(tmp, 'new', 'layout');
    const image = small();
    await writeImage(await openOciLayoutDestination({ path: layout, image: 'v1' }), image);
    expect((await readdir(layout)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
    expect(await readJson(join(layout, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(await readJson(join(layout, 'index.json'))).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        {
          mediaType: image.top.mediaType,
          digest: image.top.digest,
          size: image.top.bytes.byteLength,
          annotations: { [REF_NAME_ANNOTATION]: 'v1' },
        },
      ],
    });
    expect((await readdir(join(layout, 'blobs', 'sha256'))).length).toBe(4);
  });

  it.each([
    {
      name: 'a non-empty directory that is not a layout',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(p, 'notes.txt'), 'keep me');
      },
      error: NotAnOciLayoutError,
    },
    { name: 'a file', setup: (p: string) => writeFile(p, 'keep me'), error: NotAnOciLayoutError },
    {
      name: 'a layout whose index.json does not parse',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(p, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
        await writeFile(join(p, 'index.json'), '{"schemaVersion":2,"manifests":[');
      },
      error: Error,
    },
    {
      name: 'a layout of an unknown version',
      setup: async (p: string) => {
        await mkdir(p);
        await writeFile(join(p, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
      },
      error: NotAnOciLayoutError,
    },
  ])('refuses $name and changes nothing', async ({ setup, error }) => {
    const path = join(tmp, 'target');
    await setup(path);
    const before = await snapshot(tmp);
    await expect(openOciLayoutDestination({ path, image: 'v1' })).rejects.toBeInstanceOf(error);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('replaces the image of the same name and keeps the others, with fields it does not know', async () => {
    const layout = join(tmp, 'layout');
    const [a, b, c] = [small(), small(), small()];
    await writeImage(await openOciLayoutDestination({ path: layout, image: 'v1' }), a);
    await writeImage(await openOciLayoutDestination({ path: layout, image: 'v2' }), b);
    const doc = await readJson(join(layout, 'index.json'));
    doc.annotations = { 'org.example.kept': 'yes' };
    doc.manifests[1].platform = { os: 'linux', architecture: 'arm64' };
    await writeFile(join(layout, 'index.json'), JSON.stringify(doc));

    await writeImage(await openOciLayoutDestination({ path: layout, image: 'v1' }), c);
    const after = await readJson(join(layout, 'index.json'));
    expect(after.annotations).toEqual({ 'org.example.kept': 'yes' });
    expect(after.manifests.map((m: { digest: string }) => m.digest)).toEqual([c.top.digest, b.top.digest]);
    expect(after.manifests[1].platform).toEqual({ os: 'linux', architecture: 'arm64' });
    const v2 = await readImage(await openOciLayoutSource({ path: layout, image: 'v2' }));
    expect(v2.top.digest).toBe(b.top.digest);
  });

  it('lands both of two concurrent writes into one layout, every time', async () => {
    for (let i = 0; i < 20; i++) {
      const layout = join(tmp, `layout-${i}`);
      const images = [small(), small()];
      // Both open before either commits: they race on creating the layout and on index.json.
      const dests = await Promise.all(
        ['a', 'b'].map((image) => openOciLayoutDestination({ path: layout, image })),
      );
      await Promise.all(dests.map((dst, k) => writeImage(dst, images[k]!)));
      expect((await names(layout)).sort()).toEqual(['a', 'b']);
      for (const [k, image] of ['a', 'b'].entries()) {
        const got = await readImage(await openOciLayoutSource({ path: layout, image }));
        expect(got.top.digest).toBe(images[k]!.top.digest);
      }
      expect((await readdir(layout)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
    }
  });

  it('abort removes what it staged and the directory it created', async () => {
    const layout = join(tmp, 'a', 'layout');
    const dst = await openOciLayoutDestination({ path: layout, image: 'v1' });
    await writeImage(dst, small(), { noCommit: true });
    await dst.abort();
    await dst.abort();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('hasBlob sees staged blobs and blobs already in the layout, with the right size', async () => {
    const layout = join(tmp, 'layout');
    const image = small();
    const [config, layer] = [...image.blobs.values()];
    const dst = await openOciLayoutDestination({ path: layout, image: 'v1' });
    expect(await dst.hasBlob({ descriptor: layer!.descriptor })).toBe(false);
    await dst.putBlob({ descriptor: layer!.descriptor, stream: streamOf(layer!.bytes) });
    expect(await dst.hasBlob({ descriptor: layer!.descriptor })).toBe(true);
    await writeImage(dst, image);

    const next = await openOciLayoutDestination({ path: layout, image: 'v2' });
    expect(await next.hasBlob({ descriptor: config!.descriptor })).toBe(true);
    expect(
      await next.hasBlob({ descriptor: { ...config!.descriptor, size: config!.descriptor.size + 1 } }),
    ).toBe(false);
    // A blob file swapped for a symlink (even to the right bytes) does not count.
    const file = join(layout, 'blobs', 'sha256', config!.descriptor.digest.slice('sha256:'.length));
    await writeFile(join(tmp, 'copy'), config!.bytes);
    await rm(file);
    await symlink(join(tmp, 'copy'), file);
    expect(await next.hasBlob({ descriptor: config!.descriptor })).toBe(false);
    await next.abort();
  });

  it.each([
    {
      name: 'a manifest whose bytes do not match its digest',
      opts: { bytes: '{}', digest: digestOf('other'), mediaType: MEDIA_TYPES.ociManifest },
      error: DigestMismatchError,
      message: /digest/,
    },
    {
      name: 'a Docker schema 2 manifest, which skopeo could not select by name',
      opts: { bytes: '{}', digest: digestOf('{}'), mediaType: MEDIA_TYPES.dockerManifest },
      error: Error,
      message:
        /^an OCI layout stores OCI manifests only, not "application\/vnd\.docker\.distribution\.manifest\.v2\+json"/,
    },
    {
      name: 'a Docker manifest list, even as an index child',
      opts: { bytes: '{}', digest: digestOf('{}'), mediaType: MEDIA_TYPES.dockerManifestList },
      role: 'child' as const,
      error: Error,
      message:
        /stores OCI manifests only, not "application\/vnd\.docker\.distribution\.manifest\.list\.v2\+json"/,
    },
    {
      name: 'a Docker schema 1 manifest',
      opts: { bytes: '{}', digest: digestOf('{}'), mediaType: MEDIA_TYPES.dockerSchema1Signed },
      error: Error,
      message: /stores OCI manifests only/,
    },
  ])('refuses $name and stages nothing for it', async ({ opts, role, error, message }) => {
    const layout = join(tmp, 'layout');
    const dst = await openOciLayoutDestination({ path: layout });
    const put = dst.putManifest({
      ...opts,
      bytes: new TextEncoder().encode(opts.bytes),
      role: role ?? 'top',
    });
    await expect(put).rejects.toBeInstanceOf(error);
    await expect(put).rejects.toThrow(message);
    await expect(dst.commit()).rejects.toThrow('no manifest was written');
    await dst.abort();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('declares the OCI manifest types only, so the copy engine converts Docker images', async () => {
    const dst = await openOciLayoutDestination({ path: join(tmp, 'layout') });
    expect(dst.supportedManifestTypes).toEqual([MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex]);
    await dst.abort();
  });

  it('refuses to commit without a manifest', async () => {
    const dst = await openOciLayoutDestination({ path: join(tmp, 'layout') });
    await expect(dst.commit()).rejects.toThrow('no manifest was written');
    await dst.abort();
  });
});

/** Every path under `dir` with its content (files) or `dir/`. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    out[p] = e.isDirectory() ? 'dir/' : await readFile(p, 'utf8');
  }
  return out;
}
