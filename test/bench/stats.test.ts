import { describe, expect, it } from 'vitest';
import { max, median, ratio, rotate } from '../../bench/stats.js';

describe('median', () => {
  it.each([
    { name: 'empty', values: [], out: NaN },
    { name: 'one run', values: [412.5], out: 412.5 },
    { name: 'odd count, unsorted', values: [310, 190, 250], out: 250 },
    { name: 'even count: mean of the middle two', values: [14, 5, 29, 40], out: 21.5 },
    { name: 'numbers, not strings: 100 sorts after 9', values: [9, 100, 20], out: 20 },
    { name: 'an outlier does not move it', values: [31, 30, 29, 30, 5000], out: 30 },
    { name: 'negative values', values: [-2, 4, -8], out: -2 },
  ])('$name', ({ values, out }) => {
    expect(median(values)).toEqual(out);
  });

  it('leaves its input in place', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });
});

describe('max', () => {
  it.each([
    { name: 'empty', values: [], out: NaN },
    { name: 'one', values: [7], out: 7 },
    { name: 'several', values: [29, 40, 31], out: 40 },
  ])('$name', ({ values, out }) => {
    expect(max(values)).toEqual(out);
  });
});

describe('ratio', () => {
  it.each([
    { name: 'berth over skopeo', a: 900, b: 1000, out: 0.9 },
    { name: 'a missing numerator', a: NaN, b: 1000, out: NaN },
    { name: 'a missing denominator', a: 900, b: NaN, out: NaN },
    { name: 'a zero denominator', a: 900, b: 0, out: NaN },
    { name: 'an infinite side', a: Number.POSITIVE_INFINITY, b: 2, out: NaN },
  ])('$name', ({ a, b, out }) => {
    expect(ratio(a, b)).toEqual(out);
  });
});

describe('rotate', () => {
  const tools = ['berth', 'skopeo', 'floor'];
  it.each([
    // The bench's warm-up round is -1, so negative places happen.
    { name: 'round -1 (warm-up)', by: -1, out: ['floor', 'berth', 'skopeo'] },
    { name: 'round 0', by: 0, out: ['berth', 'skopeo', 'floor'] },
    { name: 'round 1', by: 1, out: ['skopeo', 'floor', 'berth'] },
    { name: 'round 2', by: 2, out: ['floor', 'berth', 'skopeo'] },
    { name: 'a whole turn', by: 3, out: ['berth', 'skopeo', 'floor'] },
    { name: 'more than a turn', by: 7, out: ['skopeo', 'floor', 'berth'] },
    { name: 'more than a turn back', by: -4, out: ['floor', 'berth', 'skopeo'] },
  ])('$name', ({ by, out }) => {
    expect(rotate(tools, by)).toEqual(out);
  });

  it.each([
    { name: 'nothing', items: [], by: 2, out: [] },
    { name: 'one item', items: ['berth'], by: 5, out: ['berth'] },
  ])('$name', ({ items, by, out }) => {
    expect(rotate(items, by)).toEqual(out);
  });

  it('puts every tool first once in as many rounds as there are tools', () => {
    const firsts = [0, 1, 2].map((round) => rotate(tools, round)[0]);
    expect(new Set(firsts)).toEqual(new Set(tools));
  });

  it('returns a new array and leaves its input in place', () => {
    const out = rotate(tools, 0);
    expect(out).not.toBe(tools);
    expect(tools).toEqual(['berth', 'skopeo', 'floor']);
  });
});
