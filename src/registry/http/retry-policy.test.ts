import { describe, expect, it } from 'vitest';
import {
  abortableSleep,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableNetworkError,
  parseRetryAfter,
} from './retry-policy.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function coded(code: string, cause?: Error): Error {
  return Object.assign(new Error(code, cause ? { cause } : undefined), { code });
}

describe('parseRetryAfter', () => {
  it.each([
    { name: 'absent', value: undefined, want: undefined },
    { name: 'seconds', value: '3', want: 3000 },
    { name: 'zero seconds', value: '0', want: 0 },
    { name: 'seconds with spaces', value: ' 7 ', want: 7000 },
    { name: 'IMF date in the future', value: 'Fri, 27 Nov 2026 12:00:05 GMT', want: 5000 },
    { name: 'IMF date in the past means no wait', value: 'Fri, 27 Nov 2026 11:00:00 GMT', want: 0 },
    { name: 'RFC 850 date', value: 'Friday, 27-Nov-26 12:00:10 GMT', want: 10_000 },
    { name: 'negative number', value: '-5', want: undefined },
    { name: 'fraction', value: '1.5', want: undefined },
    { name: 'ISO date is not an HTTP date', value: '2026-11-27T12:00:05Z', want: undefined },
    { name: 'garbage', value: 'soon', want: undefined },
  ])('$name', ({ value, want }) => {
    expect(parseRetryAfter(value, NOW)).toBe(want);
  });
});

describe('backoffDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, minDelayMs: 200, maxDelayMs: 1000 };
  it.each([
    { name: 'first retry, no jitter', attempt: 0, random: 0, want: 100 },
    { name: 'first retry, full jitter', attempt: 0, random: 0.999_999, want: 200 },
    { name: 'doubles', attempt: 1, random: 0, want: 200 },
    { name: 'doubles again', attempt: 2, random: 1, want: 800 },
    { name: 'capped', attempt: 10, random: 1, want: 1000 },
    { name: 'capped, half jitter', attempt: 10, random: 0.5, want: 750 },
  ])('$name', ({ attempt, random, want }) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(want);
  });
});

describe('isRetryableNetworkError', () => {
  it.each([
    { name: 'connection reset', err: coded('ECONNRESET'), want: true },
    { name: 'connection refused', err: coded('ECONNREFUSED'), want: true },
    { name: 'undici socket closed', err: coded('UND_ERR_SOCKET'), want: true },
    { name: 'connect timeout', err: coded('UND_ERR_CONNECT_TIMEOUT'), want: true },
    { name: 'code in the cause chain', err: new Error('wrapped', { cause: coded('EPIPE') }), want: true },
    { name: 'untrusted certificate', err: coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), want: false },
    { name: 'hostname mismatch', err: coded('ERR_TLS_CERT_ALTNAME_INVALID'), want: false },
    { name: 'no code', err: new Error('boom'), want: false },
    { name: 'not an error', err: 'ECONNRESET', want: false },
  ])('$name', ({ err, want }) => {
    expect(isRetryableNetworkError(err)).toBe(want);
  });
});

describe('abortableSleep', () => {
  it('rejects with the signal reason when aborted while waiting', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed ctrl-c');
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reason = new Error('already');
    await expect(abortableSleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('resolves after the delay', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });
});
