import { quoteInput } from '../../digest/index.js';
import { type ArchiveReader, InvalidArchiveError } from '../docker-archive/index.js';
import { INDEX_FILE, INDEX_JSON_LIMIT, OCI_LAYOUT_FILE } from '../oci/index.js';

/** `oci-layout` is one short JSON object. */
export const LAYOUT_MARKER_LIMIT = 64 * 1024;

const BLOB_FILE = /^blobs\/[^/]+\/[^/]+$/;
const BLOB_DIR = /^(?:blobs|blobs\/[^/]+)$/;

/**
 * Checks every entry of an oci-archive before anything is read from it. Links of any kind
 * and special files are refused outright: a layout never needs them, and a blob that is
 * a link is how host files get passed off as layers (reliability F04). `oci-layout`,
 * `index.json` and `blobs/<alg>/<hex>` must be regular files and `blobs/…` directories
 * directories. Other regular files and directories are allowed and never read: Docker 25+
 * `docker save` output is an OCI layout that also holds `manifest.json` and
 * `repositories`. Names reaching outside the archive and duplicates were already refused
 * when the archive was indexed.
 *
 * @throws {InvalidArchiveError}
 */
export function checkOciArchiveEntries(archive: ArchiveReader): void {
  const fail = (reason: string): never => {
    throw new InvalidArchiveError(archive.path, reason);
  };
  for (const e of archive.entries.values()) {
    const name = quoteInput(e.name);
    if (e.type === 'symlink' || e.type === 'hardlink') {
      fail(
        `${name} is a link (to ${quoteInput(e.linkname)}); an oci-archive holds only files and directories`,
      );
    }
    if (e.type === 'other') fail(`${name} is a device, FIFO or other special file`);
    const mustBeFile = e.name === OCI_LAYOUT_FILE || e.name === INDEX_FILE || BLOB_FILE.test(e.name);
    if (mustBeFile && e.type !== 'file') fail(`${name} must be a regular file`);
    if ((e.name === '.' || BLOB_DIR.test(e.name)) && e.type !== 'directory')
      fail(`${name} must be a directory`);
  }
  const marker =
    archive.entries.get(OCI_LAYOUT_FILE) ?? fail(`no ${OCI_LAYOUT_FILE} file: not an OCI layout`);
  if (marker.size > LAYOUT_MARKER_LIMIT)
    fail(`${OCI_LAYOUT_FILE} is larger than ${LAYOUT_MARKER_LIMIT} bytes`);
  const index = archive.entries.get(INDEX_FILE) ?? fail(`no ${INDEX_FILE}`);
  if (index.size > INDEX_JSON_LIMIT) fail(`${INDEX_FILE} is larger than ${INDEX_JSON_LIMIT} bytes`);
}
