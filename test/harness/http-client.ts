import { Agent, type Dispatcher, fetch, type RequestInit, type Response } from 'undici';

/** The parts of a registry (or proxy) a request needs: where it is and which CA signed it. */
export interface Endpoint {
  url: string;
  caPem?: string;
}

const agents = new Map<string, Agent>();

/** An undici dispatcher trusting `caPem`, shared per CA; undefined means the global dispatcher. */
export function dispatcherFor(caPem: string | undefined): Dispatcher | undefined {
  if (caPem === undefined) return undefined;
  let agent = agents.get(caPem);
  if (!agent) {
    agent = new Agent({ connect: { ca: caPem } });
    agents.set(caPem, agent);
  }
  return agent;
}

/**
 * `fetch` against a harness endpoint: `path` is joined to `endpoint.url` unless it is absolute, and
 * https endpoints trust the harness CA. Uses undici's own `fetch` so a custom CA can be set without
 * touching global state. Redirects are not followed unless `init.redirect` says so.
 */
export function harnessFetch(endpoint: Endpoint, path: string, init: RequestInit = {}): Promise<Response> {
  const url = /^https?:\/\//.test(path) ? path : `${endpoint.url}${path}`;
  const dispatcher = dispatcherFor(endpoint.caPem);
  return fetch(url, { redirect: 'manual', ...init, ...(dispatcher ? { dispatcher } : {}) });
}
