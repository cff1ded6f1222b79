/**
 * Progress when stderr is not a terminal (CI logs, pipes, files): no animation (clig.dev:
 * "If stdout is not an interactive terminal, don't display any animations"), just one line
 * per blob as it finishes. skopeo prints `Copying blob sha256:<hex>` when a blob starts and
 * nothing after; berth prints once, when the outcome is known, and adds the size, so a log
 * shows what actually moved.
 */
import type { CopyEvent } from '../../../registry/copy/index.js';
import { formatSize } from '../../../registry/copy/units.js';
import { longLabel, type ProgressView } from './progress-view.js';

function describe(event: CopyEvent): string | undefined {
  switch (event.type) {
    case 'done':
      return `${longLabel(event.blob)} done ${formatSize(event.blob.size)}`;
    case 'skipped':
      return `${longLabel(event.blob)} skipped: ${event.reason}`;
    case 'mounted':
      return `${longLabel(event.blob)} mounted from ${event.from}`;
    case 'retrying':
      return `${longLabel(event.blob)} retrying (attempt ${event.attempt}): ${event.error}`;
    case 'failed':
      return `${longLabel(event.blob)} failed: ${event.error}`;
    default:
      return undefined;
  }
}

/** Writes one line per finished (or retried, or failed) blob to `stream`. */
export class LogView implements ProgressView {
  readonly #stream: NodeJS.WritableStream;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  line(text: string): void {
    this.#stream.write(`${text}\n`);
  }

  event(event: CopyEvent): void {
    const text = describe(event);
    if (text !== undefined) this.line(text);
  }

  close(): void {}
}
