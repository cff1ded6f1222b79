/**
 * The transport contract (src/registry/transports/types.ts), the same cases over every
 * transport in `transports.ts`: what a destination writes its source reads back with the
 * same manifest digest and blob bytes; nothing is visible before commit; abort and a
 * failure half way leave what was there before; stored content is verified on read.
 */
import { readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DigestMismatchError, digestOf } from '../../src/registry/digest/index.js';
import { MEDIA_TYPES } from '../../src/registry/manifest/index.js';
import type { ImageName } from '../../src/registry/ref/index.js';
import { UnsafeFileError } from '../../src/registry/transports/local/index.js';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import { type RegistryInstance, startRegistry } from '../harness/index.js';
import { clientFor, type TestClient } from '../integration/client-for.js';
import {
  collect,
  copyOnce,
  type Format,
  type MemoryImage,
  makeImage,
  makeIndex,
  readImage,
  streamOf,
  writeImage,
} from './images.js';
import { type ContractEnv, TRANSPORTS, type TransportFactory } from './transports.js';

let registry: RegistryInstance;
let test: TestClient;
let env: ContractEnv;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'plain' });
  test = await clientFor(registry);
});
afterAll(async () => {
  await test?.close();
  await registry?.stop();
});
beforeEach(() => {
  env = { tmp: makeTempDir('contract'), registry, client: test.client };
});
afterEach(() => removeTempDir(env.tmp));

const FORMATS: Format[] = ['oci', 'docker'];
const label = { oci: 'an OCI', docker: 'a Docker' } as const;
const manifestType = (f: Format, index: boolean) =>
  f === 'oci'
    ? index
      ? MEDIA_TYPES.ociIndex
      : MEDIA_TYPES.ociManifest
    : index
      ? MEDIA_TYPES.dockerManifestList
      : MEDIA_TYPES.dockerManifest;

interface ImageCase {
  name: string;
  mediaType: string;
  make: () => MemoryImage;
}

/** Single images and indexes in each format the transport stores, as cases. */
function imageCases(t: TransportFactory): ImageCase[] {
  const cases: ImageCase[] = [];
  for (const format of FORMATS) {
    for (const index of [false, true]) {
      const mediaType = manifestType(format, index);
      if (!t.manifestTypes.includes(mediaType)) continue;
      cases.push({
        name: `${label[format]} ${index ? 'multi-arch index' : 'image'}`,
        mediaType,
        make: index
          ? () => makeIndex({ format, architectures: ['amd64', 'arm64', 'ppc64le'] })
          : () => makeImage({ format }),
      });
    }
  }
  return cases;
}

/** A single image the transport stores. */
function someImage(t: TransportFactory): MemoryImage {
  const single = imageCases(t).find(
    (c) => c.mediaType === MEDIA_TYPES.ociManifest || c.mediaType === MEDIA_TYPES.dockerManifest,
  );
  if (!single) throw new Error(`${t.name} stores no single-image manifest type`);
  return single.make();
}

/** The richest image both transports store as it is: an index if they can, else an image. */
function sharedImage(a: TransportFactory, b: TransportFactory): MemoryImage | undefined {
  const common = imageCases(a).filter((c) => b.manifestTypes.includes(c.mediaType));
  return (common.find((c) => c.name.endsWith('index')) ?? common[0])?.make();
}

async function write(t: TransportFactory, name: ImageName, image: MemoryImage): Promise<void> {
  await writeImage(await t.openDestination(env, name), image);
}

async function expectImage(t: TransportFactory, name: ImageName, image: MemoryImage): Promise<void> {
  const src = await t.openSource(env, name);
  try {
    const got = await readImage(src);
    expect(got.top.digest).toBe(image.top.digest);
    expect(Buffer.from(got.top.bytes).equals(image.top.bytes)).toBe(true);
    expect(got.top.mediaType).toBe(image.top.mediaType);
    expect(got.children.map((c) => c.digest)).toEqual(image.children.map((c) => c.digest));
    expect([...got.blobs.keys()].sort()).toEqual([...image.blobs.keys()].sort());
    for (const [digest, blob] of image.blobs) expect(got.blobs.get(digest)?.equals(blob.bytes)).toBe(true);
  } finally {
    await src.close();
  }
}

async function expectNoImage(t: TransportFactory, name: ImageName): Promise<void> {
  await expect(t.openSource(env, name).then((src) => src.getManifest({}))).rejects.toThrow();
}

/** Every path under the test's temp dir; a local transport must leave nothing of its own behind. */
async function files(): Promise<string[]> {
  return (await readdir(env.tmp, { recursive: true })).sort();
}

describe.each(TRANSPORTS)('$name transport', (t) => {
  it.each(imageCases(t))('writes $name and reads it back unchanged', async ({ make }) => {
    const image = make();
    const name = t.makeName(env, 'round-trip');
    await write(t, name, image);
    await expectImage(t, name, image);
  });

  it.each(TRANSPORTS.filter((other) => sharedImage(t, other) !== undefined))(
    'copies to and from $name keeping every digest',
    async (other) => {
      const image = sharedImage(t, other)!;
      const first = t.makeName(env, 'pair-src');
      await write(t, first, image);
      const second = other.makeName(env, 'pair-dst');
      await copyOnce(await t.openSource(env, first), await other.openDestination(env, second));
      await expectImage(other, second, image);
      const back = t.makeName(env, 'pair-back');
      await copyOnce(await other.openSource(env, second), await t.openDestination(env, back));
      await expectImage(t, back, image);
    },
  );

  it('shows nothing before commit, and abort leaves nothing', async () => {
    const name = t.makeName(env, 'aborted');
    const before = await files();
    const dst = await t.openDestination(env, name);
    await writeImage(dst, someImage(t), { noCommit: true });
    await expectNoImage(t, name);
    await dst.abort();
    await dst.abort();
    await expectNoImage(t, name);
    if (t.local) expect(await files()).toEqual(before);
  });

  it.each([
    { name: 'a blob stream that fails half way', fail: { failBlob: 2 } },
    { name: 'an abort after every blob was written', fail: { noCommit: true } },
  ])('keeps the previous image intact and readable after $name', async ({ fail }) => {
    const name = t.makeName(env, 'replaced');
    const previous = someImage(t);
    await write(t, name, previous);
    const before = await files();
    const dst = await t.openDestination(env, name);
    const writing = writeImage(dst, someImage(t), fail);
    if ('failBlob' in fail) await expect(writing).rejects.toThrow('connection reset (test)');
    else await writing;
    await dst.abort();
    await expectImage(t, name, previous);
    if (t.local) expect(await files()).toEqual(before);
  });

  it.each(t.tamperBlob ? [t.tamperBlob] : [])(
    'fails reading a blob whose stored bytes were changed',
    async (tamper) => {
      const name = t.makeName(env, 'tampered');
      const image = someImage(t);
      await write(t, name, image);
      const layer = [...image.blobs.values()].at(-1)!;
      await tamper(env, name, layer.descriptor.digest);
      const src = await t.openSource(env, name);
      await expect(collect(await src.getBlob({ descriptor: layer.descriptor }))).rejects.toBeInstanceOf(
        DigestMismatchError,
      );
    },
  );

  it('answers hasBlob for unknown, just written and already stored blobs', async () => {
    const name = t.makeName(env, 'has-blob');
    const image = someImage(t);
    const [config, layer] = [...image.blobs.values()];
    const unknown = { mediaType: MEDIA_TYPES.ociLayerGzip, digest: digestOf('nothing here'), size: 12 };
    const dst = await t.openDestination(env, name);
    expect(await dst.hasBlob({ descriptor: unknown })).toBe(false);
    expect(await dst.hasBlob({ descriptor: layer!.descriptor })).toBe(false);
    await dst.putBlob({ descriptor: layer!.descriptor, stream: streamOf(layer!.bytes) });
    expect(await dst.hasBlob({ descriptor: layer!.descriptor })).toBe(true);
    await writeImage(dst, image);

    const next = await t.openDestination(env, name);
    expect(await next.hasBlob({ descriptor: config!.descriptor })).toBe(t.blobsPersist);
    expect(await next.hasBlob({ descriptor: unknown })).toBe(false);
    await next.abort();
  });
});

describe.each(TRANSPORTS.filter((t) => t.blobFile))('$name transport on disk', (t) => {
  it('refuses a blob that is a symlink, even to the right bytes', async () => {
    const name = t.makeName(env, 'symlinked');
    const image = someImage(t);
    await write(t, name, image);
    const layer = [...image.blobs.values()].at(-1)!;
    const file = t.blobFile!(env, name, layer.descriptor.digest);
    await writeFile(join(env.tmp, 'elsewhere'), layer.bytes);
    await rm(file);
    await symlink(join(env.tmp, 'elsewhere'), file);
    const src = await t.openSource(env, name);
    await expect(src.getBlob({ descriptor: layer.descriptor })).rejects.toBeInstanceOf(UnsafeFileError);
  });
});
