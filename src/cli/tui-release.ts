/**
 * What the TUI lets go of as it exits, in order: first what the Image and Layer files
 * screens hold — a layer may still be streaming, so its read is cancelled and waited for,
 * and sources are closed (archives remove their temporary files) — and only then the HTTP
 * layer, so no response is left mid-read when its connections close.
 */
import type { BerthStore } from '../store/index.js';

/** Options for {@link releaseTui}. */
export interface ReleaseTuiOptions {
  store: BerthStore;
  /** The run's dependencies (`createBerthDeps`): their HTTP layer closes last. */
  deps: { close(): Promise<void> };
}

/** Releases the store's images, then the dependencies; never throws, so the exit code stands. */
export async function releaseTui(opts: ReleaseTuiOptions): Promise<void> {
  try {
    await opts.store.getState().clearInspect();
  } catch {
    // Nothing left to show the failure on, and quitting must not fail because of it.
  }
  await opts.deps.close().catch(() => {});
}
