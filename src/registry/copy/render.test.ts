import { describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../digest/index.js';
import { MEDIA_TYPES as M, type Manifest, parseManifest } from '../manifest/index.js';
import { type PlanOptions, planCopy } from './plan.js';
import { type RenderedManifest, renderImage, renderIndex } from './render.js';
import { buildImage, buildIndex, bytesOf } from './testing/memory.js';

const amd = buildImage({ layers: [bytesOf(100, 1)] });
const arm = buildImage({ layers: [bytesOf(100, 2)], platform: { os: 'linux', architecture: 'arm64' } });
const index = buildIndex([
  { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
  { image: arm, platform: { os: 'linux', architecture: 'arm64' } },
]);
const children = new Map<string, Manifest>([
  [amd.manifest.digest, amd.manifest],
  [arm.manifest.digest, arm.manifest],
]);

function plan(top: Manifest, extra: Partial<PlanOptions> = {}) {
  return planCopy({
    top,
    fetchChild: async (e) => children.get(e.digest)!,
    fetchConfig: async (c) => amd.blobs.get(c.digest) ?? arm.blobs.get(c.digest)!,
    platforms: 'all',
    supported: [M.ociManifest, M.ociIndex, M.dockerManifest, M.dockerManifestList],
    preserveDigests: false,
    keepsBlobsAsIs: true,
    ...extra,
  });
}

function expectConsistent(r: RenderedManifest): Manifest {
  expect(r.digest).toBe(digestOf(r.bytes));
  const parsed = parseManifest({ bytes: r.bytes, expectedDigest: r.digest });
  expect(parsed.mediaType).toBe(r.mediaType);
  return parsed;
}

describe('renderImage', () => {
  it('keeps the exact source bytes when nothing changes', async () => {
    const p = await plan(amd.manifest);
    const r = renderImage(p.images[0]!);
    expect(r.bytes).toBe(amd.manifest.bytes);
    expect(r.digest).toBe(amd.manifest.digest);
  });

  it('serialises a converted image, blobs unchanged', async () => {
    const p = await plan(amd.manifest, { format: 'v2s2' });
    const parsed = expectConsistent(renderImage(p.images[0]!));
    expect(parsed.kind === 'image' && parsed.doc.layers.map((l) => [l.mediaType, l.digest])).toEqual([
      [M.dockerLayer, amd.manifest.doc.layers[0]!.digest],
    ]);
  });
});

describe('renderIndex', () => {
  const unchanged = (): Map<Digest, RenderedManifest> =>
    new Map(
      [amd, arm].map((i) => [
        i.manifest.digest,
        { bytes: i.manifest.bytes, digest: i.manifest.digest, mediaType: i.manifest.mediaType },
      ]),
    );

  it('keeps the exact source bytes when children and entries are unchanged', async () => {
    const p = await plan(index);
    expect(renderIndex(p.index!, unchanged()).bytes).toBe(index.bytes);
    // index-only: children were not copied at all.
    const only = await plan(index, { platforms: 'index-only' });
    expect(renderIndex(only.index!, new Map()).bytes).toBe(index.bytes);
  });

  it('lists only the chosen platforms', async () => {
    const p = await plan(index, { platforms: [{ os: 'linux', architecture: 'arm64' }] });
    const parsed = expectConsistent(renderIndex(p.index!, unchanged()));
    expect(parsed.kind === 'index' && parsed.doc.manifests).toEqual([index.doc.manifests[1]]);
  });

  it('points at converted children and converts itself', async () => {
    const p = await plan(index, { format: 'v2s2' });
    const written = new Map(p.images.map((i) => [i.source.digest, renderImage(i)]));
    const parsed = expectConsistent(renderIndex(p.index!, written));
    expect(parsed.mediaType).toBe(M.dockerManifestList);
    expect(
      parsed.kind === 'index' && parsed.doc.manifests.map((m) => [m.mediaType, m.digest, m.size]),
    ).toEqual([...written.values()].map((w) => [M.dockerManifest, w.digest, w.bytes.byteLength]));
  });
});
