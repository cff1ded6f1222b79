/**
 * One copy as a background job: open both ends through the deps (docker:// through the
 * store's shared clients, so logins and TLS choices apply), run the copy engine, and feed
 * its events into the job's progress through a throttle. Copies wait for a lane: a few run
 * at once (a bulk copy of 50 tags must not open 300 connections), and copies into the same
 * local path run one after another (two writers of one layout's index.json would lose an
 * entry). Cancelling aborts the engine, which leaves the destination as it was.
 */
import type { ManifestFormatOption, PlatformSelection } from '../registry/copy/index.js';
import type { Digest } from '../registry/digest/index.js';
import type { HostPlatformOptions } from '../registry/manifest/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import { CopyTracker } from './copy-progress.js';
import type { JobControl, JobResult, JobSpec } from './jobs-slice.js';
import { createThrottle } from './throttle.js';
import type { SliceContext } from './types.js';

/** Copies running at once; more wait their turn. */
export const COPY_LANES = 3;
/** Least time between two progress updates of one copy (a render each). */
export const COPY_PROGRESS_INTERVAL_MS = 100;

/** What one copy job copies. */
export interface CopyRequest {
  source: ImageName;
  destination: ImageName;
  /** Default `'system'` (this machine's image of an index). */
  platforms?: PlatformSelection;
  /** What `'system'` picks instead of this machine's platform (skopeo's `--override-*`). */
  platform?: HostPlatformOptions;
  /** Default: keep the source's manifest format. */
  format?: ManifestFormatOption;
}

/** Waits for a free lane; resolves with the function that frees it. */
export interface Lanes {
  acquire(key: string | undefined, signal: AbortSignal): Promise<() => void>;
}

/** Lanes for `slots` jobs at once, one at a time per key. */
export function createLanes(slots: number): Lanes {
  let running = 0;
  const keys = new Set<string>();
  const waiting: Array<{ key: string | undefined; start: () => void }> = [];
  const pump = (): void => {
    for (let i = 0; i < waiting.length && running < slots; ) {
      const w = waiting[i] as (typeof waiting)[number];
      if (w.key !== undefined && keys.has(w.key)) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      w.start();
    }
  };
  return {
    acquire(key, signal) {
      return new Promise((resolve, reject) => {
        const entry = {
          key,
          start: () => {
            signal.removeEventListener('abort', onAbort);
            running++;
            if (key !== undefined) keys.add(key);
            let freed = false;
            resolve(() => {
              if (freed) return;
              freed = true;
              running--;
              if (key !== undefined) keys.delete(key);
              pump();
            });
          },
        };
        const onAbort = (): void => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal.reason);
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.push(entry);
        pump();
      });
    },
  };
}

/** The short form of a name in a job label: docker names without the transport. */
function shortName(name: ImageName): string {
  return name.transport === 'docker'
    ? formatImageName(name).slice('docker://'.length)
    : formatImageName(name);
}

/** `copy 127.0.0.1:5000/team/app:1 → oci:./out:1` */
export function copyLabel(req: CopyRequest): string {
  return `copy ${shortName(req.source)} → ${formatImageName(req.destination)}`;
}

/** The lane key: local destinations are written one copy at a time per path. */
function laneKey(name: ImageName): string | undefined {
  return name.transport === 'docker' ? undefined : name.path;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The job that runs `req`. */
export function copyJobSpec(ctx: SliceContext, lanes: Lanes, req: CopyRequest): JobSpec {
  const { deps, clients } = ctx;
  return {
    kind: 'copy',
    label: copyLabel(req),
    async run(control: JobControl): Promise<JobResult> {
      const { signal } = control;
      control.report({ detail: 'waiting for another copy to finish' });
      const release = await lanes.acquire(laneKey(req.destination), signal);
      try {
        control.report({ detail: 'reading the source' });
        // The source may be read through registries.conf mirrors; the destination is the registry named.
        const source = await deps.openSource(req.source, { ...clients.forImage(req.source), signal });
        try {
          const { registryClient } = clients.forImage(req.destination);
          const destination = await deps.openDestination(req.destination, { registryClient, signal });
          const tracker = new CopyTracker(deps.clock);
          const publish = (): void => {
            const p = tracker.snapshot();
            const writing = p.blobsTotal > 0 && p.blobsDone === p.blobsTotal;
            control.report({
              copy: p,
              bytesDone: p.bytes,
              bytesTotal: p.total,
              itemsDone: p.blobsDone,
              itemsTotal: p.blobsTotal,
              detail: writing ? 'writing the manifest' : 'copying blobs',
            });
          };
          const throttle = createThrottle(publish, COPY_PROGRESS_INTERVAL_MS, deps.clock);
          try {
            const result = await deps.copyImage({
              source,
              destination,
              ...(req.platforms ? { platforms: req.platforms } : {}),
              ...(req.platform ? { platform: req.platform } : {}),
              ...(req.format ? { format: req.format } : {}),
              signal,
              onEvent: (event) => {
                tracker.onEvent(event);
                throttle.schedule();
              },
            });
            throttle.flush();
            const { copied, skipped, mounted } = result.blobs;
            const counts = [
              `${plural(copied, 'blob')} copied`,
              ...(skipped ? [`${skipped} skipped`] : []),
              ...(mounted ? [`${mounted} mounted`] : []),
            ].join(', ');
            return { line: `${result.digest} (${counts})`, digest: result.digest as Digest };
          } finally {
            throttle.cancel();
          }
        } finally {
          await source.close().catch(() => {});
        }
      } finally {
        release();
      }
    },
  };
}
