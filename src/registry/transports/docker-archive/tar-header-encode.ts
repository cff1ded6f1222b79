/**
 * Tar header blocks laid out byte for byte as Go's `archive/tar` writes them for headers
 * built like containers/image builds them (no owner names, fixed times): ustar when the
 * entry fits, a PAX extended header first when the name, link target or size does not.
 * Writing what skopeo writes means an archive berth produces is the same file skopeo would
 * produce for the same image, and everything that reads skopeo's archives reads berth's.
 */
import { posix } from 'node:path';
import { BLOCK } from './tar-header.js';

/** One entry to write. */
export interface TarWriteHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits, e.g. 0o444. */
  mode: number;
  /** Data bytes that follow (files only). */
  size?: number;
  /** Symlink target. */
  linkname?: string;
  /** Seconds since the epoch; default 0. */
  mtime?: number;
}

const NAME_SIZE = 100;
const PREFIX_SIZE = 155;
/** The largest size an 11-digit octal field holds: 8 GiB - 1. */
const MAX_OCTAL_SIZE = 0o77777777777;
const TYPE_FLAGS = { file: '0', directory: '5', symlink: '2' } as const;

function isAscii(s: string): boolean {
  return !/[^\p{ASCII}]/u.test(s);
}

/** Go's `toASCII`: non-ASCII characters are dropped from fields that cannot hold them. */
function toAscii(s: string): string {
  return s.replace(/[^\p{ASCII}]/gu, '');
}

function putString(block: Buffer, offset: number, length: number, s: string): void {
  block.write(s.slice(0, length), offset, length, 'latin1');
}

/** Octal digits, zero-padded to leave room for a trailing NUL (Go's `formatOctal`); 0 if it does not fit. */
function putOctal(block: Buffer, offset: number, length: number, value: number): void {
  let s = value.toString(8);
  if (s.length > length - 1) s = '0';
  putString(block, offset, length, s.padStart(length - 1, '0'));
}

function putChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  // Six digits, NUL, space: Go's layout (and the historical one).
  putOctal(block, 148, 7, sum);
  block[154] = 0;
  block[155] = 0x20;
}

/** Go's `splitUSTARPath`: a long ASCII name split at a `/` into prefix and name fields. */
function splitUstarPath(name: string): [string, string] | undefined {
  if (name.length <= NAME_SIZE || !isAscii(name)) return undefined;
  let length = name.length;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nameLength = name.length - i - 1;
  if (i <= 0 || nameLength > NAME_SIZE || nameLength === 0 || i > PREFIX_SIZE) return undefined;
  return [name.slice(0, i), name.slice(i + 1)];
}

/** Go's `formatPAXRecord`: `"<len> <key>=<value>\n"`, where `<len>` counts the whole record in bytes. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let size = bodyLength + String(bodyLength).length;
  if (String(size).length + bodyLength !== size) size = String(size).length + bodyLength;
  return `${size}${body}`;
}

function baseBlock(name: string, mode: number, size: number, mtime: number, flag: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  putString(block, 0, NAME_SIZE, name);
  putOctal(block, 100, 8, mode);
  putOctal(block, 108, 8, 0); // uid
  putOctal(block, 116, 8, 0); // gid
  putOctal(block, 124, 12, size);
  putOctal(block, 136, 12, mtime);
  block.write(flag, 156, 1, 'latin1');
  putString(block, 257, 8, 'ustar\u000000');
  return block;
}

/**
 * The header block(s) for one entry: one ustar block, or a PAX extended header (block plus
 * padded records) followed by the entry's block.
 */
export function encodeTarHeader(h: TarWriteHeader): Buffer {
  const name = h.type === 'directory' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
  const size = h.type === 'file' ? (h.size ?? 0) : 0;
  const linkname = h.linkname ?? '';
  const mtime = h.mtime ?? 0;
  const split = splitUstarPath(name);
  const pax: [string, string][] = [];
  if (name.length > NAME_SIZE || !isAscii(name)) {
    if (!split) pax.push(['path', name]);
  }
  if (Buffer.byteLength(linkname) > NAME_SIZE || !isAscii(linkname)) pax.push(['linkpath', linkname]);
  if (size > MAX_OCTAL_SIZE) pax.push(['size', String(size)]);
  const flag = TYPE_FLAGS[h.type];
  if (pax.length === 0) {
    const block = baseBlock(split ? split[1] : name, h.mode, size, mtime, flag);
    putString(block, 157, NAME_SIZE, linkname);
    putOctal(block, 329, 8, 0); // devmajor
    putOctal(block, 337, 8, 0); // devminor
    if (split) putString(block, 345, PREFIX_SIZE, split[0]);
    putChecksum(block);
    return block;
  }
  pax.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const records = Buffer.from(pax.map(([k, v]) => paxRecord(k, v)).join(''), 'utf8');
  // Go: path.Join(path.Split(name) with "PaxHeaders.0" between).
  const slash = name.lastIndexOf('/');
  const paxPath = posix.join(name.slice(0, slash + 1), 'PaxHeaders.0', name.slice(slash + 1));
  const paxName = toAscii(paxPath).slice(0, NAME_SIZE);
  const paxBlock = baseBlock(paxName.replace(/\/+$/, ''), 0, records.length, 0, 'x');
  putChecksum(paxBlock);
  const main = baseBlock(toAscii(name), h.mode, size, mtime, flag);
  putString(main, 157, NAME_SIZE, toAscii(linkname));
  putOctal(main, 329, 8, 0);
  putOctal(main, 337, 8, 0);
  putChecksum(main);
  return Buffer.concat([paxBlock, records, padding(records.length), main]);
}

/** Zero bytes that round `size` up to a whole block. */
export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The end-of-archive marker Go writes: two zero blocks. */
export const END_OF_ARCHIVE: Buffer = Buffer.alloc(2 * BLOCK);
