/**
 * Sizes for people, in binary units with one decimal (`512 B`, `1.5 KiB`, `23.0 MiB`), the
 * way the Image and Layer files screens print layer, file and image sizes.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `0 B`, `999 B`, `1.0 KiB`, `4.2 GiB`. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.trunc(bytes) || 0)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `12.0 KiB of 34.5 KiB (35%)`. */
export function formatProgress(done: number, total: number): string {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  return `${formatSize(done)} of ${formatSize(total)} (${percent}%)`;
}
