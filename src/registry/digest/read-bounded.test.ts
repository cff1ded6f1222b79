import { describe, expect, it } from 'vitest';
import { LimitExceededError } from './errors.js';
import { readBounded } from './read-bounded.js';

function counted(sizes: number[]) {
  const state = { pulled: 0, released: false };
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      for (const n of sizes) {
        state.pulled++;
        yield new Uint8Array(n).fill(0x61);
      }
    } finally {
      state.released = true;
    }
  }
  return { state, source: source() };
}

describe('readBounded', () => {
  const cases = [
    { name: 'empty body', sizes: [], limit: 10, length: 0 },
    { name: 'under the limit', sizes: [3, 4], limit: 10, length: 7 },
    { name: 'exactly at the limit', sizes: [4, 6], limit: 10, length: 10 },
    { name: 'zero limit, empty body', sizes: [0], limit: 0, length: 0 },
    { name: 'one byte over (A16)', sizes: [4, 7], limit: 10, pulled: 2 },
    { name: 'first chunk over', sizes: [11, 1, 1], limit: 10, pulled: 1 },
    { name: 'endless body', sizes: new Array<number>(10_000).fill(1024), limit: 4096, pulled: 5 },
  ];
  it.each(cases)('$name', async ({ sizes, limit, length, pulled }) => {
    const { state, source } = counted(sizes);
    if (length !== undefined) {
      const buf = await readBounded(source, { limit, what: 'manifest' });
      expect(buf).toBeInstanceOf(Buffer);
      expect(buf.length).toBe(length);
    } else {
      const err = await readBounded(source, { limit, what: 'manifest' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LimitExceededError);
      expect((err as LimitExceededError).limit).toBe(limit);
      expect((err as LimitExceededError).message).toMatch(/^manifest exceeds the limit of /);
      // Reading stopped at the offending chunk and the source was released.
      expect(state.pulled).toBe(pulled);
      expect(state.released).toBe(true);
    }
  });

  const messages = [
    { limit: 4 * 1024 * 1024, want: 'manifest exceeds the limit of 4 MiB' },
    { limit: 64 * 1024, want: 'manifest exceeds the limit of 64 KiB' },
    { limit: 1000, want: 'manifest exceeds the limit of 1000 bytes' },
    { limit: 0, want: 'manifest exceeds the limit of 0 bytes' },
  ];
  it.each(messages)('words a limit of $limit as "$want"', async ({ limit, want }) => {
    const { source } = counted([limit + 1]);
    await expect(readBounded(source, { limit, what: 'manifest' })).rejects.toThrow(want);
  });

  it('keeps the bytes in order', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"a":');
      yield Buffer.from('1}');
    }
    const buf = await readBounded(source(), { limit: 100, what: 'config' });
    expect(buf.toString()).toBe('{"a":1}');
  });

  it('rejects with the abort reason', async () => {
    const ac = new AbortController();
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('a');
      ac.abort(new Error('stop'));
      yield Buffer.from('b');
    }
    await expect(readBounded(source(), { limit: 100, what: 'x', signal: ac.signal })).rejects.toThrow('stop');
  });

  it('refuses a nonsensical limit', async () => {
    const { source } = counted([1]);
    await expect(readBounded(source, { limit: Number.NaN, what: 'x' })).rejects.toThrow(RangeError);
  });
});
