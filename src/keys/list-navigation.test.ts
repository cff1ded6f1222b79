import { describe, expect, it } from 'vitest';
import { navigate } from './list-navigation.js';

describe('navigate', () => {
  it.each([
    { name: 'down', action: 'down', index: 3, count: 10, page: 4, to: 4 },
    { name: 'down stops at the end', action: 'down', index: 9, count: 10, page: 4, to: 9 },
    { name: 'up stops at the top', action: 'up', index: 0, count: 10, page: 4, to: 0 },
    { name: 'page down', action: 'pageDown', index: 3, count: 10, page: 4, to: 7 },
    { name: 'page down clamps', action: 'pageDown', index: 8, count: 10, page: 4, to: 9 },
    { name: 'page up clamps', action: 'pageUp', index: 2, count: 10, page: 4, to: 0 },
    { name: 'top', action: 'top', index: 7, count: 10, page: 4, to: 0 },
    { name: 'bottom of 100 000 rows', action: 'bottom', index: 0, count: 100_000, page: 20, to: 99_999 },
    { name: 'an empty list', action: 'down', index: 0, count: 0, page: 4, to: 0 },
  ] as const)('$name', ({ action, index, count, page, to }) => {
    expect(navigate(action, { index, count, page })).toBe(to);
  });
});
