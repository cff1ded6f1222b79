import { describe, expect, it } from 'vitest';
import { semverFilter, tagVersion } from './semver-filter.js';
import { tagRegex } from './tag-regex.js';

describe('tagVersion (Masterminds NewVersion, loose)', () => {
  it.each([
    { tag: '1.2.3', want: '1.2.3' },
    { tag: 'v1.2.3', want: '1.2.3' },
    { tag: '1.2', want: '1.2.0' },
    { tag: '3', want: '3.0.0' },
    { tag: '1.2.3-rc.1', want: '1.2.3-rc.1' },
    { tag: '1.2-alpine', want: '1.2.0-alpine' },
    { tag: 'latest', want: undefined },
    { tag: '1.2.3.4', want: undefined },
    { tag: '01.2.3', want: undefined },
  ])('$tag', ({ tag, want }) => {
    expect(tagVersion(tag)?.version).toBe(want);
  });
});

describe('semverFilter', () => {
  const tags = ['1.0.0', '1.2.0', '1.2.5', '1.3.0-rc.1', '1.3.0', '2.0.0', 'v2.1', 'latest', '3'];
  it.each([
    { name: 'comma means AND', c: '>= 1.2, < 2.0', want: ['1.2.0', '1.2.5', '1.3.0'] },
    { name: 'spaces mean AND too', c: '>=1.2 <2', want: ['1.2.0', '1.2.5', '1.3.0'] },
    { name: 'OR', c: '1.0.0 || >= 2.1', want: ['1.0.0', 'v2.1', '3'] },
    { name: 'tilde', c: '~1.2', want: ['1.2.0', '1.2.5'] },
    { name: 'caret', c: '^1.2', want: ['1.2.0', '1.2.5', '1.3.0'] },
    { name: 'wildcard', c: '1.2.x', want: ['1.2.0', '1.2.5'] },
    { name: 'not equal, with AND', c: '>= 1.2, != 1.2.5, < 2', want: ['1.2.0', '1.3.0'] },
    {
      name: 'prerelease when every comparator names one',
      c: '>= 1.3.0-rc.0, <= 1.3.0-rc.9',
      want: ['1.3.0-rc.1'],
    },
    {
      name: 'prerelease refused by a plain comparator (Masterminds)',
      c: '>= 1.3.0-rc.0, < 1.4',
      want: ['1.3.0'],
    },
    { name: 'prerelease refused by a tilde', c: '~1.3', want: ['1.3.0'] },
    { name: 'hyphen range', c: '1.2 - 2.0', want: ['1.2.0', '1.2.5', '1.3.0', '2.0.0'] },
    { name: 'v prefix in the constraint', c: '>= v2', want: ['2.0.0', 'v2.1', '3'] },
  ])('$name: $c', ({ c, want }) => {
    expect(tags.filter(semverFilter(c))).toEqual(want);
  });

  it.each(['>= banana', '1.2 ||', '!= latest'])('refuses %s', (c) => {
    expect(() => semverFilter(c)).toThrow(/invalid semver constraint/);
  });
});

describe('tagRegex (RE2 MatchString)', () => {
  const tags = ['1.2.3', 'v1.2.3', '1.2.3-alpine', 'Latest', 'latest'];
  it.each([
    { name: 'unanchored, as MatchString', p: 'alpine', want: ['1.2.3-alpine'] },
    { name: 'anchored', p: '^v?[0-9.]+$', want: ['1.2.3', 'v1.2.3'] },
    { name: 'case-insensitive flag group', p: '(?i)^latest$', want: ['Latest', 'latest'] },
    { name: '\\A and \\z', p: '\\Alatest\\z', want: ['latest'] },
    { name: 'POSIX class', p: '^[[:digit:].]+$', want: ['1.2.3'] },
  ])('$name', ({ p, want }) => {
    const re = tagRegex(p);
    expect(tags.filter((t) => re.test(t))).toEqual(want);
  });

  it.each(['(unclosed', '(?U)a+', '[[:^digit:]]'])('refuses %s', (p) => {
    expect(() => tagRegex(p)).toThrow(/invalid tag regex/);
  });
});
