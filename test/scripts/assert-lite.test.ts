import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Check = (actual: unknown, expected: unknown, message?: string | Error) => void;
interface Assert {
  (value: unknown, message?: string | Error): void;
  ok(value: unknown, message?: string | Error): void;
  equal: Check;
  notEqual: Check;
  strictEqual: Check;
  notStrictEqual: Check;
  fail(message?: string): never;
}
const assert = createRequire(import.meta.url)('../../scripts/assert-lite.cjs') as Assert;

const fails = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  return undefined;
};

describe('scripts/assert-lite.cjs (node:assert in the bundle)', () => {
  it.each([
    { call: () => assert(1), passes: true },
    { call: () => assert(0), passes: false },
    { call: () => assert.ok(''), passes: false },
    { call: () => assert.strictEqual(1, 1), passes: true },
    { call: () => assert.strictEqual(1, '1'), passes: false },
    { call: () => assert.strictEqual(Number.NaN, Number.NaN), passes: true },
    { call: () => assert.notStrictEqual(1, '1'), passes: true },
    { call: () => assert.notStrictEqual(undefined, undefined), passes: false },
    { call: () => assert.equal(1, '1'), passes: true },
    { call: () => assert.equal(Number.NaN, Number.NaN), passes: true },
    { call: () => assert.equal('a', 'b'), passes: false },
    { call: () => assert.notEqual(1, '1'), passes: false },
    { call: () => assert.notEqual(1, 2), passes: true },
    { call: () => assert.fail('no'), passes: false },
  ])('$call', ({ call, passes }) => {
    const err = fails(call);
    if (passes) expect(err).toBeUndefined();
    else expect(err).toMatchObject({ name: 'AssertionError', code: 'ERR_ASSERTION' });
  });

  it('throws the given message, or the given error itself', () => {
    expect(fails(() => assert(false, 'broken'))?.message).toBe('broken');
    const own = new TypeError('own');
    expect(fails(() => assert.strictEqual(1, 2, own as never))).toBe(own);
  });
});
