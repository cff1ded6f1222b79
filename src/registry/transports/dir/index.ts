/**
 * `dir:` — skopeo's directory format: a `version` file (`Directory Transport Version: 1.1`),
 * `manifest.json`, every blob (layers and config) as a file named by its digest's hex,
 * and, for a multi-arch image, each child manifest as `<hex>.manifest.json`. skopeo reads
 * what berth writes and the other way round.
 *
 * Reading verifies manifests and blobs and refuses blob files that are symlinks. Writing
 * refuses a non-empty directory that is not such an image, stages the new image beside it
 * and swaps it in at commit, so a failed copy leaves the previous image as it was.
 */

export {
  DirDestination,
  NotContainerImageDirError,
  type OpenDirDestinationOptions,
  openDirDestination,
} from './dir-destination.js';
export { DIR_VERSION, dirBlobPath, dirManifestPath, MANIFEST_FILE, VERSION_FILE } from './dir-paths.js';
export { DirSource, type OpenDirSourceOptions, openDirSource } from './dir-source.js';
