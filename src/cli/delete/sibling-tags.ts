/**
 * Which other tags point at a manifest: deleting a manifest deletes every tag that names it
 * (skopeo-delete(1) warns about this in prose only), so `berth delete` lists them first. Each
 * tag is resolved with a HEAD, which Docker Hub does not count as a pull, a bounded number at
 * a time. A repository with very many tags is not walked: that would cost a request per tag
 * for a warning.
 */
import type { Digest } from '../../registry/digest/index.js';
import { isNotFound } from '../../registry/http/index.js';
import type { RegistryClient } from '../../registry/remote/index.js';

/** Tags beyond which the siblings are not looked up. */
export const SIBLING_TAG_LIMIT = 1000;
/** HEAD requests in flight at once. */
export const SIBLING_CONCURRENCY = 8;

/** Options for {@link findSiblingTags}. */
export interface FindSiblingTagsOptions {
  client: Pick<RegistryClient, 'listTagPages' | 'headManifest'>;
  repository: string;
  digest: Digest;
  /** The tag the user named; it is not its own sibling. */
  exclude?: string;
  /** Default {@link SIBLING_TAG_LIMIT}. */
  limit?: number;
  /** Default {@link SIBLING_CONCURRENCY}. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** The tags that point at the digest, sorted; or how many tags made the walk too costly. */
export type SiblingTags = { kind: 'found'; tags: string[] } | { kind: 'too-many'; limit: number };

async function listUpTo(opts: FindSiblingTagsOptions, limit: number): Promise<string[] | undefined> {
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
 * Finds the tags of `repository` (other than `exclude`) whose manifest is `digest`. A tag that
 * disappears meanwhile is skipped; any other failure rejects.
 */
export async function findSiblingTags(opts: FindSiblingTagsOptions): Promise<SiblingTags> {
  const limit = opts.limit ?? SIBLING_TAG_LIMIT;
  const listed = await listUpTo(opts, limit);
  if (listed === undefined) return { kind: 'too-many', limit };
  const queue = [...new Set(listed)].filter((t) => t !== opts.exclude);
  const found: string[] = [];
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    try {
      while (!failed && next < queue.length) {
        const tag = queue[next++] as string;
        const head = await opts.client.headManifest({
          repository: opts.repository,
          reference: tag,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        if (head?.digest === opts.digest) found.push(tag);
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
  return { kind: 'found', tags: found.sort() };
}
