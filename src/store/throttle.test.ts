import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle.js';

describe('createThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once, then at most once per interval, never losing the last request', () => {
    const calls: number[] = [];
    const t = createThrottle(() => calls.push(Date.now()), 100);
    t.schedule();
    expect(calls).toEqual([0]);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(5);
      t.schedule();
    }
    // 250 ms of requests every 5 ms: one call per 100 ms.
    expect(calls).toEqual([0, 100, 200]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([0, 100, 200, 300]);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(4);
  });

  it.each([
    { name: 'flush calls now and drops the pending call', flush: true, want: [0, 10] },
    { name: 'cancel drops the pending call', flush: false, want: [0] },
  ])('$name', ({ flush, want }) => {
    const calls: number[] = [];
    const t = createThrottle(() => calls.push(Date.now()), 100);
    t.schedule();
    vi.advanceTimersByTime(10);
    t.schedule();
    if (flush) t.flush();
    else t.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(want);
  });
});
