/**
 * Short names for manifest media types, for table cells: the full strings share a 24-character
 * prefix (`application/vnd.oci.image…`), so a narrow column cut at the end shows the same text
 * for an image and a nested index.
 */
import { MEDIA_TYPES } from '../registry/manifest/index.js';

const LABELS: ReadonlyMap<string, string> = new Map([
  [MEDIA_TYPES.ociManifest, 'oci manifest'],
  [MEDIA_TYPES.ociIndex, 'oci index'],
  [MEDIA_TYPES.dockerManifest, 'docker v2s2'],
  [MEDIA_TYPES.dockerManifestList, 'docker list'],
  [MEDIA_TYPES.dockerSchema1, 'docker v2s1'],
  [MEDIA_TYPES.dockerSchema1Signed, 'docker v2s1 signed'],
]);

/** `oci manifest`, `docker list`, …; any other media type as it is. */
export function manifestTypeLabel(mediaType: string): string {
  return LABELS.get(mediaType) ?? mediaType;
}
