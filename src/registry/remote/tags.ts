/**
 * Tag listing. Tags come from the server, so each is checked against the tag grammar
 * before anyone can use it in a URL or a file name; invalid ones are reported and
 * skipped. Digest-shaped pseudo-tags (Artifactory) are skipped as c/image does.
 */
import { repositoryScope } from '../auth/index.js';
import { isValidTag } from '../ref/index.js';
import { paginate, stringsOf } from './paginate.js';
import type { RegistrySession } from './session.js';

export interface ListOptions {
  /** Page size to ask for (`n`); registries may ignore it. ECR refuses n > 1000. */
  pageSize?: number;
  signal?: AbortSignal;
  maxPages?: number;
  onWarning?: (message: string) => void;
}

/** Yields the tags of a repository page by page, in the registry's order. */
export async function* listTagPages(
  session: RegistrySession,
  opts: ListOptions & { repository: string },
): AsyncGenerator<string[]> {
  const first = session.url(`/v2/${opts.repository}/tags/list`);
  if (opts.pageSize !== undefined)
    first.searchParams.set('n', String(Math.min(Math.max(opts.pageSize, 1), 1000)));
  const what = `tag list of ${opts.repository}`;
  for await (const doc of paginate(session, {
    first,
    what,
    scopes: [repositoryScope(opts.repository, ['pull'])],
    signal: opts.signal,
    maxPages: opts.maxPages,
  })) {
    const page: string[] = [];
    for (const tag of stringsOf(doc, 'tags', what)) {
      if (isValidTag(tag)) page.push(tag);
      else
        opts.onWarning?.(`skipping invalid tag ${JSON.stringify(tag.slice(0, 140))} in ${opts.repository}`);
    }
    yield page;
  }
}

/** Every tag of a repository. */
export async function listTags(
  session: RegistrySession,
  opts: ListOptions & { repository: string },
): Promise<string[]> {
  const all: string[] = [];
  for await (const page of listTagPages(session, opts)) all.push(...page);
  return all;
}
