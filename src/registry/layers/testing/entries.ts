import type { LayerEntry, LayerEntryType } from '../layer-entry.js';

/**
 * Terse entries for tree tests: `f('a/b', 10)` is a 10-byte file, `d('a')` a directory,
 * `wh('a/b')` a whiteout, `opq('a')` an opaque marker.
 */
export function entry(path: string, type: LayerEntryType, extra: Partial<LayerEntry> = {}): LayerEntry {
  return { path, type, size: 0, mode: type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, ...extra };
}
export const f = (path: string, size = 0, extra: Partial<LayerEntry> = {}) =>
  entry(path, 'file', { size, ...extra });
export const d = (path: string, extra: Partial<LayerEntry> = {}) => entry(path, 'dir', extra);
export const wh = (path: string) => entry(path, 'file', { whiteout: 'file' });
export const opq = (path: string) => entry(path, 'file', { whiteout: 'opaque' });
