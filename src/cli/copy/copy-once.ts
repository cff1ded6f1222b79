/**
 * One copy as `berth copy` and each image of `berth sync` run it: open both ends, read the
 * source's top manifest, check it against policy.json, copy through the engine with
 * skopeo's lines and live progress, close the source.
 *
 * Failures reading the source image are `SourceError`s, so the command can tell "the image
 * you asked for does not exist" (exit 2) from a failure later on — a 404 from the
 * destination or for a missing blob is not the input image being absent.
 */
import {
  type BlobLedger,
  type CopyResult,
  copyImage,
  type PlatformSelection,
} from '../../registry/copy/index.js';
import type { HostPlatformOptions } from '../../registry/manifest/index.js';
import { formatImageName, type ImageName, type Reference } from '../../registry/ref/index.js';
import { openImageDestination } from '../../registry/transports/open.js';
import type { ImageDestination } from '../../registry/transports/types.js';
import type { CliContext } from '../context.js';
import type { ImageAccess } from '../image-flags.js';
import type { ProgressView } from '../output/progress/index.js';
import { checkPolicy } from '../policy-check.js';
import { type ClientSource, openSource } from '../registry-source.js';
import { CopyLines } from './copy-lines.js';
import { sourceSignatures } from './source-signatures.js';
import { TopCachingSource } from './top-cache.js';

/** Reading the source image failed; the cause says why (a 404 there means exit 2). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** What the engine is asked to do, from the command's flags. */
export interface EngineChoices {
  platforms: PlatformSelection;
  format?: 'oci' | 'v2s2';
  preserveDigests: boolean;
  removeSignatures: boolean;
  /** Blobs at once; the engine's default when undefined. */
  parallelism?: number;
}

export interface CopyOnceOptions {
  ctx: CliContext;
  source: ImageName;
  destination: ImageName;
  sourceAccess: ImageAccess;
  destinationAccess: ImageAccess;
  /** docker-archive destinations: RepoTags after the destination's own. */
  additionalTags?: readonly Reference[];
  engine: EngineChoices;
  view: ProgressView;
  /** Which copy this is in the view, when several run at once. */
  owner?: number;
  /** Registry clients; default `ctx.clientFor` (with registries.conf's rules for `repository`). */
  clients?: ClientSource;
  /** Blobs the other copies of this run write (sync): shared per destination repository. */
  ledger?: BlobLedger;
  signal: AbortSignal;
}

function overrides(ctx: CliContext): HostPlatformOptions | undefined {
  const { overrideOs: os, overrideArch: arch, overrideVariant: variant } = ctx.globals;
  if (!os && !arch && !variant) return undefined;
  return { ...(os ? { os } : {}), ...(arch ? { arch } : {}), ...(variant ? { variant } : {}) };
}

async function openDestination(
  o: CopyOnceOptions,
  clients: NonNullable<CopyOnceOptions['clients']>,
): Promise<ImageDestination> {
  const name = o.destination;
  try {
    return await openImageDestination(name, {
      // Mirrors are for reads only; a destination is the registry named, blocked or not.
      registryClient: (registry, repository) => clients(registry, o.destinationAccess, repository),
      ...(o.ctx.globals.tmpdir ? { tmpDir: o.ctx.globals.tmpdir } : {}),
      ...(name.transport === 'docker-archive' && o.additionalTags?.length
        ? { additionalTags: o.additionalTags }
        : {}),
      signal: o.signal,
    });
  } catch (err) {
    throw new Error(`initializing destination ${formatImageName(name)}`, { cause: err });
  }
}

/** Copies `source` to `destination` once (the caller retries); see the module comment. */
export async function copyOnce(o: CopyOnceOptions): Promise<CopyResult> {
  const { ctx, signal } = o;
  const clients: ClientSource =
    o.clients ?? ((registry, access, repository) => ctx.clientFor(registry, access, { repository }));
  const sourceName = formatImageName(o.source);
  let source: TopCachingSource;
  let top: Awaited<ReturnType<TopCachingSource['getManifest']>>;
  try {
    // A registry image is read from the first registries.conf mirror (or the registry) that has it.
    const opened = await openSource({ ctx, name: o.source, access: o.sourceAccess, clients, signal });
    source = new TopCachingSource(opened);
    try {
      top = await source.getManifest({ signal });
    } catch (err) {
      await source.close().catch(() => {});
      throw err;
    }
  } catch (err) {
    if (signal.aborted) throw err;
    throw new SourceError(`initializing source ${sourceName}`, { cause: err });
  }
  try {
    await checkPolicy({
      ctx,
      image: o.source,
      manifest: top.bytes,
      signatures: () => sourceSignatures({ name: o.source, signal }),
    });
    const destination = await openDestination(o, clients);
    const list = top.kind === 'index' && o.engine.platforms !== 'system';
    const lines = new CopyLines({
      view: o.view,
      ...(o.owner !== undefined ? { owner: o.owner } : {}),
      list,
      removeSignatures: o.engine.removeSignatures,
    });
    lines.start();
    const platform = overrides(ctx);
    const result = await copyImage({
      source,
      destination,
      platforms: o.engine.platforms,
      ...(platform ? { platform } : {}),
      ...(o.engine.format ? { format: o.engine.format } : {}),
      preserveDigests: o.engine.preserveDigests,
      removeSignatures: o.engine.removeSignatures,
      ...(o.engine.parallelism !== undefined ? { parallelism: o.engine.parallelism } : {}),
      ...(o.ledger && o.destination.transport === 'docker'
        ? {
            sharedBlobs: {
              ledger: o.ledger,
              destination: `${o.destination.ref.registry}/${o.destination.ref.repository}`,
            },
          }
        : {}),
      signal,
      onEvent: lines.onEvent,
    });
    lines.finish();
    return result;
  } finally {
    await source.close().catch(() => {});
  }
}
