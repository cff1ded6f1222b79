import type { LayerEntryType } from './layer-entry.js';

const TYPE_CHAR: Record<LayerEntryType, string> = {
  file: '-',
  // A hard link is a regular file that shares its data; `ls` shows it as one.
  hardlink: '-',
  dir: 'd',
  symlink: 'l',
  char: 'c',
  block: 'b',
  fifo: 'p',
};

/** Owner, group, other: where their bits sit, and the special bit that shares their `x` column. */
const CLASSES = [
  { shift: 6, special: 0o4000, set: 's' },
  { shift: 3, special: 0o2000, set: 's' },
  { shift: 0, special: 0o1000, set: 't' },
] as const;

/**
 * A mode as `ls -l` prints it: `drwxr-xr-x`, `-rwsr-xr-x` (setuid), `drwxrwxrwt` (sticky);
 * a capital `S`/`T` marks a special bit without the execute bit under it.
 */
export function formatMode(mode: number, type: LayerEntryType): string {
  let out = TYPE_CHAR[type];
  for (const { shift, special, set } of CLASSES) {
    const bits = (mode >> shift) & 7;
    out += bits & 4 ? 'r' : '-';
    out += bits & 2 ? 'w' : '-';
    const x = (bits & 1) !== 0;
    out += mode & special ? (x ? set : set.toUpperCase()) : x ? 'x' : '-';
  }
  return out;
}
