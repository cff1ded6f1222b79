/**
 * The text of one live row: a blob in flight in skopeo's layout
 * (`Copying blob 1b8871edb4de [====>-----] 4.3MiB / 25.9MiB | 2.1 MiB/s`) and the total line
 * under the rows. Rows must fit the terminal: a row that wraps takes two lines and the
 * cursor-up redraw would then eat a line of earlier output. So parts are dropped, from the
 * least useful, until the row fits, and what still does not fit is cut.
 */
import type { BlobRef } from '../../../registry/copy/index.js';
import { formatEta, formatSize, formatSpeed } from '../../../registry/copy/units.js';
import { shortLabel } from './progress-view.js';

/** A blob being copied, as the terminal view tracks it. */
export interface LiveRow {
  blob: BlobRef;
  /** Bytes of the current attempt. */
  bytes: number;
  total: number;
  /** Smoothed bytes per second, once there are two samples. */
  speed?: number;
  /** Set while the engine waits to try the blob again. */
  retry?: { attempt: number; error: string };
}

/** The sum over every copy in flight. */
export interface TotalRow {
  bytes: number;
  total: number;
  blobs: number;
  blobsTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | undefined;
}

/** skopeo's bar: 40 columns with the brackets. */
const BAR_WIDTH = 38;
/** Narrower than this, a bar says nothing; the counters alone are shown. */
const MIN_BAR = 6;

/** Cuts `text` to `width` characters (never splitting a surrogate pair). */
export function clip(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width)).join('');
}

/** `[=====>-----]` with `inner` columns between the brackets (mpb's default style). */
export function bar(bytes: number, total: number, inner: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, bytes / total)) : 1;
  const filled = Math.floor(ratio * inner);
  if (filled >= inner) return `[${'='.repeat(inner)}]`;
  const head = filled > 0 ? `${'='.repeat(filled - 1)}>` : '';
  return `[${head}${'-'.repeat(inner - filled)}]`;
}

/** One blob in flight, at most `width` columns. */
export function blobRow(row: LiveRow, width: number): string {
  const prefix = shortLabel(row.blob);
  if (row.retry) return clip(`${prefix} retrying (attempt ${row.retry.attempt}): ${row.retry.error}`, width);
  const counters = `${formatSize(row.bytes)} / ${formatSize(row.total)}`;
  const tails =
    row.speed === undefined ? [` ${counters}`] : [` ${counters} | ${formatSpeed(row.speed)}`, ` ${counters}`];
  for (const tail of tails) {
    const inner = Math.min(BAR_WIDTH, width - prefix.length - 3 - tail.length);
    if (inner >= MIN_BAR) return `${prefix} ${bar(row.bytes, row.total, inner)}${tail}`;
  }
  return clip(`${prefix}${tails[tails.length - 1]}`, width);
}

/** `Total 12.3MiB / 45.6MiB | 3/10 blobs | 2.1 MiB/s | ETA 15s`, losing ETA, then speed, to fit. */
export function totalRow(t: TotalRow, width: number): string {
  const parts = [`Total ${formatSize(t.bytes)} / ${formatSize(t.total)}`, `${t.blobs}/${t.blobsTotal} blobs`];
  if (t.bytesPerSecond > 0) parts.push(formatSpeed(t.bytesPerSecond));
  if (t.etaSeconds !== undefined && t.bytes < t.total) parts.push(`ETA ${formatEta(t.etaSeconds)}`);
  while (parts.length > 1) {
    const text = parts.join(' | ');
    if (text.length <= width) return text;
    parts.pop();
  }
  return clip(parts[0] as string, width);
}
