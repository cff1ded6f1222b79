/**
 * Copies between every pair of transports through the copy engine, there and back, each
 * compared with exactly what the receiving end should hold (expected-images.ts):
 *  - OCI images and indexes keep every digest through every transport that keeps
 *    manifests;
 *  - Docker images and lists copied into `oci:` or `oci-archive:` come back converted to
 *    OCI (OCI media types, the same config bytes and layer digests, the digest of the
 *    converted manifest), as skopeo writes layouts;
 *  - a docker-archive's image (the manifest it builds over its config and uncompressed
 *    layers) is kept exactly by every transport that takes Docker manifests, and written
 *    back it gives the same manifest digest and RepoTags.
 */
import { describe, expect, it } from 'vitest';
import { copyImage } from '../../src/registry/copy/index.js';
import type { ImageName } from '../../src/registry/ref/index.js';
import { pairCases } from './cases.js';
import { expectImage, setUpContractEnv } from './contract-env.js';
import { expectedAt, storedBy } from './expected-images.js';
import { writeImage } from './images.js';
import { type ContractEnv, TRANSPORTS, type TransportFactory } from './transports.js';

const envNow = setUpContractEnv('pairings');

/** Copies everything at `fromName` (every platform of an index) into `to` at `toName`. */
async function copy(
  env: ContractEnv,
  from: TransportFactory,
  fromName: ImageName,
  to: TransportFactory,
  toName: ImageName,
): Promise<void> {
  const source = await from.openSource(env, fromName);
  try {
    await copyImage({ source, destination: await to.openDestination(env, toName), platforms: 'all' });
  } finally {
    await source.close();
  }
}

describe.each(TRANSPORTS)('$name transport', (t) => {
  // A loop rather than it.each: vitest shortens long `$name` values in test names.
  for (const { name: title, other, make } of pairCases(t, TRANSPORTS)) {
    it(title, async () => {
      const env = envNow();
      const image = make();
      const first = t.makeName(env, 'pair-src');
      await writeImage(await t.openDestination(env, first), image);
      const atFirst = storedBy(t, image);

      const second = other.makeName(env, 'pair-dst');
      await copy(env, t, first, other, second);
      const atSecond = expectedAt(other, atFirst);
      if (other.preservesManifest) {
        // Whether converted or not, the same config and layers: a conversion edits manifests only.
        expect([...atSecond.blobs.keys()].sort()).toEqual([...atFirst.blobs.keys()].sort());
        expect(other.manifestTypes).toContain(atSecond.top.mediaType);
      }
      await expectImage(env, other, second, atSecond);

      const back = t.makeName(env, 'pair-back');
      await copy(env, other, second, t, back);
      await expectImage(env, t, back, expectedAt(t, atSecond));
    });
  }
});
