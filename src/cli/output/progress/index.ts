/**
 * Progress output for `berth copy` and `berth sync`, always on stderr so stdout stays
 * clean for scripts (skopeo prints it on stdout). On a terminal, live rows in skopeo's
 * layout redrawn in place; elsewhere one line per finished blob; with `-q`, nothing.
 */
import { LogView } from './log-view.js';
import { type ProgressView, SILENT_VIEW } from './progress-view.js';
import { TtyView } from './tty-view.js';

export { formatEta, formatSize, formatSpeed } from '../../../registry/copy/units.js';
export { LogView } from './log-view.js';
export { blobWord, longLabel, type ProgressView, SILENT_VIEW, shortLabel } from './progress-view.js';
export { bar, blobRow, clip, type LiveRow, type TotalRow, totalRow } from './rows.js';
export { TtyView, type TtyViewOptions, type ViewClock } from './tty-view.js';

export interface CreateProgressViewOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  quiet?: boolean;
}

/** The view that suits `stream`: silent when quiet, live rows on a terminal, lines otherwise. */
export function createProgressView(opts: CreateProgressViewOptions): ProgressView {
  if (opts.quiet) return SILENT_VIEW;
  return opts.stream.isTTY ? new TtyView({ stream: opts.stream }) : new LogView(opts.stream);
}
