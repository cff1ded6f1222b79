/**
 * Checks that an error shows no secret anywhere a user or a log could see it.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Everything a user could be shown about an error: message, stack, own fields and the whole cause chain. */
export function errorText(err: unknown): string {
  const parts = [inspect(err, { depth: 8, showHidden: true })];
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    parts.push(e.message, e.stack ?? '', String(e), JSON.stringify(e) ?? '');
  }
  return parts.join('\n');
}

/** Awaits a rejection, asserts it is an Error showing none of `secrets`, and returns it. */
export async function rejectionWithout(
  secrets: readonly string[],
  promise: Promise<unknown>,
): Promise<Error> {
  const err = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  const text = errorText(err);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}
