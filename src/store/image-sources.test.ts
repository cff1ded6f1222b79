import { describe, expect, it } from 'vitest';
import type { ImageName } from '../registry/ref/index.js';
import type { ImageSource } from '../registry/transports/types.js';
import { createSourceCache } from './image-sources.js';

const name = (path: string): ImageName => ({ transport: 'dir', path });

/** A cache over stand-in sources that record when they close; `gate` holds a close back. */
function setUp() {
  const events: string[] = [];
  const signals = new Map<string, AbortSignal>();
  let gate: Promise<void> = Promise.resolve();
  const cache = createSourceCache(async (n, signal) => {
    const path = n.transport === 'dir' ? n.path : '';
    signals.set(path, signal);
    return {
      name: n,
      close: async () => {
        await gate;
        events.push(`close ${path}`);
      },
    } as unknown as ImageSource;
  });
  const hold = (): (() => void) => {
    let release = (): void => {};
    gate = new Promise<void>((r) => (release = r));
    return release;
  };
  return { cache, events, signals, hold };
}

const live = new AbortController().signal;

describe('source cache', () => {
  it('closes what it let go of once `after` settles, never a source opened meanwhile', async () => {
    const { cache, events, signals } = setUp();
    await cache.get(name('a'), live);
    let stop = (): void => {};
    const reading = new Promise<void>((r) => (stop = r));
    const closed = cache.closeAll({ after: reading });
    // Opened after the release began: a new image on screen.
    await cache.get(name('b'), live);
    await Promise.resolve();
    expect(events).toEqual([]);
    expect(signals.get('a')?.aborted).toBe(true);
    stop();
    await closed;
    expect(events).toEqual(['close a']);
    expect(cache.size).toBe(1);
    expect(signals.get('b')?.aborted).toBe(false);
  });

  it('resolves only when the closes begun earlier (closeAll, forget) have finished', async () => {
    const { cache, events, hold } = setUp();
    await cache.get(name('a'), live);
    await cache.get(name('b'), live);
    const release = hold();
    cache.forget(name('a'));
    const first = cache.closeAll();
    let second = false;
    const again = cache.closeAll().then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    release();
    await Promise.all([first, again]);
    expect(events.sort()).toEqual(['close a', 'close b']);
  });
});
