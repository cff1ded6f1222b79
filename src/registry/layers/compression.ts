import * as zlib from 'node:zlib';

/** How a layer's tar is stored. */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** Which zstd decoder to use: node:zlib's where Node has one (22.15+), else fzstd. */
export type ZstdEngine = 'auto' | 'fzstd' | 'node';

/** Enough bytes to recognise every magic number below (xz's is six). */
export const MAGIC_BYTES = 6;

const MAGIC: readonly (readonly [LayerCompression | 'bzip2' | 'xz', readonly number[]])[] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

/**
 * The compression the first bytes of a blob show, as containers/image's `DetectCompression`
 * does; anything without a known magic number is taken to be a plain tar.
 */
export function detectCompression(head: Uint8Array): LayerCompression | 'bzip2' | 'xz' {
  for (const [kind, magic] of MAGIC) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

/**
 * The compression a layer media type names (`…tar+gzip`, Docker's `…tar.gzip`, `…tar+zstd`,
 * plain `…tar`), or undefined for a media type that does not say.
 */
export function compressionFromMediaType(mediaType: string): LayerCompression | undefined {
  const m = /[.+](tar|gzip|zstd)$/.exec(mediaType.trim().toLowerCase());
  if (!m) return undefined;
  return m[1] === 'tar' ? 'none' : (m[1] as LayerCompression);
}

/** Whether this Node has a zstd decoder in node:zlib. */
export function hasNodeZstd(): boolean {
  return typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function';
}
