/**
 * skopeo's fixed lines around a copy (containers/image `copy.go`, as skopeo 1.9.3 prints
 * them), fed from the engine's events and passed on to the progress view with the blob
 * events. berth copies the blobs of every image of a list in one pool and writes the
 * manifests at the end, so where skopeo repeats the per-image lines for each image of a
 * list, berth prints the list's lines once and one "Writing manifest" per image.
 */
import type { CopyEvent } from '../../registry/copy/index.js';
import type { ProgressView } from '../output/progress/index.js';

export interface CopyLinesOptions {
  view: ProgressView;
  /** Which copy this is when several run at once (sync `-j`). */
  owner?: number;
  /** The destination gets an index (a multi-arch source copied with `--all`, `index-only` or a platform list). */
  list: boolean;
  /** `--remove-signatures`: skopeo then does not say it reads signatures. */
  removeSignatures: boolean;
}

export class CopyLines {
  readonly #o: CopyLinesOptions;

  constructor(opts: CopyLinesOptions) {
    this.#o = opts;
  }

  /** Before the engine starts. */
  start(): void {
    if (this.#o.removeSignatures) return;
    this.#o.view.line(this.#o.list ? 'Getting image list signatures' : 'Getting image source signatures');
  }

  /** The engine's `onEvent`. */
  readonly onEvent = (event: CopyEvent): void => {
    const { view, list } = this.#o;
    if (event.type === 'plan' && list) view.line(`Copying ${event.images} of ${event.listed} images in list`);
    view.event(event, this.#o.owner);
    if (event.type === 'manifest-written') {
      const isList = event.role === 'top' && list;
      view.line(
        isList ? 'Writing manifest list to image destination' : 'Writing manifest to image destination',
      );
    }
  };

  /** After the destination committed. */
  finish(): void {
    this.#o.view.line(this.#o.list ? 'Storing list signatures' : 'Storing signatures');
  }
}
