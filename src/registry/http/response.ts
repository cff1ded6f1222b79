/**
 * Turns undici's response into berth's `HttpResponse`: lower-case headers with repeated
 * values joined, every value still reachable through `headerValues`, and a `dump` that
 * never throws.
 */
import type { Dispatcher } from 'undici';
import type { HttpMethod, HttpResponse } from './types.js';

/**
 * Headers whose values must not be joined with ", ": a challenge or a link can itself
 * contain commas, so joining them would make one value look like two. `headers[name]`
 * holds the first value; `headerValues(name)` has them all.
 */
const UNJOINABLE: ReadonlySet<string> = new Set(['www-authenticate', 'link', 'set-cookie']);

type RawHeaders = Record<string, string | string[] | undefined>;

function valuesOf(raw: RawHeaders, name: string): string[] {
  const key = name.toLowerCase();
  if (!Object.hasOwn(raw, key)) return [];
  const value = raw[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function flatten(raw: RawHeaders): Record<string, string | undefined> {
  // A null prototype so a header named `__proto__` or `constructor` is just a header.
  const headers: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (!Array.isArray(value)) headers[key] = value;
    else headers[key] = UNJOINABLE.has(key) ? value[0] : value.join(', ');
  }
  return headers;
}

/** Discards what is left of a body; failures mean the connection is already gone, which is fine. */
export async function dumpBody(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump();
  } catch {
    // Nothing to do: dump only exists to free the connection.
  }
}

/** Wraps an undici response; `url` and `method` are those of the request that produced it. */
export function toHttpResponse(data: Dispatcher.ResponseData, url: URL, method: HttpMethod): HttpResponse {
  const raw = data.headers as RawHeaders;
  return {
    status: data.statusCode,
    headers: Object.freeze(flatten(raw)),
    headerValues: (name: string) => valuesOf(raw, name),
    url,
    method,
    body: data.body,
    dump: () => dumpBody(data.body),
  };
}
