/**
 * Walks a `Link`-paginated listing (`tags/list`, `_catalog`): one bounded JSON read per
 * page, the next page only on the same origin, and a cap on the number of pages so a
 * server cannot keep a client walking forever.
 */
import { MAX_PAGES, readBounded, TAG_PAGE_LIMIT } from '../digest/index.js';
import { checkResponse } from '../http/index.js';
import { nextPageUrl } from './link.js';
import type { RegistrySession } from './session.js';

export interface PaginateOptions {
  first: URL;
  scopes: string[];
  what: string;
  signal?: AbortSignal;
  maxPages?: number;
}

/** Yields each page's parsed JSON body. */
export async function* paginate(session: RegistrySession, opts: PaginateOptions): AsyncGenerator<unknown> {
  const maxPages = opts.maxPages ?? MAX_PAGES;
  let url: URL | undefined = opts.first;
  for (let page = 0; url; page++) {
    if (page >= maxPages) throw new Error(`${opts.what}: more than ${maxPages} pages; stopping`);
    const res = await session.send({ method: 'GET', url, scopes: opts.scopes, signal: opts.signal });
    await checkResponse(res, 200);
    const body = await readBounded(res.body, { limit: TAG_PAGE_LIMIT, what: opts.what, signal: opts.signal });
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new Error(`${opts.what}: the registry answered with invalid JSON`);
    }
    yield doc;
    url = nextPageUrl(res.url, res.headerValues('link'));
  }
}

/** Reads `key` from a page as an array of strings, dropping nulls and empty strings (Nexus sends them). */
export function stringsOf(doc: unknown, key: string, what: string): string[] {
  if (typeof doc !== 'object' || doc === null) throw new Error(`${what}: expected a JSON object`);
  const value = (doc as Record<string, unknown>)[key];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what}: "${key}" is not a list`);
  return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
}
