import { describe, expect, it } from 'vitest';
import { digestOf, parseDigest } from './digest.js';
import { DigestMismatchError, SizeMismatchError } from './errors.js';
import { verifyBytes, verifyStream } from './verify.js';

const enc = new TextEncoder();

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield enc.encode(p);
}

/** Drains `source`, returning what was yielded and the error that ended it, if any. */
async function drain(source: AsyncIterable<Uint8Array>): Promise<{ text: string; error?: unknown }> {
  let text = '';
  try {
    for await (const c of source) text += Buffer.from(c).toString();
    return { text };
  } catch (error) {
    return { text, error };
  }
}

const DATA = 'hello, registry';
const D = digestOf(DATA);
const D512 = digestOf(DATA, 'sha512');

describe('verifyStream', () => {
  const cases = [
    { name: 'matching sha256 with size', parts: ['hello, ', 'registry'], digest: D, size: 15, ok: true },
    { name: 'matching sha256 without size', parts: ['hello, registry'], digest: D, ok: true },
    { name: 'matching sha512', parts: ['hel', 'lo, registry'], digest: D512, size: 15, ok: true },
    { name: 'empty content', parts: [], digest: digestOf(''), size: 0, ok: true },
    {
      name: 'same length, other bytes (A01)',
      parts: ['hello, registrx'],
      digest: D,
      size: 15,
      error: DigestMismatchError,
      text: 'hello, registrx',
    },
    {
      name: 'one byte short (A02)',
      parts: ['hello, registr'],
      digest: D,
      size: 15,
      error: SizeMismatchError,
      text: 'hello, registr',
    },
    {
      name: 'trailing bytes (A03)',
      parts: ['hello, ', 'registry', '!'],
      digest: D,
      size: 15,
      error: SizeMismatchError,
      text: 'hello, registry',
    },
    {
      name: 'excess inside the first chunk (A18)',
      parts: ['hello, registry and a lot more'],
      digest: D,
      size: 15,
      error: SizeMismatchError,
      text: '',
    },
    {
      name: 'trailing bytes without a size',
      parts: ['hello, registry!'],
      digest: D,
      error: DigestMismatchError,
      text: 'hello, registry!',
    },
  ];
  it.each(cases)('$name', async ({ parts, digest, size, ok, error, text }) => {
    const got = await drain(verifyStream(chunks(...parts), { digest, size, what: 'blob test' }));
    if (ok) {
      expect(got.error).toBeUndefined();
      expect(got.text).toBe(parts.join(''));
    } else {
      expect(got.error).toBeInstanceOf(error);
      expect((got.error as Error).message).toContain('for blob test');
      // Excess bytes are never passed on.
      expect(got.text).toBe(text);
    }
  });

  it('names both digests on mismatch', async () => {
    const { error } = await drain(verifyStream(chunks('other'), { digest: D, what: 'blob x' }));
    expect(error).toBeInstanceOf(DigestMismatchError);
    const e = error as DigestMismatchError;
    expect(e.expected).toBe(D);
    expect(e.actual).toBe(digestOf('other'));
    expect(e.message).toBe(`digest mismatch for blob x: expected ${D}, got ${digestOf('other')}`);
  });

  it('reports sizes on a short read and a long read', async () => {
    const short = await drain(verifyStream(chunks('hello'), { digest: D, size: 15 }));
    expect((short.error as SizeMismatchError).message).toBe('size mismatch: expected 15 bytes, got 5');
    const long = await drain(verifyStream(chunks('hello, registry', 'xx'), { digest: D, size: 15 }));
    expect((long.error as SizeMismatchError).message).toBe(
      'size mismatch: expected 15 bytes, got at least 17',
    );
  });

  it('stops reading the source at the first excess chunk', async () => {
    let pulled = 0;
    let released = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield new Uint8Array(10);
        }
      } finally {
        released = true;
      }
    }
    const { error } = await drain(verifyStream(source(), { digest: D, size: 25 }));
    expect(error).toBeInstanceOf(SizeMismatchError);
    expect(pulled).toBe(3);
    expect(released).toBe(true);
  });

  it('refuses a digest that was cast, not parsed, before reading', async () => {
    let pulled = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      pulled = true;
      yield enc.encode('x');
    }
    const { error } = await drain(verifyStream(source(), { digest: `md5:${'a'.repeat(32)}` as never }));
    expect((error as Error).name).toBe('InvalidDigestError');
    expect(pulled).toBe(false);
  });

  it('refuses an invalid size', async () => {
    const { error } = await drain(verifyStream(chunks('x'), { digest: D, size: -1 }));
    expect(error).toBeInstanceOf(RangeError);
  });

  it('throws the abort reason while the source is stalled, and releases it', async () => {
    let released = false;
    let release!: () => void;
    const stalled = new Promise<IteratorResult<Uint8Array>>((resolve) => {
      release = () => resolve({ done: true, value: undefined });
    });
    let calls = 0;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => (calls++ === 0 ? Promise.resolve({ done: false, value: enc.encode('hello') }) : stalled),
        return: async () => {
          released = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const ac = new AbortController();
    const reason = new Error('user cancelled');
    const it = verifyStream(source, { digest: D, size: 15, signal: ac.signal })[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual(enc.encode('hello'));
    const pending = it.next();
    ac.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(released).toBe(true);
    release();
  });

  it('throws at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('too late'));
    const { error, text } = await drain(verifyStream(chunks(DATA), { digest: D, signal: ac.signal }));
    expect((error as Error).message).toBe('too late');
    expect(text).toBe('');
  });
});

describe('verifyBytes', () => {
  const bytes = enc.encode(DATA);
  const cases = [
    { name: 'match', opts: { digest: D, size: 15 } },
    { name: 'match without size', opts: { digest: D } },
    { name: 'match sha512', opts: { digest: D512 } },
    { name: 'digest mismatch (A05)', opts: { digest: digestOf('x') }, error: DigestMismatchError },
    { name: 'size mismatch', opts: { digest: D, size: 16 }, error: SizeMismatchError },
    {
      name: 'invalid digest',
      opts: { digest: parseDigest(D).toUpperCase() as typeof D },
      error: Error,
    },
  ];
  it.each(cases)('$name', ({ opts, error }) => {
    if (error) expect(() => verifyBytes(bytes, { ...opts, what: 'manifest' })).toThrow(error);
    else expect(() => verifyBytes(bytes, opts)).not.toThrow();
  });

  it('says what did not match', () => {
    expect(() => verifyBytes(bytes, { digest: D, size: 3, what: 'manifest alpine:3' })).toThrow(
      'size mismatch for manifest alpine:3: expected 3 bytes, got 15',
    );
  });
});
