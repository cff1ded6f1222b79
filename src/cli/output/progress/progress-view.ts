/**
 * What `berth copy` and `berth sync` print while the copy engine works, behind one small
 * interface so the commands never care whether stderr is a terminal: permanent lines
 * (skopeo's fixed messages, sync's log lines) and the engine's `CopyEvent`s, which a
 * terminal view draws as live rows and a log view turns into one line per finished blob.
 */
import type { BlobRef, CopyEvent } from '../../../registry/copy/index.js';

export interface ProgressView {
  /** A permanent line, printed above any live rows. */
  line(text: string): void;
  /**
   * One engine event. `owner` tells concurrent copies apart (sync `-j`), so two copies of
   * one blob get two rows.
   */
  event(event: CopyEvent, owner?: number): void;
  /** Erases the live rows, prints what is pending, and stops redrawing; `line` still works. */
  close(): void;
}

/** skopeo's word for a blob: "config" for the image config, "blob" for everything else. */
export function blobWord(blob: BlobRef): 'config' | 'blob' {
  return blob.kind === 'config' ? 'config' : 'blob';
}

function hexOf(blob: BlobRef): string {
  const colon = blob.digest.indexOf(':');
  return blob.digest.slice(colon + 1);
}

/**
 * `Copying blob 1b8871edb4de` / `Copying config f535e67342`: skopeo cuts the prefix to
 * 25 characters so every bar starts in the same column, which leaves 12 hex digits for
 * a blob and 10 for a config.
 */
export function shortLabel(blob: BlobRef): string {
  return `Copying ${blobWord(blob)} ${hexOf(blob)}`.slice(0, 'Copying blob '.length + 12);
}

/** `Copying blob sha256:<hex>`: the full digest, as skopeo prints when not on a terminal. */
export function longLabel(blob: BlobRef): string {
  return `Copying ${blobWord(blob)} ${blob.digest}`;
}

/** A view that prints nothing (`-q`). */
export const SILENT_VIEW: ProgressView = {
  line() {},
  event() {},
  close() {},
};
