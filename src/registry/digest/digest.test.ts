import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createDigester,
  digestAlgorithm,
  digestHex,
  digestOf,
  isDigest,
  parseDigest,
  shortDigest,
} from './digest.js';
import { InvalidDigestError } from './errors.js';

const HEX64 = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
const HEX128 = '0123456789abcdef'.repeat(8);

describe('parseDigest', () => {
  const good = [
    { name: 'sha256', input: `sha256:${HEX64}` },
    { name: 'sha512 (A09)', input: `sha512:${HEX128}` },
    { name: 'all zeros', input: `sha256:${'0'.repeat(64)}` },
  ];
  it.each(good)('accepts $name', ({ input }) => {
    expect(parseDigest(input)).toBe(input);
    expect(isDigest(input)).toBe(true);
  });

  // reliability.md §4 A08 (malformed) and A09 (grammatical but unsupported).
  const bad = [
    { name: 'empty', input: '', reason: /empty/ },
    { name: 'sha256 + 63 hex', input: `sha256:${HEX64.slice(1)}`, reason: /needs 64 hex characters, got 63/ },
    { name: 'sha256 + 65 hex', input: `sha256:${HEX64}0`, reason: /got 65/ },
    { name: 'sha256 + 128 hex', input: `sha256:${HEX128}`, reason: /needs 64/ },
    { name: 'sha512 + 64 hex', input: `sha512:${HEX64}`, reason: /needs 128/ },
    { name: 'uppercase hex', input: `sha256:${HEX64.toUpperCase()}`, reason: /lowercase hex/ },
    { name: 'one uppercase hex digit', input: `sha256:A${HEX64.slice(1)}`, reason: /lowercase hex/ },
    { name: 'uppercase algorithm', input: `SHA256:${HEX64}`, reason: /invalid digest algorithm/ },
    { name: 'empty encoded part', input: 'sha256:', reason: /got 0/ },
    { name: 'no algorithm', input: `:${HEX64}`, reason: /<algorithm>:<hex>/ },
    { name: 'no colon', input: HEX64, reason: /<algorithm>:<hex>/ },
    { name: 'path traversal', input: 'sha256:../../../../etc/passwd', reason: /needs 64/ },
    {
      name: 'valid hex then a path',
      input: `sha256:${HEX64}/../../other/manifests/latest`,
      reason: /needs 64|too long/,
    },
    { name: 'path characters, right length', input: `sha256:${'../'.repeat(21)}a`, reason: /lowercase hex/ },
    { name: 'md5', input: `md5:${'a'.repeat(32)}`, reason: /unsupported digest algorithm "md5"/ },
    { name: 'sha384', input: `sha384:${'a'.repeat(96)}`, reason: /unsupported digest algorithm "sha384"/ },
    { name: 'blake3', input: `blake3:${HEX64}`, reason: /unsupported digest algorithm "blake3"/ },
    { name: 'whitespace', input: ` sha256:${HEX64}`, reason: /invalid digest algorithm/ },
    { name: 'trailing newline', input: `sha256:${HEX64}\n`, reason: /got 65/ },
    { name: 'prototype key as algorithm', input: `__proto__:${HEX64}`, reason: /invalid digest algorithm/ },
    { name: 'Object method as algorithm', input: `constructor:${HEX64}`, reason: /unsupported/ },
    { name: '10 MB string', input: `sha256:${'a'.repeat(10_000_000)}`, reason: /too long/ },
  ];
  it.each(bad)('rejects $name', ({ input, reason }) => {
    let caught: unknown;
    try {
      parseDigest(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidDigestError);
    const err = caught as InvalidDigestError;
    expect(err.name).toBe('InvalidDigestError');
    expect(err.reason).toMatch(reason);
    expect(err.message).not.toContain('\n');
    // The message quotes at most 80 characters of the input, however long it was.
    expect(err.message.length).toBeLessThan(200);
    expect(err.input.length).toBeLessThanOrEqual(80);
    expect(isDigest(input)).toBe(false);
  });

  it('escapes control characters in the message', () => {
    expect(() => parseDigest('\u001b[31msha256:x')).toThrow(/"\\u001b\[31msha256:x"/);
  });
});

describe('digest parts', () => {
  const d = parseDigest(`sha256:${HEX64}`);
  const d512 = parseDigest(`sha512:${HEX128}`);
  const cases = [
    { name: 'sha256', d, alg: 'sha256', hex: HEX64, short: HEX64.slice(0, 12) },
    { name: 'sha512', d: d512, alg: 'sha512', hex: HEX128, short: '0123456789ab' },
  ];
  it.each(cases)('splits $name', ({ d, alg, hex, short }) => {
    expect(digestAlgorithm(d)).toBe(alg);
    expect(digestHex(d)).toBe(hex);
    expect(shortDigest(d)).toBe(short);
  });
});

describe('digestOf and createDigester', () => {
  const cases = [
    { name: 'empty sha256', data: '', alg: 'sha256' as const },
    { name: 'text sha256', data: 'hello, berth', alg: 'sha256' as const },
    { name: 'unicode as UTF-8', data: 'größe ✓', alg: 'sha256' as const },
    { name: 'bytes sha512', data: new Uint8Array([0, 1, 2, 255]), alg: 'sha512' as const },
  ];
  it.each(cases)('hashes $name like node:crypto', ({ data, alg }) => {
    const want = `${alg}:${createHash(alg).update(data).digest('hex')}`;
    expect(digestOf(data, alg)).toBe(want);
    expect(isDigest(digestOf(data, alg))).toBe(true);
  });

  it('defaults to sha256', () => {
    expect(digestOf('x')).toMatch(/^sha256:/);
  });

  it('hashes incrementally and returns the same digest twice', () => {
    const d = createDigester('sha256');
    d.update(Buffer.from('hello, '));
    d.update(Buffer.from('berth'));
    expect(d.digest()).toBe(digestOf('hello, berth'));
    expect(d.digest()).toBe(digestOf('hello, berth'));
    expect(() => d.update(Buffer.from('more'))).toThrow(/already finished/);
  });

  it('refuses an unsupported algorithm', () => {
    expect(() => createDigester('md5' as never)).toThrow(InvalidDigestError);
  });
});
