/**
 * Docker Hub's v1 search endpoint, the only search Hub offers to registry clients
 * (`_catalog` is disabled there). Results are server text headed for a terminal, so
 * they are length-capped here and escaped by whoever renders them.
 */
import { readBounded, TAG_PAGE_LIMIT } from '../digest/index.js';
import { checkResponse } from '../http/index.js';
import type { Http } from '../http/types.js';

export const HUB_SEARCH_ENDPOINT = 'https://index.docker.io/v1/search';

export interface HubSearchResult {
  name: string;
  description: string;
  stars: number;
  official: boolean;
  automated: boolean;
}

function text(v: unknown, max: number): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

export async function searchHub(
  http: Http,
  opts: { term: string; limit?: number; endpoint?: string; signal?: AbortSignal },
): Promise<HubSearchResult[]> {
  const url = new URL(opts.endpoint ?? HUB_SEARCH_ENDPOINT);
  // Hub names official images without `library/`; a user typing it should still find them.
  url.searchParams.set('q', opts.term.replace(/^library\//, ''));
  url.searchParams.set('n', String(Math.min(Math.max(opts.limit ?? 25, 1), 100)));
  const res = await http.request({ method: 'GET', url, signal: opts.signal });
  await checkResponse(res, 200);
  const body = await readBounded(res.body, {
    limit: TAG_PAGE_LIMIT,
    what: 'search results',
    signal: opts.signal,
  });
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('Docker Hub search answered with invalid JSON');
  }
  const results = (doc as { results?: unknown })?.results;
  if (!Array.isArray(results)) return [];
  return results.flatMap((r: Record<string, unknown>): HubSearchResult[] => {
    const name = text(r?.name, 256);
    if (!name) return [];
    return [
      {
        name,
        description: text(r.description, 500),
        stars: typeof r.star_count === 'number' ? r.star_count : 0,
        official: r.is_official === true,
        automated: r.is_automated === true,
      },
    ];
  });
}
