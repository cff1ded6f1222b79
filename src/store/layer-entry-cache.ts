/**
 * The entries of layers already read to their end and verified, by blob digest, so the
 * aggregated view, a second visit and the layer next door do not download a layer again.
 * Bounded by the number of entries held (least recently used go first); a layer that failed
 * its digest check is never put here.
 */
import type { Digest } from '../registry/digest/index.js';
import type { LayerEntry } from '../registry/layers/index.js';

/** About 200 bytes each: a few hundred MiB at worst, and no real image comes near it. */
export const MAX_CACHED_ENTRIES = 1_000_000;

/** Verified layer entries by digest. */
export class LayerEntryCache {
  private readonly layers = new Map<Digest, readonly LayerEntry[]>();
  private total = 0;

  constructor(private readonly maxEntries = MAX_CACHED_ENTRIES) {}

  get(digest: Digest): readonly LayerEntry[] | undefined {
    const entries = this.layers.get(digest);
    if (entries) {
      // Most recently used last.
      this.layers.delete(digest);
      this.layers.set(digest, entries);
    }
    return entries;
  }

  /** Keeps a verified layer's entries, unless they alone exceed the budget. */
  put(digest: Digest, entries: readonly LayerEntry[]): void {
    if (entries.length > this.maxEntries) return;
    const old = this.layers.get(digest);
    if (old) {
      this.total -= old.length;
      this.layers.delete(digest);
    }
    this.layers.set(digest, entries);
    this.total += entries.length;
    for (const [d, e] of this.layers) {
      if (this.total <= this.maxEntries) break;
      this.layers.delete(d);
      this.total -= e.length;
    }
  }

  clear(): void {
    this.layers.clear();
    this.total = 0;
  }
}
