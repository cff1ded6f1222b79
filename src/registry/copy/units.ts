/**
 * Sizes, speeds and times as skopeo's progress bars print them (mpb's binary units with one
 * decimal: `237.0b`, `4.3MiB`, and `2.1 MiB/s` with a space before the unit), so berth's
 * rows read like the ones users know.
 */

const UNITS = ['b', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

function scaled(bytes: number): { value: string; unit: string } {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return { value: value.toFixed(1), unit: UNITS[i] as string };
}

/** `25.9MiB` (mpb `SizeB1024` with `%.1f`). */
export function formatSize(bytes: number): string {
  const { value, unit } = scaled(bytes);
  return `${value}${unit}`;
}

/** `2.1 MiB/s` (mpb's EWMA speed decorator with `% .1f`). */
export function formatSpeed(bytesPerSecond: number): string {
  const { value, unit } = scaled(bytesPerSecond);
  return `${value} ${unit}/s`;
}

/** `45s`, `3m07s`, `2h05m`: short enough for a status line. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
}
