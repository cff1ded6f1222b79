/**
 * The environment every contract test file sets up: one plain registry for the file, a
 * fresh temp dir per test, and assertions that read an image back through a transport.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ImageName } from '../../src/registry/ref/index.js';
import { isTagLister } from '../../src/registry/transports/types.js';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import { type RegistryInstance, startRegistry } from '../harness/index.js';
import { clientFor, type TestClient } from '../integration/client-for.js';
import { type MemoryImage, readImage } from './images.js';
import type { ContractEnv, TransportFactory } from './transports.js';

/** Registers the hooks; the returned function gives the current test's environment. */
export function setUpContractEnv(label: string): () => ContractEnv {
  let registry: RegistryInstance;
  let test: TestClient;
  let env: ContractEnv | undefined;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'plain' });
    test = await clientFor(registry);
  });
  afterAll(async () => {
    await test?.close();
    await registry?.stop();
  });
  beforeEach(() => {
    env = { tmp: makeTempDir(label), registry, client: test.client };
  });
  afterEach(() => {
    if (env) removeTempDir(env.tmp);
    env = undefined;
  });
  return () => {
    if (!env) throw new Error('the contract environment exists only inside a test');
    return env;
  };
}

/**
 * Reads the image at `name` through `t` and checks it is exactly `want`: top manifest bytes,
 * digest and media type, the children's digests, every blob's bytes (and no other blob),
 * and the tags the name records where the transport has tags.
 */
export async function expectImage(
  env: ContractEnv,
  t: TransportFactory,
  name: ImageName,
  want: MemoryImage,
): Promise<void> {
  const src = await t.openSource(env, name);
  try {
    const got = await readImage(src);
    expect(got.top.digest).toBe(want.top.digest);
    expect(Buffer.from(got.top.bytes).equals(Buffer.from(want.top.bytes))).toBe(true);
    expect(got.top.mediaType).toBe(want.top.mediaType);
    expect(got.children.map((c) => c.digest)).toEqual(want.children.map((c) => c.digest));
    expect([...got.blobs.keys()].sort()).toEqual([...want.blobs.keys()].sort());
    for (const [digest, blob] of want.blobs) expect(got.blobs.get(digest)?.equals(blob.bytes)).toBe(true);
    if (t.tags) {
      if (!isTagLister(src)) throw new Error(`${t.name} declares tags but its source lists none`);
      expect(await src.listTags({})).toEqual(t.tags(name));
    }
  } finally {
    await src.close();
  }
}

/** Checks that nothing can be read at `name`. */
export async function expectNoImage(env: ContractEnv, t: TransportFactory, name: ImageName): Promise<void> {
  const read = async () => {
    const src = await t.openSource(env, name);
    try {
      return await src.getManifest({});
    } finally {
      await src.close();
    }
  };
  await expect(read()).rejects.toThrow();
}

/** Every path under the test's temp dir; a local transport must leave nothing of its own behind. */
export async function filesIn(env: ContractEnv): Promise<string[]> {
  return (await readdir(env.tmp, { recursive: true })).sort();
}
