/**
 * The delete actions of the jobs slice: `d` resolves what is to be deleted and opens the
 * confirmation, which lists every tag on the same digest as they are found; the user then
 * deletes the digest (with all those tags) or only the named tags, as a background job.
 * Not offered in read-only mode.
 */
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import {
  type DeleteMode,
  type DeletePlan,
  deleteScope,
  lookUpSiblings,
  resolveTargets,
  runDelete,
} from './delete-job.js';
import type { SliceContext } from './types.js';

/** The delete actions and state. */
export interface DeleteActions {
  /** The delete being confirmed. */
  deletePlan: DeletePlan | undefined;
  /** `d`: resolves `images` (one, or the marked tags of one repository) and asks. */
  requestDelete(images: readonly ImageName[]): void;
  /**
   * Starts the delete being confirmed (`tags`: only the named tags; `digest`: the manifests,
   * with every tag on them); returns the job's id, or undefined when it is not ready.
   */
  confirmDelete(mode: DeleteMode): string | undefined;
  /** Closes the confirmation, cancelling its lookups. */
  cancelDelete(): void;
}

const PLAN_REQUEST = 'delete-plan';

/** Creates the delete actions. */
export function createDeleteActions(ctx: SliceContext): DeleteActions {
  const { set, get, options, requests, clients } = ctx;

  const patch = (plan: DeletePlan, change: Partial<DeletePlan>): DeletePlan | undefined => {
    // A newer request replaced this plan: its results are not wanted.
    if (get().deletePlan !== plan) return undefined;
    const next = { ...plan, ...change };
    set({ deletePlan: next });
    return next;
  };

  const load = async (first: DeletePlan): Promise<void> => {
    const label = `looking up ${first.repository}`;
    let plan: DeletePlan | undefined = first;
    const out = await requests.run(PLAN_REQUEST, label, async (signal) => {
      const client = clients.get(first.registry, { repository: first.repository });
      const targets = await resolveTargets({
        client,
        repository: first.repository,
        names: first.names,
        signal,
      });
      plan = plan && patch(plan, { status: 'ready', targets });
      if (!plan) return;
      let last = -1;
      const siblings = await lookUpSiblings({
        client,
        repository: first.repository,
        targets,
        signal,
        onProgress: (done, total) => {
          // One update per tag would be one render per HEAD: a few steps are enough.
          const step = Math.max(1, Math.ceil(total / 20));
          if (plan && (done === total || done - last >= step)) {
            last = done;
            plan = patch(plan, { siblings: { status: 'loading', done, total } });
          }
        },
      });
      if (plan) plan = patch(plan, { siblings });
    });
    if (!plan || out.status === 'ok') return;
    // Ctrl-C stops the lookups but keeps the question: "this tag only" needs no siblings.
    const error = out.status === 'failed' ? out.error : new Error('cancelled');
    if (plan.status === 'resolving') patch(plan, { status: 'error', error });
    else patch(plan, { siblings: { status: 'error', error } });
  };

  return {
    deletePlan: undefined,

    requestDelete(images) {
      if (options.readOnly) {
        get().showMessage('deleting is not available in read-only mode', 'error');
        return;
      }
      const scope = deleteScope(images);
      if ('error' in scope) {
        get().showMessage(scope.error, 'error');
        return;
      }
      const plan: DeletePlan = {
        ...scope,
        names: images,
        status: 'resolving',
        targets: [],
        siblings: { status: 'loading', done: 0, total: 0 },
      };
      set({ deletePlan: plan });
      get().openModal({ kind: 'delete' });
      void load(plan);
    },

    confirmDelete(mode) {
      const plan = get().deletePlan;
      if (plan?.status !== 'ready') return undefined;
      if (mode === 'tags' && !plan.targets.some((t) => t.tag)) return undefined;
      // A digest delete waits for the siblings: the user must have seen what goes with it.
      if (mode === 'digest' && plan.siblings.status === 'loading') return undefined;
      requests.cancel(PLAN_REQUEST);
      set({ deletePlan: undefined });
      if (get().modal?.kind === 'delete') get().closeModal();
      const what = plan.targets.map((t) => (t.tag ? `:${t.tag}` : `@${t.digest}`)).join(', ');
      const id = get().startJob({
        kind: 'delete',
        label: `${mode === 'tags' ? 'untag' : 'delete'} ${plan.registry}/${plan.repository}${what}`,
        run: async (control) => {
          const result = await runDelete({
            client: clients.get(plan.registry, { repository: plan.repository }),
            plan,
            mode,
            control,
          });
          // The tag list on screen no longer matches the registry.
          const image: ImageName = {
            transport: 'docker',
            ref: { registry: plan.registry, repository: plan.repository },
          };
          if (get().tags.source === formatImageName(image)) void get().loadTags(image);
          return result;
        },
      });
      return id;
    },

    cancelDelete() {
      requests.cancel(PLAN_REQUEST);
      set({ deletePlan: undefined });
      if (get().modal?.kind === 'delete') get().closeModal();
    },
  };
}
