import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Every file and directory berth creates while staging starts with this, so a layout or
 * image directory that holds only such entries still counts as empty, and a crash leaves
 * leftovers that are easy to recognise.
 */
export const STAGING_PREFIX = '.berth-';

/** A fresh, unguessable name beside `path`: `.berth-<name>.<random>.<suffix>`. */
export function tempPathBeside(path: string, suffix: string): string {
  return join(
    dirname(path),
    `${STAGING_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}.${suffix}`,
  );
}
