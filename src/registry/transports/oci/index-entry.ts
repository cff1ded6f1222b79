import type { Digest } from '../../digest/index.js';
import { REF_NAME_ANNOTATION } from './layout-paths.js';

/** What `index.json` records for an image: its top manifest. */
export interface IndexEntry {
  mediaType: string;
  digest: Digest;
  size: number;
}

function nameOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const annotations = (entry as { annotations?: unknown }).annotations;
  if (typeof annotations !== 'object' || annotations === null) return undefined;
  const name = (annotations as Record<string, unknown>)[REF_NAME_ANNOTATION];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function digestOf(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as { digest?: unknown }).digest : undefined;
}

/**
 * The `manifests` of `index.json` after recording `entry` under `refName`, leaving every
 * other image's entry as it was (objects are kept as found, unknown fields included).
 *
 * - With a name, an entry already carrying that name is replaced in place, so positions
 *   (`oci:path:@N`) of the others do not move; further entries with the same name (left by
 *   other tools) are dropped. containers/image instead strips the name from the old entry
 *   and keeps it, which leaves nameless entries piling up in a layout that is re-tagged.
 * - An unnamed entry with the same digest is taken over (named or not) rather than
 *   duplicated, as containers/image does; other unnamed entries with that digest go too.
 * - Otherwise the entry is appended.
 */
export function mergeIndexEntry(
  manifests: readonly unknown[],
  entry: IndexEntry,
  refName?: string,
): unknown[] {
  const fresh: Record<string, unknown> = {
    mediaType: entry.mediaType,
    digest: entry.digest,
    size: entry.size,
  };
  if (refName !== undefined) fresh.annotations = { [REF_NAME_ANNOTATION]: refName };
  const out = [...manifests];
  let at = refName !== undefined ? out.findIndex((m) => nameOf(m) === refName) : -1;
  if (at < 0) at = out.findIndex((m) => nameOf(m) === undefined && digestOf(m) === entry.digest);
  if (at < 0) return [...out, fresh];
  out[at] = fresh;
  // Duplicates of what `fresh` now stands for: the same name again, or the same manifest unnamed.
  const redundant = (m: unknown, i: number) =>
    i !== at &&
    ((refName !== undefined && nameOf(m) === refName) ||
      (nameOf(m) === undefined && digestOf(m) === entry.digest));
  return out.filter((m, i) => !redundant(m, i));
}
