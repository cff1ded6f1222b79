// Stands in for `node:assert` in the bundle. undici and yargs load it at import only to check
// their own invariants (`assert(x)`, `strictEqual`, `notStrictEqual`; signal-exit `equal`), and
// Node's module costs 2–4 ms of every start (it builds its error-diffing machinery). A failed
// check still throws an AssertionError with code ERR_ASSERTION; the message is simpler.
'use strict';

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
  }
}

function fail(message, fallback) {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

function assert(value, message) {
  if (!value) fail(message, 'The expression evaluated to a falsy value');
}

assert.ok = assert;
assert.AssertionError = AssertionError;
assert.fail = (message) => fail(message, 'Failed');
// node:assert's `equal` is loose equality, with NaN equal to NaN.
// biome-ignore lint/suspicious/noDoubleEquals: see above.
const looselyEqual = (a, b) => a == b || (Number.isNaN(a) && Number.isNaN(b));
assert.equal = (actual, expected, message) => {
  if (!looselyEqual(actual, expected)) fail(message, `${String(actual)} == ${String(expected)}`);
};
assert.notEqual = (actual, expected, message) => {
  if (looselyEqual(actual, expected)) fail(message, `${String(actual)} != ${String(expected)}`);
};
assert.strictEqual = (actual, expected, message) => {
  if (!Object.is(actual, expected)) fail(message, `Expected values to be strictly equal`);
};
assert.notStrictEqual = (actual, expected, message) => {
  if (Object.is(actual, expected))
    fail(message, `Expected "actual" to be strictly unequal to: ${String(expected)}`);
};
assert.strict = assert;

module.exports = assert;
