import { describe, expect, it } from 'vitest';
import type { Digest } from '../registry/digest/index.js';
import type { Descriptor, Platform } from '../registry/manifest/index.js';
import { type ChoosablePlatforms, choosablePlatforms } from './copy-platforms.js';

const ATTESTATION = { 'vnd.docker.reference.type': 'attestation-manifest' };
const entry = (platform?: Platform, annotations?: Record<string, string>): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${'0'.repeat(64)}` as Digest,
  size: 1,
  ...(platform ? { platform } : {}),
  ...(annotations ? { annotations } : {}),
});
const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const unknown = { os: 'unknown', architecture: 'unknown' };

describe('choosablePlatforms', () => {
  it.each<{ name: string; manifests: Descriptor[]; want: ChoosablePlatforms }>([
    {
      name: 'platforms in index order',
      manifests: [entry(arm64), entry(amd64)],
      want: { platforms: [arm64, amd64], attestations: 0 },
    },
    {
      name: "buildx's attestations are counted, not offered",
      manifests: [entry(amd64), entry(arm64), entry(unknown, ATTESTATION), entry(unknown, ATTESTATION)],
      want: { platforms: [amd64, arm64], attestations: 2 },
    },
    {
      name: 'unknown/unknown without the annotation is an image like any other',
      manifests: [entry(unknown)],
      want: { platforms: [unknown], attestations: 0 },
    },
    {
      name: 'one platform listed twice (gzip and zstd) is one choice, as first spelled',
      manifests: [entry({ os: 'linux', architecture: 'arm64' }), entry(arm64), entry(amd64)],
      want: { platforms: [{ os: 'linux', architecture: 'arm64' }, amd64], attestations: 0 },
    },
    {
      name: 'entries without a platform cannot be chosen',
      manifests: [entry(), entry(amd64)],
      want: { platforms: [amd64], attestations: 0 },
    },
  ])('$name', ({ manifests, want }) => {
    expect(choosablePlatforms(manifests)).toEqual(want);
  });
});
