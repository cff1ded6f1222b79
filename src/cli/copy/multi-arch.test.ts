import { describe, expect, it } from 'vitest';
import { parseMultiArch, platformSelection } from './multi-arch.js';

describe('parseMultiArch', () => {
  it.each([
    { value: 'system', want: 'system' },
    { value: 'all', want: 'all' },
    { value: 'index-only', want: 'index-only' },
    { value: 'linux/amd64', want: [{ os: 'linux', architecture: 'amd64' }] },
    {
      value: 'linux/amd64, linux/arm64/v8',
      want: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    },
  ])('$value', ({ value, want }) => {
    expect(parseMultiArch(value)).toEqual(want);
  });

  it.each([
    { value: 'bogus', want: /unknown multi-arch option "bogus"/ },
    { value: 'linux', want: /unknown multi-arch option/ },
    { value: 'linux/amd64,', want: /invalid platform ""/ },
    { value: 'linux/amd64/v8/x', want: /invalid platform "linux\/amd64\/v8\/x"/ },
  ])('refuses $value', ({ value, want }) => {
    expect(() => parseMultiArch(value)).toThrow(want);
  });
});

describe('platformSelection', () => {
  it.each([
    { name: 'default', o: { all: false }, want: 'system' },
    { name: '--all', o: { all: true }, want: 'all' },
    { name: '--multi-arch', o: { all: false, multiArch: 'index-only' }, want: 'index-only' },
  ])('$name', ({ o, want }) => {
    expect(platformSelection(o)).toEqual(want);
  });

  it('refuses --all with --multi-arch, as skopeo', () => {
    expect(() => platformSelection({ all: true, multiArch: 'all' })).toThrow(
      'Cannot use --all and --multi-arch flags together',
    );
  });
});
