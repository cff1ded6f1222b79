import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type MemoryImage,
  makeImage,
  makeIndex,
  readImage,
  streamOf,
  writeImage,
} from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { DigestMismatchError, SizeMismatchError } from '../../digest/index.js';
import { InvalidManifestError, MEDIA_TYPES } from '../../manifest/index.js';
import { openOciLayoutDestination } from './layout-destination.js';
import { layoutBlobPath } from './layout-paths.js';
import { openOciLayoutSource } from './layout-source.js';
import { LayoutWriter } from './layout-writer.js';
import { NotAnOciLayoutError } from './read-layout.js';
import { LayoutImageNotFoundError } from './select-entry.js';

/**
 * Adds `image` to the layout under `name` below the destination's type check, as an older
 * berth or another tool may have: berth's destination stores OCI manifests only, but the
 * source reads Docker ones too.
 */
async function writeUnchecked(path: string, name: string, image: MemoryImage): Promise<void> {
  const writer = await LayoutWriter.open({ path });
  for (const { descriptor, bytes } of image.blobs.values())
    await writer.putBlob({ descriptor, stream: streamOf(bytes) });
  for (const m of [...image.children, image.top]) await writer.putBytes(m);
  const { mediaType, digest, bytes } = image.top;
  await writer.commit({ entry: { mediaType, digest, size: bytes.byteLength }, refName: name });
}

describe('oci: source', () => {
  let tmp: string;
  let layout: string;
  const one = makeImage({ format: 'oci', layerSizes: [300] });
  const two = makeIndex({ format: 'docker', architectures: ['amd64', 'arm64'], layerSizes: [200] });
  beforeEach(async () => {
    tmp = makeTempDir('oci-src');
    layout = join(tmp, 'layout');
    await writeImage(await openOciLayoutDestination({ path: layout, image: 'one' }), one);
    await writeUnchecked(layout, 'two', two);
  });
  afterEach(() => removeTempDir(tmp));

  it.each([
    { name: 'by name', opts: { image: 'two' }, digest: () => two.top.digest },
    { name: 'by position', opts: { index: 0 }, digest: () => one.top.digest },
  ])('opens an image $name and reads it back verified', async ({ opts, digest }) => {
    const src = await openOciLayoutSource({ path: layout, ...opts });
    const got = await readImage(src);
    expect(got.top.digest).toBe(digest());
    const image = digest() === one.top.digest ? one : two;
    for (const [d, b] of image.blobs) expect(got.blobs.get(d)?.equals(b.bytes)).toBe(true);
    expect(src.name).toEqual({ transport: 'oci', path: layout, ...opts });
  });

  it('takes the media type of the index.json entry as the Content-Type', async () => {
    const m = await (await openOciLayoutSource({ path: layout, image: 'two' })).getManifest({});
    expect(m.mediaType).toBe(MEDIA_TYPES.dockerManifestList);
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8'));
    index.manifests[1].mediaType = MEDIA_TYPES.ociIndex;
    await writeFile(join(layout, 'index.json'), JSON.stringify(index));
    const src = await openOciLayoutSource({ path: layout, image: 'two' });
    await expect(src.getManifest({})).rejects.toBeInstanceOf(InvalidManifestError);
  });

  it.each([
    { name: 'no image chosen in a layout of two', opts: {}, error: LayoutImageNotFoundError },
    { name: 'an unknown name', opts: { image: 'three' }, error: LayoutImageNotFoundError },
    { name: 'a directory that is not a layout', opts: { path: '..' }, error: NotAnOciLayoutError },
  ])('refuses $name', async ({ opts, error }) => {
    const path = opts.path ? join(layout, opts.path) : layout;
    await expect(openOciLayoutSource({ ...opts, path })).rejects.toBeInstanceOf(error);
  });

  it('refuses a layout without index.json', async () => {
    await rm(join(layout, 'index.json'));
    await expect(openOciLayoutSource({ path: layout })).rejects.toThrow('it has no index.json');
  });

  it.each([
    {
      name: 'a manifest file of another size than index.json says',
      tamper: (bytes: Buffer) => Buffer.concat([bytes, Buffer.from(' ')]),
      error: SizeMismatchError,
    },
    {
      name: 'a manifest file with a changed byte',
      tamper: (bytes: Buffer) =>
        Buffer.from(bytes.toString().replace('"schemaVersion":2', '"schemaVersion":3')),
      error: DigestMismatchError,
    },
  ])('refuses $name', async ({ tamper, error }) => {
    const file = layoutBlobPath(layout, one.top.digest);
    await writeFile(file, tamper(await readFile(file)));
    const src = await openOciLayoutSource({ path: layout, image: 'one' });
    await expect(src.getManifest({})).rejects.toBeInstanceOf(error);
  });

  it('names what is missing', async () => {
    const [config] = one.blobs.values();
    await rm(layoutBlobPath(layout, config!.descriptor.digest));
    const src = await openOciLayoutSource({ path: layout, image: 'one' });
    await expect(src.getBlob({ descriptor: config!.descriptor })).rejects.toThrow(
      `blob ${config!.descriptor.digest} not found in ${layout}`,
    );
  });
});
