/**
 * Helpers shared by the transports that keep images in local files (`oci:`, `dir:`, and the
 * archive transports built on them). Every one exists to keep a promise of the transport
 * contract on a plain file system:
 *
 * - reads never follow a symlink or open anything but a regular file (`openBlobFile`,
 *   `readBlobStream`, `readSmallFile`), and blob streams are verified as they are read;
 * - writes go to a temp file that is hashed while written, fsynced and renamed into place
 *   (`writeBlobFile`, `writeFileAtomic`), so a path never holds a partial or unverified file;
 * - read-modify-write of a shared file happens under a lock file (`withFileLock`, the one
 *   `auth.json` uses);
 * - everything berth stages is named `.berth-…` (`STAGING_PREFIX`), and a destination can
 *   remove exactly the directories it created (`makeDirs`, `removeCreatedDirs`).
 *
 * Paths of blobs are built by each transport from parsed `Digest`s only, never from names
 * found on disk or in a document.
 */

export { type FileLockOptions, withFileLock } from '../../auth/file-lock.js';
export { makeDirs, type PathState, pathState, removeCreatedDirs } from './dir-state.js';
export { notFoundAs } from './not-found.js';
export { type OpenedFile, openBlobFile, UnsafeFileError } from './open-blob-file.js';
export {
  type ReadBlobStreamOptions,
  type ReadSmallFileOptions,
  readBlobStream,
  readSmallFile,
} from './read-blob.js';
export { syncDir } from './sync-dir.js';
export { STAGING_PREFIX, tempPathBeside } from './temp-name.js';
export { type WriteBlobFileOptions, writeBlobFile } from './write-blob-file.js';
export { type WriteFileAtomicOptions, writeFileAtomic } from './write-file-atomic.js';
