import { chmod, open, rename, unlink } from 'node:fs/promises';
import { abortable, type Digest, SizeMismatchError, verifyStream } from '../../digest/index.js';
import { tempPathBeside } from './temp-name.js';
import { writeAll } from './write-all.js';

/** Options for {@link writeBlobFile}. */
export interface WriteBlobFileOptions {
  /** Where the blob ends up; its directory must exist. */
  path: string;
  stream: AsyncIterable<Uint8Array>;
  digest: Digest;
  size: number;
  /**
   * The stream throws instead of ending on wrong bytes (PutBlobOptions.verifiedBySource):
   * only its length is checked here. Hashing every byte a second time was most of a registry
   * → `oci:` copy's main thread (measured by bench/).
   */
  verifiedBySource?: boolean;
  signal?: AbortSignal;
}

/** Passes `stream` through, refusing more or fewer bytes than `size`. */
async function* sizeChecked(
  stream: AsyncIterable<Uint8Array>,
  opts: { size: number; what: string; signal: AbortSignal | undefined },
): AsyncGenerator<Uint8Array> {
  const { size, what } = opts;
  let received = 0;
  for await (const chunk of abortable(stream, opts.signal)) {
    received += chunk.byteLength;
    if (received > size) throw new SizeMismatchError(size, received, { what, atLeast: true });
    yield chunk;
  }
  if (received !== size) throw new SizeMismatchError(size, received, { what });
}

/**
 * Streams a blob into a temp file beside `path`, hashing and counting as it writes, then
 * fsyncs it and renames it to `path`. Sources verify what they hand out, but a destination
 * must never rename unverified bytes into place on their word alone: hashing while writing
 * costs little and means a file at a blob path always holds that blob. On any failure
 * (short or long stream, wrong digest, abort, disk full) the temp file is removed and
 * `path` is untouched. Renaming over an existing copy of the same blob is harmless: it is
 * the same bytes, and readers holding the old file keep reading it.
 *
 * @throws {SizeMismatchError} or {DigestMismatchError} from the verification, or an I/O error.
 */
export async function writeBlobFile(opts: WriteBlobFileOptions): Promise<void> {
  const { path, digest, size, signal } = opts;
  signal?.throwIfAborted();
  const tmp = tempPathBeside(path, 'tmp');
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      const what = `blob ${digest}`;
      const checked = opts.verifiedBySource
        ? sizeChecked(opts.stream, { size, what, signal })
        : verifyStream(opts.stream, { digest, size, signal, what });
      for await (const chunk of checked) {
        await writeAll(fh, chunk);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, 0o644);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
