/**
 * `docker-archive:PATH[:NAME:TAG|:@N]` — the `docker save` format: a tar holding
 * `manifest.json` (an array of `{Config, RepoTags, Layers}`), the config as `<hex>.json`,
 * each layer as an uncompressed tar, `repositories`, and the legacy per-layer directories.
 *
 * Reading never extracts anything and writes nothing to disk. The archive is indexed once:
 * a plain tar by reading only its headers, up to the end-of-archive marker; a tar that is
 * gzip- or zstd-compressed as a whole (`docker save | gzip`) by decompressing it once,
 * keeping its small files (manifest.json, configs) in memory. Components are then found by
 * name in that index and streamed from their offset, from a compressed archive through a
 * few decompression cursors parked where their last read ended, so reading the layers in
 * archive order decompresses it about once (containers/image decompresses it to a temp
 * file instead). A name from `manifest.json` is looked up only inside the archive; at most
 * one link is followed, and only to another entry; components must be regular files;
 * absolute names, `..`, duplicate entries and ambiguous tar metadata are refused
 * (reliability F04, F06–F08). The image is described by a Docker schema 2 manifest built
 * over the stored files: uncompressed layers have their diff_id as digest and are verified
 * against it as they stream; gzip layers keep their compressed bytes and digest; zstd
 * layers, which schema 2 cannot describe, are served decompressed.
 *
 * Writing follows containers/image, byte for byte as skopeo 1.9.3 writes the same image:
 * layers are decompressed (gzip and zstd, recognised by their bytes) so `docker load`
 * takes the archive, each checked against its compressed digest and staged beside the
 * destination; at `commit` the config's diff_ids are checked against what the layers
 * decompressed to, and the archive is written in skopeo's entry order into a temp file that
 * is renamed over the path (an existing archive there survives a failed copy; a FIFO such
 * as /dev/stdout is written in place). Either manifest family is accepted, since only the
 * config and layer order are stored. Only single images: an index must be narrowed to one
 * platform first, as skopeo does.
 *
 * The tar machinery here (`ArchiveReader`, `indexTar`, `TarFileWriter`) is shared with
 * `oci-archive:`.
 */

export { ArchiveReader, type OpenArchiveOptions } from './archive-reader.js';
export { type ArchiveTarget, resolveArchiveTarget, writeArchiveFile } from './archive-target.js';
export { UnsupportedCompressionError } from './decompress.js';
export {
  DockerArchiveDestination,
  type OpenDockerArchiveDestinationOptions,
  openDockerArchiveDestination,
} from './docker-archive-destination.js';
export {
  DockerArchiveSource,
  type OpenDockerArchiveSourceOptions,
  openDockerArchiveSource,
} from './docker-archive-source.js';
export { ArchiveImageNotFoundError, InvalidArchiveError } from './errors.js';
export { MAX_TAR_ENTRIES, type TarEntry } from './tar-index.js';
export { TarFileWriter } from './tar-writer.js';
