import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../../registry/digest/index.js';
import { MEDIA_TYPES } from '../../registry/manifest/index.js';
import { keepsTopManifest, unchangedDigest } from './unchanged.js';

const d = digestOf('x');

describe('keepsTopManifest', () => {
  it.each([
    { name: 'OCI image, no format', mt: MEDIA_TYPES.ociManifest, all: false, want: true },
    { name: 'Docker image, no format', mt: MEDIA_TYPES.dockerManifest, all: false, want: true },
    {
      name: 'index without --all: one platform is written',
      mt: MEDIA_TYPES.ociIndex,
      all: false,
      want: false,
    },
    { name: 'index with --all', mt: MEDIA_TYPES.dockerManifestList, all: true, want: true },
    { name: 'OCI to -f oci', mt: MEDIA_TYPES.ociManifest, all: false, format: 'oci' as const, want: true },
    {
      name: 'OCI to -f v2s2 converts',
      mt: MEDIA_TYPES.ociManifest,
      all: false,
      format: 'v2s2' as const,
      want: false,
    },
    {
      name: 'Docker to -f oci converts',
      mt: MEDIA_TYPES.dockerManifest,
      all: false,
      format: 'oci' as const,
      want: false,
    },
    {
      name: 'Docker to -f v2s2',
      mt: MEDIA_TYPES.dockerManifest,
      all: false,
      format: 'v2s2' as const,
      want: true,
    },
    {
      name: 'schema 1 is never compared',
      mt: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      all: true,
      want: false,
    },
  ])('$name', ({ mt, all, format, want }) => {
    expect(keepsTopManifest({ digest: d, mediaType: mt }, { all, ...(format ? { format } : {}) })).toBe(want);
  });
});

describe('unchangedDigest between dir: images', () => {
  let root: string;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: digestOf('c'), size: 1 },
    layers: [],
  });
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-unchanged-'));
    for (const [dir, body] of [
      ['a', manifest],
      ['same', manifest],
      ['other', manifest.replace('"layers":[]', '"layers":[],"annotations":{"x":"y"}')],
    ] as const) {
      await mkdir(join(root, dir));
      await writeFile(join(root, dir, 'manifest.json'), body);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each([
    { name: 'same manifest: skipped', dest: 'same', want: digestOf(manifest) },
    { name: 'different manifest: copied', dest: 'other', want: undefined },
    { name: 'nothing there yet: copied', dest: 'missing', want: undefined },
  ])('$name', async ({ dest, want }) => {
    const got = await unchangedDigest({
      source: { transport: 'dir', path: join(root, 'a') },
      destination: { transport: 'dir', path: join(root, dest) },
      all: false,
    });
    expect(got).toBe(want);
  });
});
