import { describe, expect, it } from 'vitest';
import { formatProgress, formatSize } from './format-size.js';

describe('formatSize', () => {
  it.each([
    { name: 'zero', bytes: 0, want: '0 B' },
    { name: 'bytes below a KiB', bytes: 1023, want: '1023 B' },
    { name: 'one KiB', bytes: 1024, want: '1.0 KiB' },
    { name: 'MiB with a decimal', bytes: 5.25 * 1024 * 1024, want: '5.3 MiB' },
    { name: 'GiB', bytes: 3 * 1024 ** 3, want: '3.0 GiB' },
    { name: 'nonsense is zero', bytes: Number.NaN, want: '0 B' },
  ])('$name', ({ bytes, want }) => {
    expect(formatSize(bytes)).toBe(want);
  });
});

describe('formatProgress', () => {
  it.each([
    { name: 'part way', done: 512, total: 2048, want: '512 B of 2.0 KiB (25%)' },
    { name: 'an empty blob is done', done: 0, total: 0, want: '0 B of 0 B (100%)' },
  ])('$name', ({ done, total, want }) => {
    expect(formatProgress(done, total)).toBe(want);
  });
});
