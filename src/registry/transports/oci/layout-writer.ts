/**
 * Writing into an OCI image layout without ever showing a reader half an image, and
 * without losing another writer's image.
 *
 * 1. Opening checks the target: missing (created), empty, or a layout (`oci-layout`
 *    present, `index.json` valid if there); any other non-empty directory is refused.
 * 2. Blobs and manifests are staged in `.berth-staging.<random>.dir` inside the layout, so
 *    the final renames stay on one file system. Each is hashed while written.
 * 3. `commit` writes `oci-layout` if missing, renames staged blobs into `blobs/<alg>/<hex>`
 *    (content-addressed: replacing an identical existing blob is harmless), then, holding
 *    the layout's lock file, re-reads `index.json`, records the entry and replaces
 *    `index.json` atomically. Two writers committing at once therefore both land.
 * 4. `abort` removes the staging directory and any directory opening created, if still empty.
 */
import { lstat, mkdir, realpath, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Digest, digestAlgorithm, digestHex, verifyBytes } from '../../digest/index.js';
import type { Descriptor } from '../../manifest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import {
  makeDirs,
  pathState,
  removeCreatedDirs,
  STAGING_PREFIX,
  syncDir,
  tempPathBeside,
  withFileLock,
  writeBlobFile,
  writeFileAtomic,
} from '../local/index.js';
import type { PutBlobOptions } from '../types.js';
import { type IndexEntry, mergeIndexEntry } from './index-entry.js';
import { INDEX_FILE, LAYOUT_VERSION, layoutBlobPath, OCI_LAYOUT_FILE } from './layout-paths.js';
import { checkLayoutMarker, NotAnOciLayoutError, readIndexJson } from './read-layout.js';

/** The lock taken around read-modify-write of `index.json`. */
export const INDEX_LOCK_FILE = `${STAGING_PREFIX}index.json.lock`;

/** Options for {@link LayoutWriter.open}. */
export interface LayoutWriterOptions {
  path: string;
  /** How long `commit` waits for another writer's lock on `index.json`; default 10 s. */
  lockTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Options for {@link LayoutWriter.commit}. */
export interface LayoutCommitOptions {
  /** The image's top manifest, already put with {@link LayoutWriter.putBytes}. */
  entry: IndexEntry;
  /** Its `org.opencontainers.image.ref.name`; an entry with the same name is replaced. */
  refName?: string;
  signal?: AbortSignal;
}

/** Stages blobs for one image and adds it to an OCI layout at commit. Reusable by archive transports. */
export class LayoutWriter {
  /** The layout directory, resolved. */
  readonly path: string;
  readonly #staging: string;
  readonly #created: string | undefined;
  readonly #lockTimeoutMs: number | undefined;
  readonly #staged = new Map<Digest, string>();
  #finished = false;

  private constructor(path: string, staging: string, created: string | undefined, lockTimeoutMs?: number) {
    this.path = path;
    this.#staging = staging;
    this.#created = created;
    this.#lockTimeoutMs = lockTimeoutMs;
  }

  /**
   * Checks or creates the layout at `opts.path` and makes a staging directory in it.
   *
   * @throws {NotAnOciLayoutError} for a non-empty directory that is not a layout, or a bad layout.
   */
  static async open(opts: LayoutWriterOptions): Promise<LayoutWriter> {
    let path = resolve(opts.path);
    let created: string | undefined;
    let state = await pathState(path);
    if (state.kind === 'symlink') {
      // A symlink to a directory is followed, as a user pointing at one expects.
      path = await realpath(path);
      state = await pathState(path);
    }
    if (state.kind === 'missing') {
      created = await makeDirs(path);
    } else if (state.kind !== 'dir') {
      throw new NotAnOciLayoutError(path, 'it exists and is not a directory');
    } else if (state.entries.length > 0) {
      if (!state.entries.includes(OCI_LAYOUT_FILE)) {
        throw new NotAnOciLayoutError(
          path,
          `the directory is not empty and has no ${OCI_LAYOUT_FILE} file; refusing to write into it`,
        );
      }
      await checkLayoutMarker({ path, signal: opts.signal });
      // Fail now rather than at commit: a broken index.json is never rewritten.
      await readIndexJson({ path, signal: opts.signal });
    }
    const staging = tempPathBeside(join(path, 'staging'), 'dir');
    try {
      await mkdir(staging, { mode: 0o755 });
    } catch (err) {
      await removeCreatedDirs(path, created);
      throw err;
    }
    return new LayoutWriter(path, staging, created, opts.lockTimeoutMs);
  }

  /** Whether the blob is staged here or already in the layout with the right size. */
  async hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    const { digest, size } = opts.descriptor;
    if (this.#staged.has(digest)) return true;
    try {
      const st = await lstat(layoutBlobPath(this.path, digest));
      return st.isFile() && st.size === size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Stages one blob, verified against its descriptor as it is written. */
  async putBlob(opts: PutBlobOptions): Promise<void> {
    this.#checkOpen();
    const { digest, size } = opts.descriptor;
    const path = this.#stagedPath(digest);
    await writeBlobFile({
      path,
      stream: opts.stream,
      digest,
      size,
      ...(opts.verifiedBySource ? { verifiedBySource: true } : {}),
      signal: opts.signal,
    });
    this.#staged.set(digest, path);
  }

  /** Stages a manifest (or any small blob) held in memory; `bytes` must hash to `digest`. */
  async putBytes(opts: { bytes: Uint8Array; digest: Digest; signal?: AbortSignal }): Promise<void> {
    verifyBytes(opts.bytes, { digest: opts.digest, what: `manifest ${opts.digest}` });
    await this.putBlob({
      descriptor: { mediaType: MEDIA_TYPES.ociManifest, digest: opts.digest, size: opts.bytes.byteLength },
      stream: once(opts.bytes),
      signal: opts.signal,
    });
  }

  /** Moves staged blobs into the layout and records `entry` in `index.json`. */
  async commit(opts: LayoutCommitOptions): Promise<void> {
    this.#checkOpen();
    opts.signal?.throwIfAborted();
    if (!(await this.hasBlob({ descriptor: opts.entry }))) {
      throw new Error(`committing to ${this.path}: manifest ${opts.entry.digest} was never written`);
    }
    await this.#ensureMarker();
    await this.#moveBlobs();
    await withFileLock(
      { path: join(this.path, INDEX_LOCK_FILE), timeoutMs: this.#lockTimeoutMs, signal: opts.signal },
      async () => {
        const current = await readIndexJson({ path: this.path, signal: opts.signal });
        const manifests = mergeIndexEntry(current?.raw.manifests ?? [], opts.entry, opts.refName);
        const doc = current
          ? { ...current.raw, manifests }
          : { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests };
        await writeFileAtomic({ path: join(this.path, INDEX_FILE), data: JSON.stringify(doc) });
      },
    );
    this.#finished = true;
    await rm(this.#staging, { recursive: true, force: true });
  }

  /** Drops everything staged; never touches what the layout held before. Safe to call twice. */
  async abort(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await rm(this.#staging, { recursive: true, force: true });
    await removeCreatedDirs(this.path, this.#created);
  }

  #checkOpen(): void {
    if (this.#finished) throw new Error(`the write to ${this.path} was already committed or aborted`);
  }

  #stagedPath(digest: Digest): string {
    return join(this.#staging, `${digestAlgorithm(digest)}-${digestHex(digest)}`);
  }

  async #ensureMarker(): Promise<void> {
    const marker = join(this.path, OCI_LAYOUT_FILE);
    try {
      await lstat(marker);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Concurrent writers may both write it; the content is the same.
      await writeFileAtomic({ path: marker, data: JSON.stringify({ imageLayoutVersion: LAYOUT_VERSION }) });
    }
  }

  async #moveBlobs(): Promise<void> {
    const dirs = new Set<string>();
    for (const [digest, staged] of this.#staged) {
      const target = layoutBlobPath(this.path, digest);
      const dir = join(this.path, 'blobs', digestAlgorithm(digest));
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true, mode: 0o755 });
        dirs.add(dir);
      }
      await rename(staged, target);
      // Moved: a commit retried after a later failure must not look for it in staging again.
      this.#staged.delete(digest);
    }
    // The spec requires `blobs` even when it is empty.
    await mkdir(join(this.path, 'blobs'), { recursive: true, mode: 0o755 });
    for (const dir of dirs) await syncDir(dir);
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
