/**
 * The transport contract (test/contract) for docker-archive, with the cases adapted to
 * what the format keeps. An archive stores the config and the layers uncompressed but no
 * manifest, so a round trip keeps the image — config bytes, diff_ids, uncompressed layer
 * bytes — while the manifest (and, for compressed layers, the layer digests) change by
 * design. Cases compare exactly that; the rest are the suite's own, unchanged.
 */
import { readdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collect,
  copyOnce,
  type MemoryImage,
  makeImage,
  makeIndex,
  readImage,
  streamOf,
  writeImage,
} from '../../../../test/contract/images.js';
import { type ContractEnv, dockerArchive, TRANSPORTS } from '../../../../test/contract/transports.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { type RegistryInstance, startRegistry, tarGz } from '../../../../test/harness/index.js';
import { clientFor, type TestClient } from '../../../../test/integration/client-for.js';
import { type Digest, DigestMismatchError, digestOf } from '../../digest/index.js';
import { MEDIA_TYPES, parseImageConfig } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import type { ImageSource } from '../types.js';

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
  env = { tmp: makeTempDir('docker-archive-contract'), registry, client: test.client };
});
afterEach(() => removeTempDir(env.tmp));

const t = dockerArchive;

/** What an image is, independent of how its manifest and layers are encoded. */
interface Content {
  config: Digest;
  diffIDs: Digest[];
  layers: Buffer[];
}

const uncompressed = (b: Uint8Array): Buffer =>
  b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : Buffer.from(b);

function contentOf(top: Uint8Array, blob: (d: Digest) => Uint8Array): Content {
  const doc = JSON.parse(Buffer.from(top).toString('utf8')) as {
    config: { digest: Digest };
    layers: { digest: Digest }[];
  };
  const diffIDs = parseImageConfig(blob(doc.config.digest)).rootfs.diff_ids;
  return { config: doc.config.digest, diffIDs, layers: doc.layers.map((l) => uncompressed(blob(l.digest))) };
}

function expectedContent(image: MemoryImage): Content {
  return contentOf(image.top.bytes, (d) => image.blobs.get(d)!.bytes);
}

async function contentAt(src: ImageSource): Promise<Content> {
  try {
    const got = await readImage(src);
    return contentOf(got.top.bytes, (d) => got.blobs.get(d)!);
  } finally {
    await src.close();
  }
}

async function expectContent(name: ImageName, image: MemoryImage): Promise<void> {
  const got = await contentAt(await t.openSource(env, name));
  const want = expectedContent(image);
  expect(got.config).toBe(want.config);
  expect(got.diffIDs).toEqual(want.diffIDs);
  expect(got.layers.map((l) => digestOf(l))).toEqual(want.diffIDs);
  expect(got.layers.every((l, i) => l.equals(want.layers[i]!))).toBe(true);
}

const files = async () => (await readdir(env.tmp, { recursive: true })).sort();
const gzLayer = (size: number) => tarGz([{ name: 'data.bin', content: Buffer.alloc(size, 7) }]);

const images = [
  { name: 'a Docker image with random layers', make: () => makeImage({ format: 'docker' }) },
  {
    name: 'a Docker image with tar.gz layers',
    make: () => makeImage({ format: 'docker', makeLayer: gzLayer }),
  },
  { name: 'an OCI image with tar.gz layers', make: () => makeImage({ format: 'oci', makeLayer: gzLayer }) },
];

describe('docker-archive transport (adapted contract)', () => {
  it.each(images)('writes $name and reads the same image back, as Docker schema 2', async ({ make }) => {
    const image = make();
    const name = t.makeName(env, 'round-trip');
    await writeImage(await t.openDestination(env, name), image);
    await expectContent(name, image);
    const src = await t.openSource(env, name);
    expect((await src.getManifest({})).mediaType).toBe(MEDIA_TYPES.dockerManifest);
    await src.close();
  });

  it.each(TRANSPORTS)(
    'copies to and from $name keeping the image, and its own manifest exactly',
    async (other) => {
      const image = makeImage({ format: 'docker', makeLayer: gzLayer });
      const first = t.makeName(env, 'pair-src');
      await writeImage(await t.openDestination(env, first), image);
      const archived = await readImage(await t.openSource(env, first));
      // The other transport keeps what the archive serves as it is…
      const second = other.makeName(env, 'pair-dst');
      await copyOnce(await t.openSource(env, first), await other.openDestination(env, second));
      const there = await readImage(await other.openSource(env, second));
      expect(there.top.digest).toBe(archived.top.digest);
      // …and an archive written back from it is the same image, with the same manifest.
      const back = t.makeName(env, 'pair-back');
      await copyOnce(await other.openSource(env, second), await t.openDestination(env, back));
      await expectContent(back, image);
      expect((await readImage(await t.openSource(env, back))).top.digest).toBe(archived.top.digest);
    },
  );

  it('shows nothing before commit, and abort leaves nothing', async () => {
    const name = t.makeName(env, 'aborted');
    const before = await files();
    const dst = await t.openDestination(env, name);
    await writeImage(dst, makeImage({ format: 'docker' }), { noCommit: true });
    await expect(t.openSource(env, name)).rejects.toThrow();
    await dst.abort();
    await dst.abort();
    expect(await files()).toEqual(before);
  });

  it.each([
    { name: 'a blob stream that fails half way', fail: { failBlob: 2 } },
    { name: 'an abort after every blob was written', fail: { noCommit: true } },
  ])('keeps the previous image intact and readable after $name', async ({ fail }) => {
    const name = t.makeName(env, 'replaced');
    const previous = makeImage({ format: 'docker' });
    await writeImage(await t.openDestination(env, name), previous);
    const before = await files();
    const dst = await t.openDestination(env, name);
    const writing = writeImage(dst, makeImage({ format: 'docker' }), fail);
    if ('failBlob' in fail) await expect(writing).rejects.toThrow('connection reset (test)');
    else await writing;
    await dst.abort();
    await expectContent(name, previous);
    expect(await files()).toEqual(before);
  });

  it('fails reading a blob whose stored bytes were changed', async () => {
    const name = t.makeName(env, 'tampered');
    const image = makeImage({ format: 'docker' });
    await writeImage(await t.openDestination(env, name), image);
    const layer = [...image.blobs.values()].at(-1)!;
    await t.tamperBlob!(env, name, layer.descriptor.digest);
    const src = await t.openSource(env, name);
    try {
      const m = await src.getManifest({});
      const descriptor =
        m.kind === 'image' ? m.doc.layers.find((l) => l.digest === layer.descriptor.digest) : undefined;
      await expect(collect(await src.getBlob({ descriptor: descriptor! }))).rejects.toBeInstanceOf(
        DigestMismatchError,
      );
    } finally {
      await src.close();
    }
  });

  it('answers hasBlob for unknown and just written blobs; a new archive starts empty', async () => {
    const name = t.makeName(env, 'has-blob');
    const image = makeImage({ format: 'docker' });
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
    await next.abort();
  });

  it('refuses an index, asking for one platform, and leaves nothing', async () => {
    const before = await files();
    const dst = await t.openDestination(env, t.makeName(env, 'index'));
    await expect(
      writeImage(dst, makeIndex({ format: 'docker', architectures: ['amd64', 'arm64'] })),
    ).rejects.toThrow(/choose one platform/);
    await dst.abort();
    expect(await files()).toEqual(before);
  });
});
