/**
 * `_catalog`, distribution's repository listing. It is not part of the OCI spec and
 * many registries refuse it (Docker Hub, ghcr), so callers treat a RegistryError here
 * as "no catalog" and let the user type a repository instead.
 */
import { CATALOG_SCOPE } from '../auth/index.js';
import { isValidRepositoryPath } from '../ref/index.js';
import { paginate, stringsOf } from './paginate.js';
import type { RegistrySession } from './session.js';
import type { ListOptions } from './tags.js';

export async function* listRepositoryPages(
  session: RegistrySession,
  opts: ListOptions,
): AsyncGenerator<string[]> {
  const first = session.url('/v2/_catalog');
  first.searchParams.set('n', String(Math.min(Math.max(opts.pageSize ?? 1000, 1), 1000)));
  for await (const doc of paginate(session, {
    first,
    what: 'catalog',
    scopes: [CATALOG_SCOPE],
    signal: opts.signal,
    maxPages: opts.maxPages,
  })) {
    const page: string[] = [];
    for (const name of stringsOf(doc, 'repositories', 'catalog')) {
      if (isValidRepositoryPath(name)) page.push(name);
      else opts.onWarning?.(`skipping invalid repository name ${JSON.stringify(name.slice(0, 140))}`);
    }
    yield page;
  }
}

export async function listRepositories(session: RegistrySession, opts: ListOptions = {}): Promise<string[]> {
  const all: string[] = [];
  for await (const page of listRepositoryPages(session, opts)) all.push(...page);
  return all;
}
