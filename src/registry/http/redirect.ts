/**
 * Following one redirect hop, and which headers each hop may carry.
 *
 * Credentials (`authorization`, `cookie`, `proxy-authorization`) belong to the origin
 * (scheme, host and port) of the request the caller made, and only ever go there. The
 * rule is decided per hop against that *original* origin, never against the previous
 * hop: Go's CVE-2024-45336 re-attached Authorization on a→b→b/2 because it compared
 * neighbouring hops. So a→b→b carries nothing to b, and a→b→a may carry them to a again.
 * Every other header (Range, Accept, …) is forwarded, because S3-style blob redirects
 * need them (distribution `checkHTTPRedirect`).
 */

import { redactUrl } from './redact-url.js';
import type { HttpBody, HttpMethod } from './types.js';

/** Headers that identify the caller and must not leave the original origin. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
]);

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** One request on the way through a redirect chain. Header names are lower case. */
export interface Hop {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body: HttpBody | undefined;
}

/** True for the statuses that carry a `Location` to follow. */
export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Only byte and string bodies can be sent twice; a stream is consumed by the first send. */
export function isReplayable(body: HttpBody | undefined): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

/** The headers to send to `url`: all of them on the original origin, none of the credentials elsewhere. */
export function headersFor(
  headers: Record<string, string>,
  url: URL,
  originalOrigin: string,
): Record<string, string> {
  if (url.origin === originalOrigin) return headers;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name)) out[name] = value;
  }
  return out;
}

/** Whether this redirect turns the request into a bodiless GET (RFC 9110 §15.4, as fetch does it). */
function becomesGet(status: number, method: HttpMethod): boolean {
  if (status === 303) return method !== 'HEAD';
  return (status === 301 || status === 302) && method === 'POST';
}

/**
 * The request to send after a `status` redirect to `location`. Throws, naming both URLs
 * redacted, when the target is not http(s), when it would downgrade https to http, or when
 * the method and body must be kept but the body is a stream that has already been sent.
 */
export function nextHop(hop: Hop, status: number, location: string): Hop {
  const from = `${hop.method} ${redactUrl(hop.url)}`;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new Error(`${from}: redirect to an invalid location`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${from}: refusing redirect to ${JSON.stringify(url.protocol)} URL`);
  }
  if (hop.url.protocol === 'https:' && url.protocol === 'http:') {
    throw new Error(`${from}: refusing redirect from https to plain http (${redactUrl(url)})`);
  }
  if (becomesGet(status, hop.method)) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(hop.headers)) {
      if (!name.startsWith('content-')) headers[name] = value;
    }
    return { method: 'GET', url, headers, body: undefined };
  }
  if (!isReplayable(hop.body)) {
    throw new Error(
      `${from}: cannot follow ${status} redirect to ${redactUrl(url)}: the streamed body was already sent`,
    );
  }
  return { ...hop, url };
}
