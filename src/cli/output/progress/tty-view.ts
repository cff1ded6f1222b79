/**
 * Progress on a terminal: one live row per blob in flight, in skopeo's layout, and a total
 * line under them, redrawn in place. A blob's row leaves the live area when the blob is
 * finished and becomes a permanent line (`Copying blob 1b8871edb4de done`), so the live
 * area never holds more than the blobs in flight — it cannot outgrow the screen, which
 * would break the cursor-up redraw — and the scrollback keeps one line per blob.
 *
 * Each frame moves the cursor up over the previous live area (`ESC[nA`), clears to the end
 * of the screen (`ESC[J`), prints pending permanent lines, then the live rows; one write
 * per frame. Frames come at most every `intervalMs` (default 100 ms, i.e. ≤ 10 fps);
 * permanent lines from `line()` are drawn at once.
 */
import type { CopyEvent, OverallEvent } from '../../../registry/copy/index.js';
import type { ProgressView } from './progress-view.js';
import { shortLabel } from './progress-view.js';
import { blobRow, clip, type LiveRow, type TotalRow, totalRow } from './rows.js';

/** Time, injectable so tests drive frames without waiting. */
export interface ViewClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TtyViewOptions {
  stream: NodeJS.WritableStream & { columns?: number; rows?: number };
  /** Least time between two frames; default 100. */
  intervalMs?: number;
  clock?: ViewClock;
}

const SYSTEM_CLOCK: ViewClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Weight of the newest sample in a row's smoothed speed. */
const SPEED_WEIGHT = 0.3;

interface Tracked extends LiveRow {
  lastAt?: number;
  lastBytes: number;
}

export class TtyView implements ProgressView {
  readonly #stream: TtyViewOptions['stream'];
  readonly #interval: number;
  readonly #clock: ViewClock;
  readonly #rows = new Map<string, Tracked>();
  readonly #overall = new Map<number, OverallEvent>();
  #pending: string[] = [];
  #drawn = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #timer: unknown;
  #closed = false;

  constructor(opts: TtyViewOptions) {
    this.#stream = opts.stream;
    this.#interval = opts.intervalMs ?? 100;
    this.#clock = opts.clock ?? SYSTEM_CLOCK;
  }

  line(text: string): void {
    if (this.#closed) {
      this.#stream.write(`${text}\n`);
      return;
    }
    this.#pending.push(text);
    this.#draw();
  }

  event(event: CopyEvent, owner = 0): void {
    if (this.#closed) return;
    switch (event.type) {
      case 'progress':
        this.#progress(`${owner} ${event.blob.digest}`, event);
        break;
      case 'retrying': {
        const row = this.#row(`${owner} ${event.blob.digest}`, event.blob);
        row.retry = { attempt: event.attempt, error: event.error };
        break;
      }
      case 'done':
        this.#finish(owner, event.blob.digest, `${shortLabel(event.blob)} done`);
        break;
      case 'skipped':
        this.#finish(owner, event.blob.digest, `${shortLabel(event.blob)} skipped: ${event.reason}`);
        break;
      case 'mounted':
        this.#finish(owner, event.blob.digest, `${shortLabel(event.blob)} mounted from ${event.from}`);
        break;
      case 'failed':
        this.#finish(owner, event.blob.digest, `${shortLabel(event.blob)} failed: ${event.error}`);
        break;
      case 'overall':
        // A finished copy leaves the total; the total is about what is still moving.
        if (event.blobs >= event.blobsTotal) this.#overall.delete(owner);
        else this.#overall.set(owner, event);
        break;
      default:
        return;
    }
    this.#schedule();
  }

  close(): void {
    if (this.#closed) return;
    this.#rows.clear();
    this.#overall.clear();
    this.#cancelTimer();
    this.#draw();
    this.#closed = true;
  }

  #row(key: string, blob: Tracked['blob']): Tracked {
    let row = this.#rows.get(key);
    if (!row) {
      row = { blob, bytes: 0, total: blob.size, lastBytes: 0 };
      this.#rows.set(key, row);
    }
    return row;
  }

  #progress(key: string, event: Extract<CopyEvent, { type: 'progress' }>): void {
    const row = this.#row(key, event.blob);
    const now = this.#clock.now();
    row.retry = undefined;
    // A new attempt starts again from zero: its first sample is a new baseline.
    if (row.lastAt !== undefined && event.bytes >= row.lastBytes && now > row.lastAt) {
      const sample = ((event.bytes - row.lastBytes) * 1000) / (now - row.lastAt);
      row.speed = row.speed === undefined ? sample : SPEED_WEIGHT * sample + (1 - SPEED_WEIGHT) * row.speed;
    }
    row.lastAt = now;
    row.lastBytes = event.bytes;
    row.bytes = event.bytes;
    row.total = event.total;
  }

  #finish(owner: number, digest: string, text: string): void {
    this.#rows.delete(`${owner} ${digest}`);
    this.#pending.push(text);
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = this.#lastDraw + this.#interval - this.#clock.now();
    if (wait <= 0) {
      this.#draw();
      return;
    }
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, wait);
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #total(): TotalRow | undefined {
    if (this.#overall.size === 0) return undefined;
    const t: TotalRow = {
      bytes: 0,
      total: 0,
      blobs: 0,
      blobsTotal: 0,
      bytesPerSecond: 0,
      etaSeconds: undefined,
    };
    for (const o of this.#overall.values()) {
      t.bytes += o.bytes;
      t.total += o.total;
      t.blobs += o.blobs;
      t.blobsTotal += o.blobsTotal;
      t.bytesPerSecond += o.bytesPerSecond;
    }
    if (t.bytesPerSecond > 0) t.etaSeconds = (t.total - t.bytes) / t.bytesPerSecond;
    return t;
  }

  /** The live area: rows in the order blobs started, then the total; never taller than the screen. */
  #live(width: number, height: number): string[] {
    const rows = [...this.#rows.values()];
    const room = Math.max(1, height - 2);
    const shown = rows.length > room ? rows.slice(0, room - 1) : rows;
    const lines = shown.map((r) => blobRow(r, width));
    if (shown.length < rows.length)
      lines.push(clip(`… and ${rows.length - shown.length} more blobs in flight`, width));
    const total = this.#total();
    if (total) lines.push(totalRow(total, width));
    return lines;
  }

  #draw(): void {
    this.#cancelTimer();
    // The last column is left free: some terminals wrap as soon as it is written.
    const width = Math.max(20, (this.#stream.columns || 80) - 1);
    const height = Math.max(3, this.#stream.rows || 24);
    let out = this.#drawn > 0 ? `\x1b[${this.#drawn}A\x1b[J` : '';
    for (const text of this.#pending) out += `${text}\n`;
    this.#pending = [];
    const live = this.#live(width, height);
    for (const text of live) out += `${text}\n`;
    this.#drawn = live.length;
    this.#lastDraw = this.#clock.now();
    if (out !== '') this.#stream.write(out);
  }
}
