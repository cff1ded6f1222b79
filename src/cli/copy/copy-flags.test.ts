import { describe, expect, it } from 'vitest';
import { parseFormat, positiveInt, refuseUnsupported, sideAccess, stringList } from './copy-flags.js';

describe('parseFormat', () => {
  it.each([
    { value: undefined, want: undefined },
    { value: 'oci', want: 'oci' },
    { value: 'v2s2', want: 'v2s2' },
  ])('$value', ({ value, want }) => {
    expect(parseFormat(value)).toBe(want);
  });

  it.each([
    { value: 'v2s1', want: /does not write Docker schema 1/ },
    { value: 'bogus', want: `unknown format "bogus". Choose one of the supported formats: 'oci' or 'v2s2'` },
  ])('refuses $value', ({ value, want }) => {
    expect(() => parseFormat(value)).toThrow(want);
  });
});

describe('sideAccess', () => {
  it.each([
    { name: 'shared --authfile fills in', argv: { authfile: '/a.json' }, want: '/a.json' },
    {
      name: 'the side’s own wins',
      argv: { authfile: '/a.json', 'src-authfile': '/s.json' },
      want: '/s.json',
    },
    { name: 'neither', argv: {}, want: undefined },
  ])('$name', ({ argv, want }) => {
    expect(sideAccess(argv, 'src-').authFile).toBe(want);
  });

  it('applies the shared file to the destination side too', () => {
    expect(sideAccess({ authfile: '/a.json', 'src-authfile': '/s.json' }, 'dest-').authFile).toBe('/a.json');
  });
});

describe('stringList (pflag string slices)', () => {
  it.each([
    { value: undefined, want: [] },
    { value: 'a:1', want: ['a:1'] },
    { value: ['a:1', 'b:2,c:3'], want: ['a:1', 'b:2', 'c:3'] },
  ])('$value', ({ value, want }) => {
    expect(stringList(value)).toEqual(want);
  });
});

describe('refuseUnsupported', () => {
  it.each(['sign-by', 'encryption-key', 'dest-compress-format', 'src-shared-blob-dir'])('--%s', (flag) => {
    expect(() => refuseUnsupported({ [flag]: 'x' })).toThrow(`--${flag} is not supported`);
  });

  it('accepts what berth supports', () => {
    expect(() => refuseUnsupported({ 'dest-precompute-digests': true, all: true })).not.toThrow();
  });
});

describe('positiveInt', () => {
  it.each([
    { v: undefined, want: undefined },
    { v: 3, want: 3 },
  ])('$v', ({ v, want }) => {
    expect(positiveInt({ n: v }, 'n')).toBe(want);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s', (v) => {
    expect(() => positiveInt({ n: v }, 'n')).toThrow('invalid --n');
  });
});
