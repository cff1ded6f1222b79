import { gzipSync } from 'node:zlib';

/** One entry of {@link tarGz}. A name ending in `/` is a directory. */
export interface TarEntry {
  name: string;
  content?: string | Uint8Array;
  /** Octal permission bits; default 0o644 for files, 0o755 for directories. */
  mode?: number;
}

const BLOCK = 512;

/**
 * Builds a real gzip-compressed ustar archive, byte-for-byte reproducible (mtime 0, uid/gid 0), for
 * tests that unpack layers. Names must fit ustar's 100-byte name field.
 */
export function tarGz(entries: readonly TarEntry[]): Uint8Array {
  return new Uint8Array(gzipSync(tar(entries)));
}

/** The uncompressed archive; its sha256 is the layer's `diff_id`. */
export function tar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const isDir = entry.name.endsWith('/');
    const body = isDir ? Buffer.alloc(0) : Buffer.from(entry.content ?? '');
    parts.push(header(entry.name, body.length, entry.mode ?? (isDir ? 0o755 : 0o644), isDir ? '5' : '0'));
    parts.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  }
  // Two zero blocks end the archive.
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(name: string, size: number, mode: number, type: string): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136); // mtime
  h.write('        ', 148); // checksum field counts as spaces while summing
  h.write(type, 156);
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148);
  return h;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}
