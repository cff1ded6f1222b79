/**
 * Lets events through at most once per interval, so a renderer is never flooded however
 * small the chunks are: the first goes out at once (a bar appears as soon as bytes move),
 * the next only once `intervalMs` has passed since the last one let through.
 */
export class Throttle {
  readonly #intervalMs: number;
  readonly #now: () => number;
  #last = Number.NEGATIVE_INFINITY;

  /** @param now a monotonic clock in ms; injectable so tests need no real time. */
  constructor(intervalMs: number, now: () => number) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** True when an event may go out now; it is then counted as sent. */
  take(): boolean {
    const t = this.#now();
    if (t - this.#last < this.#intervalMs) return false;
    this.#last = t;
    return true;
  }
}

/**
 * Bytes per second, as an exponentially weighted moving average whose weight halves every
 * `halfLifeMs`, so one slow or fast moment does not swing the figure (skopeo's bars use an
 * EWMA for the same reason). It is fed the running total of bytes moved.
 */
export class SpeedMeter {
  readonly #halfLifeMs: number;
  #rate = 0;
  #sampled = false;
  #lastAt: number;
  #lastBytes = 0;

  constructor(opts: { start: number; halfLifeMs?: number }) {
    this.#lastAt = opts.start;
    this.#halfLifeMs = opts.halfLifeMs ?? 3000;
  }

  /** Records that `bytes` have moved in all by time `at` (ms); returns the smoothed rate. */
  sample(bytes: number, at: number): number {
    const dt = at - this.#lastAt;
    if (dt <= 0) return this.#rate;
    const instant = ((bytes - this.#lastBytes) * 1000) / dt;
    if (this.#sampled) {
      const alpha = 1 - 2 ** (-dt / this.#halfLifeMs);
      this.#rate += alpha * (instant - this.#rate);
    } else {
      this.#rate = instant;
      this.#sampled = true;
    }
    this.#lastAt = at;
    this.#lastBytes = bytes;
    return this.#rate;
  }
}
