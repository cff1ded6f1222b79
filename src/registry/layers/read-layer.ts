import { extract } from 'tar-stream';
import type { ZstdEngine } from './compression.js';
import { decompressLayer } from './decompress.js';
import { InvalidLayerError, LayerLimitError } from './errors.js';
import { type LayerEntry, toLayerEntry } from './layer-entry.js';
import { DEFAULT_LAYER_LIMITS, type LayerLimits } from './limits.js';
import { dataBlocks, TarFeed } from './tar-feed.js';

const BLOCK = 512;

/** Options for {@link readLayerEntries}. */
export interface ReadLayerOptions {
  /** The layer blob, as a transport's `getBlob` gives it: verified, failing at its end on a bad digest. */
  stream: AsyncIterable<Uint8Array>;
  /** The descriptor's media type; a compression it names must match the bytes. */
  mediaType?: string;
  signal?: AbortSignal;
  /** Called with the running total of compressed bytes read (compare with the descriptor's size). */
  onProgress?: (compressedBytesRead: number) => void;
  limits?: Partial<LayerLimits>;
  zstd?: ZstdEngine;
}

/**
 * Lists a layer's entries as its blob streams in: decompressed in memory (gzip, zstd or
 * none), parsed with tar-stream, file contents skipped, nothing written anywhere.
 *
 * The blob is always read to its end, past the tar's end-of-archive marker, so the
 * source's size and digest check runs (reliability §3.1, ggcr #2303): the generator only
 * finishes once the blob is verified, and a mismatch is thrown after the last entry even
 * if the consumer has seen them all. When the tar or its compression is malformed, the
 * rest of the blob is still read, and a digest error is reported in preference, since it
 * explains the damage; otherwise an {@link InvalidLayerError}. A consumer that stops early
 * (or an abort) releases the source without verifying it.
 *
 * The archive ends at its first zero header block, as in Go's reader (and so containerd):
 * whatever follows is decompressed and counted against the limits but not parsed, so
 * padding costs little and trailing bytes are not mistaken for entries.
 *
 * @throws {LayerLimitError} past a {@link LayerLimits} bound.
 * @throws the source's error (`DigestMismatchError`, `SizeMismatchError`), or the signal's reason.
 */
export async function* readLayerEntries(opts: ReadLayerOptions): AsyncGenerator<LayerEntry, void, undefined> {
  const limits = { ...DEFAULT_LAYER_LIMITS, ...opts.limits };
  opts.signal?.throwIfAborted();
  // Our own signal too, so stopping early cancels a read still waiting on the network.
  const inner = new AbortController();
  const forward = (): void => inner.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', forward, { once: true });
  const data = decompressLayer({
    source: opts.stream,
    signal: inner.signal,
    limits,
    ...(opts.mediaType !== undefined ? { mediaType: opts.mediaType } : {}),
    ...(opts.onProgress ? { onCompressedBytes: opts.onProgress } : {}),
    ...(opts.zstd ? { zstd: opts.zstd } : {}),
  });
  const tar = extract();
  const onAbort = (): void => tar.destroy(inner.signal.reason);
  inner.signal.addEventListener('abort', onAbort, { once: true });
  const feed = new TarFeed(data, tar);
  const entries = tar[Symbol.asyncIterator]();
  let verified = false;
  let count = 0;
  /** Where the next header starts in the decompressed stream. */
  let next = 0;
  try {
    for (;;) {
      if (await feed.zeroBlockAt(next)) {
        // The end-of-archive marker: the rest is padding, read only so the digest gets checked.
        await feed.drainRest();
        break;
      }
      const r = await entries.next();
      if (r.done) {
        if (feed.failure) throw feed.failure.error;
        // The parser ends only when its input does, so the blob has been read and verified.
        if (!feed.ended) throw new Error('the layer tar ended before its input did');
        break;
      }
      const entry = r.value;
      // Contents are skipped as they stream by: never buffered, never written.
      entry.resume();
      const { header } = entry;
      next = entry.offset + BLOCK + dataBlocks(header);
      feed.forget(next);
      if (++count > limits.maxEntries) {
        throw new LayerLimitError(
          'entries',
          limits.maxEntries,
          `layer has more than ${limits.maxEntries} entries`,
        );
      }
      if (
        header.name.length > limits.maxPathLength ||
        (header.linkname?.length ?? 0) > limits.maxPathLength
      ) {
        throw new LayerLimitError(
          'path',
          limits.maxPathLength,
          `layer entry ${count} has a path longer than ${limits.maxPathLength} characters`,
        );
      }
      yield toLayerEntry(header);
    }
    verified = true;
  } catch (err) {
    // The input's failure (the source's verdict, a limit, an abort) explains whatever the parser made of its end.
    if (feed.failure) throw feed.failure.error;
    if (inner.signal.aborted || err instanceof LayerLimitError) throw err;
    // A malformed tar: read the rest of the blob, so a corrupt one is reported as such.
    feed.stop();
    await data.drainSource();
    verified = true;
    const message = err instanceof Error ? err.message : String(err);
    throw new InvalidLayerError(`reading the layer's tar: ${message}`, { cause: err });
  } finally {
    feed.stop();
    tar.destroy();
    opts.signal?.removeEventListener('abort', forward);
    inner.signal.removeEventListener('abort', onAbort);
    if (!verified) {
      data.close();
      inner.abort(new Error('layer reading stopped'));
    }
  }
}
