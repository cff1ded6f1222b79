import { describe, expect, it } from 'vitest';
import { digestOf } from '../digest/index.js';
import { MEDIA_TYPES as M, type Manifest, type NodeHost } from '../manifest/index.js';
import type { PlatformSelection } from './options.js';
import { type PlanOptions, planBlobs, planCopy } from './plan.js';
import { type BuiltImage, buildImage, buildIndex, bytesOf } from './testing/memory.js';

const host: NodeHost = { platform: 'linux', arch: 'x64' };
const ALL_TYPES = [M.ociManifest, M.ociIndex, M.dockerManifest, M.dockerManifestList];

const shared = bytesOf(300, 99);
const amd = buildImage({
  layers: [bytesOf(100, 1), shared],
  platform: { os: 'linux', architecture: 'amd64' },
});
const arm = buildImage({
  layers: [bytesOf(100, 2), shared],
  platform: { os: 'linux', architecture: 'arm64' },
});
const index = buildIndex([
  { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
  { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
]);
const children = new Map<string, Manifest>([
  [amd.manifest.digest, amd.manifest],
  [arm.manifest.digest, arm.manifest],
]);
const docker = buildImage({ layers: [bytesOf(10, 3)], format: 'docker' });
const blobs = new Map([...amd.blobs, ...arm.blobs, ...docker.blobs]);
let configReads: string[] = [];

function options(top: Manifest, extra: Partial<PlanOptions> = {}): PlanOptions {
  return {
    top,
    fetchChild: async (e) => {
      const m = children.get(e.digest);
      if (!m) throw new Error(`unknown child ${e.digest}`);
      return m;
    },
    fetchConfig: async (c) => {
      configReads.push(c.digest);
      const b = blobs.get(c.digest);
      if (!b) throw new Error(`unknown config ${c.digest}`);
      return b;
    },
    platforms: 'system',
    supported: ALL_TYPES,
    preserveDigests: false,
    keepsBlobsAsIs: true,
    host,
    ...extra,
  };
}

const digestOfImage = (i: BuiltImage) => i.manifest.digest;

describe('planCopy', () => {
  it('copies a single manifest as the top one, whatever the platform selection', async () => {
    for (const platforms of ['system', 'all', 'index-only'] as const) {
      const plan = await planCopy(options(amd.manifest, { platforms }));
      expect(plan.images.map((i) => [i.source.digest, i.role, i.converted])).toEqual([
        [amd.manifest.digest, 'top', false],
      ]);
      expect(plan.index).toBeUndefined();
      expect(plan.listed).toBe(1);
    }
  });

  it.each<{
    name: string;
    platforms: PlatformSelection;
    images: BuiltImage[];
    role: string;
    index?: { list: number; edited: boolean };
  }>([
    {
      name: 'system: this machine’s image, as the top manifest',
      platforms: 'system',
      images: [amd],
      role: 'top',
    },
    {
      name: 'all: every child, then the index unchanged',
      platforms: 'all',
      images: [amd, arm],
      role: 'child',
      index: { list: 2, edited: false },
    },
    {
      name: 'index-only: no child, the index unchanged',
      platforms: 'index-only',
      images: [],
      role: 'child',
      index: { list: 2, edited: false },
    },
    {
      name: 'a subset: its children, and an index that must be rewritten',
      platforms: [{ os: 'linux', architecture: 'arm64' }],
      images: [arm],
      role: 'child',
      index: { list: 1, edited: true },
    },
    {
      name: 'a list of every platform: the index stays as it is',
      platforms: [
        { os: 'linux', architecture: 'arm64' },
        { os: 'linux', architecture: 'amd64' },
      ],
      images: [amd, arm],
      role: 'child',
      index: { list: 2, edited: false },
    },
  ])('index, $name', async ({ platforms, images, role, index: want }) => {
    const plan = await planCopy(options(index, { platforms }));
    expect(plan.images.map((i) => i.source.digest)).toEqual(images.map(digestOfImage));
    for (const image of plan.images) expect(image.role).toBe(role);
    expect(plan.listed).toBe(2);
    if (want) expect({ list: plan.index?.list.length, edited: plan.index?.edited }).toEqual(want);
    else expect(plan.index).toBeUndefined();
  });

  it('converts children and the index when a format is asked for', async () => {
    const plan = await planCopy(options(index, { platforms: 'all', format: 'v2s2' }));
    expect(plan.images.map((i) => [i.family, i.converted, i.doc.mediaType])).toEqual([
      ['docker', true, M.dockerManifest],
      ['docker', true, M.dockerManifest],
    ]);
    expect(plan.index).toMatchObject({ family: 'docker', edited: true });
  });

  it('converts to OCI when the destination cannot store Docker, with a re-encoded config', async () => {
    configReads = [];
    const plan = await planCopy(options(docker.manifest, { supported: [M.ociManifest, M.ociIndex] }));
    const image = plan.images[0]!;
    expect(image).toMatchObject({ family: 'oci', converted: true });
    expect(configReads).toEqual([docker.manifest.doc.config.digest]);
    const generated = image.generatedConfig!;
    expect(generated).toBeDefined();
    expect(image.doc.config).toEqual({
      mediaType: M.ociConfig,
      digest: digestOf(generated),
      size: generated.byteLength,
    });
    expect(image.doc.config.digest).not.toBe(docker.manifest.doc.config.digest);
    // The config task carries the bytes; the source's own config is not copied.
    const config = planBlobs(plan).find((t) => t.ref.kind === 'config')!;
    expect(config.descriptor.digest).toBe(image.doc.config.digest);
    expect(config.bytes).toBe(generated);
  });

  it('converts to Docker without reading the config, which keeps its bytes', async () => {
    configReads = [];
    const plan = await planCopy(options(amd.manifest, { format: 'v2s2' }));
    expect(configReads).toEqual([]);
    expect(plan.images[0]!.generatedConfig).toBeUndefined();
    expect(plan.images[0]!.doc.config).toEqual({ ...amd.manifest.doc.config, mediaType: M.dockerConfig });
    expect(planBlobs(plan).every((t) => t.bytes === undefined)).toBe(true);
  });

  it.each<{ name: string; top: Manifest; extra: Partial<PlanOptions>; error: RegExp }>([
    {
      name: 'preserveDigests with a conversion',
      top: amd.manifest,
      extra: { preserveDigests: true, format: 'v2s2' },
      error:
        /cannot preserve digests: converting application\/vnd.oci.image.manifest.v1\+json to application\/vnd.docker.distribution.manifest.v2\+json/,
    },
    {
      name: 'preserveDigests with a platform subset',
      top: index,
      extra: { preserveDigests: true, platforms: [{ os: 'linux', architecture: 'amd64' }] },
      error: /cannot preserve digests: listing 1 of the index's 2 images changes its digest/,
    },
    {
      name: 'preserveDigests into a destination that stores layers uncompressed',
      top: amd.manifest,
      extra: { preserveDigests: true, keepsBlobsAsIs: false },
      error: /cannot preserve digests: the destination stores layers in another form/,
    },
    {
      name: 'an index into a destination that takes single images only',
      top: index,
      extra: { platforms: 'all', supported: [M.dockerManifest] },
      error: /cannot store an image index/,
    },
    {
      name: 'a format the destination does not take',
      top: amd.manifest,
      extra: { format: 'v2s2', supported: [M.ociManifest] },
      error: /cannot store application\/vnd.docker.distribution.manifest.v2\+json/,
    },
    {
      name: 'a nested index',
      top: buildIndex([
        {
          image: { manifest: index as never, blobs: new Map() },
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ]),
      extra: { platforms: 'all', fetchChild: async () => index },
      error: /is itself an image index/,
    },
    {
      name: 'a child that is not what the index names',
      top: index,
      extra: { platforms: 'all', fetchChild: async () => arm.manifest },
      error: /was read as/,
    },
    {
      name: 'Docker schema 1',
      top: { kind: 'schema1', mediaType: M.dockerSchema1 } as unknown as Manifest,
      extra: {},
      error: /Docker schema 1/,
    },
  ])('refuses $name', async ({ top, extra, error }) => {
    await expect(planCopy(options(top, extra))).rejects.toThrow(error);
  });
});

describe('planBlobs', () => {
  it('lists each blob once across images, layers before each config', async () => {
    const plan = await planCopy(options(index, { platforms: 'all' }));
    const tasks = planBlobs(plan);
    const amdDoc = amd.manifest.doc;
    const armDoc = arm.manifest.doc;
    expect(tasks.map((t) => t.descriptor.digest)).toEqual([
      amdDoc.layers[0]!.digest,
      amdDoc.layers[1]!.digest,
      amdDoc.config.digest,
      armDoc.layers[0]!.digest,
      armDoc.config.digest,
    ]);
    expect(tasks.map((t) => t.ref.kind)).toEqual(['layer', 'layer', 'config', 'layer', 'config']);
  });

  it('leaves foreign layers (non-distributable, with urls) where they are', async () => {
    const image = buildImage({ layers: [bytesOf(10, 5)] });
    const foreign = {
      mediaType: M.ociLayerNondistributableGzip,
      digest: `sha256:${'f'.repeat(64)}`,
      size: 10,
      urls: ['https://example.com/l'],
    };
    const withForeign = {
      ...image.manifest,
      doc: { ...image.manifest.doc, layers: [foreign, ...image.manifest.doc.layers] },
    };
    const plan = await planCopy(options(withForeign as Manifest));
    expect(planBlobs(plan).map((t) => t.descriptor.digest)).not.toContain(foreign.digest);
    expect(planBlobs(plan)).toHaveLength(2);
  });
});
