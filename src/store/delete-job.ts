/**
 * Deleting from a registry, as `berth delete` does it: each named tag is resolved to its
 * digest with one HEAD, and exactly that digest is what gets deleted (a tag that moves
 * meanwhile does not change what goes). Before asking, every other tag on those digests is
 * looked up (a HEAD per tag, a few at a time), because deleting a manifest deletes all of
 * them; "this tag only" instead removes just the named tags (`untag`), keeping the
 * manifest and its other tags.
 */
import { findTagsByDigest, isDeleteRefused, untag } from '../registry/delete/index.js';
import type { Digest } from '../registry/digest/index.js';
import { isNotFound } from '../registry/http/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import type { JobControl, JobResult } from './jobs-slice.js';

/** What a delete removes: the named tags only, or their manifests (with every tag on them). */
export type DeleteMode = 'tags' | 'digest';

/** One thing the user chose to delete, resolved. */
export interface DeleteTarget {
  /** The tag named, if a tag was (a digest reference has none). */
  tag?: string;
  digest: Digest;
}

/** The other tags on the targets' digests. */
export type SiblingState =
  | { status: 'loading'; done: number; total: number }
  | { status: 'found'; tags: readonly string[] }
  | { status: 'too-many'; limit: number }
  | { status: 'error'; error: Error };

/** What the delete dialog shows and asks about. */
export interface DeletePlan {
  registry: string;
  repository: string;
  /** What the user asked to delete, as named (docker references of one repository). */
  names: readonly ImageName[];
  /** `resolving`: HEAD of each name; `ready`: targets known (siblings may still load). */
  status: 'resolving' | 'ready' | 'error';
  error?: Error;
  targets: readonly DeleteTarget[];
  siblings: SiblingState;
}

/** The repository all `names` are in, or why they cannot be deleted together. */
export function deleteScope(
  names: readonly ImageName[],
): { registry: string; repository: string } | { error: string } {
  const first = names[0];
  if (!first) return { error: 'nothing to delete' };
  const other = names.find((n) => n.transport !== 'docker');
  if (other) return { error: `deleting is only possible in a registry, not in ${other.transport}: images` };
  const refs = names.map((n) => (n as Extract<ImageName, { transport: 'docker' }>).ref);
  const { registry, repository } = refs[0] as (typeof refs)[number];
  if (refs.some((r) => r.registry !== registry || r.repository !== repository))
    return { error: 'the images to delete must be in one repository' };
  return { registry, repository };
}

/** Resolves each name to the digest it points at now (missing ones fail, named). */
export async function resolveTargets(opts: {
  client: Pick<RegistryClient, 'headManifest'>;
  repository: string;
  names: readonly ImageName[];
  signal: AbortSignal;
}): Promise<DeleteTarget[]> {
  const out: DeleteTarget[] = [];
  for (const name of opts.names) {
    if (name.transport !== 'docker') continue;
    const { tag, digest } = name.ref;
    const reference = digest ?? (tag as string);
    const head = await opts.client.headManifest({
      repository: opts.repository,
      reference,
      signal: opts.signal,
    });
    if (!head) throw new Error(`${formatImageName(name)} does not exist`);
    out.push({ ...(digest === undefined && tag !== undefined ? { tag } : {}), digest: head.digest });
  }
  return out;
}

/** Looks up the other tags on the targets' digests, reporting progress. */
export async function lookUpSiblings(opts: {
  client: Pick<RegistryClient, 'listTagPages' | 'headManifest'>;
  repository: string;
  targets: readonly DeleteTarget[];
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}): Promise<SiblingState> {
  const named = opts.targets.flatMap((t) => (t.tag ? [t.tag] : []));
  const r = await findTagsByDigest({
    client: opts.client,
    repository: opts.repository,
    digests: [...new Set(opts.targets.map((t) => t.digest))],
    exclude: named,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  if (r.kind === 'too-many') return { status: 'too-many', limit: r.limit };
  return { status: 'found', tags: [...new Set([...r.tags.values()].flat())].sort() };
}

/** Every tag a digest delete takes with it: the named ones and the siblings found. */
export function tagsGoing(plan: DeletePlan): string[] {
  const named = plan.targets.flatMap((t) => (t.tag ? [t.tag] : []));
  const siblings = plan.siblings.status === 'found' ? plan.siblings.tags : [];
  return [...new Set([...named, ...siblings])].sort();
}

function explain(err: unknown, what: string): Error {
  if (isDeleteRefused(err)) return new Error(`${what}: registry does not allow deletes`, { cause: err });
  return new Error(what, { cause: err });
}

/** Runs a delete of `plan` (resolved) in `mode`; resolves with the result line. */
export async function runDelete(opts: {
  client: Parameters<typeof untag>[0]['client'] & Pick<RegistryClient, 'deleteManifest'>;
  plan: DeletePlan;
  mode: DeleteMode;
  control: JobControl;
}): Promise<JobResult> {
  const { client, plan, mode, control } = opts;
  const { repository } = plan;
  const { signal } = control;
  if (mode === 'tags') {
    const tagged = plan.targets.filter((t): t is Required<DeleteTarget> => t.tag !== undefined);
    control.report({ itemsDone: 0, itemsTotal: tagged.length });
    for (const [i, t] of tagged.entries()) {
      control.report({ detail: `removing the tag ${t.tag}` });
      try {
        await untag({ client, repository, tag: t.tag, digest: t.digest, signal });
      } catch (err) {
        throw explain(err, `removing the tag ${t.tag}`);
      }
      control.report({ itemsDone: i + 1 });
    }
    return {
      line: `removed ${tagged.length === 1 ? 'the tag' : 'the tags'} ${tagged.map((t) => t.tag).join(', ')}`,
    };
  }
  const digests = [...new Set(plan.targets.map((t) => t.digest))];
  control.report({ itemsDone: 0, itemsTotal: digests.length });
  for (const [i, digest] of digests.entries()) {
    control.report({ detail: `deleting ${digest}` });
    try {
      await client.deleteManifest({ repository, digest, signal });
    } catch (err) {
      // Gone already (another client, an uncertain earlier attempt): what was asked is done.
      if (!isNotFound(err)) throw explain(err, `deleting ${digest}`);
    }
    control.report({ itemsDone: i + 1 });
  }
  const tags = tagsGoing(plan);
  const gone = tags.length > 0 ? `, with the tag${tags.length === 1 ? '' : 's'} ${tags.join(', ')}` : '';
  return {
    line: `${digests.join(', ')} deleted${gone}`,
    ...(digests.length === 1 ? { digest: digests[0] } : {}),
  };
}
