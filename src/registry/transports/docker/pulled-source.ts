/**
 * Opening one image in a registry for reading, as containers/image's `newImageSource` does
 * for skopeo's `inspect`, the `copy` source and each `sync` image: registries.conf may name
 * mirrors for the image's registry, and they are tried in order before the registry itself
 * (`RegistriesConf.pullSources` leaves out mirrors that serve only digests, or only tags,
 * for the other kind of reference). The first place whose manifest can be read is used for
 * everything read afterwards; any failure — not found, refused, unreachable, blocked — moves
 * on to the next, and when all fail the error is the registry's own, with the mirrors'
 * failures in front.
 *
 * How each place is reached (TLS, credentials, whether its name is blocked) is the caller's
 * to decide: the command line and the TUI have different ways to say it. Tag listing goes
 * to the registry the user named, never to a mirror, as skopeo's does.
 */
import type { PullSource } from '../../config/index.js';
import type { Digest } from '../../digest/index.js';
import type { Descriptor, Manifest } from '../../manifest/index.js';
import { formatReference, type ImageName, type Reference } from '../../ref/index.js';
import type { RegistryClient } from '../../remote/index.js';
import type { BlobLocation, BlobLocator, ImageSource, TagLister } from '../types.js';
import { DockerSource } from './docker-transport.js';

/** Options for {@link openPulledSource}. */
export interface OpenPulledSourceOptions {
  /** The image as the user named it. */
  ref: Reference;
  /** Where to read it from, in order: registries.conf's pull sources (mirrors, then the registry). */
  sources: readonly PullSource[];
  /**
   * The client for one place. Each place but the last has its top manifest read with a
   * `probe` client, one that sends each request once (no HTTP retries), so a mirror that is
   * down costs no backoff; the registry itself, tried last, is asked as any registry is.
   * Throwing (a blocked name) fails that place.
   */
  client(source: PullSource, opts: { probe: boolean }): RegistryClient;
  /** The client the tags are listed with: the registry named, never a mirror. */
  tagClient(): RegistryClient;
  /** One failure on one line, for the combined message and `onDebug`. */
  describe(error: unknown): string;
  /** Says which place is tried and why one failed (the command line's `--debug`). */
  onDebug?(message: string): void;
  signal?: AbortSignal;
}

/** An image read from the place that had it, under the name the user gave. */
class PulledSource implements ImageSource, BlobLocator, TagLister {
  readonly name: ImageName;
  readonly #physical: DockerSource;
  readonly #top: Manifest;
  readonly #tags: () => RegistryClient;
  readonly #logical: Reference;

  constructor(o: { logical: Reference; physical: DockerSource; top: Manifest; tags: () => RegistryClient }) {
    this.name = { transport: 'docker', ref: o.logical };
    this.#logical = o.logical;
    this.#physical = o.physical;
    this.#top = o.top;
    this.#tags = o.tags;
  }

  /** The top manifest is the one read when the source was chosen, so every reader sees the same bytes. */
  async getManifest(opts: { digest?: Digest; signal?: AbortSignal }): Promise<Manifest> {
    if (opts.digest === undefined) return this.#top;
    return this.#physical.getManifest(opts);
  }

  getBlob(opts: { descriptor: Descriptor; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    return this.#physical.getBlob(opts);
  }

  /** Blobs are where they were read from: a mirror in the destination's registry can lend them. */
  blobLocation(): BlobLocation {
    return this.#physical.blobLocation();
  }

  async listTags(opts: { signal?: AbortSignal }): Promise<string[]> {
    return this.#tags().listTags({
      repository: this.#logical.repository,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  close(): Promise<void> {
    return this.#physical.close();
  }
}

/**
 * Opens `ref` from the first pull source that serves its manifest (see the module comment).
 *
 * @throws the only attempt's error unchanged when there are no mirrors; otherwise
 *   `(Mirrors also failed: [ref: error]…): ref: error` with the registry's error as `cause`,
 *   so "not found" there is still recognised as such.
 */
export async function openPulledSource(o: OpenPulledSourceOptions): Promise<ImageSource> {
  const { ref, sources } = o;
  const failures: Array<{ ref: string; error: unknown }> = [];
  for (const [i, source] of sources.entries()) {
    const name = formatReference(source);
    o.onDebug?.(`Trying to access "${name}"`);
    try {
      const physicalRef: Reference = {
        registry: source.registry,
        repository: source.repository,
        ...(source.tag !== undefined ? { tag: source.tag } : {}),
        ...(source.digest !== undefined ? { digest: source.digest } : {}),
      };
      const client = o.client(source, { probe: false });
      const probe = i < sources.length - 1 ? o.client(source, { probe: true }) : client;
      const top = await new DockerSource({ ref: physicalRef, client: probe }).getManifest({
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const physical = new DockerSource({ ref: physicalRef, client });
      return new PulledSource({ logical: ref, physical, top, tags: () => o.tagClient() });
    } catch (error) {
      if (o.signal?.aborted) throw error;
      o.onDebug?.(`Accessing "${name}" failed: ${o.describe(error)}`);
      failures.push({ ref: name, error });
    }
  }
  const primary = failures.pop();
  if (!primary) throw new Error('internal error: no place to read the image from');
  if (failures.length === 0) throw primary.error;
  const mirrors = failures.map((f) => `[${f.ref}: ${o.describe(f.error)}]`).join('\n');
  throw new Error(`(Mirrors also failed: ${mirrors}): ${primary.ref}`, { cause: primary.error });
}
