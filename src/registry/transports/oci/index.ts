/**
 * `oci:` — the OCI image layout (image-spec `image-layout.md`): an `oci-layout` marker, an
 * `index.json` listing images (named by the `org.opencontainers.image.ref.name`
 * annotation), and content-addressed `blobs/<alg>/<hex>` shared by all of them.
 *
 * Reading selects an image by name, by position (`oci:path:@N`) or as the only one, and
 * verifies every manifest and blob against its digest; blob files that are symlinks or not
 * regular files are refused. Writing stages everything inside the layout and publishes it
 * at commit: blobs are renamed into place and `index.json` is rewritten atomically under a
 * lock, so an existing image stays readable until the new one is complete and concurrent
 * writers never lose each other's entries. Only OCI manifests are written (skopeo selects
 * only OCI-typed entries by name, and converts Docker images when it writes a layout), while
 * Docker manifests already in a layout are read.
 *
 * `readLayout`, `selectIndexEntry`, `LayoutWriter` and the path helpers are exported for the
 * archive transports, which read and write layouts in temp directories.
 */

export { type IndexEntry, mergeIndexEntry } from './index-entry.js';
export {
  OciLayoutDestination,
  type OpenOciLayoutDestinationOptions,
  openOciLayoutDestination,
} from './layout-destination.js';
export {
  INDEX_FILE,
  LAYOUT_VERSION,
  layoutBlobPath,
  OCI_LAYOUT_FILE,
  REF_NAME_ANNOTATION,
} from './layout-paths.js';
export { OciLayoutSource, type OpenOciLayoutSourceOptions, openOciLayoutSource } from './layout-source.js';
export {
  INDEX_LOCK_FILE,
  type LayoutCommitOptions,
  LayoutWriter,
  type LayoutWriterOptions,
} from './layout-writer.js';
export {
  type CheckLayoutManifestTypeOptions,
  checkLayoutManifestType,
  LAYOUT_MANIFEST_TYPES,
} from './manifest-types.js';
export {
  checkLayoutMarker,
  INDEX_JSON_LIMIT,
  type IndexJson,
  NotAnOciLayoutError,
  type OciLayout,
  parseIndexJson,
  readIndexJson,
  readLayout,
} from './read-layout.js';
export {
  LayoutImageNotFoundError,
  refNameOf,
  type SelectIndexEntryOptions,
  selectIndexEntry,
} from './select-entry.js';
