/**
 * Opening one image in a registry for reading, as skopeo's `inspect`, the `copy` source and
 * each `sync` image do: through registries.conf's mirrors, then the registry itself (the
 * core's `openPulledSource` tries them; see there).
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
import type { ImageName, Reference } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import { openPulledSource } from '../registry/transports/docker/pulled-source.js';
import { openImageSource } from '../registry/transports/open.js';
import type { ImageSource } from '../registry/transports/types.js';
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
  return openPulledSource({
    ref,
    sources: ctx.pullSources(ref),
    client: (source, { probe }) => {
      const access = accessFor(source, ref, o.access);
      return probe
        ? clients(source.registry, access, source.repository, { probe: true })
        : clients(source.registry, access, source.repository);
    },
    tagClient: () => clients(ref.registry, o.access, ref.repository),
    describe: describeError,
    onDebug: (message) => ctx.debug(message),
    ...(o.signal ? { signal: o.signal } : {}),
  });
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
