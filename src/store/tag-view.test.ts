import { describe, expect, it } from 'vitest';
import { tagComparator } from './tag-sort.js';
import { createTagView } from './tag-view.js';

/** `count` names in a scrambled order, with dates found a batch at a time (some never). */
function fixture(count: number) {
  const names = Array.from({ length: count }, (_, i) => `tag-${(i * 7919) % count}`);
  const truth = names.map((_, i) =>
    i % 5 === 0 ? undefined : Date.UTC(2024, 0, 1) + ((i * 104729) % 997) * 3_600_000,
  );
  const found: (number | undefined)[] = new Array(count).fill(undefined);
  const view = createTagView((i) => found[i]);
  /** The order a full sort by the dates found gives. */
  const fullSort = (): number[] =>
    Array.from({ length: count }, (_, i) => i).sort(tagComparator('date', { names, dates: found }));
  return { names, truth, found, view, fullSort };
}

describe('date order as dates arrive', () => {
  it.each([
    { name: 'a few at a time', count: 500, batch: 7 },
    { name: 'large batches', count: 5000, batch: 1200 },
    { name: 'all at once', count: 3000, batch: 3000 },
  ])('$name: moving the tags found matches a full sort', ({ count, batch }) => {
    const { names, truth, found, view, fullSort } = fixture(count);
    view.setSort('date', names);
    expect(view.rows('')).toEqual(fullSort());
    expect(view.datedCount(view.rows(''))).toBe(0);
    for (let from = 0; from < count; from += batch) {
      for (let i = from; i < Math.min(count, from + batch); i++) found[i] = truth[i];
      view.refreshDates();
      expect(view.rows('')).toEqual(fullSort());
    }
    expect(view.refreshDates()).toBe(false);
    expect(view.datedCount(view.rows(''))).toBe(truth.filter((d) => d !== undefined).length);
    expect(view.knownDate(1)).toBe(truth[1]);
  });

  it('puts unknown dates last by name, and ties by name', () => {
    const names = ['b', 'a', 'd', 'c', 'e'];
    const dates = [undefined, 5, 5, undefined, 9];
    const view = createTagView((i) => dates[i]);
    view.setSort('date', names);
    expect(view.rows('').map((i) => names[i])).toEqual(['e', 'a', 'd', 'b', 'c']);
  });

  it('reads no dates outside date order', () => {
    const view = createTagView(() => 1);
    view.setSort('name', ['x', 'y']);
    expect(view.refreshDates()).toBe(false);
    expect(view.datedCount([0, 1])).toBe(0);
    expect(view.knownDate(0)).toBeUndefined();
  });
});
