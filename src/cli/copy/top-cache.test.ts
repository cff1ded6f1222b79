import { describe, expect, it } from 'vitest';
import { buildImage, enc, MemorySource } from '../../registry/copy/testing/memory.js';
import type { Digest } from '../../registry/digest/index.js';
import { isBlobLocator } from '../../registry/transports/types.js';
import { TopCachingSource } from './top-cache.js';

function counting() {
  const image = buildImage({ layers: [enc('layer')] });
  const inner = new MemorySource(image.manifest, [image]);
  const reads: Array<Digest | undefined> = [];
  const getManifest = inner.getManifest.bind(inner);
  inner.getManifest = (opts) => {
    reads.push(opts.digest);
    return getManifest(opts);
  };
  return { inner, image, reads };
}

describe('TopCachingSource', () => {
  it('reads the top manifest once and hands everyone the same bytes', async () => {
    const { inner, reads } = counting();
    const source = new TopCachingSource(inner);
    const [a, b] = await Promise.all([source.getManifest({}), source.getManifest({})]);
    const c = await source.getManifest({});
    expect(reads).toEqual([undefined]);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('passes by-digest reads through every time', async () => {
    const { inner, image, reads } = counting();
    const source = new TopCachingSource(inner);
    await source.getManifest({ digest: image.manifest.digest });
    await source.getManifest({ digest: image.manifest.digest });
    expect(reads).toHaveLength(2);
  });

  it('does not keep a failed read', async () => {
    const { inner, image } = counting();
    let fail = true;
    const getManifest = inner.getManifest.bind(inner);
    inner.getManifest = (opts) => (fail ? Promise.reject(new Error('503')) : getManifest(opts));
    const source = new TopCachingSource(inner);
    await expect(source.getManifest({})).rejects.toThrow('503');
    fail = false;
    await expect(source.getManifest({})).resolves.toBe(image.manifest);
  });

  it('keeps the source’s blob location for cross-repository mounts', () => {
    const { inner } = counting();
    inner.location = { registry: 'r.io', repository: 'base' };
    const source = new TopCachingSource(inner);
    expect(isBlobLocator(source)).toBe(true);
    expect(source.blobLocation()).toEqual({ registry: 'r.io', repository: 'base' });
  });
});
