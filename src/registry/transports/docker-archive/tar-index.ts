import { quoteInput } from '../../digest/index.js';
import { cleanArchivePath } from './archive-path.js';
import { InvalidArchiveError } from './errors.js';
import {
  BLOCK,
  type DecodedHeader,
  decodeHeader,
  isZeroBlock,
  type PaxRecords,
  parseLongName,
  parsePax,
  type TarEntryType,
  TarHeaderError,
} from './tar-header.js';

/** Entries one archive may list; images have a few per layer, so this only stops hostile input. */
export const MAX_TAR_ENTRIES = 100_000;

/** PAX and GNU long-name data per header, as Go's reader allows. */
const MAX_META_SIZE = 1024 * 1024;

/** Bytes of each regular file kept in the index, enough to recognise gzip, zstd, bzip2 and xz. */
const HEAD_BYTES = 8;

/** Sequential access to the bytes of an (uncompressed) tar stream. */
export interface TarByteSource {
  /** Reads up to `n` bytes at the current position; fewer only where the data ends. */
  read(n: number): Promise<Uint8Array>;
  /** Moves up to `n` bytes forward without returning them; returns how far it moved (less only at the end). */
  skip(n: number): Promise<number>;
}

/** One entry of an indexed tar. */
export interface TarEntry {
  /** The clean archive path (see `cleanArchivePath`). */
  name: string;
  type: TarEntryType;
  /** Link target as written; empty for anything but links. */
  linkname: string;
  size: number;
  /** Where the entry's data starts in the uncompressed tar stream. */
  offset: number;
  /** The first bytes of a regular file's data (up to 8), for compression detection. */
  head: Uint8Array;
  /** The whole data of a small file, when the walk kept it (see `IndexTarOptions.keepSmallFiles`). */
  data?: Uint8Array;
}

/** Options for {@link indexTar}. */
export interface IndexTarOptions {
  source: TarByteSource;
  /** Names the archive in errors. */
  archive: string;
  /** The tar's length when known (a plain file): entries must end within it. */
  totalSize?: number;
  maxEntries?: number;
  /**
   * Keep the data of regular files up to `size` bytes, `total` bytes in all. For a
   * compressed archive, where reaching an entry again means decompressing up to it, this
   * keeps manifests, configs and `index.json` from costing a pass each.
   */
  keepSmallFiles?: { size: number; total: number };
  signal?: AbortSignal;
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

interface Pending {
  pax?: PaxRecords;
  longName?: string;
  longLink?: string;
}

type Fail = (reason: string) => never;

/** Reads a tar stream header by header, keeping the offset and the metadata pending for the next entry. */
class TarWalker {
  pos = 0;
  pending: Pending = {};
  readonly #source: TarByteSource;
  readonly #fail: Fail;
  readonly #keep: { size: number; total: number };

  constructor(source: TarByteSource, fail: Fail, keep = { size: 0, total: 0 }) {
    this.#source = source;
    this.#fail = fail;
    this.#keep = { ...keep };
  }

  async read(n: number, what: string): Promise<Uint8Array> {
    const data = await this.#source.read(n);
    if (data.length !== n) this.#fail(`truncated ${what} at offset ${this.pos}`);
    this.pos += n;
    return data;
  }

  async skip(n: number, what: string): Promise<void> {
    if ((await this.#source.skip(n)) !== n) this.#fail(`truncated ${what} at offset ${this.pos}`);
    this.pos += n;
  }

  /** The next header, or undefined at the end of the archive (two zero blocks, or no more data). */
  async next(): Promise<DecodedHeader | undefined> {
    const block = await this.#source.read(BLOCK);
    if (block.length === 0) return undefined; // no end marker: Go's reader accepts that too
    if (block.length !== BLOCK) this.#fail(`truncated header at offset ${this.pos}`);
    this.pos += BLOCK;
    if (isZeroBlock(block)) {
      // A zero block followed by a header is malformed; anything after the marker is never read.
      const next = await this.#source.read(BLOCK);
      if (next.length === BLOCK && !isZeroBlock(next))
        this.#fail(`a zero block followed by data at offset ${this.pos}`);
      return undefined;
    }
    try {
      return decodeHeader(block);
    } catch (err) {
      if (err instanceof TarHeaderError) this.#fail(`${err.message} at offset ${this.pos - BLOCK}`);
      throw err;
    }
  }

  /** Reads a PAX or GNU long-name header's data into the pending metadata. */
  async readMeta(header: Extract<DecodedHeader, { kind: 'meta' }>): Promise<void> {
    if (header.size > MAX_META_SIZE)
      this.#fail(`a type ${header.flag} header larger than ${MAX_META_SIZE} bytes`);
    const data = await this.read(header.size, `type ${header.flag} header`);
    await this.skip(padded(header.size) - header.size, 'padding');
    this.pending = applyMeta(this.pending, header.flag, data, this.#fail);
  }

  /** Reads a regular file's first bytes into `entry.head` (all of a small one into `entry.data`), then skips the rest. */
  async skipData(entry: TarEntry): Promise<void> {
    let consumed = 0;
    if (entry.type === 'file' && entry.size > 0) {
      const keep = entry.size <= this.#keep.size && entry.size <= this.#keep.total;
      consumed = keep ? entry.size : Math.min(HEAD_BYTES, entry.size);
      const bytes = await this.read(consumed, `entry ${quoteInput(entry.name)}`);
      entry.head = bytes.subarray(0, HEAD_BYTES);
      if (keep) {
        entry.data = bytes;
        this.#keep.total -= entry.size;
      }
    }
    await this.skip(padded(entry.size) - consumed, `entry ${quoteInput(entry.name)}`);
  }
}

/**
 * Walks a tar's headers once and returns its entries by clean name. Data is skipped, never
 * read (a plain file is indexed in one small read per entry, whatever its size), and the
 * walk stops at the end-of-archive marker, so padding after it (CVE-2017-14992) costs
 * nothing. Refused: bad headers, truncation, names that are absolute or contain `..`,
 * two entries with the same clean name (unless both are directories, which is harmless),
 * metadata that tools resolve differently (two PAX headers for one entry, a GNU long name
 * together with a PAX path, global PAX headers that rename entries) and more than
 * `maxEntries` entries.
 *
 * @throws {InvalidArchiveError}
 */
export async function indexTar(opts: IndexTarOptions): Promise<Map<string, TarEntry>> {
  const { archive, totalSize, signal } = opts;
  const maxEntries = opts.maxEntries ?? MAX_TAR_ENTRIES;
  const fail: Fail = (reason) => {
    throw new InvalidArchiveError(archive, reason);
  };
  const walker = new TarWalker(opts.source, fail, opts.keepSmallFiles);
  const entries = new Map<string, TarEntry>();
  for (;;) {
    signal?.throwIfAborted();
    const header = await walker.next();
    if (header === undefined) break;
    if (header.kind === 'meta') {
      await walker.readMeta(header);
      continue;
    }
    const entry = finishEntry(header, walker.pending, walker.pos, fail);
    walker.pending = {};
    if (totalSize !== undefined && entry.offset + entry.size > totalSize) {
      fail(`entry ${quoteInput(entry.name)} runs past the end of the file`);
    }
    const existing = entries.get(entry.name);
    if (existing && !(existing.type === 'directory' && entry.type === 'directory')) {
      fail(`duplicate entry ${quoteInput(entry.name)}`);
    }
    if (entries.size >= maxEntries) fail(`more than ${maxEntries} entries`);
    await walker.skipData(entry);
    entries.set(entry.name, entry);
  }
  const { pax, longName, longLink } = walker.pending;
  if (pax || longName !== undefined || longLink !== undefined) {
    fail('extended header without an entry at the end of the archive');
  }
  return entries;
}

function applyMeta(
  pending: Pending,
  flag: 'x' | 'g' | 'L' | 'K',
  data: Uint8Array,
  fail: (r: string) => never,
): Pending {
  let records: PaxRecords;
  try {
    records = flag === 'x' || flag === 'g' ? parsePax(data) : { sparse: false };
  } catch (err) {
    if (err instanceof TarHeaderError) fail(err.message);
    throw err;
  }
  switch (flag) {
    case 'g':
      // Go ignores global headers; GNU tar and tar-stream apply them. Only harmless ones pass.
      if (records.path !== undefined || records.linkpath !== undefined || records.size !== undefined) {
        fail('a global PAX header that renames or resizes entries');
      }
      return pending;
    case 'x':
      if (pending.pax) fail('two PAX headers for one entry');
      return { ...pending, pax: records };
    case 'L':
      if (pending.longName !== undefined) fail('two GNU long names for one entry');
      return { ...pending, longName: parseLongName(data) };
    case 'K':
      if (pending.longLink !== undefined) fail('two GNU long link names for one entry');
      return { ...pending, longLink: parseLongName(data) };
  }
}

function finishEntry(
  header: Extract<DecodedHeader, { kind: 'entry' }>,
  pending: Pending,
  offset: number,
  fail: Fail,
): TarEntry {
  const { pax } = pending;
  // Go lets a GNU long name win over a PAX path; other readers do the opposite.
  if (pax?.path !== undefined && pending.longName !== undefined) fail('both a GNU long name and a PAX path');
  if (pax?.linkpath !== undefined && pending.longLink !== undefined)
    fail('both a GNU long link and a PAX linkpath');
  const rawName = pending.longName ?? (pax?.path || undefined) ?? header.name;
  const linkname = pending.longLink ?? (pax?.linkpath || undefined) ?? header.linkname;
  let type = header.type;
  if (pax?.sparse) type = 'other';
  let size = pax?.size ?? header.size;
  if (type === 'directory' || type === 'symlink' || type === 'hardlink') size = 0;
  const name = cleanArchivePath(rawName);
  if (name === undefined) fail(`entry name ${quoteInput(rawName)} reaches outside the archive`);
  if (name === '.' && type !== 'directory') fail('an entry for the archive root that is not a directory');
  return { name: name as string, type, linkname, size, offset, head: new Uint8Array(0) };
}
