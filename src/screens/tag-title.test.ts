import { describe, expect, it } from 'vitest';
import { datesNote, groupDigits } from './tag-title.js';

describe('datesNote', () => {
  it.each([
    { name: 'not date order', dates: undefined, note: '' },
    { name: 'every date known', dates: { known: 12, of: 12, fetching: false }, note: '' },
    { name: 'no rows', dates: { known: 0, of: 0, fetching: false }, note: '' },
    {
      name: 'looking up',
      dates: { known: 1200, of: 100_000, fetching: true },
      note: ' (dates for 1 200 of 100 000…)',
    },
    {
      name: 'capped',
      dates: { known: 2000, of: 100_000, fetching: false, stopped: 'limit' as const },
      note: ' (dates for 2 000 of 100 000, capped at 2 000)',
    },
    {
      name: 'saving pulls',
      dates: { known: 40, of: 3000, fetching: false, stopped: 'pulls' as const },
      note: ' (dates for 40 of 3 000, stopped to save pulls)',
    },
    {
      name: 'cancelled',
      dates: { known: 7, of: 9, fetching: false, stopped: 'cancelled' as const },
      note: ' (dates for 7 of 9, cancelled)',
    },
    {
      name: 'tried, some have none',
      dates: { known: 2, of: 3, fetching: false },
      note: ' (dates for 2 of 3)',
    },
  ])('$name', ({ dates, note }) => {
    expect(datesNote(dates)).toBe(note);
  });
});

describe('groupDigits', () => {
  it.each([
    { n: 0, text: '0' },
    { n: 999, text: '999' },
    { n: 1000, text: '1 000' },
    { n: 100_000, text: '100 000' },
    { n: 1_234_567, text: '1 234 567' },
  ])('$n', ({ n, text }) => {
    expect(groupDigits(n)).toBe(text);
  });
});
