import { open, unlink } from 'node:fs/promises';
import { createDigester, type Digest } from '../../digest/index.js';
import { decompress, detectCompression, MAGIC_BYTES } from './decompress.js';

/** What a staged layer decompressed to. */
export interface StagedLayer {
  file: string;
  /** sha256 of the uncompressed tar: the layer's diff_id, and its name in the archive. */
  diffID: Digest;
  size: number;
}

/** Splits off the first `n` bytes of a stream to look at, without losing them. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; stream: AsyncGenerator<Uint8Array>; release: () => Promise<unknown> }> {
  const it = source[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(r.value);
    length += r.value.length;
  }
  async function* stream(): AsyncGenerator<Uint8Array> {
    try {
      yield* first;
      while (!done) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  const release = async () => it.return?.();
  return { head: Buffer.concat(first, length).subarray(0, n), stream: stream(), release };
}

/**
 * Writes a layer to `file` uncompressed, as `docker load` wants it: gzip and zstd are
 * recognised by their bytes (as containers/image does, whatever the media type says) and
 * decompressed; anything else is written as it is. `stream` is the verified blob, read to
 * its end, so a wrong digest fails this call. On failure the file is removed.
 *
 * @throws {UnsupportedCompressionError} for bzip2 or xz.
 */
export async function stageLayer(opts: {
  stream: AsyncIterable<Uint8Array>;
  file: string;
  signal?: AbortSignal;
}): Promise<StagedLayer> {
  const { file, signal } = opts;
  const handle = await open(file, 'wx', 0o644);
  let release: (() => Promise<unknown>) | undefined;
  try {
    const peeked = await peek(opts.stream, MAGIC_BYTES);
    release = peeked.release;
    const { head, stream } = peeked;
    const kind = detectCompression(head);
    const plain = kind ? decompress(stream, kind) : stream;
    const hasher = createDigester('sha256');
    let size = 0;
    for await (const chunk of plain) {
      signal?.throwIfAborted();
      hasher.update(chunk);
      size += chunk.length;
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, null);
        offset += bytesWritten;
      }
    }
    await handle.close();
    return { file, diffID: hasher.digest(), size };
  } catch (err) {
    // The source may be an open HTTP body: let it go whatever stopped the copy.
    await release?.().catch(() => {});
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw err;
  }
}
