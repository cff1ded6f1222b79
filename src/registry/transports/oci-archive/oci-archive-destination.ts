import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Descriptor } from '../../manifest/index.js';
import type { ImageName } from '../../ref/index.js';
import {
  type ArchiveTarget,
  resolveArchiveTarget,
  writeArchiveFile,
} from '../docker-archive/archive-target.js';
import { STAGING_PREFIX } from '../local/index.js';
import { checkLayoutManifestType, openOciLayoutDestination } from '../oci/index.js';
import type { ImageDestination, PutBlobOptions, PutManifestOptions } from '../types.js';
import { writeLayoutTar } from './write-layout-tar.js';

/** Options for {@link openOciArchiveDestination}. */
export interface OpenOciArchiveDestinationOptions {
  path: string;
  /** Recorded as the image's `org.opencontainers.image.ref.name`. */
  image?: string;
  /** Where the layout is staged; default beside the archive (the OS temp dir for a pipe). */
  tmpDir?: string;
  signal?: AbortSignal;
}

/**
 * An oci-archive being written: an `oci:` layout staged in a private directory, tarred at
 * commit. Like the layout, it stores OCI manifests only.
 */
export class OciArchiveDestination implements ImageDestination {
  readonly name: ImageName;
  readonly supportedManifestTypes: readonly string[];
  readonly keepsBlobsAsIs = true;
  readonly #layout: ImageDestination;
  readonly #layoutDir: string;
  readonly #staging: string;
  readonly #target: ArchiveTarget;
  #state: 'open' | 'layout-committed' | 'committed' | 'aborted' = 'open';

  constructor(opts: {
    name: ImageName;
    layout: ImageDestination;
    layoutDir: string;
    staging: string;
    target: ArchiveTarget;
  }) {
    this.name = opts.name;
    this.#layout = opts.layout;
    this.#layoutDir = opts.layoutDir;
    this.#staging = opts.staging;
    this.#target = opts.target;
    this.supportedManifestTypes = opts.layout.supportedManifestTypes;
  }

  hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    return this.#layout.hasBlob(opts);
  }

  putBlob(opts: PutBlobOptions): Promise<void> {
    return this.#layout.putBlob(opts);
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    // The layout checks too; this names the archive in the message.
    checkLayoutManifestType({ mediaType: opts.mediaType, where: 'an oci-archive' });
    await this.#layout.putManifest(opts);
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = opts;
    if (this.#state === 'committed' || this.#state === 'aborted') {
      throw new Error(`oci-archive destination ${this.#target.path} was already ${this.#state}`);
    }
    if (this.#state === 'open') {
      // Completes the private layout only; a retried commit goes straight to the tar.
      await this.#layout.commit({ signal });
      this.#state = 'layout-committed';
    }
    await writeArchiveFile({
      target: this.#target,
      write: (handle) => writeLayoutTar({ handle, dir: this.#layoutDir, signal }),
      signal,
    });
    this.#state = 'committed';
    await rm(this.#staging, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    if (this.#state === 'committed') return;
    this.#state = 'aborted';
    await this.#layout.abort().catch(() => {});
    // The staging directory is berth's own (mkdtemp); nothing else is removed.
    await rm(this.#staging, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Opens an oci-archive destination for one image (or one index with its children). The
 * layout is built by the `oci:` transport in a private staging directory; at `commit` it
 * is tarred into a temp file beside `path` and renamed over it, so an existing archive
 * survives a failed or aborted copy.
 */
export async function openOciArchiveDestination(
  opts: OpenOciArchiveDestinationOptions,
): Promise<OciArchiveDestination> {
  const { path, image, signal } = opts;
  signal?.throwIfAborted();
  const target = await resolveArchiveTarget({ path, transport: 'oci-archive', signal });
  const parent = opts.tmpDir ?? (target.special ? tmpdir() : dirname(target.path));
  const staging = await mkdtemp(join(parent, `${STAGING_PREFIX}${basename(target.path)}.`));
  try {
    const layoutDir = join(staging, 'layout');
    const layout = await openOciLayoutDestination({
      path: layoutDir,
      ...(image !== undefined ? { image } : {}),
      signal,
    });
    const name: ImageName = { transport: 'oci-archive', path, ...(image !== undefined ? { image } : {}) };
    return new OciArchiveDestination({ name, layout, layoutDir, staging, target });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
