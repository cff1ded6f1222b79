import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import type { BlobRef, CopyEvent, OverallEvent } from './events.js';
import { BlobProgress, OverallProgress } from './progress.js';
import { SpeedMeter, Throttle } from './progress-throttle.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number): void => {
      t += ms;
    },
  };
}

const blob: BlobRef = {
  digest: `sha256:${'a'.repeat(64)}` as Digest,
  size: 10_000_000,
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  kind: 'layer',
};

describe('Throttle', () => {
  it.each([
    { name: 'first call passes at once', steps: [0], want: [true] },
    {
      name: 'calls inside the interval are held back',
      steps: [0, 10, 40, 49],
      want: [true, false, false, false],
    },
    {
      name: 'the interval counts from the last one let through',
      steps: [0, 60, 60, 60],
      want: [true, false, true, false],
    },
    {
      name: 'an interval of 0 lets everything through',
      steps: [0, 0, 0],
      want: [true, true, true],
      interval: 0,
    },
  ])('$name', ({ steps, want, interval }) => {
    const clock = fakeClock();
    const throttle = new Throttle(interval ?? 100, clock.now);
    const got = steps.map((ms) => {
      clock.advance(ms);
      return throttle.take();
    });
    expect(got).toEqual(want);
  });
});

describe('BlobProgress', () => {
  it('sends at most one event per interval for a large blob, plus the final count', () => {
    const clock = fakeClock();
    const events: CopyEvent[] = [];
    const progress = new BlobProgress({ blob, emit: (e) => events.push(e), intervalMs: 100, now: clock.now });
    // 10 MB in 10,000 chunks of 1000 bytes, one every millisecond: 10 s of streaming.
    for (let i = 0; i < 10_000; i++) {
      progress.add(1000);
      clock.advance(1);
    }
    progress.finish();
    const sent = events.filter((e) => e.type === 'progress');
    // One at the start, one per 100 ms after it, and the final one.
    expect(sent.length).toBe(101);
    expect(sent.at(-1)).toEqual({ type: 'progress', blob, bytes: 10_000_000, total: 10_000_000 });
    const bytes = sent.map((e) => (e.type === 'progress' ? e.bytes : -1));
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  });

  it('does not repeat the final count when the last event already showed it', () => {
    const clock = fakeClock();
    const events: CopyEvent[] = [];
    const progress = new BlobProgress({ blob, emit: (e) => events.push(e), intervalMs: 100, now: clock.now });
    progress.add(blob.size);
    progress.finish();
    expect(events).toEqual([{ type: 'progress', blob, bytes: blob.size, total: blob.size }]);
  });
});

describe('SpeedMeter', () => {
  it('starts at the first measured rate and then moves smoothly towards new rates', () => {
    const meter = new SpeedMeter({ start: 0, halfLifeMs: 1000 });
    expect(meter.sample(1000, 1000)).toBe(1000);
    // The rate doubles; after one half-life the estimate has moved half way.
    expect(meter.sample(3000, 2000)).toBe(1500);
    // No time passed: nothing to learn.
    expect(meter.sample(5000, 2000)).toBe(1500);
  });
});

describe('OverallProgress', () => {
  function overall(totalBytes: number, totalBlobs: number) {
    const clock = fakeClock(0);
    const events: OverallEvent[] = [];
    const p = new OverallProgress({
      totalBytes,
      totalBlobs,
      emit: (e) => e.type === 'overall' && events.push(e),
      intervalMs: 100,
      now: clock.now,
    });
    return { p, clock, events };
  }

  it('counts streamed, skipped and mounted bytes as done, but only streamed ones for speed', () => {
    const { p, clock, events } = overall(3000, 3);
    clock.advance(1000);
    p.blobFinished(1000); // skipped: done, not streamed
    clock.advance(1000);
    p.streamed(1000);
    p.blobFinished(0);
    clock.advance(1000);
    p.final();
    const last = events.at(-1)!;
    expect(last).toMatchObject({ bytes: 2000, total: 3000, blobs: 2, blobsTotal: 3 });
    expect(last.bytesPerSecond).toBeGreaterThan(0);
    expect(last.bytesPerSecond).toBeLessThan(1000);
    // bytesPerSecond is rounded for display; the ETA uses the exact rate.
    expect(last.etaSeconds).toBeCloseTo(1000 / last.bytesPerSecond, 1);
  });

  it('takes back the bytes of a failed attempt, reports no ETA without speed, and 0 when finished', () => {
    const { p, clock, events } = overall(1000, 1);
    p.final();
    expect(events.at(-1)).toMatchObject({ bytes: 0, bytesPerSecond: 0, etaSeconds: undefined });
    clock.advance(500);
    p.streamed(400);
    p.rollback(400);
    clock.advance(500);
    p.final();
    expect(events.at(-1)).toMatchObject({ bytes: 0 });
    p.streamed(1000);
    p.blobFinished(0);
    p.final();
    expect(events.at(-1)).toMatchObject({ bytes: 1000, blobs: 1, etaSeconds: 0 });
  });

  it('is throttled like blob progress', () => {
    const { p, clock, events } = overall(1_000_000, 1);
    for (let i = 0; i < 1000; i++) {
      p.streamed(1000);
      clock.advance(1);
    }
    p.final();
    expect(events.length).toBe(11);
  });
});
