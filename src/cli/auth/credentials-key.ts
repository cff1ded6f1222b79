/**
 * The REGISTRY argument of `login` and `logout`: parsed by the core
 * (`src/registry/login/credentials-key.ts`, shared with the TUI); the CLI reports a bad one
 * as a usage error.
 */
import {
  type CredentialsKey,
  LoginArgumentError,
  parseCredentialsKey as parseKey,
} from '../../registry/login/index.js';
import { UsageError } from '../errors.js';

export type { CredentialsKey } from '../../registry/login/index.js';

/**
 * Parses the REGISTRY argument.
 * @throws {UsageError} naming the argument when it is not a registry or repository name.
 */
export function parseCredentialsKey(arg: string): CredentialsKey {
  try {
    return parseKey(arg);
  } catch (err) {
    if (err instanceof LoginArgumentError) throw new UsageError(err.message, { cause: err.cause });
    throw err;
  }
}
