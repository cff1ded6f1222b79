/**
 * How the Jobs screen writes progress: sizes and speeds in skopeo's binary units (`4.3MiB`,
 * `2.1 MiB/s`), short ETAs, and bars drawn with block characters, so a bar reads without
 * colour. Each blob is one line, worded as skopeo words it (`skipped: already exists`).
 */
import type { BlobRow, CopyProgress } from '../store/copy-progress.js';

// One formatter for the CLI's progress rows and the Jobs screen, so both read alike.
export { formatEta, formatSize, formatSpeed } from '../registry/copy/units.js';

import { formatEta, formatSize, formatSpeed } from '../registry/copy/units.js';

/** A bar of `width` cells, `done/total` of them filled. */
export function bar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Percent done, rounded down (100 only when done). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

/** One blob's line: kind, short digest, then a bar or how it ended. */
export function blobLine(b: BlobRow, barWidth: number): string {
  const head = `${b.kind === 'config' ? 'config' : 'blob  '} ${b.digest.slice(7, 19)}`;
  switch (b.status) {
    case 'queued':
      return `${head}  queued ${formatSize(b.size)}`;
    case 'copying':
      return `${head}  ${bar(b.bytes, b.size, barWidth)} ${formatSize(b.bytes)} / ${formatSize(b.size)}  ${formatSpeed(b.bytesPerSecond)}`;
    case 'retrying':
      return `${head}  retrying (attempt ${b.attempt ?? 2}): ${b.error ?? ''}`;
    case 'done':
      return `${head}  done ${formatSize(b.size)}`;
    case 'skipped':
      return `${head}  skipped: already exists`;
    case 'mounted':
      return `${head}  mounted from ${b.from ?? 'another repository'}`;
    case 'failed':
      return `${head}  failed: ${b.error ?? ''}`;
  }
}

/** The copy's overall line: a bar, bytes, blobs, speed and ETA. */
export function overallLine(p: CopyProgress, barWidth: number): string {
  // A finished copy (or one whose blobs were all there) has no speed or time left to show.
  const speed = p.bytesPerSecond > 0 ? `  ${formatSpeed(p.bytesPerSecond)}` : '';
  const left = p.etaSeconds !== undefined && p.bytes < p.total ? `  ETA ${formatEta(p.etaSeconds)}` : '';
  return `overall ${bar(p.bytes, p.total, barWidth)} ${formatSize(p.bytes)} / ${formatSize(p.total)}  ${p.blobsDone}/${p.blobsTotal} blobs${speed}${left}`;
}

const RANK: Readonly<Record<BlobRow['status'], number>> = {
  failed: 0,
  retrying: 1,
  copying: 1,
  queued: 2,
  done: 3,
  skipped: 3,
  mounted: 3,
};

/** Blobs in display order: failed, moving, waiting, finished (engine order within each). */
export function orderBlobs(blobs: readonly BlobRow[]): BlobRow[] {
  return blobs
    .map((b, i) => ({ b, i }))
    .sort((x, y) => RANK[x.b.status] - RANK[y.b.status] || x.i - y.i)
    .map((x) => x.b);
}
