/**
 * One image of a sync: skip it when the destination already holds it (HEAD only, see
 * `unchanged.ts`), refuse to overwrite a `dir:` destination that holds something else (as
 * skopeo refuses any existing directory), otherwise copy it with the whole-operation retry.
 */
import { lstat } from 'node:fs/promises';
import type { BlobLedger, CopyResult } from '../../registry/copy/index.js';
import type { Digest } from '../../registry/digest/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';
import type { CliContext } from '../context.js';
import { copyOnce, type EngineChoices } from '../copy/copy-once.js';
import { withRetry } from '../copy/copy-retry.js';
import type { RetryOptions } from '../delete/retry.js';
import { describeError } from '../errors.js';
import type { ImageAccess } from '../image-flags.js';
import type { ProgressView } from '../output/progress/index.js';
import type { ClientSource } from '../registry-source.js';
import type { SyncLog } from './logrus-line.js';
import type { SyncItem } from './sync-items.js';
import { unchangedDigest } from './unchanged.js';

export interface SyncImageOptions {
  ctx: CliContext;
  item: SyncItem;
  destinationAccess: ImageAccess;
  engine: EngineChoices;
  clients: ClientSource;
  view: ProgressView;
  log: SyncLog;
  retry: RetryOptions;
  /** Blobs the sync's other images write to the same repositories (see BlobLedger). */
  ledger: BlobLedger;
  signal: AbortSignal;
}

/** How one image ended. */
export type SyncImageResult = { kind: 'unchanged'; digest: Digest } | { kind: 'copied'; result: CopyResult };

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function clientOf(o: SyncImageOptions, side: 'source' | 'destination'): RegistryClient | undefined {
  const name = side === 'source' ? o.item.source : o.item.destination;
  if (name.transport !== 'docker') return undefined;
  return o.clients(
    name.ref.registry,
    side === 'source' ? o.item.access : o.destinationAccess,
    name.ref.repository,
  );
}

/** registries.conf names mirrors for this source: the copy reads from one of them, not the registry. */
function readsFromMirrors(o: SyncImageOptions): boolean {
  const { source } = o.item;
  return source.transport === 'docker' && o.ctx.pullSources(source.ref).some((s) => s.mirror);
}

/** Looks for the image at the destination; a failed look is not a failed sync, just a copy. */
async function lookUnchanged(o: SyncImageOptions): Promise<Digest | undefined> {
  try {
    // The HEAD would ask the registry what the copy reads from a mirror (and count against
    // the registry's limits, which mirrors exist to avoid); the copy finds out instead.
    if (readsFromMirrors(o)) return undefined;
    const sourceClient = clientOf(o, 'source');
    const destinationClient = clientOf(o, 'destination');
    return await unchangedDigest({
      source: o.item.source,
      destination: o.item.destination,
      ...(sourceClient ? { sourceClient } : {}),
      ...(destinationClient ? { destinationClient } : {}),
      all: o.engine.platforms === 'all',
      ...(o.engine.format ? { format: o.engine.format } : {}),
      signal: o.signal,
    });
  } catch (err) {
    if (o.signal.aborted) throw err;
    o.log.debug(`Comparing digests failed, copying: ${describeError(err)}`);
    return undefined;
  }
}

/** Syncs one image; the caller logs "Copying image ref" (fields) and handles failures. */
export async function syncImage(
  o: SyncImageOptions,
  fields: Record<string, string>,
): Promise<SyncImageResult> {
  const { item } = o;
  const same = await lookUnchanged(o);
  if (same) {
    o.log.info(`Skipping image ref ${item.position}/${item.count}: already present at destination`, {
      ...fields,
      digest: same,
    });
    return { kind: 'unchanged', digest: same };
  }
  if (item.destination.transport === 'dir' && (await exists(item.destination.path)))
    throw new DestinationExistsError(item.destination.path);
  o.log.info(`Copying image ref ${item.position}/${item.count}`, fields);
  const result = await withRetry(o.retry, () =>
    copyOnce({
      ctx: o.ctx,
      source: item.source,
      destination: item.destination,
      sourceAccess: item.access,
      destinationAccess: o.destinationAccess,
      engine: o.engine,
      view: o.view,
      owner: item.order + 1,
      clients: o.clients,
      ledger: o.ledger,
      signal: o.signal,
    }),
  );
  return { kind: 'copied', result };
}

/** skopeo's refusal, which ends the sync even with `--keep-going`. */
export class DestinationExistsError extends Error {
  override readonly name = 'DestinationExistsError';
  constructor(path: string) {
    super(`Refusing to overwrite destination directory "${path}"`);
  }
}
