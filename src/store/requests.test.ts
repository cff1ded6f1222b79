import { describe, expect, it } from 'vitest';
import { createRequestTracker } from './requests.js';

/** A request that ends only when its signal aborts. */
const hang = (signal: AbortSignal) =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );

describe('createRequestTracker', () => {
  it('reports labels in flight and the outcome', async () => {
    const seen: Array<Record<string, string>> = [];
    const t = createRequestTracker((busy) => seen.push({ ...busy }));
    expect(await t.run('a', 'loading a', async () => 42)).toEqual({ status: 'ok', value: 42 });
    expect(seen).toEqual([{ a: 'loading a' }, {}]);
    expect(t.size).toBe(0);
  });

  it('turns a failure into an outcome with an Error', async () => {
    const t = createRequestTracker(() => {});
    const out = await t.run('a', 'a', async () => {
      throw 'plain string';
    });
    expect(out.status).toBe('failed');
    expect(out.status === 'failed' && out.error.message).toBe('plain string');
  });

  it('cancelAll aborts what is in flight and counts it', async () => {
    const t = createRequestTracker(() => {});
    const a = t.run('a', 'a', hang);
    const b = t.run('b', 'b', hang);
    expect(t.cancelAll()).toBe(2);
    expect(await a).toEqual({ status: 'cancelled', superseded: false });
    expect(await b).toEqual({ status: 'cancelled', superseded: false });
    expect(t.cancelAll()).toBe(0);
  });

  it('a newer request under the same key supersedes the older', async () => {
    const seen: Array<Record<string, string>> = [];
    const t = createRequestTracker((busy) => seen.push({ ...busy }));
    const old = t.run('list', 'old', hang);
    const fresh = t.run('list', 'new', async () => 'done');
    expect(await old).toEqual({ status: 'cancelled', superseded: true });
    expect(await fresh).toEqual({ status: 'ok', value: 'done' });
    // The old one ending does not remove the new one's label.
    expect(seen.at(-1)).toEqual({});
    expect(seen).toContainEqual({ list: 'new' });
  });

  it('cancel aborts one key', async () => {
    const t = createRequestTracker(() => {});
    const a = t.run('a', 'a', hang);
    expect(t.cancel('a')).toBe(true);
    expect(t.cancel('a')).toBe(false);
    expect((await a).status).toBe('cancelled');
  });
});
