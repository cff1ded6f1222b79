/**
 * The jobs slice: copies and deletes that run in the background while the user keeps
 * browsing, each with its own AbortController and progress. The slice runs any job given as
 * a function; the copy and delete actions (`copy-actions.ts`, `delete-actions.ts`, spread in
 * here) build those functions on `deps.copyImage` and the registry client, and the Jobs
 * screen renders `progress`. Progress arrives throttled: every report is a store update and
 * so a render.
 */
import type { Digest } from '../registry/digest/index.js';
import { type CopyActions, createCopyActions } from './copy-actions.js';
import type { CopyProgress } from './copy-progress.js';
import { createDeleteActions, type DeleteActions } from './delete-actions.js';
import { asError } from './requests.js';
import type { SliceContext } from './types.js';

/** How far a job has come. */
export interface JobProgress {
  bytesDone: number;
  bytesTotal?: number;
  /** Blobs, tags, … done and in all. */
  itemsDone: number;
  itemsTotal?: number;
  /** One line about what it does now. */
  detail?: string;
  /** A copy's blobs and overall figures. */
  copy?: CopyProgress;
}

/** A background job. */
export interface Job {
  id: string;
  kind: 'copy' | 'delete';
  /** What it does, e.g. `copy docker://a/b:1 → oci:./x`. */
  label: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: number;
  endedAt?: number;
  progress: JobProgress;
  error?: Error;
  /** A result line, e.g. the destination digest. */
  result?: string;
  /** The digest written (a copy's destination manifest) or deleted. */
  digest?: Digest;
}

/** What a job resolves with: its result line, and the digest it wrote or deleted. */
export interface JobResult {
  line: string;
  digest?: Digest;
}

/** What a job function gets. */
export interface JobControl {
  signal: AbortSignal;
  report(progress: Partial<JobProgress>): void;
}

/** What {@link JobsSlice.startJob} runs. */
export interface JobSpec {
  kind: Job['kind'];
  label: string;
  /** Does the work; resolves with the result line (or a {@link JobResult}). */
  run(control: JobControl): Promise<string | JobResult | undefined>;
}

/** The jobs slice. */
export interface JobsSlice extends CopyActions, DeleteActions {
  /** Oldest first. */
  jobs: readonly Job[];
  /**
   * Starts a job and returns its id.
   * @throws in read-only mode: copy and delete are not offered there, so this is a bug.
   */
  startJob(spec: JobSpec): string;
  cancelJob(id: string): void;
  cancelAllJobs(): void;
  /** Removes a finished job from the list. */
  dismissJob(id: string): void;
}

/** Jobs still running. */
export function countRunningJobs(jobs: readonly Job[]): number {
  let n = 0;
  for (const j of jobs) if (j.status === 'running') n++;
  return n;
}

/** Creates the jobs slice. */
export function createJobsSlice(ctx: SliceContext): JobsSlice {
  const { set, get, deps, options } = ctx;
  const controllers = new Map<string, AbortController>();
  let seq = 0;

  const update = (id: string, patch: (j: Job) => Partial<Job>): void => {
    set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, ...patch(j) } : j)) }));
  };

  return {
    ...createCopyActions(ctx),
    ...createDeleteActions(ctx),
    jobs: [],

    startJob(spec) {
      if (options.readOnly) throw new Error(`${spec.kind} is not available in read-only mode`);
      const id = `job-${++seq}`;
      const controller = new AbortController();
      controllers.set(id, controller);
      const job: Job = {
        id,
        kind: spec.kind,
        label: spec.label,
        status: 'running',
        startedAt: deps.clock(),
        progress: { bytesDone: 0, itemsDone: 0 },
      };
      set((s) => ({ jobs: [...s.jobs, job] }));
      const report = (p: Partial<JobProgress>): void => {
        if (!controller.signal.aborted) update(id, (j) => ({ progress: { ...j.progress, ...p } }));
      };
      spec
        .run({ signal: controller.signal, report })
        .then(
          (result) => {
            const r = typeof result === 'string' ? { line: result } : result;
            update(id, () => ({
              status: 'done',
              endedAt: deps.clock(),
              ...(r ? { result: r.line } : {}),
              ...(r?.digest ? { digest: r.digest } : {}),
            }));
          },
          (err: unknown) =>
            update(id, () =>
              controller.signal.aborted
                ? { status: 'cancelled', endedAt: deps.clock() }
                : { status: 'failed', endedAt: deps.clock(), error: asError(err) },
            ),
        )
        .finally(() => controllers.delete(id));
      return id;
    },
    cancelJob(id) {
      controllers.get(id)?.abort(new Error('cancelled'));
    },
    cancelAllJobs() {
      for (const c of controllers.values()) c.abort(new Error('cancelled'));
    },
    dismissJob(id) {
      if (get().jobs.find((j) => j.id === id)?.status === 'running') return;
      set((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) }));
    },
  };
}
