/**
 * Where `berth sync` puts each image, exactly as skopeo names it (`cmd/skopeo/sync.go`):
 *
 * 1. the suffix is the source's full reference (`registry/repo:tag`, `…@digest`) for a
 *    registry source, or the image directory's path below the source directory for a `dir`
 *    source (the source directory's own name when it is itself the image);
 * 2. without `--scoped`, only its last path component is kept (`repo:tag`);
 * 3. the destination is `path.Join(DESTINATION, suffix) + --append-suffix`, read as a
 *    registry reference (`--dest docker`) or a directory (`--dest dir`).
 *
 * So `--scoped` of a source on a registry with a port (`127.0.0.1:5000/app`) to a registry
 * fails, as in skopeo: `127.0.0.1:5000` is not a valid path component.
 */
import { posix } from 'node:path';
import {
  formatReference,
  type ImageName,
  InvalidImageNameError,
  parseImageName,
} from '../../registry/ref/index.js';
import type { SourceRepo } from './sync-sources.js';

export type SyncDestKind = 'docker' | 'dir';

export interface DestinationNameOptions {
  source: ImageName;
  /** For `dir` sources: the walked directory. */
  dirBase?: SourceRepo['dirBase'];
  /** The DESTINATION argument. */
  destination: string;
  kind: SyncDestKind;
  scoped: boolean;
  appendSuffix: string;
  /** `source.path` resolved (symlinks and all), for `dir` sources. */
  resolvedSource?: string;
}

function suffixOf(o: DestinationNameOptions): string {
  const { source } = o;
  if (source.transport === 'docker') return formatReference(source.ref);
  if (source.transport !== 'dir') throw new Error(`cannot sync from ${source.transport}:`);
  const base = o.dirBase;
  const resolved = o.resolvedSource ?? source.path;
  // containers/image resolves the image path; skopeo strips the source argument from it.
  const rel = base && resolved.startsWith(base.resolved) ? resolved.slice(base.resolved.length) : resolved;
  return rel === '' && base ? posix.basename(base.given) : rel;
}

/** The destination image for one source image. */
export function destinationName(o: DestinationNameOptions): ImageName {
  let suffix = suffixOf(o);
  if (!o.scoped) suffix = posix.basename(suffix);
  const target = posix.join(o.destination, suffix) + o.appendSuffix;
  if (o.kind === 'dir') return { transport: 'dir', path: target };
  try {
    return parseImageName(`docker://${target}`);
  } catch (err) {
    const why = err instanceof InvalidImageNameError ? `: ${err.reason}` : '';
    throw new Error(
      `Cannot obtain a valid image reference for transport "docker" and reference "//${target}"${why}`,
    );
  }
}
