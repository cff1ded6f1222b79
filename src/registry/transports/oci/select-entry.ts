import { quoteInput } from '../../digest/index.js';
import type { Descriptor, ImageIndex } from '../../manifest/index.js';
import { isManifestMediaType } from '../../manifest/index.js';
import { REF_NAME_ANNOTATION } from './layout-paths.js';

/** No image in a layout matches what was asked for, or the choice is ambiguous. */
export class LayoutImageNotFoundError extends Error {
  override readonly name = 'LayoutImageNotFoundError';
}

/** Options for {@link selectIndexEntry}. */
export interface SelectIndexEntryOptions {
  /** The layout's directory, for messages. */
  path: string;
  index: ImageIndex;
  /** The `org.opencontainers.image.ref.name` to find (`oci:path:NAME`). */
  image?: string;
  /** A zero-based position in `index.json` (`oci:path:@N`). */
  position?: number;
}

const MAX_NAMES_SHOWN = 20;

/** The ref name an `index.json` entry carries, if any. */
export function refNameOf(d: Pick<Descriptor, 'annotations'>): string | undefined {
  return d.annotations?.[REF_NAME_ANNOTATION];
}

/**
 * Chooses the `index.json` entry an `oci:` name points at, as containers/image does: by
 * position; by ref name (the first entry with that name whose media type is a manifest
 * or index); or, with neither, the only entry (an error listing the names when there are
 * several).
 *
 * @throws {LayoutImageNotFoundError}
 */
export function selectIndexEntry(opts: SelectIndexEntryOptions): {
  descriptor: Descriptor;
  position: number;
} {
  const { path, index, image, position } = opts;
  const entries = index.manifests;
  if (image !== undefined && position !== undefined) {
    throw new LayoutImageNotFoundError('an oci: name cannot give both an image name and a position');
  }
  if (position !== undefined) {
    const d = entries[position];
    if (!d) {
      throw new LayoutImageNotFoundError(
        `index @${position} is out of range: ${path} lists ${entries.length} manifest${entries.length === 1 ? '' : 's'}`,
      );
    }
    return { descriptor: checkType(d, path), position };
  }
  if (image !== undefined) {
    const unsupported: string[] = [];
    for (const [i, d] of entries.entries()) {
      if (refNameOf(d) !== image) continue;
      if (isManifestMediaType(d.mediaType)) return { descriptor: d, position: i };
      unsupported.push(d.mediaType);
    }
    if (unsupported.length > 0) {
      throw new LayoutImageNotFoundError(
        `image ${quoteInput(image)} in ${path} has unsupported media type ${unsupported.map((t) => quoteInput(t)).join(', ')}`,
      );
    }
    throw new LayoutImageNotFoundError(`no image named ${quoteInput(image)} in ${path}${namesHint(entries)}`);
  }
  if (entries.length === 1) return { descriptor: checkType(entries[0]!, path), position: 0 };
  if (entries.length === 0) throw new LayoutImageNotFoundError(`${path} holds no images`);
  throw new LayoutImageNotFoundError(
    `${path} holds ${entries.length} images; choose one with oci:${path}:NAME or oci:${path}:@N${namesHint(entries)}`,
  );
}

function checkType(d: Descriptor, path: string): Descriptor {
  if (!isManifestMediaType(d.mediaType)) {
    throw new LayoutImageNotFoundError(
      `the chosen entry of ${path} has unsupported media type ${quoteInput(d.mediaType)}`,
    );
  }
  return d;
}

function namesHint(entries: readonly Descriptor[]): string {
  const names = entries.map(refNameOf).filter((n): n is string => n !== undefined);
  if (names.length === 0) return ' (it names none)';
  const shown = names.slice(0, MAX_NAMES_SHOWN).map((n) => quoteInput(n, 80));
  const more = names.length > MAX_NAMES_SHOWN ? `, and ${names.length - MAX_NAMES_SHOWN} more` : '';
  return ` (names: ${shown.join(', ')}${more})`;
}
