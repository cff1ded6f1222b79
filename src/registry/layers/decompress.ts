import * as zlib from 'node:zlib';
import { quoteInput } from '../digest/index.js';
import {
  compressionFromMediaType,
  detectCompression,
  hasNodeZstd,
  type LayerCompression,
  MAGIC_BYTES,
  type ZstdEngine,
} from './compression.js';
import { CHUNK_SIZE, createNodeZstd, plain, viaFzstd, viaTransform } from './engines.js';
import { InvalidLayerError, LayerLimitError, UnsupportedCompressionError } from './errors.js';
import { DEFAULT_LAYER_LIMITS, type LayerLimits } from './limits.js';
import { SourceReader } from './source-reader.js';
import { ZstdFrameSplitter } from './zstd-frames.js';

/** Options for {@link decompressLayer}. */
export interface DecompressOptions {
  /** The blob as stored, ideally verified (a transport's `getBlob` stream). */
  source: AsyncIterable<Uint8Array>;
  /** The descriptor's media type; a compression it names must match the bytes. */
  mediaType?: string;
  signal?: AbortSignal;
  limits?: Partial<LayerLimits>;
  /** Called with the running total of compressed bytes read, for progress. */
  onCompressedBytes?: (total: number) => void;
  zstd?: ZstdEngine;
}

/** A layer's tar bytes, decompressed as they are read. Iterate it once. */
export interface DecompressedLayer extends AsyncIterable<Uint8Array> {
  /** What the blob turned out to be; known once iteration has read its first bytes. */
  readonly compression: LayerCompression | undefined;
  readonly compressedBytes: number;
  readonly decompressedBytes: number;
  /**
   * After stopping early: reads the rest of the blob without decompressing it, so a
   * verifying source checks its digest. Rejects with the source's error.
   */
  drainSource(): Promise<void>;
  /** After stopping early: releases the source unread (nothing gets verified). */
  close(): void;
}

/**
 * Decompresses a layer blob (gzip, zstd or none, told by its first bytes) under the
 * {@link LayerLimits}. Iterating to the end also reads the blob to its end, past whatever
 * the decompressor ignores (such as zeros after a gzip member), so a verifying source gets
 * to check size and digest; its error then ends the iteration. When decompression fails,
 * the rest of the blob is read first, and a digest error, which explains the corruption,
 * is thrown in its place; otherwise an {@link InvalidLayerError}.
 *
 * @throws {LayerLimitError} past a limit; {@link UnsupportedCompressionError} for bzip2 and xz.
 * @throws at once for `zstd: 'node'` on a Node without zstd in node:zlib.
 */
export function decompressLayer(opts: DecompressOptions): DecompressedLayer {
  if (opts.zstd === 'node' && !hasNodeZstd()) {
    throw new Error('this Node has no zstd in node:zlib (it arrived in 22.15 and 23.8)');
  }
  return new LayerDecompressor(opts);
}

class LayerDecompressor implements DecompressedLayer {
  compression: LayerCompression | undefined;
  decompressedBytes = 0;
  private readonly reader: SourceReader;
  private readonly limits: LayerLimits;
  /** Set by drainSource and close: the decompressor stops reading and leaves the source to them. */
  private halted = false;
  private readonly isHalted = (): boolean => this.halted;

  constructor(private readonly opts: DecompressOptions) {
    this.reader = new SourceReader(opts.source, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onCompressedBytes ? { onBytes: opts.onCompressedBytes } : {}),
    });
    this.limits = { ...DEFAULT_LAYER_LIMITS, ...opts.limits };
  }

  get compressedBytes(): number {
    return this.reader.bytes;
  }

  drainSource(): Promise<void> {
    this.halted = true;
    return this.reader.drain();
  }

  close(): void {
    this.halted = true;
    this.reader.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      const kind = await this.detect();
      this.compression = kind;
      for await (const chunk of this.engine(kind)) {
        this.count(chunk.byteLength);
        yield chunk;
      }
      // Decompressors stop at the end of their data; the rest is still part of the blob.
      await this.reader.drain();
    } catch (err) {
      throw await this.explain(err);
    }
  }

  /** Reads the first bytes, decides, and hands them back for the decompressor. */
  private async detect(): Promise<LayerCompression> {
    const head: Uint8Array[] = [];
    let have = 0;
    while (have < MAGIC_BYTES) {
      const r = await this.reader.next();
      if (r.done) break;
      head.push(r.value);
      have += r.value.byteLength;
    }
    this.reader.unshift(...head);
    const first = Buffer.concat(head, have).subarray(0, MAGIC_BYTES);
    const kind = detectCompression(first);
    if (kind === 'bzip2' || kind === 'xz') throw new UnsupportedCompressionError(kind);
    const declared = this.opts.mediaType ? compressionFromMediaType(this.opts.mediaType) : undefined;
    // Only a missing header is refused: a gzip blob labelled zstd is read as gzip, as c/image does.
    if (kind === 'none' && declared && declared !== 'none') {
      const what = have === 0 ? 'is empty' : `does not start with a ${declared} header`;
      throw new InvalidLayerError(
        `layer media type ${quoteInput(this.opts.mediaType!)} says ${declared}, but the blob ${what}`,
      );
    }
    return kind;
  }

  private engine(kind: LayerCompression): AsyncIterable<Uint8Array> {
    switch (kind) {
      case 'none':
        return plain(this.reader);
      case 'gzip':
        return viaTransform(this.reader, zlib.createGunzip({ chunkSize: CHUNK_SIZE }), this.isHalted);
      case 'zstd': {
        const splitter = new ZstdFrameSplitter({ maxWindow: this.limits.maxZstdWindow });
        const want = this.opts.zstd ?? 'auto';
        if (want === 'node' || (want === 'auto' && hasNodeZstd())) {
          return viaTransform(this.reader, createNodeZstd(), this.isHalted, splitter);
        }
        return viaFzstd(this.reader, splitter);
      }
    }
  }

  private count(n: number): void {
    this.decompressedBytes += n;
    const { maxBytes, maxRatio, ratioAfter } = this.limits;
    const out = this.decompressedBytes;
    if (out > maxBytes) {
      throw new LayerLimitError('bytes', maxBytes, `layer decompresses to more than ${maxBytes} bytes`);
    }
    if (this.compression !== 'none' && out > ratioAfter && out > maxRatio * this.reader.bytes) {
      throw new LayerLimitError(
        'ratio',
        maxRatio,
        `layer decompresses to more than ${maxRatio} times its compressed size (${out} bytes from ${this.reader.bytes}): a decompression bomb or padding`,
      );
    }
  }

  /** The error to report for `err`: the source's own verdict when the blob turns out corrupt. */
  private async explain(err: unknown): Promise<unknown> {
    if (
      this.halted ||
      err === this.reader.error ||
      this.opts.signal?.aborted ||
      err instanceof LayerLimitError ||
      err instanceof UnsupportedCompressionError
    ) {
      return err;
    }
    try {
      await this.reader.drain();
    } catch (sourceErr) {
      return sourceErr;
    }
    if (err instanceof InvalidLayerError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new InvalidLayerError(`decompressing ${this.compression ?? 'the'} layer: ${message}`, {
      cause: err,
    });
  }
}
