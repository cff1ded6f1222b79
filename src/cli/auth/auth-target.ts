/**
 * Which credential file `login` writes and `logout` edits: the rules live in the core
 * (`src/registry/login/login-target.ts`, shared with the TUI); the CLI reports a conflicting
 * pair of flags as a usage error.
 */
import {
  type AuthTarget,
  LoginArgumentError,
  type ResolveAuthTargetOptions,
  resolveAuthTarget as resolveTarget,
} from '../../registry/login/index.js';
import { UsageError } from '../errors.js';

export {
  type AuthTarget,
  checkNamedFileExists,
  checkRuntimeDir,
  type ResolveAuthTargetOptions,
} from '../../registry/login/index.js';

/**
 * Decides the credential file for `login`/`logout`.
 * @throws {UsageError} when both `--authfile` and `--compat-auth-file` are given.
 */
export function resolveAuthTarget(opts: ResolveAuthTargetOptions): AuthTarget {
  try {
    return resolveTarget(opts);
  } catch (err) {
    if (err instanceof LoginArgumentError) throw new UsageError(err.message, { cause: err.cause });
    throw err;
  }
}
