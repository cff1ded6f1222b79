import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { LimitExceededError, quoteInput, readBounded } from '../../digest/index.js';
import { cleanArchivePath, symlinkTarget } from './archive-path.js';
import { type Compression, detectCompression, MAGIC_BYTES } from './decompress.js';
import { InvalidArchiveError } from './errors.js';
import { readAt, readRange } from './file-range.js';
import { indexTar, type TarEntry } from './tar-index.js';
import { CursorPool, DecompressedCursor, PlainTarSource } from './tar-sources.js';

/**
 * What a compressed archive's index keeps in memory: manifests, configs, `manifest.json`
 * and `index.json` are a few KiB each, and each one not kept would cost a decompression
 * pass up to it when read.
 */
const KEEP_SMALL_FILES = { size: 1024 * 1024, total: 16 * 1024 * 1024 };

/** Options for {@link ArchiveReader.open}. */
export interface OpenArchiveOptions {
  path: string;
  /** Default `MAX_TAR_ENTRIES`. */
  maxEntries?: number;
  signal?: AbortSignal;
}

/**
 * A tar archive (plain, gzip or zstd) indexed once and then read entry by entry, by name,
 * without extracting anything. The file stays open, so the archive read is the one that
 * was indexed even if the path is replaced meanwhile. Entry bytes are not verified here:
 * callers check them against digests.
 */
export class ArchiveReader {
  readonly path: string;
  /** How the whole archive is compressed; undefined for a plain tar. */
  readonly compression: Compression | undefined;
  /** Every entry, by clean name. */
  readonly entries: ReadonlyMap<string, TarEntry>;
  readonly #handle: FileHandle;
  readonly #pool: CursorPool | undefined;

  private constructor(
    path: string,
    handle: FileHandle,
    compression: Compression | undefined,
    entries: Map<string, TarEntry>,
  ) {
    this.path = path;
    this.#handle = handle;
    this.compression = compression;
    this.entries = entries;
    this.#pool = compression ? new CursorPool(() => cursorFor(handle, compression)) : undefined;
  }

  /**
   * Opens and indexes the archive at `path`, which must be a regular file.
   *
   * @throws {InvalidArchiveError} for anything `indexTar` refuses, bzip2/xz compression, or
   * a path that is not a regular file; the `ENOENT` of a missing file.
   */
  static async open(opts: OpenArchiveOptions): Promise<ArchiveReader> {
    const { path, signal } = opts;
    signal?.throwIfAborted();
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new InvalidArchiveError(path, 'not a regular file');
      const compression = detectCompression(await readAt(handle, 0, MAGIC_BYTES));
      if (compression === 'bzip2' || compression === 'xz') {
        throw new InvalidArchiveError(
          path,
          `${compression}-compressed archives are not supported (gzip and zstd are)`,
        );
      }
      let entries: Map<string, TarEntry>;
      if (compression) {
        const cursor = cursorFor(handle, compression);
        try {
          entries = await indexTar({
            source: cursor,
            archive: path,
            maxEntries: opts.maxEntries,
            keepSmallFiles: KEEP_SMALL_FILES,
            signal,
          });
        } catch (err) {
          throw signal?.aborted ? err : wrapDecompressionError(path, err);
        } finally {
          await cursor.close();
        }
      } else {
        const source = new PlainTarSource(handle, st.size);
        entries = await indexTar({
          source,
          archive: path,
          totalSize: st.size,
          maxEntries: opts.maxEntries,
          signal,
        });
      }
      return new ArchiveReader(path, handle, compression, entries);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * The regular file `name` refers to. At most one link is followed (a symlink relative to
   * its directory, or a hardlink), and only to another entry of the archive.
   *
   * @param what names the component in errors, e.g. `layer` or `config`.
   * @throws {InvalidArchiveError} when the name or a link reaches outside the archive, is
   * missing, chains links, or is not a regular file.
   */
  resolve(name: string, what: string): TarEntry {
    const fail = (reason: string): never => {
      throw new InvalidArchiveError(this.path, `${what} ${quoteInput(name)} ${reason}`);
    };
    const clean = cleanArchivePath(name);
    if (clean === undefined) return fail('reaches outside the archive');
    let entry = this.entries.get(clean) ?? fail('is not in the archive');
    if (entry.type === 'symlink' || entry.type === 'hardlink') {
      const target =
        entry.type === 'symlink'
          ? symlinkTarget(entry.name, entry.linkname)
          : cleanArchivePath(entry.linkname);
      if (target === undefined) return fail(`links outside the archive (${quoteInput(entry.linkname)})`);
      entry = this.entries.get(target) ?? fail(`links to ${quoteInput(target)}, which is not in the archive`);
      if (entry.type === 'symlink' || entry.type === 'hardlink') fail('is a link to another link');
    }
    if (entry.type !== 'file') fail('is not a regular file');
    return entry;
  }

  /** The stored bytes of a regular file entry, exactly `entry.size` of them. */
  read(entry: TarEntry): AsyncGenerator<Uint8Array, void, undefined> {
    if (entry.data) return once(entry.data);
    if (this.#pool) return this.#readCompressed(entry);
    return readRange(this.#handle, entry.offset, entry.size);
  }

  async *#readCompressed(entry: TarEntry): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      yield* (this.#pool as CursorPool).read(entry.offset, entry.size);
    } catch (err) {
      throw wrapDecompressionError(this.path, err);
    }
  }

  /**
   * A whole small entry in memory, refused unread when its header says it is over `limit`.
   *
   * @throws {LimitExceededError}
   */
  async readSmall(
    entry: TarEntry,
    opts: { limit: number; what: string; signal?: AbortSignal },
  ): Promise<Buffer> {
    if (entry.size > opts.limit) throw new LimitExceededError(opts.limit, opts.what);
    return readBounded(this.read(entry), opts);
  }

  async close(): Promise<void> {
    await this.#pool?.closeAll();
    await this.#handle.close();
  }
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield data;
}

function cursorFor(handle: FileHandle, compression: Compression): DecompressedCursor {
  return new DecompressedCursor(readRange(handle, 0), compression);
}

/** zlib and fzstd errors say "unexpected end of file"; say which archive and why. */
function wrapDecompressionError(path: string, err: unknown): unknown {
  if (err instanceof InvalidArchiveError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InvalidArchiveError(path, `decompressing: ${message}`, { cause: err });
}
