import { describe, expect, it } from 'vitest';
import { NetworkError, RegistryError } from '../../registry/http/index.js';
import { isRetryable, retryFlags, withRetry } from './with-retry.js';

const url = new URL('https://registry.example/v2/');
const registryError = (status: number) => new RegistryError({ status, method: 'GET', url });
const refused = new NetworkError(
  'GET',
  url,
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
);
const tls = new NetworkError('GET', url, Object.assign(new Error('bad cert'), { code: 'CERT_HAS_EXPIRED' }));

describe('retries', () => {
  it.each([
    { name: 'connection refused', err: refused, retry: true },
    { name: 'wrapped network error', err: new Error('reading manifest', { cause: refused }), retry: true },
    { name: '503', err: registryError(503), retry: true },
    { name: '429', err: registryError(429), retry: true },
    { name: '404', err: registryError(404), retry: false },
    { name: '401', err: registryError(401), retry: false },
    { name: 'TLS failure', err: tls, retry: false },
    { name: 'plain error', err: new Error('bad input'), retry: false },
  ])('isRetryable: $name', ({ err, retry }) => {
    expect(isRetryable(err)).toBe(retry);
  });

  it.each([
    { name: 'defaults', argv: {}, flags: { times: 0 } },
    {
      name: 'times and delay',
      argv: { 'retry-times': 3, 'retry-delay': '250ms' },
      flags: { times: 3, delayMs: 250 },
    },
    {
      name: 'zero delay means exponential',
      argv: { 'retry-times': 1, 'retry-delay': '0' },
      flags: { times: 1 },
    },
  ])('retryFlags: $name', ({ argv, flags }) => {
    expect(retryFlags(argv)).toEqual(flags);
  });

  it('refuses a negative --retry-times', () => {
    expect(() => retryFlags({ 'retry-times': -1 })).toThrow(/--retry-times/);
  });

  it('retries transient failures up to the limit, reporting each', async () => {
    const messages: string[] = [];
    let calls = 0;
    const op = async () => {
      calls++;
      if (calls < 3) throw registryError(503);
      return 'ok';
    };
    await expect(withRetry(op, { times: 2, delayMs: 1, onRetry: (m) => messages.push(m) })).resolves.toBe(
      'ok',
    );
    expect(calls).toBe(3);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^Failed, retrying in 1ms \.\.\. \(1\/2\)\. Error: GET/);
  });

  it('gives up after the limit with the last error', async () => {
    let calls = 0;
    const err = registryError(502);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { times: 1, delayMs: 1 },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(2);
  });

  it('does not retry what will not change', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw registryError(404);
        },
        { times: 5, delayMs: 1 },
      ),
    ).rejects.toThrow(/404/);
    expect(calls).toBe(1);
  });

  it('stops waiting when the command is cancelled', async () => {
    const abort = new AbortController();
    const run = withRetry(
      async () => {
        abort.abort(new Error('cancelled'));
        throw refused;
      },
      { times: 3, delayMs: 60_000, signal: abort.signal },
    );
    await expect(run).rejects.toBe(refused);
  });
});
