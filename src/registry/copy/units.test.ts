import { describe, expect, it } from 'vitest';
import { formatEta, formatSize, formatSpeed } from './units.js';

describe('formatSize', () => {
  it.each([
    { name: 'zero', bytes: 0, want: '0.0b' },
    { name: 'bytes (skopeo: 237.0b)', bytes: 237, want: '237.0b' },
    { name: 'just under a KiB', bytes: 1023, want: '1023.0b' },
    { name: 'one KiB', bytes: 1024, want: '1.0KiB' },
    { name: 'skopeo: 293.2KiB', bytes: 300_237, want: '293.2KiB' },
    { name: 'MiB', bytes: 25.9 * 1024 * 1024, want: '25.9MiB' },
    { name: 'GiB', bytes: 3 * 1024 ** 3, want: '3.0GiB' },
    { name: 'TiB stays TiB', bytes: 2048 * 1024 ** 4, want: '2048.0TiB' },
  ])('$name', ({ bytes, want }) => {
    expect(formatSize(bytes)).toBe(want);
  });
});

describe('formatSpeed', () => {
  it.each([
    { name: 'MiB/s with a space', bps: 2.1 * 1024 * 1024, want: '2.1 MiB/s' },
    { name: 'bytes per second', bps: 12, want: '12.0 b/s' },
  ])('$name', ({ bps, want }) => {
    expect(formatSpeed(bps)).toBe(want);
  });
});

describe('formatEta', () => {
  it.each([
    { name: 'seconds, rounded up', s: 14.2, want: '15s' },
    { name: 'minutes', s: 187, want: '3m07s' },
    { name: 'hours', s: 2 * 3600 + 5 * 60 + 30, want: '2h05m' },
    { name: 'negative is zero', s: -3, want: '0s' },
  ])('$name', ({ s, want }) => {
    expect(formatEta(s)).toBe(want);
  });
});
