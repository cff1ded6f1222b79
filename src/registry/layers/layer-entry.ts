import type { Header } from 'tar-stream';
import { displayName } from './display-name.js';

/** What a tar entry is; a hard link is its own kind, as tar stores it. */
export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** One entry of a layer, as a terminal may safely show it. */
export interface LayerEntry {
  /**
   * The path inside the image, cleaned as containerd does before applying a layer (no
   * leading `/` or `./`, no `.` or `..` segments, never above the root) and made safe to
   * print with {@link displayName}. The archive's root itself (`./`) is `''`. For a
   * whiteout, the path it deletes (`a/.wh.b` → `a/b`) or makes opaque (`a/.wh..wh..opq` → `a`).
   */
  path: string;
  type: LayerEntryType;
  /** Bytes of content; 0 for anything but regular files. */
  size: number;
  /** Permission bits with setuid, setgid and sticky (`0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
  /** Symlink target as written, or for a hard link the cleaned path it points at. */
  linkname?: string;
  /** `file`: deletes `path` from lower layers; `opaque`: hides everything lower layers put in `path`. */
  whiteout?: 'file' | 'opaque';
}

const TYPES: Partial<Record<Header['type'], LayerEntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  link: 'hardlink',
  symlink: 'symlink',
  directory: 'dir',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

/** The OCI image-spec's whiteout prefix and opaque-directory marker (layer.md, "Whiteouts"). */
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
/** Users and groups are names of a few dozen characters; longer ones are cut for display. */
const MAX_OWNER = 256;

/**
 * Cleans a tar path the way `filepath.Join("/", name)` does in containerd's applier:
 * segments `.` and empty ones go, `..` climbs but never above the root.
 */
export function cleanLayerPath(name: string): string {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * Turns a tar-stream header into a {@link LayerEntry}. Types POSIX does not define (GNU
 * sparse files, say) are regular files, as POSIX asks readers to treat them.
 */
export function toLayerEntry(header: Header): LayerEntry {
  const type = TYPES[header.type] ?? 'file';
  const cleaned = cleanLayerPath(header.name);
  const slash = cleaned.lastIndexOf('/');
  const base = cleaned.slice(slash + 1);
  const parent = slash < 0 ? '' : cleaned.slice(0, slash);
  let path = cleaned;
  let whiteout: LayerEntry['whiteout'];
  if (base === OPAQUE) {
    path = parent;
    whiteout = 'opaque';
  } else if (
    base.startsWith(WHITEOUT) &&
    base.length > WHITEOUT.length &&
    !base.startsWith(`${WHITEOUT}${WHITEOUT}`)
  ) {
    // `.wh..wh.` names other than the opaque marker are aufs bookkeeping, listed as they are.
    path = parent === '' ? base.slice(WHITEOUT.length) : `${parent}/${base.slice(WHITEOUT.length)}`;
    whiteout = 'file';
  }
  const entry: LayerEntry = {
    path: displayName(path),
    type,
    size: type === 'file' ? header.size : 0,
    mode: header.mode & 0o7777,
    uid: header.uid,
    gid: header.gid,
  };
  if (header.uname) entry.uname = displayName(header.uname, MAX_OWNER);
  if (header.gname) entry.gname = displayName(header.gname, MAX_OWNER);
  if (header.mtime && !Number.isNaN(header.mtime.getTime())) entry.mtime = header.mtime;
  if (header.linkname && (type === 'symlink' || type === 'hardlink')) {
    entry.linkname = displayName(type === 'hardlink' ? cleanLayerPath(header.linkname) : header.linkname);
  }
  if (whiteout) entry.whiteout = whiteout;
  return entry;
}
