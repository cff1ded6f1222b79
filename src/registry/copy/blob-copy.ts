/**
 * Copies one blob, the cheapest way that works:
 *  1. the destination already has it (HEAD) → skipped;
 *  2. the source names a repository the destination can mount from → mounted, no bytes move;
 *  3. otherwise the source's verified stream goes straight into the destination's upload,
 *     chunk by chunk, with no temp file and nothing held in memory beyond a chunk.
 * Transient failures are retried from step 1 with a fresh stream (see retry.ts).
 * A blob the copy made itself (a config re-encoded by a conversion) is streamed from its
 * bytes instead of the source, and never mounted: the source repository does not have it.
 */
import { untilAborted } from '../digest/index.js';
import { abortableSleep } from '../http/retry-policy.js';
import type { Descriptor } from '../manifest/index.js';
import {
  type BlobLocation,
  type ImageDestination,
  type ImageSource,
  isBlobMounter,
} from '../transports/types.js';
import type { BlobLedger } from './blob-ledger.js';
import { type CopyEvent, eventMessage } from './events.js';
import type { BlobTask } from './plan.js';
import { BlobProgress, type OverallProgress } from './progress.js';
import { isRetryable, mismatchSignature, retryDelay } from './retry.js';

/** What a blob copy needs from the copy around it. */
export interface BlobCopyContext {
  source: ImageSource;
  destination: ImageDestination;
  /** Where the source's blobs can be mounted from, if it can say. */
  mountFrom?: BlobLocation;
  /** Check for existing blobs and mount; false when the destination transforms what it stores. */
  reuse: boolean;
  /** Blobs other copies in this process write to the same destination (CopyOptions.sharedBlobs). */
  sharedBlobs?: { ledger: BlobLedger; destination: string };
  retries: number;
  retryDelayMs: number;
  progressIntervalMs: number;
  emit: (event: CopyEvent) => void;
  overall: OverallProgress;
  now: () => number;
}

/** How a blob got to the destination. */
export type BlobOutcome = { kind: 'skipped' } | { kind: 'mounted' } | { kind: 'copied'; bytes: number };

/** What became of a stream handed to the destination. */
interface StreamState {
  started: boolean;
  finished: boolean;
  failure?: { error: unknown };
}

/** Passes `source` through, counting bytes and remembering whether it failed. */
async function* watch(
  source: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
  state: StreamState,
): AsyncGenerator<Uint8Array> {
  state.started = true;
  try {
    for await (const chunk of source) {
      onBytes(chunk.byteLength);
      yield chunk;
    }
  } catch (error) {
    state.failure = { error };
    throw error;
  } finally {
    state.finished = true;
  }
}

/**
 * Lets go of the source when the destination stopped early. Not awaited: a stalled
 * `next()` would hold `return()` until it settles, and the signal ends it anyway.
 */
function release(
  state: StreamState,
  stream: AsyncGenerator<Uint8Array>,
  source: AsyncIterable<Uint8Array>,
): void {
  if (state.finished) return;
  const it = state.started ? stream : source[Symbol.asyncIterator]();
  Promise.resolve()
    .then(() => it.return?.(undefined))
    .catch(() => {});
}

/** Bytes the copy made, as a stream (one chunk: they are a small config). */
async function* fromMemory(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function tryMount(ctx: BlobCopyContext, descriptor: Descriptor, signal: AbortSignal): Promise<boolean> {
  const { destination, mountFrom } = ctx;
  if (!mountFrom || !isBlobMounter(destination)) return false;
  try {
    return await destination.mountBlob({ descriptor, from: mountFrom, signal });
  } catch (err) {
    // A refused mount (no pull access to the other repository, a registry that does not
    // mount) is an answer, not a failure: the blob is uploaded instead, as c/image does.
    if (signal.aborted) throw err;
    return false;
  }
}

async function attempt(
  task: BlobTask,
  ctx: BlobCopyContext,
  progress: BlobProgress,
  signal: AbortSignal,
): Promise<BlobOutcome> {
  const { descriptor } = task;
  if (ctx.reuse) {
    if (await ctx.destination.hasBlob({ descriptor, signal })) return { kind: 'skipped' };
    if (!task.bytes && (await tryMount(ctx, descriptor, signal))) return { kind: 'mounted' };
  }
  const body = task.bytes ? fromMemory(task.bytes) : await ctx.source.getBlob({ descriptor, signal });
  const state: StreamState = { started: false, finished: false };
  const onBytes = (n: number): void => {
    progress.add(n);
    ctx.overall.streamed(n);
  };
  const stream = watch(body, onBytes, state);
  try {
    // `watch` passes the source's chunks and errors through unchanged, so a stream from
    // `getBlob` stays one that throws instead of ending on wrong bytes.
    await ctx.destination.putBlob({ descriptor, stream, signal, verifiedBySource: !task.bytes });
  } catch (err) {
    // The source's error (a digest mismatch, a dropped download) is the reason; what the
    // upload made of it (an aborted request body) is only the consequence.
    throw state.failure ? state.failure.error : err;
  } finally {
    release(state, stream, body);
  }
  // c/image's second check: a destination that reports success for a stream that failed
  // may have kept unverified bytes, so the blob is not taken as copied.
  if (state.failure) throw state.failure.error;
  progress.finish();
  return { kind: 'copied', bytes: progress.bytes };
}

/**
 * {@link attempt}, first asking the ledger of blobs other copies write to this destination:
 * one they wrote is skipped without a HEAD, one they are writing is waited for, and one
 * nobody has claimed is claimed for the length of this attempt.
 */
async function attemptShared(
  task: BlobTask,
  ctx: BlobCopyContext,
  progress: BlobProgress,
  signal: AbortSignal,
): Promise<BlobOutcome> {
  const shared = ctx.sharedBlobs;
  if (!shared || !ctx.reuse) return attempt(task, ctx, progress, signal);
  for (;;) {
    const entry = shared.ledger.lookup(shared.destination, task.descriptor.digest);
    if (entry.kind === 'present') return { kind: 'skipped' };
    if (entry.kind === 'in-flight') {
      if (await untilAborted(entry.outcome, signal)) return { kind: 'skipped' };
      continue; // that attempt failed: look again, and maybe claim it
    }
    let present = false;
    try {
      const outcome = await attempt(task, ctx, progress, signal);
      present = true;
      return outcome;
    } finally {
      entry.claim.settle(present);
    }
  }
}

function report(task: BlobTask, outcome: BlobOutcome, ctx: BlobCopyContext): void {
  const blob = task.ref;
  if (outcome.kind === 'skipped') ctx.emit({ type: 'skipped', blob, reason: 'already exists' });
  else if (outcome.kind === 'mounted') {
    const from = ctx.mountFrom as BlobLocation;
    ctx.emit({ type: 'mounted', blob, from: `${from.registry}/${from.repository}` });
  } else ctx.emit({ type: 'done', blob });
  ctx.overall.blobFinished(outcome.kind === 'copied' ? 0 : blob.size);
}

/**
 * Gets one blob to the destination, retrying transient failures up to `ctx.retries` times.
 *
 * @throws {Error} `copying blob <digest>: …` with the last failure as `cause`; when
 *   `signal` aborts, whatever the aborted operation threw.
 */
export async function copyBlob(
  task: BlobTask,
  ctx: BlobCopyContext,
  signal: AbortSignal,
): Promise<BlobOutcome> {
  let previous: string | undefined;
  for (let retry = 0; ; retry++) {
    const progress = new BlobProgress({
      blob: task.ref,
      emit: ctx.emit,
      intervalMs: ctx.progressIntervalMs,
      now: ctx.now,
    });
    try {
      const outcome = await attemptShared(task, ctx, progress, signal);
      report(task, outcome, ctx);
      return outcome;
    } catch (err) {
      ctx.overall.rollback(progress.bytes);
      if (signal.aborted) throw err;
      if (retry >= ctx.retries || !isRetryable(err, previous)) {
        ctx.emit({ type: 'failed', blob: task.ref, error: eventMessage(err) });
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`copying blob ${task.ref.digest}: ${reason}`, { cause: err });
      }
      previous = mismatchSignature(err);
      const delayMs = retryDelay(retry, err, ctx.retryDelayMs);
      ctx.emit({ type: 'retrying', blob: task.ref, attempt: retry + 2, error: eventMessage(err), delayMs });
      await abortableSleep(delayMs, signal);
    }
  }
}
