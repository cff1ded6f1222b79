/**
 * The copy engine behind `berth copy`, `berth sync` and the TUI's copy screen: it moves an
 * image from any `ImageSource` to any `ImageDestination` and knows nothing else about
 * either end.
 *
 * `copyImage` reads the source's manifest, chooses what to copy (this machine's platform,
 * all of them, the index alone, or a list of platforms with the index rewritten to match),
 * converts between Docker schema 2 and OCI when asked or when the destination needs it
 * (re-encoding the config Docker → OCI as containers/image does, so digests match skopeo's), and
 * then copies each distinct blob once through a small pool: skipped when the destination
 * has it, mounted when it can come from another repository of the same registry, otherwise
 * streamed straight from the source's verified stream into the destination, retried on
 * transient faults. Manifests are written only after every blob is confirmed, children
 * before their index, and the destination commits last; a failure or an abort cancels what
 * is in flight and leaves the destination as it was. The engine never prints: it reports
 * `CopyEvent`s, with per-blob and overall progress throttled for renderers.
 */

export { BlobLedger } from './blob-ledger.js';
export {
  type ConvertedImage,
  convertImageManifest,
  convertIndex,
  LAYER_TO_DOCKER,
  LAYER_TO_OCI,
} from './convert.js';
export { copyImage } from './copy-image.js';
export type {
  BlobDoneEvent,
  BlobFailedEvent,
  BlobKind,
  BlobMountedEvent,
  BlobProgressEvent,
  BlobQueuedEvent,
  BlobRef,
  BlobRetryingEvent,
  BlobSkippedEvent,
  CopyEvent,
  ManifestWrittenEvent,
  OverallEvent,
  PlanEvent,
} from './events.js';
export {
  type BlobTotals,
  COPY_DEFAULTS,
  type CopyOptions,
  type CopyResult,
  type ManifestFormatOption,
  type PlatformSelection,
} from './options.js';
export { type InstanceSelection, selectInstances } from './select.js';
