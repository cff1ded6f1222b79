/**
 * `copyImage`: one image (or a multi-arch set) from a source to a destination.
 *
 * Order of work, which is what makes a failed or cancelled copy leave nothing behind:
 *  1. read the source's top manifest and decide the plan (plan.ts) — platform choice,
 *     conversions and every `preserveDigests` refusal happen before anything is sent (a
 *     Docker → OCI conversion reads the source config here, to re-encode it);
 *  2. copy every distinct blob through a small pool (blob-copy.ts);
 *  3. only when all blobs are confirmed, write the manifests: index children by digest
 *     first, then the top one, then `commit` makes it visible;
 *  4. on any failure or abort: stop the pool (every running transfer sees its signal abort,
 *     and the transport cancels its open upload — the registry's with a best-effort DELETE),
 *     wait for every started transfer to settle, call `destination.abort()` to drop what was
 *     staged, and reject — with the signal's reason when the caller aborted.
 *
 * Destinations that store blobs in another form (`keepsBlobsAsIs = false`: docker-archive
 * keeps layers uncompressed) need no more of the contract than they have: the engine never
 * skips or mounts blobs for them (they must see every blob to store it), refuses
 * `preserveDigests` up front (the stored layer digests differ from the manifest's), and
 * hands them the manifest as planned, naming blobs by the digests they were given as; the
 * destination maps those to what it stored and builds its own stored form at commit (the
 * docker-archive writes its `manifest.json` from the config and the layer order). c/image
 * instead has PutBlob report the stored digest and rewrites the manifest; that needs a
 * wider `putBlob` and buys nothing for the only such destination, whose format has no
 * manifest to rewrite. The result's digest is then that of the manifest handed over.
 */
import { setMaxListeners } from 'node:events';
import { CONFIG_LIMIT, type Digest, readBounded } from '../digest/index.js';
import type { Descriptor } from '../manifest/index.js';
import { isBlobLocator } from '../transports/types.js';
import { type BlobCopyContext, copyBlob } from './blob-copy.js';
import { runPool } from './blob-pool.js';
import type { CopyEvent } from './events.js';
import { type BlobTotals, COPY_DEFAULTS, type CopyOptions, type CopyResult } from './options.js';
import { type CopyPlan, planBlobs, planCopy } from './plan.js';
import { OverallProgress } from './progress.js';
import { type RenderedManifest, renderImage, renderIndex } from './render.js';

type Resolved = CopyOptions & typeof COPY_DEFAULTS;

function resolveOptions(opts: CopyOptions): Resolved {
  const o = { ...COPY_DEFAULTS, ...withoutUndefined(opts) } as Resolved;
  const checks: Array<[string, number, number]> = [
    ['parallelism', o.parallelism, 1],
    ['retryPerBlob', o.retryPerBlob, 0],
  ];
  for (const [name, value, min] of checks) {
    if (!Number.isSafeInteger(value) || value < min)
      throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
  for (const [name, value] of [
    ['progressIntervalMs', o.progressIntervalMs],
    ['retryDelayMs', o.retryDelayMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`${name} must be a number ≥ 0, got ${value}`);
  }
  return o;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A config blob, for a conversion that re-encodes it; the source verifies the stream. */
async function readConfig(o: Resolved, config: Descriptor, signal: AbortSignal): Promise<Uint8Array> {
  // Embedded data was checked against the digest when the manifest was parsed.
  if (config.data !== undefined) return Buffer.from(config.data, 'base64');
  const stream = await o.source.getBlob({ descriptor: config, signal });
  return readBounded(stream, { limit: CONFIG_LIMIT, what: 'image config', signal });
}

/** Copies every distinct blob of the plan through the pool; reports the plan and progress. */
async function copyBlobs(
  plan: CopyPlan,
  o: Resolved,
  emit: (e: CopyEvent) => void,
  signal: AbortSignal,
): Promise<BlobTotals> {
  const tasks = planBlobs(plan);
  const totalBytes = tasks.reduce((sum, t) => sum + t.ref.size, 0);
  emit({
    type: 'plan',
    images: plan.images.length,
    listed: plan.listed,
    blobs: tasks.length,
    bytes: totalBytes,
  });
  for (const task of tasks) emit({ type: 'queued', blob: task.ref });
  const now = (): number => performance.now();
  const overall = new OverallProgress({
    totalBytes,
    totalBlobs: tasks.length,
    emit,
    intervalMs: o.progressIntervalMs,
    now,
  });
  const location = isBlobLocator(o.source) ? o.source.blobLocation() : undefined;
  const ctx: BlobCopyContext = {
    source: o.source,
    destination: o.destination,
    ...(location ? { mountFrom: location } : {}),
    reuse: o.destination.keepsBlobsAsIs,
    ...(o.sharedBlobs ? { sharedBlobs: o.sharedBlobs } : {}),
    retries: o.retryPerBlob,
    retryDelayMs: o.retryDelayMs,
    progressIntervalMs: o.progressIntervalMs,
    emit,
    overall,
    now,
  };
  const totals: BlobTotals = { copied: 0, skipped: 0, mounted: 0, bytes: 0 };
  await runPool({
    items: tasks,
    concurrency: o.parallelism,
    signal,
    worker: async (task, poolSignal) => {
      const outcome = await copyBlob(task, ctx, poolSignal);
      totals[outcome.kind]++;
      if (outcome.kind === 'copied') totals.bytes += outcome.bytes;
    },
  });
  overall.final();
  return totals;
}

/** Writes the planned manifests, children first; returns the top one. */
async function writeManifests(
  plan: CopyPlan,
  o: Resolved,
  emit: (e: CopyEvent) => void,
  signal: AbortSignal,
): Promise<RenderedManifest> {
  const put = async (m: RenderedManifest, role: 'child' | 'top', platform?: Descriptor['platform']) => {
    await o.destination.putManifest({
      bytes: m.bytes,
      mediaType: m.mediaType,
      digest: m.digest,
      role,
      signal,
    });
    const event: CopyEvent = {
      type: 'manifest-written',
      digest: m.digest,
      mediaType: m.mediaType,
      size: m.bytes.byteLength,
      role,
    };
    emit(platform ? { ...event, platform } : event);
  };
  const children = new Map<Digest, RenderedManifest>();
  let top: RenderedManifest | undefined;
  for (const image of plan.images) {
    const rendered = renderImage(image);
    await put(rendered, image.role, image.entry?.platform);
    if (image.role === 'child') children.set(image.source.digest, rendered);
    else top = rendered;
  }
  if (plan.index) {
    top = renderIndex(plan.index, children);
    await put(top, 'top');
  }
  if (!top) throw new Error('internal error: the plan has no top manifest');
  return top;
}

/**
 * Copies the image `source` names to `destination` (see the module comment for the order
 * of work and what a failure leaves behind). Does not close either end.
 *
 * @throws the signal's reason when `signal` aborts; otherwise the first failure, with
 *   `cause` chains intact (`copying blob sha256:…: …`).
 */
export async function copyImage(opts: CopyOptions): Promise<CopyResult> {
  const o = resolveOptions(opts);
  o.signal?.throwIfAborted();
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one per running transfer, by design (see blob-pool.ts)
  const onAbort = (): void => stop.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = stop.signal;
  let listenerError: { error: unknown } | undefined;
  const emit = (event: CopyEvent): void => {
    if (!o.onEvent || listenerError) return;
    try {
      o.onEvent(event);
    } catch (error) {
      // A consumer that throws fails the copy, cleanly, through the same abort path.
      listenerError = { error };
      stop.abort(error);
    }
  };

  try {
    const top = await o.source.getManifest({ signal });
    const plan = await planCopy({
      top,
      fetchChild: (entry) => o.source.getManifest({ digest: entry.digest, signal }),
      fetchConfig: (config) => readConfig(o, config, signal),
      platforms: o.platforms,
      ...(o.platform ? { platform: o.platform } : {}),
      ...(o.format ? { format: o.format } : {}),
      supported: o.destination.supportedManifestTypes,
      preserveDigests: o.preserveDigests,
      keepsBlobsAsIs: o.destination.keepsBlobsAsIs,
    });
    const blobs = await copyBlobs(plan, o, emit, signal);
    const written = await writeManifests(plan, o, emit, signal);
    // A consumer that threw on the last event must still stop the commit.
    signal.throwIfAborted();
    await o.destination.commit({ signal });
    return {
      digest: written.digest,
      manifestBytes: written.bytes,
      mediaType: written.mediaType,
      blobs,
    };
  } catch (err) {
    stop.abort(err);
    if (!o.signal?.aborted) o.sharedBlobs?.ledger.forget(o.sharedBlobs.destination);
    // The copy's own failure is what the caller needs; a failing abort (an upload that
    // cannot be cancelled) changes nothing about it, and the registry expires such uploads.
    await o.destination.abort().catch(() => {});
    if (o.signal?.aborted) throw o.signal.reason;
    if (listenerError) throw listenerError.error;
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
