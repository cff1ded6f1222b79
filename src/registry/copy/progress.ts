/**
 * Turns byte counts into throttled `progress` and `overall` events. Each blob attempt has
 * its own throttle; the overall figure has one. Both always send a final event, so the last
 * thing a renderer sees is the finished count, not whatever happened to pass the throttle.
 */
import type { BlobRef, CopyEvent } from './events.js';
import { SpeedMeter, Throttle } from './progress-throttle.js';

type Emit = (event: CopyEvent) => void;

/** One attempt at streaming one blob. */
export class BlobProgress {
  readonly #blob: BlobRef;
  readonly #emit: Emit;
  readonly #throttle: Throttle;
  #bytes = 0;
  #sent = -1;

  constructor(opts: { blob: BlobRef; emit: Emit; intervalMs: number; now: () => number }) {
    this.#blob = opts.blob;
    this.#emit = opts.emit;
    this.#throttle = new Throttle(opts.intervalMs, opts.now);
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(n: number): void {
    this.#bytes += n;
    if (this.#throttle.take()) this.#send();
  }

  /** The final count, unless the last event already showed it. */
  finish(): void {
    if (this.#sent !== this.#bytes) this.#send();
  }

  #send(): void {
    this.#sent = this.#bytes;
    this.#emit({ type: 'progress', blob: this.#blob, bytes: this.#bytes, total: this.#blob.size });
  }
}

export interface OverallProgressOptions {
  totalBytes: number;
  totalBlobs: number;
  emit: Emit;
  intervalMs: number;
  now: () => number;
}

/** Bytes and blobs of the whole copy, with a smoothed speed and an ETA. */
export class OverallProgress {
  readonly #opts: OverallProgressOptions;
  readonly #throttle: Throttle;
  readonly #speed: SpeedMeter;
  #done = 0;
  #moved = 0;
  #blobs = 0;
  #rate = 0;

  constructor(opts: OverallProgressOptions) {
    this.#opts = opts;
    this.#throttle = new Throttle(opts.intervalMs, opts.now);
    this.#speed = new SpeedMeter({ start: opts.now() });
  }

  /** Bytes streamed to the destination. */
  streamed(n: number): void {
    this.#done += n;
    this.#moved += n;
    this.#maybeSend();
  }

  /**
   * A failed attempt's bytes no longer count as done; they still count for speed, since
   * they did cross the network.
   */
  rollback(n: number): void {
    this.#done -= n;
  }

  /** A blob reached its end; `unstreamedBytes` is its size when it was skipped or mounted. */
  blobFinished(unstreamedBytes: number): void {
    this.#done += unstreamedBytes;
    this.#blobs++;
    this.#maybeSend();
  }

  /** Sends the current figures whatever the throttle says. */
  final(): void {
    this.#send();
  }

  #maybeSend(): void {
    if (this.#throttle.take()) this.#send();
  }

  #send(): void {
    this.#rate = this.#speed.sample(this.#moved, this.#opts.now());
    const remaining = Math.max(0, this.#opts.totalBytes - this.#done);
    let etaSeconds: number | undefined;
    if (remaining === 0) etaSeconds = 0;
    else if (this.#rate > 0) etaSeconds = remaining / this.#rate;
    this.#opts.emit({
      type: 'overall',
      bytes: this.#done,
      total: this.#opts.totalBytes,
      blobs: this.#blobs,
      blobsTotal: this.#opts.totalBlobs,
      bytesPerSecond: Math.round(this.#rate),
      etaSeconds,
    });
  }
}
