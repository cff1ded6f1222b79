import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  CONFIG_LIMIT,
  type Digest,
  digestAlgorithm,
  digestHex,
  quoteInput,
  readBounded,
  verifyStream,
} from '../../digest/index.js';
import {
  type Descriptor,
  isIndexMediaType,
  MEDIA_TYPES,
  type ParsedImageManifest,
  parseImageConfig,
  parseManifest,
} from '../../manifest/index.js';
import { formatReference, type ImageName, type Reference } from '../../ref/index.js';
import { STAGING_PREFIX } from '../local/index.js';
import type { ImageDestination, PutBlobOptions, PutManifestOptions } from '../types.js';
import { type ArchiveTarget, resolveArchiveTarget, writeArchiveFile } from './archive-target.js';
import { type StagedLayer, stageLayer } from './stage-layer.js';
import { writeDockerArchive } from './write-archive.js';

/** Options for {@link openDockerArchiveDestination}. */
export interface OpenDockerArchiveDestinationOptions {
  path: string;
  /** Recorded in RepoTags and `repositories`; without it the image is untagged. */
  ref?: Reference;
  /** More RepoTags after `ref` (skopeo's `--additional-tag`); each must have a tag (a digest beside it is ignored, as in skopeo). */
  additionalTags?: readonly Reference[];
  signal?: AbortSignal;
}

const CONFIG_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerConfig, MEDIA_TYPES.ociConfig]);
const LAYER_TYPES: ReadonlySet<string> = new Set([
  MEDIA_TYPES.dockerLayer,
  MEDIA_TYPES.dockerLayerUncompressed,
  MEDIA_TYPES.dockerForeignLayer,
  MEDIA_TYPES.dockerForeignLayerUncompressed,
  MEDIA_TYPES.ociLayer,
  MEDIA_TYPES.ociLayerGzip,
  MEDIA_TYPES.ociLayerZstd,
  MEDIA_TYPES.ociLayerNondistributable,
  MEDIA_TYPES.ociLayerNondistributableGzip,
  MEDIA_TYPES.ociLayerNondistributableZstd,
]);

async function drain(stream: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of stream) {
    // only the verdict at the end matters
  }
}

/** A docker-archive being written; see the folder's index for the rules it keeps. */
export class DockerArchiveDestination implements ImageDestination {
  readonly name: ImageName;
  /** Only the config and layer list are stored, so either format does; no conversion needed. */
  readonly supportedManifestTypes = [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest];
  readonly keepsBlobsAsIs = false;
  readonly #target: ArchiveTarget;
  readonly #tags: Reference[];
  #staging: Promise<string> | undefined;
  readonly #layers = new Map<Digest, StagedLayer>();
  readonly #configs = new Map<Digest, Uint8Array>();
  readonly #inFlight = new Map<Digest, Promise<void>>();
  #top: ParsedImageManifest | undefined;
  #state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(opts: { name: ImageName; target: ArchiveTarget; tags: Reference[] }) {
    this.name = opts.name;
    this.#target = opts.target;
    this.#tags = opts.tags;
  }

  #checkOpen(): void {
    if (this.#state !== 'open')
      throw new Error(`docker-archive destination ${this.#target.path} was already ${this.#state}`);
  }

  /** Staged layers live beside the archive (same file system as the final rename), or in the temp dir for a pipe. */
  #stagingDir(): Promise<string> {
    this.#checkOpen(); // never re-created by a write still running when abort() removed it
    const parent = this.#target.special ? tmpdir() : dirname(this.#target.path);
    this.#staging ??= mkdtemp(join(parent, `${STAGING_PREFIX}${basename(this.#target.path)}.`));
    return this.#staging;
  }

  async hasBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<boolean> {
    const d = opts.descriptor.digest;
    return this.#layers.has(d) || this.#configs.has(d);
  }

  async putBlob(opts: PutBlobOptions): Promise<void> {
    this.#checkOpen();
    const { descriptor, signal } = opts;
    const stream = verifyStream(opts.stream, {
      digest: descriptor.digest,
      size: descriptor.size,
      signal,
      what: `blob ${descriptor.digest}`,
    });
    const earlier = this.#inFlight.get(descriptor.digest);
    if (earlier) {
      // Stored already (or being stored): the bytes are still read and checked, then dropped.
      await drain(stream);
      return earlier;
    }
    const work = this.#store(descriptor, stream, signal);
    this.#inFlight.set(descriptor.digest, work);
    try {
      await work;
    } catch (err) {
      // Forgotten at once, so that the engine's retry of this blob starts afresh.
      this.#inFlight.delete(descriptor.digest);
      throw err;
    }
  }

  async #store(
    descriptor: Descriptor,
    stream: AsyncIterable<Uint8Array>,
    signal?: AbortSignal,
  ): Promise<void> {
    const { digest, mediaType } = descriptor;
    if (CONFIG_TYPES.has(mediaType)) {
      const bytes = await readBounded(stream, { limit: CONFIG_LIMIT, what: 'image config', signal });
      this.#configs.set(digest, bytes);
      return;
    }
    if (!LAYER_TYPES.has(mediaType)) {
      throw new Error(`a docker-archive cannot store a blob of type ${quoteInput(mediaType)}`);
    }
    const file = join(await this.#stagingDir(), `${digestAlgorithm(digest)}-${digestHex(digest)}.layer`);
    const staged = await stageLayer({ stream, file, signal });
    if (this.#state !== 'open') {
      await rm(file, { force: true });
      throw new Error(`docker-archive destination was ${this.#state} while a layer was written`);
    }
    this.#layers.set(digest, staged);
  }

  async putManifest(opts: PutManifestOptions): Promise<void> {
    this.#checkOpen();
    if (opts.role !== 'top' || isIndexMediaType(opts.mediaType)) {
      throw new Error(
        'a docker-archive holds a single image, not a multi-platform index: choose one platform',
      );
    }
    const m = parseManifest({ bytes: opts.bytes, contentType: opts.mediaType, expectedDigest: opts.digest });
    if (m.kind !== 'image') throw new Error(`a docker-archive cannot store a ${m.mediaType} manifest`);
    this.#contents(m); // fail now, not at commit, when a blob is missing or the config disagrees
    this.#top = m;
  }

  /** The archive's contents for manifest `m`, checked against what was staged. */
  #contents(m: ParsedImageManifest) {
    const { config, layers } = m.doc;
    const configBytes = this.#configs.get(config.digest);
    if (!configBytes) throw new Error(`the config ${config.digest} was not written before the manifest`);
    const staged = layers.map((l) => {
      const s = this.#layers.get(l.digest);
      if (!s) throw new Error(`layer ${l.digest} was not written before the manifest`);
      return s;
    });
    const diffIDs = parseImageConfig(configBytes, { expectedDigest: config.digest }).rootfs.diff_ids;
    if (diffIDs.length !== staged.length) {
      throw new Error(`the config lists ${diffIDs.length} diff_ids for ${staged.length} layers`);
    }
    staged.forEach((s, i) => {
      // docker load checks this too; failing here keeps an unloadable archive from being written.
      if (s.diffID !== diffIDs[i]) {
        throw new Error(`layer ${i} decompresses to ${s.diffID}, but the config's diff_id is ${diffIDs[i]}`);
      }
    });
    return { layers: staged, config: { digest: config.digest, bytes: configBytes }, tags: this.#tags };
  }

  async commit(opts: { signal?: AbortSignal } = {}): Promise<void> {
    this.#checkOpen();
    const { signal } = opts;
    if (!this.#top) throw new Error('nothing to commit: no manifest was written');
    signal?.throwIfAborted();
    const contents = this.#contents(this.#top);
    await writeArchiveFile({
      target: this.#target,
      write: (handle) => writeDockerArchive({ handle, contents, signal }),
      signal,
    });
    this.#state = 'committed';
    await this.#removeStaging();
  }

  async abort(): Promise<void> {
    if (this.#state === 'open') this.#state = 'aborted';
    await this.#removeStaging();
  }

  async #removeStaging(): Promise<void> {
    const staging = this.#staging;
    this.#staging = undefined;
    if (!staging) return;
    // Only the directory berth created (mkdtemp), never anything the path pointed at.
    const dir = await staging.catch(() => undefined);
    // Retries cover a layer write that was still creating its file when this started.
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Opens a docker-archive destination holding one image. Layers are decompressed (as
 * skopeo does, so `docker load` accepts the archive) and staged beside the archive; the
 * archive is written to a temp file and renamed over `path` at `commit`, so an existing
 * archive there survives a failed or aborted copy.
 */
export async function openDockerArchiveDestination(
  opts: OpenDockerArchiveDestinationOptions,
): Promise<DockerArchiveDestination> {
  const { path, ref, signal } = opts;
  signal?.throwIfAborted();
  if (ref?.digest !== undefined) throw new Error('a docker-archive destination cannot be named by digest');
  const additional = opts.additionalTags ?? [];
  for (const tag of additional) {
    // RepoTags hold `name:tag`: skopeo refuses a reference without a tag.
    if (tag.tag === undefined)
      throw new Error(`additional tag ${formatReference(tag)} must be a tagged reference`);
  }
  const target = await resolveArchiveTarget({ path, transport: 'docker-archive', signal });
  const name: ImageName = { transport: 'docker-archive', path, ...(ref ? { ref } : {}) };
  return new DockerArchiveDestination({ name, target, tags: [...(ref ? [ref] : []), ...additional] });
}
