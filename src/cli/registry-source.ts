/**
 * Opening one image in a registry for reading, as containers/image's `newImageSource` does
 * for skopeo's `inspect`, the `copy` source and each `sync` image: registries.conf may name
 * mirrors for the image's registry, and they are tried in order before the registry itself
 * (mirrors that serve only digests, or only tags, are left out for the other kind of
 * reference). The first place whose manifest can be read is used for everything the copy
 * reads; any failure — not found, refused, unreachable, blocked — moves on to the next, and
 * when all fail the error is the registry's own, with the mirrors' failures in front.
 *
 * Each place is reached as containers/image reaches it: a name blocked in registries.conf
 * fails that attempt with its message; `--tls-verify` wins when given, otherwise the
 * endpoint's own `insecure` setting; `--cert-dir` and `--authfile` apply everywhere; but
 * credentials from the command line (`--creds`, `--username`/`--password`, `--no-creds`,
 * `--registry-token`) are for the registry the user named, so a mirror on another host gets
 * what the auth file holds for it instead. (containers/image still sends `--registry-token`
 * alone to such a mirror; berth does not.)
 *
 * Tag listing (`inspect`'s RepoTags) still goes to the registry the user named, as skopeo's does.
 */
import type { PullSource } from '../registry/config/index.js';
import type { Digest } from '../registry/digest/index.js';
import type { Descriptor, Manifest } from '../registry/manifest/index.js';
import { formatReference, type ImageName, type Reference } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import { DockerSource } from '../registry/transports/docker/docker-transport.js';
import { openImageSource } from '../registry/transports/open.js';
import type { BlobLocation, BlobLocator, ImageSource, TagLister } from '../registry/transports/types.js';
import type { CliContext } from './context.js';
import { describeError } from './errors.js';
import type { ImageAccess } from './image-flags.js';

/** Returns the client for a registry, as `ctx.clientFor` does (sync passes its cache). */
export type ClientSource = (
  registry: string,
  access: ImageAccess,
  repository: string,
  opts?: { probe?: boolean },
) => RegistryClient;

export interface OpenRegistrySourceOptions {
  ctx: CliContext;
  /** The image as the user named it. */
  ref: Reference;
  /** The flags of the side it is read with. */
  access: ImageAccess;
  clients?: ClientSource;
  signal?: AbortSignal;
}

/** The flags one pull source is reached with (see the module comment). */
export function accessFor(source: PullSource, logical: Reference, access: ImageAccess): ImageAccess {
  const out: ImageAccess = { ...access, tlsVerify: access.tlsVerify ?? !source.insecure };
  if (source.registry !== logical.registry) {
    delete out.credential;
    out.noCreds = false;
  }
  return out;
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
 *   so "not found" there still exits 2.
 */
export async function openRegistrySource(o: OpenRegistrySourceOptions): Promise<ImageSource> {
  const { ctx, ref } = o;
  const clients: ClientSource =
    o.clients ??
    ((registry, access, repository, opts) => ctx.clientFor(registry, access, { repository, ...opts }));
  const failures: Array<{ ref: string; error: unknown }> = [];
  const sources = ctx.pullSources(ref);
  for (const [i, source] of sources.entries()) {
    const name = formatReference(source);
    ctx.debug(`Trying to access "${name}"`);
    try {
      const physicalRef: Reference = {
        registry: source.registry,
        repository: source.repository,
        ...(source.tag !== undefined ? { tag: source.tag } : {}),
        ...(source.digest !== undefined ? { digest: source.digest } : {}),
      };
      const access = accessFor(source, ref, o.access);
      const client = clients(source.registry, access, source.repository);
      // A mirror is asked once (no HTTP retries), so one that is down costs no backoff; the
      // registry itself, tried last, is asked as any registry is.
      const probe =
        i < sources.length - 1
          ? clients(source.registry, access, source.repository, { probe: true })
          : client;
      const top = await new DockerSource({ ref: physicalRef, client: probe }).getManifest({
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const physical = new DockerSource({ ref: physicalRef, client });
      return new PulledSource({
        logical: ref,
        physical,
        top,
        tags: () => clients(ref.registry, o.access, ref.repository),
      });
    } catch (error) {
      if (o.signal?.aborted) throw error;
      ctx.debug(`Accessing "${name}" failed: ${describeError(error)}`);
      failures.push({ ref: name, error });
    }
  }
  const primary = failures.pop();
  if (!primary) throw new Error('internal error: no place to read the image from');
  if (failures.length === 0) throw primary.error;
  const mirrors = failures.map((f) => `[${f.ref}: ${describeError(f.error)}]`).join('\n');
  throw new Error(`(Mirrors also failed: ${mirrors}): ${primary.ref}`, { cause: primary.error });
}

export interface OpenSourceOptions {
  ctx: CliContext;
  name: ImageName;
  access: ImageAccess;
  clients?: ClientSource;
  signal?: AbortSignal;
}

/** Any transport's source: a registry image through {@link openRegistrySource}, the rest as they open. */
export function openSource(o: OpenSourceOptions): Promise<ImageSource> {
  const { ctx, name } = o;
  if (name.transport === 'docker') {
    return openRegistrySource({
      ctx,
      ref: name.ref,
      access: o.access,
      ...(o.clients ? { clients: o.clients } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  }
  return openImageSource(name, {
    ...(ctx.globals.tmpdir ? { tmpDir: ctx.globals.tmpdir } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}
