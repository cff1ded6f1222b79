import { describe, expect, it } from 'vitest';
import { NetworkError, RegistryError } from '../../registry/http/index.js';
import { isTransient, withRetry } from './retry.js';

const registryError = (status: number, code?: string) =>
  new RegistryError({
    status,
    method: 'DELETE',
    url: 'https://r.example/v2/x',
    ...(code ? { errors: [{ code, message: '' }] } : {}),
  });
const netError = (code: string) => Object.assign(new Error(code), { code });

describe('isTransient', () => {
  it.each([
    { name: '503', err: registryError(503), want: true },
    { name: '502 wrapped', err: new Error('deleting x', { cause: registryError(502) }), want: true },
    { name: '429', err: registryError(429, 'TOOMANYREQUESTS'), want: true },
    { name: '404', err: registryError(404, 'MANIFEST_UNKNOWN'), want: false },
    { name: '401', err: registryError(401, 'UNAUTHORIZED'), want: false },
    { name: '405 (deletes disabled)', err: registryError(405, 'UNSUPPORTED'), want: false },
    {
      name: 'connection reset',
      err: new NetworkError('GET', new URL('https://r.example/'), netError('ECONNRESET')),
      want: true,
    },
    {
      name: 'TLS failure',
      err: new NetworkError('GET', new URL('https://r.example/'), netError('CERT_HAS_EXPIRED')),
      want: false,
    },
    { name: 'bare ECONNREFUSED', err: netError('ECONNREFUSED'), want: true },
    { name: 'any other error', err: new Error('bad manifest'), want: false },
  ])('$name → $want', ({ err, want }) => {
    expect(isTransient(err)).toBe(want);
  });
});

describe('withRetry', () => {
  const run = async (opts: { times: number; delayMs?: number }, failures: unknown[]) => {
    const waits: number[] = [];
    const notes: string[] = [];
    let calls = 0;
    const result = await withRetry(
      {
        ...opts,
        sleep: async (ms) => {
          waits.push(ms);
        },
        onRetry: ({ attempt, times }) => notes.push(`${attempt}/${times}`),
      },
      async () => {
        const failure = failures[calls++];
        if (failure) throw failure;
        return 'ok';
      },
    ).catch((e: Error) => e);
    return { result, waits, notes, calls };
  };

  it.each([
    {
      name: 'no retries by default',
      opts: { times: 0 },
      failures: [registryError(503)],
      calls: 1,
      waits: [],
      ok: false,
    },
    {
      name: 'succeeds on the third attempt, waiting 1 s then 2 s',
      opts: { times: 3 },
      failures: [registryError(503), registryError(503)],
      calls: 3,
      waits: [1000, 2000],
      ok: true,
    },
    {
      name: 'fixed --retry-delay',
      opts: { times: 2, delayMs: 250 },
      failures: [registryError(503), registryError(503)],
      calls: 3,
      waits: [250, 250],
      ok: true,
    },
    {
      name: 'gives up after times',
      opts: { times: 1 },
      failures: [registryError(503), registryError(503)],
      calls: 2,
      waits: [1000],
      ok: false,
    },
    {
      name: 'never retries a 404',
      opts: { times: 3 },
      failures: [registryError(404)],
      calls: 1,
      waits: [],
      ok: false,
    },
    { name: 'succeeds first time', opts: { times: 3 }, failures: [], calls: 1, waits: [], ok: true },
  ])('$name', async ({ opts, failures, calls, waits, ok }) => {
    const r = await run(opts, failures);
    expect(r.calls).toBe(calls);
    expect(r.waits).toEqual(waits);
    expect(r.notes).toHaveLength(waits.length);
    expect(r.result === 'ok').toBe(ok);
  });

  it('stops waiting when aborted', async () => {
    const ac = new AbortController();
    const p = withRetry({ times: 3, signal: ac.signal }, async () => {
      ac.abort(new Error('cancelled'));
      throw registryError(503);
    });
    await expect(p).rejects.toThrow(/503/);
  });
});
