import { describe, expect, it } from 'vitest';
import { DigestMismatchError, InvalidDigestError, SizeMismatchError } from '../digest/index.js';
import { NetworkError, RegistryError } from '../http/index.js';
import { isRetryable, MAX_BLOB_RETRY_DELAY_MS, mismatchSignature, retryDelay } from './retry.js';

const url = new URL('https://registry.example/v2/a/blobs/uploads/1');
const registryError = (status: number, retryAfterMs?: number) =>
  new RegistryError({ status, method: 'PUT', url, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const withCode = (code: string) => Object.assign(new Error(code), { code });
const mismatch = (actual: string) => new DigestMismatchError('sha256:aa', actual, 'blob');

describe('isRetryable', () => {
  it.each([
    { name: '500 on an upload', err: registryError(500), want: true },
    { name: '429', err: registryError(429), want: true },
    { name: '503', err: registryError(503), want: true },
    { name: '400 (an answer, not a fault)', err: registryError(400), want: false },
    { name: '401', err: registryError(401), want: false },
    { name: '404', err: registryError(404), want: false },
    { name: 'a reset connection', err: new NetworkError('PUT', url, withCode('ECONNRESET')), want: true },
    {
      name: 'a certificate failure',
      err: new NetworkError('GET', url, withCode('CERT_HAS_EXPIRED')),
      want: false,
    },
    {
      name: 'a socket error deep in a cause chain',
      err: new Error('x', { cause: withCode('UND_ERR_SOCKET') }),
      want: true,
    },
    { name: 'a digest mismatch', err: mismatch('sha256:bb'), want: true },
    { name: 'a size mismatch', err: new SizeMismatchError(10, 9), want: true },
    { name: 'a local file error', err: withCode('ENOSPC'), want: false },
    { name: 'an invalid digest', err: new InvalidDigestError('x', 'bad'), want: false },
    { name: 'an abort', err: new DOMException('aborted', 'AbortError'), want: false },
  ])('$name → $want', ({ err, want }) => {
    expect(isRetryable(err)).toBe(want);
  });

  it('gives up when a mismatch repeats with the very same bytes, but not when they differ', () => {
    const first = mismatch('sha256:bb');
    expect(isRetryable(mismatch('sha256:bb'), mismatchSignature(first))).toBe(false);
    expect(isRetryable(mismatch('sha256:cc'), mismatchSignature(first))).toBe(true);
    expect(mismatchSignature(registryError(500))).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it.each([
    { name: 'first retry, jitter low', retry: 0, random: 0, want: 125 },
    { name: 'first retry, jitter high', retry: 0, random: 0.999_999, want: 250 },
    { name: 'doubling', retry: 2, random: 0, want: 500 },
    { name: 'capped', retry: 20, random: 0.999_999, want: MAX_BLOB_RETRY_DELAY_MS },
  ])('backs off exponentially: $name', ({ retry, random, want }) => {
    expect(retryDelay(retry, registryError(500), 250, () => random)).toBe(want);
  });

  it("follows the registry's Retry-After, capped at a minute", () => {
    expect(retryDelay(0, registryError(429, 0), 250)).toBe(0);
    expect(retryDelay(0, registryError(429, 3000), 250)).toBe(3000);
    expect(retryDelay(0, registryError(429, 3_600_000), 250)).toBe(60_000);
  });

  it('waits nothing with a base of 0', () => {
    expect(retryDelay(3, new Error('x'), 0)).toBe(0);
  });
});
