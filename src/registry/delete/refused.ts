/** Telling "this registry does not delete manifests" apart from other failures. */
import { RegistryError } from '../http/index.js';

/**
 * Does `err` (or what it wraps) say the registry does not delete manifests at all? distribution
 * answers 405 `UNSUPPORTED` unless `storage.delete.enabled` is set, which is its default.
 */
export function isDeleteRefused(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof RegistryError)
      return current.status === 405 || current.errors.some((e) => e.code === 'UNSUPPORTED');
    current = current.cause;
  }
  return false;
}
