/**
 * Reading one tar header block. Only what the archive readers need is decoded: the name
 * (ustar prefix, GNU long names and PAX `path` applied by the walker), the type, the link
 * target and the size. Every field is checked the way Go's `archive/tar` checks it, because
 * Go is what `docker load` and skopeo use: an archive berth accepts should mean the same
 * thing to them.
 */

/** Bytes in one tar block: headers, and the unit data is padded to. */
export const BLOCK = 512;

/** What an entry is, as far as an image archive cares. */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** A header block that describes an entry or carries metadata for the next one. */
export type DecodedHeader =
  | { kind: 'entry'; name: string; type: TarEntryType; linkname: string; size: number }
  /** PAX extended (`x`), PAX global (`g`), GNU long name (`L`) or GNU long link (`K`): data follows. */
  | { kind: 'meta'; flag: 'x' | 'g' | 'L' | 'K'; size: number };

/** A header block that is not a valid tar header. */
export class TarHeaderError extends Error {
  override readonly name = 'TarHeaderError';
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/** True when every byte of the block is zero (one half of the end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}

function field(block: Uint8Array, start: number, length: number): Uint8Array {
  return block.subarray(start, start + length);
}

/** A NUL-terminated string field. */
function text(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return UTF8.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
}

/**
 * A numeric field: octal digits padded with spaces or NULs, or GNU base-256 (high bit of
 * the first byte set) for values octal cannot hold. Negative or unsafe values are refused.
 */
export function parseNumeric(bytes: Uint8Array, what: string): number {
  const first = bytes[0] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw new TarHeaderError(`negative ${what}`);
    let value = first & 0x7f;
    for (const b of bytes.subarray(1)) {
      value = value * 256 + b;
      if (!Number.isSafeInteger(value)) throw new TarHeaderError(`${what} too large`);
    }
    return value;
  }
  const s = LATIN1.decode(bytes).replace(/^[ \0]+|[ \0]+$/g, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarHeaderError(`${what} is not an octal number`);
  const value = Number.parseInt(s, 8);
  if (!Number.isSafeInteger(value)) throw new TarHeaderError(`${what} too large`);
  return value;
}

/** Go accepts the checksum as the unsigned or the signed sum of the header bytes. */
function checksumMatches(block: Uint8Array): boolean {
  const stored = parseNumeric(field(block, 148, 8), 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b >= 0x80 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

type Format = 'ustar' | 'star' | 'gnu' | 'v7';

function formatOf(block: Uint8Array): Format {
  const magic = LATIN1.decode(field(block, 257, 8));
  if (magic === 'ustar\u000000') return LATIN1.decode(field(block, 508, 4)) === 'tar\0' ? 'star' : 'ustar';
  if (magic === 'ustar  \0') return 'gnu';
  return 'v7';
}

/** Types that carry no data in Go's reader whatever their size field says. */
const HEADER_ONLY: ReadonlySet<string> = new Set(['1', '2', '3', '4', '5', '6']);

function typeOf(flag: string, name: string): TarEntryType {
  switch (flag) {
    case '0':
      return 'file';
    case '\0':
      // Pre-POSIX archives mark directories only by a trailing slash.
      return name.endsWith('/') ? 'directory' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      // Devices, FIFOs, contiguous files, GNU sparse and volume headers: never image content.
      return 'other';
  }
}

/**
 * Decodes one 512-byte header block; `undefined` for an all-zero block.
 *
 * @throws {TarHeaderError} for a bad checksum or malformed field.
 */
export function decodeHeader(block: Uint8Array): DecodedHeader | undefined {
  if (block.length !== BLOCK) throw new TarHeaderError('short header block');
  if (isZeroBlock(block)) return undefined;
  if (!checksumMatches(block))
    throw new TarHeaderError('header checksum mismatch (not a tar archive, or corrupted)');
  const flag = String.fromCharCode(block[156] ?? 0);
  const size = parseNumeric(field(block, 124, 12), 'size');
  if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') return { kind: 'meta', flag, size };
  const format = formatOf(block);
  let name = text(field(block, 0, 100));
  if (format === 'ustar' || format === 'star') {
    const prefix = text(field(block, 345, format === 'star' ? 131 : 155));
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  // Go's reader treats these types as having no data; a size on them would make readers
  // disagree on where the next header is, so it is refused rather than guessed.
  if (HEADER_ONLY.has(flag) && size !== 0) throw new TarHeaderError(`a type ${flag} entry with a size`);
  return { kind: 'entry', name, type: typeOf(flag, name), linkname: text(field(block, 157, 100)), size };
}

/** The PAX records berth uses; `sparse` marks GNU sparse files, which are never image content. */
export interface PaxRecords {
  path?: string;
  linkpath?: string;
  size?: number;
  sparse: boolean;
}

/**
 * Parses PAX extended header data: records `"<len> <key>=<value>\n"`, where `<len>` counts
 * the whole record.
 *
 * @throws {TarHeaderError} for a malformed record.
 */
export function parsePax(data: Uint8Array): PaxRecords {
  const out: PaxRecords = { sparse: false };
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1 || space - pos > 20) throw new TarHeaderError('malformed PAX record');
    const lengthText = LATIN1.decode(data.subarray(pos, space));
    if (!/^[1-9][0-9]*$/.test(lengthText)) throw new TarHeaderError('malformed PAX record length');
    const end = pos + Number(lengthText);
    if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) {
      throw new TarHeaderError('malformed PAX record');
    }
    const record = UTF8.decode(data.subarray(space + 1, end - 1));
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarHeaderError('malformed PAX record');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.path = value;
    else if (key === 'linkpath') out.linkpath = value;
    else if (key === 'size') {
      if (!/^[0-9]{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new TarHeaderError('malformed PAX size');
      }
      out.size = Number(value);
    } else if (key.startsWith('GNU.sparse.')) out.sparse = true;
    pos = end;
  }
  return out;
}

/** A GNU long name or link: the data, up to the first NUL. */
export function parseLongName(data: Uint8Array): string {
  return text(data);
}
