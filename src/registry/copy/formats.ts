import type { ManifestFormat } from '../manifest/index.js';
import { imageMediaType, indexMediaType } from './convert.js';
import type { ManifestFormatOption } from './options.js';

/** Options for {@link targetFamily}. */
export interface TargetFamilyOptions {
  kind: 'image' | 'index';
  /** The family the source manifest is in. */
  source: ManifestFormat;
  /** What the user asked for, if anything. */
  format?: ManifestFormatOption;
  /** The destination's `supportedManifestTypes`. */
  supported: readonly string[];
}

function mediaTypeOf(kind: 'image' | 'index', family: ManifestFormat): string {
  return kind === 'image' ? imageMediaType(family) : indexMediaType(family);
}

/**
 * The family a manifest is written in: the one asked for, else the source's, else — when
 * the destination cannot store the source's — the other one (an `oci:` layout receiving a
 * Docker image gets it as OCI, as skopeo does).
 *
 * @throws {Error} when the destination can store neither, or not the one asked for.
 */
export function targetFamily(opts: TargetFamilyOptions): ManifestFormat {
  const { kind, supported } = opts;
  const asked = opts.format === undefined ? undefined : opts.format === 'oci' ? 'oci' : 'docker';
  const want = asked ?? opts.source;
  if (supported.includes(mediaTypeOf(kind, want))) return want;
  const takes = supported.length > 0 ? supported.join(', ') : 'nothing';
  if (asked) {
    throw new Error(`the destination cannot store ${mediaTypeOf(kind, want)} (it takes ${takes})`);
  }
  const other: ManifestFormat = want === 'oci' ? 'docker' : 'oci';
  if (supported.includes(mediaTypeOf(kind, other))) return other;
  throw new Error(
    `the destination cannot store ${kind === 'image' ? 'this image' : 'an image index'} (it takes ${takes})`,
  );
}
