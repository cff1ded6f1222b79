import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import type { Descriptor, ImageIndex, NodeHost, Platform } from '../manifest/index.js';
import type { PlatformSelection } from './options.js';
import { selectInstances } from './select.js';

const fake = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const entry = (c: string, platform?: Platform): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: fake(c),
  size: 500,
  ...(platform ? { platform } : {}),
});

const index: ImageIndex = {
  schemaVersion: 2,
  manifests: [
    entry('1', { os: 'linux', architecture: 'amd64' }),
    entry('2', { os: 'linux', architecture: 'arm', variant: 'v7' }),
    entry('3', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry('4', { os: 'unknown', architecture: 'unknown' }),
  ],
};

const linuxAmd64: NodeHost = { platform: 'linux', arch: 'x64' };
const macArm: NodeHost = { platform: 'darwin', arch: 'arm64' };

interface Case {
  name: string;
  selection: PlatformSelection;
  override?: { os?: string; arch?: string; variant?: string };
  host?: NodeHost;
  top: 'index' | 'image';
  copy: string[];
  list: string[];
}

const digits = (ds: Descriptor[]) => ds.map((d) => d.digest.slice(-1));

describe('selectInstances', () => {
  it.each<Case>([
    {
      name: 'system on linux/amd64',
      selection: 'system',
      host: linuxAmd64,
      top: 'image',
      copy: ['1'],
      list: [],
    },
    {
      name: 'system on a Mac picks the linux image of its arch',
      selection: 'system',
      host: macArm,
      top: 'image',
      copy: ['3'],
      list: [],
    },
    {
      name: 'system with an arch override (variant from the index)',
      selection: 'system',
      override: { arch: 'arm' },
      host: linuxAmd64,
      top: 'image',
      copy: ['2'],
      list: [],
    },
    { name: 'all', selection: 'all', top: 'index', copy: ['1', '2', '3', '4'], list: ['1', '2', '3', '4'] },
    {
      name: 'index-only copies no image',
      selection: 'index-only',
      top: 'index',
      copy: [],
      list: ['1', '2', '3', '4'],
    },
    {
      name: 'a platform list keeps index order and spellings match once normalised',
      selection: [
        { os: 'linux', architecture: 'aarch64' },
        { os: 'linux', architecture: 'x86_64' },
      ],
      top: 'index',
      copy: ['1', '3'],
      list: ['1', '3'],
    },
    {
      name: 'a list naming every platform keeps them all',
      selection: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        { os: 'linux', architecture: 'arm64' },
        { os: 'unknown', architecture: 'unknown' },
      ],
      top: 'index',
      copy: ['1', '2', '3', '4'],
      list: ['1', '2', '3', '4'],
    },
  ])('$name', ({ selection, override, host, top, copy, list }) => {
    const got = selectInstances(index, selection, override, host);
    expect(got.top).toBe(top);
    expect(digits(got.copy)).toEqual(copy);
    expect(digits(got.list)).toEqual(list);
  });

  it.each([
    {
      name: 'no image for this machine',
      selection: 'system' as const,
      override: { os: 'windows' },
      error:
        /no image found in image index for architecture "amd64", variant "", OS "windows" \(it lists linux\/amd64, linux\/arm\/v7, linux\/arm64\/v8, unknown\/unknown\)/,
    },
    {
      name: 'a listed platform that is not there',
      selection: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 's390x' },
      ],
      error: /no image for platform linux\/s390x in the image index/,
    },
    { name: 'an empty platform list', selection: [], error: /no platforms given/ },
  ])('refuses $name', ({ selection, override, error }) => {
    expect(() => selectInstances(index, selection, override, linuxAmd64)).toThrow(error);
  });
});
