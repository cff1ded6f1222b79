/**
 * Which manifests an `oci:` (and `oci-archive:`) destination stores: OCI ones only, as
 * skopeo writes layouts.
 *
 * A layout could hold Docker schema 2 manifests (index.json entries are plain
 * descriptors), and berth's source reads them, since older or hand-made layouts may have
 * them. But containers/image selects an `index.json` entry by name only when its media type
 * is an OCI one, so a Docker manifest stored under a name is invisible to
 * `skopeo … oci:layout:name`; skopeo itself converts Docker images to OCI when it writes a
 * layout. Declaring OCI types only makes the copy engine do the same (and makes
 * `preserveDigests` refuse, as skopeo's `--preserve-digests` does).
 */
import { quoteInput } from '../../digest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';

/** The manifest media types an OCI layout destination stores, most preferred first. */
export const LAYOUT_MANIFEST_TYPES: readonly string[] = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex];

/** Options for {@link checkLayoutManifestType}. */
export interface CheckLayoutManifestTypeOptions {
  mediaType: string;
  /** The destination, as the message names it: `an OCI layout`, `an oci-archive`. */
  where: string;
}

/**
 * Refuses a manifest a layout destination does not store, for callers that use a
 * destination directly rather than through the copy engine (which converts first).
 *
 * @throws {Error} for any type outside {@link LAYOUT_MANIFEST_TYPES}.
 */
export function checkLayoutManifestType(opts: CheckLayoutManifestTypeOptions): void {
  const { mediaType, where } = opts;
  if (LAYOUT_MANIFEST_TYPES.includes(mediaType)) return;
  throw new Error(
    `${where} stores OCI manifests only, not ${quoteInput(mediaType)} (skopeo cannot select a ` +
      'Docker manifest in a layout by name): convert the image to OCI first, as berth copy does ' +
      'unless digests must be preserved',
  );
}
