/** Options for {@link randomLayer}. */
export interface RandomLayerOptions {
  size: number;
  /** Same seed and size, same bytes; different seeds give different digests. */
  seed: number;
}

/**
 * Deterministic pseudo-random bytes (mulberry32), fast enough for tens of MiB. Random-looking
 * content does not compress, so transfer sizes in tests equal blob sizes. These are not gzip: a
 * registry stores a layer blob as opaque bytes; use `tarGz` when a test unpacks layers.
 */
export function randomLayer(opts: RandomLayerOptions): Uint8Array {
  if (!Number.isSafeInteger(opts.size) || opts.size < 0) throw new Error(`invalid layer size ${opts.size}`);
  const words = new Uint32Array(Math.ceil(opts.size / 4));
  let state = (opts.seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < words.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    words[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return new Uint8Array(words.buffer, 0, opts.size);
}
