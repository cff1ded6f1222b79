import { posix } from 'node:path';

/**
 * The clean, archive-relative form of a name from a tar header, a `manifest.json` or a link
 * target: `./a//b/` → `a/b`, the archive root → `.`. `undefined` when the name could reach
 * outside the archive or is not a name at all: absolute, containing a `..` component (even
 * one that cleaning would cancel, `a/../b`, since extractors disagree on those), empty, or
 * containing NUL. Berth never writes archive names to disk, but refusing these keeps every
 * tool that reads the same archive agreeing on what it holds.
 */
export function cleanArchivePath(name: string): string | undefined {
  if (name === '' || name.includes('\0') || name.startsWith('/')) return undefined;
  if (name.split('/').includes('..')) return undefined;
  const clean = posix.normalize(name).replace(/\/+$/, '');
  return clean === '' ? '.' : clean;
}

/**
 * Where a symbolic link at `linkPath` points, as a clean archive path, or `undefined` when
 * the target is absolute or climbs out of the archive. A symlink's target is relative to
 * the directory holding it; `..` is allowed as long as it stays inside (`docker save`
 * writes `<id>/layer.tar -> ../<other-id>/layer.tar`).
 */
export function symlinkTarget(linkPath: string, target: string): string | undefined {
  if (target === '' || target.includes('\0') || target.startsWith('/')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(linkPath), target)).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) return undefined;
  return joined === '' ? '.' : joined;
}
