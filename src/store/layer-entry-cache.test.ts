import { describe, expect, it } from 'vitest';
import type { Digest } from '../registry/digest/index.js';
import type { LayerEntry } from '../registry/layers/index.js';
import { LayerEntryCache } from './layer-entry-cache.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const entries = (n: number): LayerEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    path: `f${i}`,
    type: 'file',
    size: 1,
    mode: 0o644,
    uid: 0,
    gid: 0,
  }));

describe('LayerEntryCache', () => {
  it('drops the least recently used layers past its budget', () => {
    const cache = new LayerEntryCache(10);
    cache.put(d('a'), entries(4));
    cache.put(d('b'), entries(4));
    expect(cache.get(d('a'))).toHaveLength(4); // a is now the most recent
    cache.put(d('c'), entries(4));
    expect([d('a'), d('b'), d('c')].map((x) => cache.get(x)?.length)).toEqual([4, undefined, 4]);
  });

  it.each([
    { name: 'a layer larger than the budget is not kept', size: 11, kept: false },
    { name: 'a layer of exactly the budget is kept', size: 10, kept: true },
  ])('$name', ({ size, kept }) => {
    const cache = new LayerEntryCache(10);
    cache.put(d('a'), entries(size));
    expect(cache.get(d('a')) !== undefined).toBe(kept);
  });

  it('replaces a layer put twice without counting it twice', () => {
    const cache = new LayerEntryCache(10);
    cache.put(d('a'), entries(6));
    cache.put(d('a'), entries(6));
    cache.put(d('b'), entries(4));
    expect(cache.get(d('a'))).toHaveLength(6);
    expect(cache.get(d('b'))).toHaveLength(4);
  });
});
