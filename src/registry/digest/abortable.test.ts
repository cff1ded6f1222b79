import { describe, expect, it } from 'vitest';
import { abortable } from './abortable.js';

function tracked(n: number) {
  const state = { pulled: 0, released: false };
  async function* source(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.released = true;
    }
  }
  return { state, source: source() };
}

describe('abortable', () => {
  const signals = [
    { name: 'without a signal', make: () => undefined },
    { name: 'with a signal', make: () => new AbortController().signal },
  ];

  it.each(signals)('passes every item through $name', async ({ make }) => {
    const { source } = tracked(5);
    const seen: number[] = [];
    for await (const x of abortable(source, make())) seen.push(x);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it.each(signals)('releases the source when the consumer stops early, $name', async ({ make }) => {
    const { state, source } = tracked(100);
    for await (const x of abortable(source, make())) if (x === 2) break;
    expect(state.pulled).toBe(3);
    expect(state.released).toBe(true);
  });

  it('throws the reason when aborted between items, and releases the source', async () => {
    const ac = new AbortController();
    const { state, source } = tracked(100);
    const reason = new Error('cancelled');
    const run = async () => {
      for await (const x of abortable(source, ac.signal)) if (x === 1) ac.abort(reason);
    };
    await expect(run()).rejects.toBe(reason);
    expect(state.pulled).toBe(2);
    expect(state.released).toBe(true);
  });

  it('passes on an error from the source', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('connection reset');
    }
    const run = async () => {
      for await (const _ of abortable(failing(), new AbortController().signal));
    };
    await expect(run()).rejects.toThrow('connection reset');
  });
});
