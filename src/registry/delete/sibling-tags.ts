/**
 * Which tags point at a manifest: deleting a manifest deletes every tag that names it
 * (skopeo-delete(1) warns about this in prose only), so `berth delete` and the TUI's delete
 * dialog list them first. Each tag is resolved with a HEAD, which Docker Hub does not count
 * as a pull, a bounded number at a time. A repository with very many tags is not walked:
 * that would cost a request per tag for a warning.
 */
import type { Digest } from '../digest/index.js';
import { isNotFound } from '../http/index.js';
import type { RegistryClient } from '../remote/index.js';

/** Tags beyond which the siblings are not looked up. */
export const SIBLING_TAG_LIMIT = 1000;
/** HEAD requests in flight at once. */
export const SIBLING_CONCURRENCY = 8;

/** What the lookups need of a registry client. */
export type TagLookupClient = Pick<RegistryClient, 'listTagPages' | 'headManifest'>;

/** Options for {@link findTagsByDigest}. */
export interface FindTagsByDigestOptions {
  client: TagLookupClient;
  repository: string;
  /** The manifests whose tags are wanted. */
  digests: readonly Digest[];
  /** Tags not to look up (the ones the user named). */
  exclude?: readonly string[];
  /** Default {@link SIBLING_TAG_LIMIT}. */
  limit?: number;
  /** Default {@link SIBLING_CONCURRENCY}. */
  concurrency?: number;
  /** Told after the listing and after each HEAD: tags resolved so far, and in all. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The tags that point at each digest (sorted; a digest no tag names is absent), or why none were looked up. */
export type TagsByDigest =
  | { kind: 'found'; tags: ReadonlyMap<Digest, readonly string[]> }
  | { kind: 'too-many'; limit: number };

/** Options for {@link findSiblingTags}. */
export interface FindSiblingTagsOptions {
  client: TagLookupClient;
  repository: string;
  digest: Digest;
  /** The tag the user named; it is not its own sibling. */
  exclude?: string;
  limit?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

/** The tags that point at the digest, sorted; or how many tags made the walk too costly. */
export type SiblingTags = { kind: 'found'; tags: string[] } | { kind: 'too-many'; limit: number };

async function listUpTo(
  opts: Pick<FindTagsByDigestOptions, 'client' | 'repository' | 'signal'>,
  limit: number,
): Promise<string[] | undefined> {
  const tags: string[] = [];
  try {
    for await (const page of opts.client.listTagPages({
      repository: opts.repository,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })) {
      tags.push(...page);
      if (tags.length > limit) return undefined;
    }
  } catch (err) {
    // distribution answers NAME_UNKNOWN for a repository whose last tag is gone.
    if (isNotFound(err)) return [];
    throw err;
  }
  return tags;
}

/**
 * Finds the tags of `repository` (other than `exclude`) whose manifest is one of `digests`.
 * A tag that disappears meanwhile is skipped; any other failure rejects, after every HEAD
 * in flight has settled.
 */
export async function findTagsByDigest(opts: FindTagsByDigestOptions): Promise<TagsByDigest> {
  const limit = opts.limit ?? SIBLING_TAG_LIMIT;
  const listed = await listUpTo(opts, limit);
  if (listed === undefined) return { kind: 'too-many', limit };
  const skip = new Set(opts.exclude ?? []);
  const wanted = new Set(opts.digests);
  const queue = [...new Set(listed)].filter((t) => !skip.has(t));
  const found = new Map<Digest, string[]>();
  let next = 0;
  let done = 0;
  let failed = false;
  opts.onProgress?.(0, queue.length);
  const worker = async (): Promise<void> => {
    try {
      while (!failed && next < queue.length) {
        const tag = queue[next++] as string;
        const head = await opts.client.headManifest({
          repository: opts.repository,
          reference: tag,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        if (head && wanted.has(head.digest)) {
          const list = found.get(head.digest) ?? [];
          list.push(tag);
          found.set(head.digest, list);
        }
        opts.onProgress?.(++done, queue.length);
      }
    } catch (err) {
      // The others stop at their next tag; nothing keeps running after this rejects.
      failed = true;
      throw err;
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? SIBLING_CONCURRENCY, queue.length));
  const results = await Promise.allSettled(Array.from({ length: workers }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  for (const list of found.values()) list.sort();
  return { kind: 'found', tags: found };
}

/** Finds the tags of `repository` (other than `exclude`) whose manifest is `digest`. */
export async function findSiblingTags(opts: FindSiblingTagsOptions): Promise<SiblingTags> {
  const r = await findTagsByDigest({
    client: opts.client,
    repository: opts.repository,
    digests: [opts.digest],
    ...(opts.exclude !== undefined ? { exclude: [opts.exclude] } : {}),
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (r.kind === 'too-many') return r;
  return { kind: 'found', tags: [...(r.tags.get(opts.digest) ?? [])] };
}
