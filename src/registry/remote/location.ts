/**
 * Server-supplied upload `Location`s. They may be relative, may live on another
 * origin (a signed storage URL), and may carry state in their query that must come
 * back unchanged, so they are resolved once and only ever gain parameters.
 */
import type { HttpResponse } from '../http/types.js';

/** Appends one query parameter to a server-supplied URL without re-encoding what is there. */
export function withQueryParam(location: URL, name: string, value: string): URL {
  const href = location.href;
  const hashAt = href.indexOf('#');
  const base = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const sep = location.search ? '&' : '?';
  return new URL(`${base}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
}

export function locationOf(res: HttpResponse, current: URL): URL {
  const loc = res.headers.location;
  if (!loc) throw new Error(`registry answered ${res.status} to an upload without a Location header`);
  const url = new URL(loc, current);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`refusing upload location ${url.protocol}`);
  if (current.protocol === 'https:' && url.protocol === 'http:')
    throw new Error('refusing upload location that downgrades https to http');
  return url;
}
