import { describe, expect, it } from 'vitest';
import { dataBlocks } from './tar-feed.js';

describe('dataBlocks', () => {
  it.each([
    { name: 'an empty file', header: { size: 0, type: 'file' }, want: 0 },
    { name: 'one byte takes a block', header: { size: 1, type: 'file' }, want: 512 },
    { name: 'a whole block', header: { size: 512, type: 'file' }, want: 512 },
    { name: 'one byte more', header: { size: 513, type: 'file' }, want: 1024 },
    {
      name: 'a directory with a size field has no data (as tar-stream reads it)',
      header: { size: 700, type: 'directory' },
      want: 0,
    },
    { name: 'a symlink with a size field has data', header: { size: 10, type: 'symlink' }, want: 512 },
    { name: 'an unknown type with data', header: { size: 100, type: null }, want: 512 },
  ])('$name', ({ header, want }) => {
    expect(dataBlocks(header)).toBe(want);
  });
});
