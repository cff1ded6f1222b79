import { describe, expect, it } from 'vitest';
import { InvalidPlatformError } from './errors.js';
import { parseManifest } from './parse.js';
import {
  choosePlatform,
  formatPlatform,
  normalizePlatform,
  parsePlatform,
  platformMatches,
} from './platform.js';
import { BUILDX_INDEX, enc, fake, golden } from './testdata/fixtures.js';
import type { Descriptor, ImageIndex, Platform } from './types.js';

const p = (s: string): Platform => parsePlatform(s);

describe('normalizePlatform', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/x86-64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/aarch64', 'linux/arm64/v8'],
    ['linux/arm64', 'linux/arm64/v8'],
    ['linux/arm64/8', 'linux/arm64/v8'],
    ['linux/arm64/armv8', 'linux/arm64/v8'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/arm/armv7', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/armv7l', 'linux/arm/v7'],
    ['linux/i386', 'linux/386'],
    ['Linux/AMD64', 'linux/amd64'],
    ['macos/arm64', 'darwin/arm64/v8'],
    ['linux/riscv64', 'linux/riscv64'],
    ['unknown/unknown', 'unknown/unknown'],
  ])('%s → %s', (input, want) => {
    expect(formatPlatform(normalizePlatform(p(input)))).toBe(want);
  });

  it('keeps os.version and os.features', () => {
    const n = normalizePlatform({
      os: 'Windows',
      architecture: 'AMD64',
      'os.version': '10.0.17763.1817',
      'os.features': ['win32k'],
    });
    expect(n).toEqual({
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.17763.1817',
      'os.features': ['win32k'],
    });
  });
});

describe('platformMatches', () => {
  it.each([
    { want: 'linux/arm64', have: 'linux/arm64/v8', match: true },
    { want: 'linux/aarch64', have: 'linux/arm64', match: true },
    { want: 'linux/arm', have: 'linux/arm/v7', match: true },
    { want: 'linux/armhf', have: 'linux/arm/v7', match: true },
    { want: 'linux/arm/v7', have: 'linux/arm/v6', match: false },
    { want: 'linux/x86_64', have: 'linux/amd64', match: true },
    { want: 'linux/amd64', have: 'windows/amd64', match: false },
    { want: 'linux/amd64', have: 'linux/amd64/v2', match: false },
    { want: 'linux/amd64', have: 'unknown/unknown', match: false },
  ])('$want vs $have → $match', ({ want, have, match }) => {
    expect(platformMatches(p(want), p(have))).toBe(match);
  });

  it('ignores os.version', () => {
    expect(
      platformMatches(
        { os: 'windows', architecture: 'amd64' },
        { os: 'windows', architecture: 'amd64', 'os.version': '10.0' },
      ),
    ).toBe(true);
  });
});

function entry(digestChar: string, platform?: string): Descriptor {
  const d: Descriptor = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: fake(digestChar),
    size: 1,
  };
  if (platform) d.platform = p(platform);
  return d;
}

const index = (...manifests: Descriptor[]): ImageIndex => ({ schemaVersion: 2, manifests });

describe('choosePlatform', () => {
  const buildx = parseManifest({ bytes: enc(BUILDX_INDEX) });
  if (buildx.kind !== 'index') throw new Error('expected an index');
  const v2list = parseManifest({ bytes: golden('cimage-v2list.manifest') });
  if (v2list.kind !== 'index') throw new Error('expected an index');

  const cases: { name: string; index: ImageIndex; want: string; pick: string | undefined }[] = [
    { name: 'buildx: amd64', index: buildx.doc, want: 'linux/amd64', pick: fake('1') },
    { name: 'buildx: arm64 host (v8)', index: buildx.doc, want: 'linux/arm64/v8', pick: fake('3') },
    { name: 'buildx: arm64 without a variant', index: buildx.doc, want: 'linux/arm64', pick: fake('3') },
    { name: 'buildx: arm v7', index: buildx.doc, want: 'linux/arm/v7', pick: fake('2') },
    { name: 'buildx: arm v8 (32-bit) runs v7', index: buildx.doc, want: 'linux/arm/v8', pick: fake('2') },
    { name: 'buildx: arm v6 cannot run v7', index: buildx.doc, want: 'linux/arm/v6', pick: undefined },
    {
      name: 'buildx: attestations are never an image',
      index: buildx.doc,
      want: 'linux/s390x',
      pick: undefined,
    },
    {
      name: 'buildx: unknown/unknown only when asked for',
      index: buildx.doc,
      want: 'unknown/unknown',
      pick: fake('4'),
    },
    {
      name: 'Docker list spelling armv7',
      index: v2list.doc,
      want: 'linux/arm/v7',
      pick: 'sha256:07ebe243465ef4a667b78154ae6c3ea46fdb1582936aac3ac899ea311a701b40',
    },
    {
      name: 'Docker list spelling armv8',
      index: v2list.doc,
      want: 'linux/arm64',
      pick: 'sha256:fb2fc0707b86dafa9959fe3d29e66af8787aee4d9a23581714be65db4265ad8a',
    },
    {
      name: 'arm v7 falls back to v6, then v5',
      index: index(entry('5', 'linux/arm/v5'), entry('6', 'linux/arm/v6')),
      want: 'linux/arm/v7',
      pick: fake('6'),
    },
    {
      name: 'arm v7 prefers v7 over v6 whatever the order',
      index: index(entry('6', 'linux/arm/v6'), entry('7', 'linux/arm/v7')),
      want: 'linux/arm/v7',
      pick: fake('7'),
    },
    {
      name: 'arm without variant counts as v7',
      index: index(entry('6', 'linux/arm/v6'), entry('7', 'linux/arm')),
      want: 'linux/arm/v7',
      pick: fake('7'),
    },
    {
      name: 'exact spelling wins a tie',
      index: index(entry('a', 'linux/arm64'), entry('b', 'linux/arm64/v8')),
      want: 'linux/arm64/v8',
      pick: fake('b'),
    },
    {
      name: 'exact spelling wins a tie (no variant)',
      index: index(entry('b', 'linux/arm64/v8'), entry('a', 'linux/arm64')),
      want: 'linux/arm64',
      pick: fake('a'),
    },
    {
      name: 'first listed wins among equals',
      index: index(entry('a', 'linux/amd64'), entry('b', 'linux/amd64')),
      want: 'linux/amd64',
      pick: fake('a'),
    },
    {
      name: 'amd64 v3 host takes v2 before baseline',
      index: index(entry('1', 'linux/amd64'), entry('2', 'linux/amd64/v2')),
      want: 'linux/amd64/v3',
      pick: fake('2'),
    },
    {
      name: 'baseline amd64 does not take v2',
      index: index(entry('2', 'linux/amd64/v2')),
      want: 'linux/amd64',
      pick: undefined,
    },
    {
      name: 'an entry without platform is the last resort',
      index: index(entry('9'), entry('1', 'linux/amd64')),
      want: 'linux/arm64',
      pick: fake('9'),
    },
    {
      name: 'a matching platform beats an entry without one',
      index: index(entry('9'), entry('1', 'linux/amd64')),
      want: 'linux/amd64',
      pick: fake('1'),
    },
    {
      name: 'os must match',
      index: index(entry('1', 'windows/amd64')),
      want: 'linux/amd64',
      pick: undefined,
    },
    { name: 'empty index', index: index(), want: 'linux/amd64', pick: undefined },
  ];

  it.each(cases)('$name', ({ index, want, pick }) => {
    expect(choosePlatform(index, p(want))?.digest).toBe(pick);
  });
});

describe('formatPlatform and parsePlatform', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['windows/amd64', { os: 'windows', architecture: 'amd64' }],
  ])('%s round-trips', (s, platform) => {
    expect(parsePlatform(s)).toEqual(platform);
    expect(formatPlatform(platform)).toBe(s);
  });

  it.each([
    'linux',
    'linux/',
    '/amd64',
    'linux/arm/v7/extra',
    'linux/amd 64',
    'linux/../x',
    '',
    `linux/${'a'.repeat(65)}`,
  ])('rejects %j', (s) => {
    expect(() => parsePlatform(s)).toThrow(InvalidPlatformError);
  });
});
