import { InvalidLayerError, LayerLimitError } from './errors.js';

/** RFC 8878 §3.1.1: a zstd frame starts with 0xFD2FB528 (little-endian). */
const ZSTD_MAGIC = 0xfd2fb528;
/** §3.1.2: skippable frames use 0x184D2A50–0x184D2A5F. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** §3.1.1.2: no block regenerates more than this (and never more than the window). */
const MAX_BLOCK = 128 * 1024;

const DICT_ID_BYTES = [0, 1, 2, 4] as const;

type State =
  | { kind: 'magic' }
  | { kind: 'skippable-size' }
  | { kind: 'descriptor' }
  | { kind: 'header-rest'; descriptor: number }
  | { kind: 'block'; checksum: boolean }
  | { kind: 'skip'; left: number; then: State; blockEnd: boolean };

/** Options for {@link ZstdFrameSplitter}. */
export interface ZstdFrameSplitterOptions {
  /** Largest window a frame may ask for (the memory the decoder allocates). */
  maxWindow: number;
  /** Block ends per piece: each block regenerates at most 128 KiB, so this bounds a piece's output. */
  blocksPerPiece?: number;
}

/**
 * Walks the frame and block headers of a zstd stream without decoding it, for two
 * reasons. fzstd allocates whatever window a frame header asks for (up to 2 GiB), so each
 * header is checked against `maxWindow` before the decoder sees it. And fzstd decodes a
 * whole pushed chunk synchronously, where a few KiB of RLE blocks can expand to gigabytes;
 * cutting the input into pieces of a few blocks bounds what one push can produce.
 */
export class ZstdFrameSplitter {
  private readonly maxWindow: number;
  private readonly blocksPerPiece: number;
  private state: State = { kind: 'magic' };
  private readonly header = new Uint8Array(16);
  private have = 0;

  constructor(opts: ZstdFrameSplitterOptions) {
    this.maxWindow = opts.maxWindow;
    this.blocksPerPiece = opts.blocksPerPiece ?? 8;
  }

  /**
   * Checks `chunk` and returns it cut into pieces (views, no copies).
   * @throws {LayerLimitError} for a window above `maxWindow`.
   * @throws {InvalidLayerError} for bytes that are not zstd frames.
   */
  split(chunk: Uint8Array): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let start = 0;
    let blocks = 0;
    let i = 0;
    for (;;) {
      const s = this.state;
      if (s.kind === 'skip') {
        // Handled before the end-of-chunk check: a zero-length payload ends its block at once.
        const n = Math.min(s.left, chunk.length - i);
        i += n;
        s.left -= n;
        if (s.left > 0) break;
        this.state = s.then;
        if (s.blockEnd && ++blocks >= this.blocksPerPiece) {
          pieces.push(chunk.subarray(start, i));
          start = i;
          blocks = 0;
        }
        continue;
      }
      if (i >= chunk.length) break;
      this.header[this.have++] = chunk[i++]!;
      if (this.have === this.needed(s)) {
        this.have = 0;
        this.state = this.advance(s);
      }
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
    return pieces;
  }

  /** @throws {InvalidLayerError} when the stream stopped inside a frame. */
  end(): void {
    if (this.state.kind !== 'magic' || this.have !== 0) {
      throw new InvalidLayerError('zstd stream ends in the middle of a frame');
    }
  }

  private needed(s: State): number {
    switch (s.kind) {
      case 'magic':
      case 'skippable-size':
        return 4;
      case 'descriptor':
        return 1;
      case 'header-rest':
        return headerRestLength(s.descriptor);
      case 'block':
        return 3;
      case 'skip':
        return 0;
    }
  }

  private advance(s: State): State {
    const h = this.header;
    switch (s.kind) {
      case 'magic': {
        const magic = u32(h, 0);
        if (magic === ZSTD_MAGIC) return { kind: 'descriptor' };
        if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) return { kind: 'skippable-size' };
        throw new InvalidLayerError('zstd stream has bytes that are not a zstd frame');
      }
      case 'skippable-size':
        return skip(u32(h, 0), { kind: 'magic' }, false);
      case 'descriptor': {
        const descriptor = h[0]!;
        // Bit 3 is reserved and must be zero (RFC 8878 §3.1.1.1.1).
        if (descriptor & 0x08) throw new InvalidLayerError('zstd frame header has its reserved bit set');
        // Never empty: a frame has either a window descriptor or a content size.
        return { kind: 'header-rest', descriptor };
      }
      case 'header-rest':
        this.checkWindow(windowSize(s.descriptor, h));
        return { kind: 'block', checksum: (s.descriptor & 0x04) !== 0 };
      case 'block': {
        const b = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        const last = (b & 1) === 1;
        const type = (b >> 1) & 3;
        const size = b >>> 3;
        if (type === 3) throw new InvalidLayerError('zstd block has the reserved block type');
        if (size > MAX_BLOCK) throw new InvalidLayerError(`zstd block of ${size} bytes exceeds 128 KiB`);
        const after: State = last
          ? s.checksum
            ? skip(4, { kind: 'magic' }, false)
            : { kind: 'magic' }
          : { kind: 'block', checksum: s.checksum };
        // An RLE block stores one byte and repeats it `size` times.
        return skip(type === 1 ? 1 : size, after, true);
      }
      case 'skip':
        return s;
    }
  }

  private checkWindow(size: number): void {
    if (size > this.maxWindow) {
      throw new LayerLimitError(
        'zstdWindow',
        this.maxWindow,
        `zstd frame needs a ${size}-byte window, more than the limit of ${this.maxWindow}`,
      );
    }
  }
}

function skip(left: number, then: State, blockEnd: boolean): State {
  return { kind: 'skip', left, then, blockEnd };
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Frame header bytes after the descriptor: window descriptor, dictionary id, content size. */
function headerRestLength(descriptor: number): number {
  const single = (descriptor >> 5) & 1;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
  return (single ? 0 : 1) + DICT_ID_BYTES[descriptor & 3]! + fcsBytes;
}

/** RFC 8878 §3.1.1.1.2: the window, or for a single-segment frame its content size. */
function windowSize(descriptor: number, rest: Uint8Array): number {
  const single = (descriptor >> 5) & 1;
  if (!single) {
    const wd = rest[0]!;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  const fcsFlag = descriptor >> 6;
  const at = DICT_ID_BYTES[descriptor & 3]!;
  const n = fcsFlag === 0 ? 1 : 1 << fcsFlag;
  let size = 0;
  for (let k = n - 1; k >= 0; k--) size = size * 256 + rest[at + k]!;
  return fcsFlag === 1 ? size + 256 : size;
}
