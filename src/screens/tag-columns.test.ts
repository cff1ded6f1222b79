import { describe, expect, it } from 'vitest';
import type { Digest } from '../registry/digest/index.js';
import type { DigestDetails, TagEnrichmentState } from '../store/index.js';
import { aliasCell, dateCell, platformsCell, tagCells, tagColumns } from './tag-columns.js';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' as Digest;
const details = (over: Partial<DigestDetails> = {}): DigestDetails => ({
  kind: 'image',
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  platforms: ['linux/amd64'],
  size: 3 * 1024 * 1024,
  created: Date.parse('2024-05-06T07:08:09Z'),
  ...over,
});

describe('cells', () => {
  it.each([
    { name: 'alone', tag: 'a', all: ['a'], want: '' },
    { name: 'not yet listed itself', tag: 'a', all: ['b'], want: '= b' },
    { name: 'some', tag: 'b', all: ['a', 'b', 'c'], want: '= a, c' },
    {
      name: 'many',
      tag: 't0',
      all: Array.from({ length: 10 }, (_, i) => `t${i}`),
      want: '= t1, t2, t3, t4, t5, t6 +3',
    },
  ])('aliases: $name', ({ tag, all, want }) => {
    expect(aliasCell(tag, all)).toBe(want);
  });

  it.each([
    { name: 'one', platforms: ['linux/arm64'], want: 'linux/arm64' },
    { name: 'several', platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'], want: 'linux/amd64 +2' },
    { name: 'an artifact', platforms: [], want: '-' },
  ])('platforms: $name', ({ platforms, want }) => {
    expect(platformsCell(details({ platforms }))).toBe(want);
  });

  it('dates are UTC days', () => {
    expect([dateCell(Date.parse('2024-12-31T23:59:59Z')), dateCell(undefined)]).toEqual(['2024-12-31', '']);
  });
});

describe('tagCells', () => {
  const state = (digest?: TagEnrichmentState['digests'], d?: TagEnrichmentState['details']) => ({
    digests: digest ?? new Map(),
    details: d ?? new Map(),
    aliases: new Map([[D, ['x', 'y']]]),
  });
  it.each([
    { name: 'unknown', s: state(), want: ['', '', '', '', ''] },
    { name: 'resolving', s: state(new Map([['x', { status: 'loading' }]])), want: ['…', '…', '', '', ''] },
    {
      name: 'failed',
      s: state(new Map([['x', { status: 'error', error: new Error('no') }]])),
      want: ['error', 'error', '', '', ''],
    },
    {
      name: 'digest known, details loading',
      s: state(new Map([['x', { status: 'ready', value: D }]]), new Map([[D, { status: 'loading' }]])),
      want: ['0123456789ab', '…', '', '', '= y'],
    },
    {
      name: 'described',
      s: state(
        new Map([['x', { status: 'ready', value: D }]]),
        new Map([[D, { status: 'ready', value: details() }]]),
      ),
      want: ['0123456789ab', 'linux/amd64', '3.0 MiB', '2024-05-06', '= y'],
    },
  ] as const)('$name', ({ s, want }) => {
    expect(tagCells('x', s as TagEnrichmentState, true)).toEqual(want);
    expect(tagCells('x', s as TagEnrichmentState, false)).toEqual(want.slice(1));
  });

  it('leaves the digest out below 100 columns', () => {
    expect(tagColumns(80).columns.map((c) => c.title)).toEqual([
      'TAG',
      'PLATFORMS',
      'SIZE',
      'CREATED',
      'ALIASES',
    ]);
    expect(tagColumns(100).columns.map((c) => c.title)).toContain('DIGEST');
  });
});
