/**
 * `dir:PATH` as a destination, in skopeo's directory format, but replacing the previous
 * image atomically. containers/image erases the directory first and writes into it, so a
 * failed copy leaves neither image (reliability F02); berth writes the whole new image into
 * a staging directory beside PATH and swaps it in at commit:
 *
 * 1. PATH must be missing, empty, or hold a `version` file with exactly containers/image's
 *    content; anything else is refused, and nothing in it is touched.
 * 2. Blobs, manifests and `version` go to `.berth-<name>.<random>.dir` in PATH's parent,
 *    each hashed while written and fsynced.
 * 3. `commit` renames PATH aside, renames the staging directory to PATH, then removes the
 *    old one. If the second rename fails the old image is put back.
 */
import { link, lstat, readFile, realpath, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Digest, verifyBytes } from '../../digest/index.js';
import type { Descriptor } from '../../manifest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import {
  makeDirs,
  pathState,
  readBlobStream,
  removeCreatedDirs,
  syncDir,
  tempPathBeside,
  writeBlobFile,
  writeFileAtomic,
} from '../local/index.js';
import type { ImageDestination, PutBlobOptions, PutManifestOptions } from '../types.js';
import { DIR_VERSION, dirBlobPath, dirManifestPath, VERSION_FILE } from './dir-paths.js';

/** The directory is not empty and was not written by the `dir:` transport (containers/image's ErrNotContainerImageDir). */
export class NotContainerImageDirError extends Error {
  override readonly name = 'NotContainerImageDirError';
  readonly path: string;

  constructor(path: string) {
    super(
      `${path} is not a containers image directory (no matching ${VERSION_FILE} file); refusing to overwrite it`,
    );
    this.path = path;
  }
}

/** Options for {@link openDirDestination}. */
export interface OpenDirDestinationOptions {
  path: string;
  signal?: AbortSignal;
}

/**
 * Checks that `path` may be written and prepares a staging directory beside it.
 *
 * @throws {NotContainerImageDirError} for a non-empty directory that holds no `dir:` image.
 */
export async function openDirDestination(opts: OpenDirDestinationOptions): Promise<ImageDestination> {
  let target = resolve(opts.path);
  const state = await pathState(target);
  // Write where a symlink points, as containers/image does, and keep the link.
  if (state.kind === 'symlink') target = await realpath(target);
  await checkReplaceable(target);
  const created = await makeDirs(dirname(target));
  const staging = tempPathBeside(target, 'dir');
  try {
    await makeDirs(staging);
    await writeFileAtomic({ path: join(staging, VERSION_FILE), data: DIR_VERSION });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    await removeCreatedDirs(dirname(target), created);
    throw err;
  }
  return new DirDestination({ name: { transport: 'dir', path: opts.path }, target, staging, created });
}

/** Throws unless `target` is missing, an empty directory, or a `dir:` image. */
async function checkReplaceable(target: string): Promise<void> {
  const state = await pathState(target);
  if (state.kind === 'missing' || (state.kind === 'dir' && state.entries.length === 0)) return;
  if (state.kind !== 'dir' || !state.entries.includes(VERSION_FILE))
    throw new NotContainerImageDirError(target);
  const version = await lstat(join(target, VERSION_FILE));
  // Read it only when it could be the expected file; a symlink or a huge file is not.
  if (!version.isFile() || version.size !== DIR_VERSION.length) throw new NotContainerImageDirError(target);
  if ((await readFile(join(target, VERSION_FILE), 'utf8')) !== DIR_VERSION)
    throw new NotContainerImageDirError(target);
}

export class DirDestination implements ImageDestination {
  readonly name: ImageName;
  /** A directory stores any manifest as bytes. */
  readonly supportedManifestTypes: readonly string[] = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
  ];
  readonly keepsBlobsAsIs = true;
  readonly #target: string;
  readonly #staging: string;
  readonly #created: string | undefined;
  readonly #staged = new Set<Digest>();
  #hasTop = false;
  #finished = false;

  constructor(opts: { name: ImageName; target: string; staging: string; created: string | undefined }) {
    this.name = opts.name;
    this.#target = opts.target;
    this.#staging = opts.staging;
    this.#created = opts.created;
  }

  /**
   * True for a blob staged by this write, or one the image being replaced already holds:
   * that one is hard-linked into the new image after its content is checked, so copying
   * an image over itself moves no bytes.
   */
  async hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    const { digest, size } = opts.descriptor;
    if (this.#staged.has(digest)) return true;
    const existing = dirBlobPath(this.#target, digest);
    const st = await lstat(existing).catch(() => undefined);
    if (!st?.isFile() || st.size !== size) return false;
    const staged = dirBlobPath(this.#staging, digest);
    // Linked under a temp name and renamed once checked, so a concurrent call for the same
    // blob can never see (or remove) a file that is not yet verified.
    const tmp = tempPathBeside(staged, 'tmp');
    try {
      await link(existing, tmp);
      // The old image's file was never ours to trust: hash it before the new image uses it.
      for await (const _ of await readBlobStream({ path: tmp, digest, size, signal: opts.signal })) {
        // draining is the check
      }
      await rename(tmp, staged);
    } catch {
      await unlink(tmp).catch(() => {});
      opts.signal?.throwIfAborted();
      // Cannot link (another file system, no permission) or not the right bytes: copy it anew.
      return false;
    }
    this.#staged.add(digest);
    return true;
  }

  async putBlob(opts: PutBlobOptions): Promise<void> {
    this.#checkOpen();
    const { digest, size } = opts.descriptor;
    await writeBlobFile({
      path: dirBlobPath(this.#staging, digest),
      stream: opts.stream,
      digest,
      size,
      ...(opts.verifiedBySource ? { verifiedBySource: true } : {}),
      signal: opts.signal,
    });
    this.#staged.add(digest);
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    this.#checkOpen();
    verifyBytes(opts.bytes, { digest: opts.digest, what: `manifest ${opts.digest}` });
    const path = dirManifestPath(this.#staging, opts.role === 'child' ? opts.digest : undefined);
    await writeFileAtomic({ path, data: opts.bytes, signal: opts.signal });
    if (opts.role === 'top') this.#hasTop = true;
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    this.#checkOpen();
    opts.signal?.throwIfAborted();
    if (!this.#hasTop) throw new Error('nothing to commit: no manifest was written');
    // Someone may have put other data there since open; check again right before moving it.
    await checkReplaceable(this.#target);
    await syncDir(this.#staging);
    const old = tempPathBeside(this.#target, 'old');
    let moved = false;
    try {
      await rename(this.#target, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      await rename(this.#staging, this.#target);
    } catch (err) {
      if (moved) await rename(old, this.#target).catch(() => {});
      throw err;
    }
    this.#finished = true;
    await syncDir(dirname(this.#target));
    if (moved) await rm(old, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await rm(this.#staging, { recursive: true, force: true });
    await removeCreatedDirs(dirname(this.#target), this.#created);
  }

  #checkOpen(): void {
    if (this.#finished)
      throw new Error(`the write to ${basename(this.#target)} was already committed or aborted`);
  }
}
