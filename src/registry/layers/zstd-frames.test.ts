import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidLayerError, LayerLimitError } from './errors.js';
import { ZstdFrameSplitter } from './zstd-frames.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const MiB = 1024 * 1024;

/** A frame header with a window descriptor: exponent `e` gives a window of 2^(10+e) bytes. */
function windowFrame(exponent: number): Uint8Array {
  return Uint8Array.from([...MAGIC, 0x00, exponent << 3]);
}

/** One frame of `blocks` RLE blocks, each repeating a byte 128 KiB times. */
function rleFrame(blocks: number): Uint8Array {
  const out = [...MAGIC, 0x00, 7 << 3];
  for (let i = 0; i < blocks; i++) {
    const header = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x61);
  }
  return Uint8Array.from(out);
}

function concat(pieces: Uint8Array[]): Buffer {
  return Buffer.concat(pieces);
}

describe('ZstdFrameSplitter', () => {
  it.each([
    { name: 'one frame with a checksum', file: 'layer.tar.zst' },
    { name: 'two frames around a skippable frame', file: 'layer-frames.tar.zst' },
    { name: 'a frame with a large window', file: 'zeros-64m.zst' },
  ])('passes $name through unchanged, however it is chunked', ({ file }) => {
    const bytes = fixture(file);
    for (const size of [1, 7, 512, bytes.length]) {
      const s = new ZstdFrameSplitter({ maxWindow: 128 * MiB });
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(...s.split(bytes.subarray(i, i + size)));
      s.end();
      expect(concat(pieces).equals(bytes)).toBe(true);
    }
  });

  it('cuts the input every few blocks, bounding what one push decodes', () => {
    const s = new ZstdFrameSplitter({ maxWindow: 128 * MiB, blocksPerPiece: 4 });
    const pieces = s.split(rleFrame(10));
    s.end();
    // 6-byte frame header, then 4-byte RLE blocks: cuts after blocks 4 and 8.
    expect(pieces.map((p) => p.length)).toEqual([6 + 16, 16, 8]);
  });

  it.each([
    { name: 'a 256 MiB window', bytes: windowFrame(18), limit: 128 * MiB, fails: true },
    { name: 'a 2 GiB window', bytes: windowFrame(21), limit: 128 * MiB, fails: true },
    { name: 'a 128 MiB window', bytes: windowFrame(17), limit: 128 * MiB, fails: false },
    {
      name: 'a single-segment frame claiming 1 GiB of content',
      // Descriptor: single segment, 4-byte content size.
      bytes: Uint8Array.from([...MAGIC, 0xa0, 0x00, 0x00, 0x00, 0x40]),
      limit: 128 * MiB,
      fails: true,
    },
    {
      name: 'a single-segment frame with a small content size',
      bytes: Uint8Array.from([...MAGIC, 0x20, 0x10]),
      limit: 128 * MiB,
      fails: false,
    },
  ])('checks the window of $name', ({ bytes, limit, fails }) => {
    const s = new ZstdFrameSplitter({ maxWindow: limit });
    if (fails) expect(() => s.split(bytes)).toThrow(LayerLimitError);
    else expect(() => s.split(bytes)).not.toThrow();
  });

  it('refuses an oversized window even when the header arrives byte by byte', () => {
    const s = new ZstdFrameSplitter({ maxWindow: 128 * MiB });
    const bytes = windowFrame(20);
    const err = (() => {
      try {
        for (const b of bytes) s.split(Uint8Array.of(b));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LayerLimitError);
    expect((err as LayerLimitError).limit).toBe('zstdWindow');
  });

  it.each([
    { name: 'bytes that are not a frame', bytes: Uint8Array.from([1, 2, 3, 4]) },
    { name: 'the reserved descriptor bit', bytes: Uint8Array.from([...MAGIC, 0x08, 0x00]) },
    { name: 'the reserved block type', bytes: Uint8Array.from([...MAGIC, 0x00, 0x38, 0x06, 0x00, 0x00]) },
    {
      name: 'a block larger than 128 KiB',
      bytes: Uint8Array.from([...MAGIC, 0x00, 0x38, 0x08, 0x00, 0x20]),
    },
  ])('refuses $name', ({ bytes }) => {
    expect(() => new ZstdFrameSplitter({ maxWindow: 128 * MiB }).split(bytes)).toThrow(InvalidLayerError);
  });

  it.each([
    { name: 'inside a frame header', cut: 5 },
    { name: 'inside a block', cut: 40 },
    { name: 'before the checksum', cut: -2 },
  ])('says when the stream ends $name', ({ cut }) => {
    const bytes = fixture('layer.tar.zst');
    const s = new ZstdFrameSplitter({ maxWindow: 128 * MiB });
    s.split(bytes.subarray(0, cut < 0 ? bytes.length + cut : cut));
    expect(() => s.end()).toThrow(InvalidLayerError);
  });
});
