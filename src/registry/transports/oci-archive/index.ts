/**
 * `oci-archive:PATH[:NAME]` — a tar of an OCI image layout (`oci-layout`, `index.json`,
 * `blobs/<alg>/<hex>`), NAME being the `org.opencontainers.image.ref.name` annotation.
 *
 * Reading does not extract the archive, unlike containers/image, which unpacks it into a
 * temp directory first. The tar (plain, or gzip/zstd as a whole) is indexed once with the
 * docker-archive reader and every entry is checked before anything is read: links and
 * special files are refused, the layout's own files must be regular files, and names
 * outside the archive and duplicates were refused while indexing. Manifests and blobs are
 * then read straight from their offsets and verified against their digests. Copying out
 * of an archive therefore costs no temp space and no extraction pass, nothing can be
 * written outside berth's own files however hostile the archive, and image selection is
 * the `oci:` transport's own (`selectIndexEntry`), so both name images the same way.
 *
 * Writing builds the layout with the `oci:` transport in a private staging directory
 * (beside the archive unless `tmpDir` says otherwise), tars it at `commit` into a temp file
 * beside the archive and renames that over the path: an existing archive is replaced only
 * by a complete one. Like `oci:`, it stores OCI manifests only (a Docker image is converted
 * by the copy engine first, as skopeo does). The tar holds the entries skopeo writes, in
 * the same order, with fixed owner and times, so the same image always gives the same bytes.
 */

export {
  OciArchiveDestination,
  type OpenOciArchiveDestinationOptions,
  openOciArchiveDestination,
} from './oci-archive-destination.js';
export {
  OciArchiveSource,
  type OpenOciArchiveSourceOptions,
  openOciArchiveSource,
} from './oci-archive-source.js';
