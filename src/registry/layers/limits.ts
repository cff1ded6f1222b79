/**
 * The bounds kept while reading a layer. Nothing is written to disk, so the risks are CPU
 * time and memory: a decompression bomb (reliability F09), gigabytes of padding after
 * the end-of-archive marker (F08), and archives with millions of entries or huge names.
 */
export interface LayerLimits {
  /**
   * Decompressed bytes one layer may produce. Real layers reach tens of GiB (model
   * weights), so this is generous; the ratio guard is what stops bombs early.
   */
  maxBytes: number;
  /**
   * Decompressed ÷ compressed bytes, checked once `ratioAfter` bytes have come out.
   * gzip cannot exceed ~1032 and ordinary layers stay far below 100, so a stream above
   * this is almost all zeros: a bomb or padding, not files worth listing.
   */
  maxRatio: number;
  /** Decompressed bytes before the ratio is checked, so small, very compressible layers pass. */
  ratioAfter: number;
  /**
   * Entries one layer may list. Each costs a few hundred bytes in a tree; the largest
   * real layers (TeX Live, node_modules-heavy images) hold a few hundred thousand.
   */
  maxEntries: number;
  /** Characters in one path; Linux's PATH_MAX is 4096, so nothing longer can be extracted. */
  maxPathLength: number;
  /**
   * zstd window (the back-reference buffer the decoder must allocate). The zstd CLI and
   * library refuse more than 128 MiB unless told otherwise (`--memory`), and so does berth.
   */
  maxZstdWindow: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Defaults for {@link LayerLimits}. */
export const DEFAULT_LAYER_LIMITS: Readonly<LayerLimits> = Object.freeze({
  maxBytes: 64 * GiB,
  maxRatio: 1000,
  ratioAfter: 1 * GiB,
  maxEntries: 1_000_000,
  maxPathLength: 4096,
  maxZstdWindow: 128 * MiB,
});
