/**
 * How a failed command ends: one line on stderr naming the cause chain, and skopeo's exit
 * codes — 2 when the image was not found (skopeo's best-effort rule), 1 for everything else.
 */
import { RegistryError } from '../registry/http/index.js';
import { LayoutImageNotFoundError } from '../registry/transports/oci/index.js';

/** An error in how the command was called (skopeo prints these with usage hints). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit code 2: the input image does not exist. */
export const EXIT_NOT_FOUND = 2;
export const EXIT_ERROR = 1;

/**
 * Whether a failure means "the image you named does not exist", the one case skopeo
 * (1.10 and later) reports with exit code 2: a registry's MANIFEST_UNKNOWN or
 * NAME_UNKNOWN (or a bare 404 on a manifest), or a layout without the named image.
 * A missing *blob* is not that: it is a broken image and exits 1.
 */
export function isImageNotFound(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof LayoutImageNotFoundError) return true;
    if (current instanceof RegistryError) {
      if (current.errors.some((e) => e.code === 'MANIFEST_UNKNOWN' || e.code === 'NAME_UNKNOWN')) return true;
      return current.status === 404 && current.errors.length === 0 && /\/manifests\//.test(current.url);
    }
    current = current.cause;
  }
  return false;
}

export function exitCodeFor(err: unknown): number {
  return isImageNotFound(err) ? EXIT_NOT_FOUND : EXIT_ERROR;
}

// Terminal control characters from servers must not reach the user's terminal raw.
function printable(s: string): string {
  return s.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The message and each distinct cause, joined on one line: `copying x: fetching y: 404 …`. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 8; depth++) {
    const msg = cur instanceof Error ? cur.message : String(cur);
    if (msg && !parts.some((p) => p.includes(msg))) parts.push(msg);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return printable(parts.join(': ').replace(/\s*\n\s*/g, ' '));
}
