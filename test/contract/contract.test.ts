/**
 * The transport contract (src/registry/transports/types.ts), the same cases over every
 * transport in `transports.ts`: what a destination writes its source reads back — the
 * same manifest and blobs, or, for a transport that keeps no manifest, the same config and
 * layers under the manifest it builds; types a destination does not store are refused;
 * `preserveDigests` holds or refuses; nothing is visible before commit; abort and a failure
 * half way leave what was there before; stored content is verified on read. Copies between
 * transports are in pairings.test.ts.
 */
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyImage } from '../../src/registry/copy/index.js';
import { DigestMismatchError, digestOf } from '../../src/registry/digest/index.js';
import { MEDIA_TYPES } from '../../src/registry/manifest/index.js';
import type { ImageName } from '../../src/registry/ref/index.js';
import { UnsafeFileError } from '../../src/registry/transports/local/index.js';
import { imageCases, preserveCases, refusedTypes, someImage } from './cases.js';
import { expectImage, expectNoImage, filesIn, setUpContractEnv } from './contract-env.js';
import { storedBy } from './expected-images.js';
import { collect, type MemoryImage, memorySource, streamOf, writeImage } from './images.js';
import { TRANSPORTS, type TransportFactory } from './transports.js';

const envNow = setUpContractEnv('contract');

async function write(t: TransportFactory, name: ImageName, image: MemoryImage): Promise<void> {
  await writeImage(await t.openDestination(envNow(), name), image);
}

describe.each(TRANSPORTS)('$name transport', (t) => {
  it('declares the manifest types its factory says it accepts', async () => {
    const dst = await t.openDestination(envNow(), t.makeName(envNow(), 'types'));
    expect([...dst.supportedManifestTypes].sort()).toEqual([...t.manifestTypes].sort());
    await dst.abort();
  });

  // Loops rather than it.each: vitest shortens long `$name` values in test names.
  for (const { name: label, outcome, make } of imageCases(t)) {
    it(`writes ${label} and reads it back ${outcome}`, async () => {
      const env = envNow();
      const image = make();
      const name = t.makeName(env, 'round-trip');
      await write(t, name, image);
      await expectImage(env, t, name, storedBy(t, image));
    });
  }

  for (const { mediaType, make } of refusedTypes(t)) {
    it(`refuses a ${mediaType} manifest put directly, and leaves nothing`, async () => {
      const env = envNow();
      const name = t.makeName(env, 'refused');
      const before = await filesIn(env);
      const dst = await t.openDestination(env, name);
      await expect(writeImage(dst, make())).rejects.toThrow(t.refusal);
      await dst.abort();
      await expectNoImage(env, t, name);
      if (t.local) expect(await filesIn(env)).toEqual(before);
    });
  }

  for (const { name: title, keeps, make } of preserveCases(t)) {
    it(title, async () => {
      const env = envNow();
      const image = make();
      const name = t.makeName(env, 'preserve');
      const before = await filesIn(env);
      const copying = copyImage({
        source: memorySource(image),
        destination: await t.openDestination(env, name),
        platforms: 'all',
        preserveDigests: true,
      });
      if (keeps) {
        expect((await copying).digest).toBe(image.top.digest);
        await expectImage(env, t, name, image);
      } else {
        await expect(copying).rejects.toThrow(/^cannot preserve digests: /);
        await expectNoImage(env, t, name);
        if (t.local) expect(await filesIn(env)).toEqual(before);
      }
    });
  }

  it('shows nothing before commit, and abort leaves nothing', async () => {
    const env = envNow();
    const name = t.makeName(env, 'aborted');
    const before = await filesIn(env);
    const dst = await t.openDestination(env, name);
    await writeImage(dst, someImage(t), { noCommit: true });
    await expectNoImage(env, t, name);
    await dst.abort();
    await dst.abort();
    await expectNoImage(env, t, name);
    if (t.local) expect(await filesIn(env)).toEqual(before);
  });

  it.each([
    { name: 'a blob stream that fails half way', fail: { failBlob: 2 } },
    { name: 'an abort after every blob was written', fail: { noCommit: true } },
  ])('keeps the previous image intact and readable after $name', async ({ fail }) => {
    const env = envNow();
    const name = t.makeName(env, 'replaced');
    const previous = someImage(t);
    await write(t, name, previous);
    const before = await filesIn(env);
    const dst = await t.openDestination(env, name);
    const writing = writeImage(dst, someImage(t), fail);
    if ('failBlob' in fail) await expect(writing).rejects.toThrow('connection reset (test)');
    else await writing;
    await dst.abort();
    await expectImage(env, t, name, storedBy(t, previous));
    if (t.local) expect(await filesIn(env)).toEqual(before);
  });

  it.each(t.tamperBlob ? [t.tamperBlob] : [])(
    'fails reading a blob whose stored bytes were changed',
    async (tamper) => {
      const env = envNow();
      const name = t.makeName(env, 'tampered');
      const image = someImage(t);
      await write(t, name, image);
      // The last layer, as the transport stores and serves it.
      const layer = [...storedBy(t, image).blobs.values()].at(-1)!;
      await tamper(env, name, layer.descriptor.digest);
      const src = await t.openSource(env, name);
      try {
        await expect(collect(await src.getBlob({ descriptor: layer.descriptor }))).rejects.toBeInstanceOf(
          DigestMismatchError,
        );
      } finally {
        await src.close();
      }
    },
  );

  it('answers hasBlob for unknown, just written and already stored blobs', async () => {
    const env = envNow();
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
    const env = envNow();
    const name = t.makeName(env, 'symlinked');
    const image = someImage(t);
    await write(t, name, image);
    const layer = [...image.blobs.values()].at(-1)!;
    const file = t.blobFile!(env, name, layer.descriptor.digest);
    await writeFile(join(env.tmp, 'elsewhere'), layer.bytes);
    await rm(file);
    await symlink(join(env.tmp, 'elsewhere'), file);
    const src = await t.openSource(env, name);
    try {
      await expect(src.getBlob({ descriptor: layer.descriptor })).rejects.toBeInstanceOf(UnsafeFileError);
    } finally {
      await src.close();
    }
  });
});
