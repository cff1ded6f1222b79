/**
 * A layer went past one of the bounds berth keeps while reading it (decompressed bytes,
 * compression ratio, entry count, path length). Reading stopped there; nothing about the
 * layer's digest is known yet.
 */
export class LayerLimitError extends Error {
  override readonly name = 'LayerLimitError';
  /** Which bound: `bytes`, `ratio`, `entries`, `path` or `zstdWindow`. */
  readonly limit: 'bytes' | 'ratio' | 'entries' | 'path' | 'zstdWindow';
  /** The configured value of that bound. */
  readonly value: number;

  constructor(limit: LayerLimitError['limit'], value: number, message: string) {
    super(message);
    this.limit = limit;
    this.value = value;
  }
}

/**
 * A layer's bytes are not a (compressed) tar berth can read: a corrupt gzip or zstd
 * stream, a bad tar header, or a media type its bytes contradict. Only raised once the
 * rest of the blob has been read and its digest found correct, so this is a property of
 * the image and not of the transfer.
 */
export class InvalidLayerError extends Error {
  override readonly name = 'InvalidLayerError';
}

/** A layer compressed with something berth recognises but cannot read (bzip2, xz). */
export class UnsupportedCompressionError extends Error {
  override readonly name = 'UnsupportedCompressionError';
  readonly compression: string;

  constructor(compression: string) {
    super(`${compression} compression is not supported for reading layers (berth reads gzip and zstd)`);
    this.compression = compression;
  }
}
