import { type FileHandle, open } from 'node:fs/promises';
import { readRange } from './file-range.js';
import { END_OF_ARCHIVE, encodeTarHeader, padding } from './tar-header-encode.js';

/** Writes all of `data` at the handle's current position (`write` may write less than asked). */
async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset, null);
    offset += bytesWritten;
  }
}

/**
 * Writes a tar archive front to back into an open file. Entries are written in the order
 * added, with Go-compatible headers (see `encodeTarHeader`); `finish` adds the end marker.
 */
export class TarFileWriter {
  readonly #handle: FileHandle;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** A regular file holding `data`. */
  async addBytes(opts: { name: string; data: Uint8Array; mode: number; mtime?: number }): Promise<void> {
    const { data } = opts;
    const header = encodeTarHeader({
      name: opts.name,
      type: 'file',
      mode: opts.mode,
      size: data.length,
      mtime: opts.mtime,
    });
    await writeAll(this.#handle, Buffer.concat([header, data, padding(data.length)]));
  }

  /**
   * A regular file copied from `source`, which must hold exactly `size` bytes (it is
   * berth's own staged file, but a short copy would corrupt every entry after it).
   */
  async addFile(opts: {
    name: string;
    source: string;
    size: number;
    mode: number;
    mtime?: number;
    signal?: AbortSignal;
  }): Promise<void> {
    const { size, signal } = opts;
    const src = await open(opts.source, 'r');
    try {
      const st = await src.stat();
      if (st.size !== size)
        throw new Error(`staged file ${opts.source} holds ${st.size} bytes, expected ${size}`);
      await writeAll(
        this.#handle,
        encodeTarHeader({ name: opts.name, type: 'file', mode: opts.mode, size, mtime: opts.mtime }),
      );
      for await (const chunk of readRange(src, 0, size)) {
        signal?.throwIfAborted();
        await writeAll(this.#handle, chunk);
      }
      await writeAll(this.#handle, padding(size));
    } finally {
      await src.close();
    }
  }

  async addSymlink(opts: { name: string; target: string; mtime?: number }): Promise<void> {
    const header = encodeTarHeader({
      name: opts.name,
      type: 'symlink',
      mode: 0,
      linkname: opts.target,
      mtime: opts.mtime,
    });
    await writeAll(this.#handle, header);
  }

  async addDirectory(opts: { name: string; mode: number; mtime?: number }): Promise<void> {
    await writeAll(
      this.#handle,
      encodeTarHeader({ name: opts.name, type: 'directory', mode: opts.mode, mtime: opts.mtime }),
    );
  }

  /** Writes the end-of-archive marker; the caller syncs and closes the file. */
  async finish(): Promise<void> {
    await writeAll(this.#handle, END_OF_ARCHIVE);
  }
}
