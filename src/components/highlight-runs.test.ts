import { describe, expect, it } from 'vitest';
import { highlightRuns } from './List.js';

describe('highlightRuns', () => {
  it.each([
    { name: 'nothing to highlight', text: 'abc', at: [], want: [{ text: 'abc', on: false }] },
    {
      name: 'runs',
      text: 'library/nginx',
      at: [8, 9, 11],
      want: [
        { text: 'library/', on: false },
        { text: 'ng', on: true },
        { text: 'i', on: false },
        { text: 'n', on: true },
        { text: 'x', on: false },
      ],
    },
    { name: 'all', text: 'ab', at: [0, 1], want: [{ text: 'ab', on: true }] },
    {
      name: 'by character, not code unit',
      text: 'é😀x',
      at: [2],
      want: [
        { text: 'é😀', on: false },
        { text: 'x', on: true },
      ],
    },
  ])('$name', ({ text, at, want }) => {
    expect(highlightRuns(text, new Set(at))).toEqual(want);
  });
});
