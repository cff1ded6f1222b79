/**
 * The decompressors behind `decompressLayer`, each pulling from a `SourceReader` and
 * yielding decompressed chunks: the blob as is, fzstd, or a node:zlib transform.
 */
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { SourceReader } from './source-reader.js';
import type { ZstdFrameSplitter } from './zstd-frames.js';

/** 1 MiB output chunks: with smaller ones (16 KiB by default), per-chunk overhead costs more than inflating. */
export const CHUNK_SIZE = 1024 * 1024;

/** node:zlib's zstd decoder, where this Node has one (checked by the caller). */
export function createNodeZstd(): Transform {
  // Checked by decompressLayer; Node's own window limit (ZSTD_d_windowLogMax, 128 MiB) matches ours.
  const create = (zlib as { createZstdDecompress?: (o: zlib.ZlibOptions) => Transform })
    .createZstdDecompress!;
  return create({ chunkSize: CHUNK_SIZE });
}

/** The blob as it is: a plain tar. */
export async function* plain(reader: SourceReader): AsyncGenerator<Uint8Array> {
  for (;;) {
    const r = await reader.next();
    if (r.done) return;
    yield r.value;
  }
}

/**
 * fzstd decodes synchronously; the splitter keeps each push to a few blocks (≤ 1 MiB of
 * output) and refuses oversized windows before fzstd allocates them.
 */
export async function* viaFzstd(
  reader: SourceReader,
  splitter: ZstdFrameSplitter,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const d = new Decompress((data) => {
    if (data.length > 0) out.push(data);
  });
  for (;;) {
    const r = await reader.next();
    if (r.done) break;
    for (const piece of splitter.split(r.value)) {
      d.push(piece);
      while (out.length > 0) yield out.shift()!;
    }
  }
  splitter.end();
  // `final` makes fzstd throw when the last frame is incomplete.
  d.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}

/**
 * Feeds a node:zlib transform from the reader (one pump, with backpressure) and yields its
 * output. The pump runs on its own, so it also stops when the owner halts the decompressor.
 * When reading fails, the transform is ended rather than destroyed: what it already
 * decompressed is still yielded, then the failure is thrown.
 */
export async function* viaTransform(
  reader: SourceReader,
  z: Transform,
  halted: () => boolean,
  splitter?: ZstdFrameSplitter,
): AsyncGenerator<Uint8Array> {
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const stop = (): boolean => {
    if (halted()) z.destroy();
    return stopped || halted();
  };
  const pump = async (): Promise<void> => {
    try {
      for (;;) {
        const r = await reader.next();
        if (stop()) return;
        if (r.done) break;
        for (const piece of splitter ? splitter.split(r.value) : [r.value]) {
          if (!z.write(piece)) await drained(z);
          if (stop()) return;
        }
      }
      splitter?.end();
    } catch (error) {
      failure = { error };
    }
    z.end();
  };
  void pump();
  try {
    for await (const chunk of z) yield chunk as Uint8Array;
  } catch (err) {
    // A stream cut short makes zlib fail too; the reason it was cut short comes first.
    throw failure ? failure.error : err;
  } finally {
    stopped = true;
    z.destroy();
  }
  if (failure) throw failure.error;
}

/** Resolves on `drain`, or when the stream closes and never will drain. */
function drained(stream: Transform): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
