import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/** Compression formats recognised by their magic bytes, as containers/image's `AutoDecompress` does. */
export type Compression = 'gzip' | 'zstd' | 'bzip2' | 'xz';

const MAGIC: readonly (readonly [Compression, readonly number[]])[] = [
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

/** Bytes {@link detectCompression} needs to see. */
export const MAGIC_BYTES = 6;

/** The compression `head` (the first bytes of some data) starts with, or undefined for none. */
export function detectCompression(head: Uint8Array): Compression | undefined {
  for (const [kind, magic] of MAGIC) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  }
  return undefined;
}

/** A compression berth recognises but cannot decompress (bzip2, xz). */
export class UnsupportedCompressionError extends Error {
  override readonly name = 'UnsupportedCompressionError';
  constructor(readonly compression: Compression) {
    super(`${compression} compression is not supported (berth decompresses gzip and zstd)`);
  }
}

/**
 * Decompresses a stream. gzip goes through node:zlib (which checks the CRC and length at
 * the end and reads concatenated members, as Go's reader does); zstd through fzstd. A
 * truncated or corrupt stream throws. Stopping early releases the source.
 *
 * @throws {UnsupportedCompressionError} for bzip2 and xz.
 */
export function decompress(source: AsyncIterable<Uint8Array>, kind: Compression): AsyncGenerator<Uint8Array> {
  switch (kind) {
    case 'gzip':
      return gunzip(source);
    case 'zstd':
      return unzstd(source);
    default:
      throw new UnsupportedCompressionError(kind);
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  // 256 KiB output chunks: with the 16 KiB default, per-chunk overhead costs more than inflating.
  const z = createGunzip({ chunkSize: 256 * 1024 });
  // pipe() does not forward errors: a failing source must fail the output too.
  input.once('error', (err) => z.destroy(err));
  input.pipe(z);
  try {
    yield* z;
  } finally {
    input.destroy();
    z.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const d = new Decompress((chunk) => {
    if (chunk.length > 0) out.push(chunk);
  });
  for await (const chunk of source) {
    d.push(chunk);
    while (out.length > 0) yield out.shift() as Uint8Array;
  }
  // `final` makes fzstd throw when the last frame is incomplete.
  d.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift() as Uint8Array;
}
