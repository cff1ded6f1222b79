import { describe, expect, it } from 'vitest';
import {
  mergeSorted,
  nextTagSort,
  splitVersionTag,
  tagComparator,
  versionKey,
  versionSortKey,
} from './tag-sort.js';

describe('splitVersionTag', () => {
  it.each([
    { tag: '3.12.1-slim-bookworm', version: '3.12.1', variant: 'slim-bookworm' },
    { tag: '3.12.1-slim', version: '3.12.1', variant: 'slim' },
    { tag: '3.12.1', version: '3.12.1', variant: '' },
    { tag: '1.25-alpine', version: '1.25', variant: 'alpine' },
    { tag: '1.25-alpine3.19', version: '1.25', variant: 'alpine3.19' },
    { tag: 'v2.0.0-rc1', version: 'v2.0.0-rc1', variant: '' },
    { tag: '2.0.0-rc.1-alpine', version: '2.0.0-rc.1', variant: 'alpine' },
    { tag: '3.13.0a1-slim', version: '3.13.0a1', variant: 'slim' },
    { tag: '8.0.1-1', version: '8.0.1-1', variant: '' },
    { tag: 'latest', version: undefined, variant: '' },
    { tag: 'alpine', version: undefined, variant: 'alpine' },
    { tag: 'slim-bookworm', version: undefined, variant: 'slim-bookworm' },
    { tag: 'sha-3f5a1b2', version: undefined, variant: 'sha-3f5a1b2' },
    { tag: '20240101', version: '20240101', variant: '' },
  ])('$tag', ({ tag, version, variant }) => {
    expect(splitVersionTag(tag)).toEqual({ version, variant });
  });
});

describe('versionKey', () => {
  // Each case: a < b in version order (ascending).
  it.each([
    { name: 'numbers by value', a: '3.9', b: '3.10' },
    { name: 'semver patch', a: '3.12.0', b: '3.12.1' },
    { name: 'pre-release before release', a: '2.0.0-rc1', b: '2.0.0' },
    { name: 'pre-release numbers', a: '2.0.0-rc.2', b: '2.0.0-rc.10' },
    { name: 'alpha before beta', a: '1.0.0-alpha', b: '1.0.0-beta' },
    { name: 'numeric identifier before text', a: '1.0.0-1', b: '1.0.0-alpha' },
    { name: 'shorter pre-release first', a: '1.0.0-alpha', b: '1.0.0-alpha.1' },
    { name: 'less specific first', a: '3.12', b: '3.12.0' },
    { name: 'natural with more parts', a: '3.12.1', b: '3.12.1.1' },
    { name: 'v prefix ignored', a: 'v1.9.0', b: '1.10.0' },
    { name: 'python pre-release (loose semver)', a: '3.13.0a1', b: '3.13.0' },
    { name: 'leading zeros', a: '1.02', b: '1.10' },
    { name: 'dates', a: '20231231', b: '20240101' },
  ])('$name: $a < $b', ({ a, b }) => {
    expect(versionKey(a) < versionKey(b)).toBe(true);
    expect(versionKey(b) < versionKey(a)).toBe(false);
  });

  it('gives equal keys to versions that differ only in build metadata or a v', () => {
    expect(versionKey('1.2.3+build.1')).toBe(versionKey('v1.2.3'));
  });
});

describe('tag order', () => {
  const tags = [
    '3.12.1-slim',
    '3.12.1',
    '3.12.0-alpine',
    'latest',
    '1.25-alpine',
    'v2.0.0-rc1',
    'v2.0.0',
    '3.12',
    'alpine',
    '3.12.1-slim-bookworm',
    'slim',
    '3.13.0a1',
    'edge',
  ];
  const sorted = (sort: 'name' | 'version' | 'date', dates: Record<string, number> = {}) => {
    const cmp = tagComparator(sort, {
      names: tags,
      versions: tags.map((t) => versionSortKey(t)),
      dates: tags.map((t) => dates[t]),
    });
    return tags
      .map((_, i) => i)
      .sort(cmp)
      .map((i) => tags[i]);
  };

  it('by version: variants apart, floating tags first, newest first', () => {
    expect(sorted('version')).toEqual([
      'latest',
      '3.13.0a1',
      '3.12.1',
      '3.12',
      'v2.0.0',
      'v2.0.0-rc1',
      'alpine',
      '3.12.0-alpine',
      '1.25-alpine',
      'edge',
      'slim',
      '3.12.1-slim',
      '3.12.1-slim-bookworm',
    ]);
  });

  it('by name', () => {
    expect(sorted('name')).toEqual([...tags].sort());
  });

  it('by date: newest first, unknown dates last by name', () => {
    expect(sorted('date', { '3.12': 100, latest: 300, alpine: 200 }).slice(0, 5)).toEqual([
      'latest',
      'alpine',
      '3.12',
      '1.25-alpine',
      '3.12.0-alpine',
    ]);
  });

  it('cycles name → version → date → name', () => {
    expect([nextTagSort('name'), nextTagSort('version'), nextTagSort('date')]).toEqual([
      'version',
      'date',
      'name',
    ]);
  });
});

describe('mergeSorted', () => {
  it.each([
    { name: 'into nothing', order: [], added: [2, 0, 1], want: [0, 1, 2] },
    { name: 'interleaved', order: [0, 2, 4], added: [5, 1, 3], want: [0, 1, 2, 3, 4, 5] },
    { name: 'after', order: [0, 1], added: [3, 2], want: [0, 1, 2, 3] },
  ])('$name', ({ order, added, want }) => {
    expect(mergeSorted(order, added, (a, b) => a - b)).toEqual(want);
  });
});
