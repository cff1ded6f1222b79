/**
 * The sync loop: gather the sources, pair them with destinations, then run the images
 * through a pool of `jobs` lanes (skopeo: one at a time), logging in skopeo's words.
 *
 * Failure handling follows skopeo: without `--keep-going` the first failed image ends the
 * sync (berth also cancels the images still in flight, which leave their destinations as
 * they were); with it, failures are logged, the rest continue, and the sync fails at the
 * end. A `dir:` destination that already holds another image always ends the sync.
 * The digest file gets one line per synced image, in source order.
 */
import { writeFile } from 'node:fs/promises';
import { runPool } from '../../registry/copy/blob-pool.js';
import { BlobLedger } from '../../registry/copy/index.js';
import { formatImageName } from '../../registry/ref/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';
import type { CliContext } from '../context.js';
import type { EngineChoices } from '../copy/copy-once.js';
import { withRetry } from '../copy/copy-retry.js';
import type { RetryOptions } from '../delete/retry.js';
import { describeError } from '../errors.js';
import type { ImageAccess } from '../image-flags.js';
import type { ProgressView } from '../output/progress/index.js';
import type { ClientSource } from '../registry-source.js';
import type { SyncDestKind } from './destination-name.js';
import type { SyncLog } from './logrus-line.js';
import { DestinationExistsError, syncImage } from './sync-image.js';
import { planItems } from './sync-items.js';
import { collectSources, type SyncSourceKind } from './sync-sources.js';

export interface RunSyncOptions {
  ctx: CliContext;
  sourceKind: SyncSourceKind;
  source: string;
  destKind: SyncDestKind;
  destination: string;
  sourceAccess: ImageAccess;
  destinationAccess: ImageAccess;
  engine: EngineChoices;
  scoped: boolean;
  appendSuffix: string;
  dryRun: boolean;
  keepGoing: boolean;
  jobs: number;
  digestFile?: string;
  view: ProgressView;
  log: SyncLog;
  retry: RetryOptions;
}

/** What a sync did. */
export interface SyncSummary {
  sources: number;
  /** Images synced, unchanged ones included (skopeo's count). */
  synced: number;
  /** Of those, already present at the destination. */
  unchanged: number;
  failed: number;
}

/**
 * One client per registry and access for the whole sync, so tokens are fetched once.
 * Looked up per repository, because registries.conf may block or mark insecure one
 * repository of a registry (the context hands out the same client when the answer is too).
 */
function clientCache(ctx: CliContext): ClientSource {
  const byAccess = new WeakMap<ImageAccess, Map<string, RegistryClient>>();
  return (registry, access, repository, opts) => {
    let clients = byAccess.get(access);
    if (!clients) {
      clients = new Map();
      byAccess.set(access, clients);
    }
    const key = `${opts?.probe ? 'probe:' : ''}${registry}/${repository}`;
    let client = clients.get(key);
    if (!client) {
      client = ctx.clientFor(registry, access, { repository, ...opts });
      clients.set(key, client);
    }
    return client;
  };
}

/** Runs the sync; throws on a failure that ends it, or at the end when `--keep-going` saw failures. */
export async function runSync(o: RunSyncOptions): Promise<SyncSummary> {
  const { ctx, log } = o;
  const clients = clientCache(ctx);
  const ledger = new BlobLedger();
  const repos = await withRetry(o.retry, () =>
    collectSources({
      kind: o.sourceKind,
      source: o.source,
      access: o.sourceAccess,
      clients,
      log,
      signal: ctx.signal,
    }),
  );
  if (o.dryRun) log.warn('Running in dry-run mode');
  const items = await planItems({
    repos,
    destination: o.destination,
    kind: o.destKind,
    scoped: o.scoped,
    appendSuffix: o.appendSuffix,
  });
  const summary: SyncSummary = { sources: repos.length, synced: 0, unchanged: 0, failed: 0 };
  const digests: Array<{ order: number; line: string }> = [];
  try {
    await runPool({
      items,
      concurrency: o.jobs,
      signal: ctx.signal,
      worker: async (item, signal) => {
        const from = formatImageName(item.source);
        const to = formatImageName(item.destination);
        if (o.dryRun) {
          log.info(`Would have copied image ref ${item.position}/${item.count}`, { from, to });
          summary.synced++;
          return;
        }
        try {
          const done = await syncImage(
            {
              ctx,
              item,
              destinationAccess: o.destinationAccess,
              engine: o.engine,
              clients,
              view: o.view,
              log,
              retry: { ...o.retry, signal },
              ledger,
              signal,
            },
            { from, to },
          );
          const digest = done.kind === 'unchanged' ? done.digest : done.result.digest;
          if (done.kind === 'unchanged') summary.unchanged++;
          summary.synced++;
          digests.push({ order: item.order, line: `${digest} ${to}\n` });
        } catch (err) {
          if (signal.aborted || err instanceof DestinationExistsError) throw err;
          if (!o.keepGoing) throw new Error(`Error copying ref "${from}"`, { cause: err });
          summary.failed++;
          log.error(`Error copying ref "${from}"`, { error: describeError(err) });
        }
      },
    });
  } finally {
    if (o.digestFile !== undefined && !o.dryRun) {
      const text = digests
        .sort((a, b) => a.order - b.order)
        .map((d) => d.line)
        .join('');
      try {
        await writeFile(o.digestFile, text, { mode: 0o644 });
      } catch (err) {
        // A sync that failed already says why; the digest file's own failure must not hide it.
        log.error(`Failed to write digest file "${o.digestFile}"`, { error: describeError(err) });
      }
    }
  }
  const verb = o.dryRun ? 'Would have synced' : 'Synced';
  log.info(
    `${verb} ${summary.synced} images from ${summary.sources} sources`,
    summary.unchanged > 0 ? { unchanged: summary.unchanged } : {},
  );
  if (summary.failed > 0)
    throw new Error('Sync failed due to previous reported error(s) for one or more images');
  return summary;
}
