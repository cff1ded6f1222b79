/**
 * `createHttp`: berth's only way onto the network. One Agent (agent.ts) for keep-alive,
 * per-host TLS and proxies; redirects and retries implemented here.
 *
 * Why not undici's `redirect` and `retry` interceptors:
 *  - Credential scoping. undici strips credentials relative to the previous hop and
 *    follows https→http; berth needs "credentials only for the original origin" and must
 *    refuse downgrades (redirect.ts).
 *  - The final URL. Callers need it to judge a 401 (only the registry's own origin may
 *    steer credentials) and to resolve relative `Location`s; the interceptor hides it.
 *  - Retry semantics. berth caps `Retry-After`, jitters its backoff, lets `signal` cut a
 *    wait short, never replays a streamed body, never retries certificate errors, and
 *    hands the last retryable response back for a proper RegistryError. undici's retry
 *    handler instead resumes bodies with Range on its own and has different defaults.
 *  - One obvious order. Each hop is retried on its own, then the redirect is followed; no
 *    interceptor-ordering subtleties (style.md §6 notes undici's docs disagree on order).
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { MAX_REDIRECTS } from '../digest/index.js';
import { createAgent } from './agent.js';
import { NetworkError } from './network-error.js';
import { redactUrl } from './redact-url.js';
import { type Hop, headersFor, isRedirect, isReplayable, nextHop } from './redirect.js';
import { dumpBody, toHttpResponse } from './response.js';
import {
  abortableSleep,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableNetworkError,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryPolicy,
} from './retry-policy.js';
import { createTlsResolver } from './tls.js';
import type { Http, HttpBody, HttpMethod, HttpRequest, HttpResponse } from './types.js';

export interface HttpOptions {
  /** Sent as `User-Agent` on every request, e.g. `berth/0.1.0`. */
  userAgent?: string;
  /** Hosts (`host[:port]` as in `URL.host`) whose TLS certificates are not verified. */
  insecureHosts?: (host: string) => boolean;
  /** certs.d bases searched in order (default: containers/image's three). */
  certDirs?: string[];
  /** A certificate directory that replaces the certs.d search for a host (`--cert-dir`). */
  certDirFor?: (host: string) => string | undefined;
  retry?: Partial<RetryPolicy>;
  /** Where proxy and CA variables are read from. */
  env?: NodeJS.ProcessEnv;
  /** Waits between retries; must reject with `signal.reason` when it aborts. Injected by tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). Injected by tests. */
  random?: () => number;
  /** Current time in ms, for `Retry-After` dates. Injected by tests. */
  now?: () => number;
}

/** The defaults of every `HttpOptions` field that has one. */
export const DEFAULT_HTTP_OPTIONS = {
  userAgent: 'berth',
  retry: DEFAULT_RETRY_POLICY,
  sleep: abortableSleep,
  random: Math.random,
  now: Date.now,
} as const;

/**
 * Headers the caller may not set. `accept-encoding`: berth never asks for encoded bodies,
 * because blobs are hashed as stored and must not be decoded on the way (CVE-2026-22036 was
 * undici decoding unbounded encoding chains). `host` is derived per hop; `user-agent` is ours.
 */
const DROPPED_HEADERS: ReadonlySet<string> = new Set(['accept-encoding', 'host', 'user-agent']);

function normalizeHeaders(
  headers: Record<string, string> | undefined,
  userAgent: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const key = name.toLowerCase();
    if (!DROPPED_HEADERS.has(key)) out[key] = value;
  }
  out['user-agent'] = userAgent;
  return out;
}

/** undici takes strings and bytes as they are; a stream goes in as a Readable (sent once, chunked). */
function toDispatchBody(body: HttpBody | undefined): string | Uint8Array | Readable | null {
  if (body === undefined) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return Readable.from(body, { objectMode: false });
}

function idempotentByDefault(method: HttpMethod): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * Creates the `Http` a process uses for every registry. Call `close()` when done, or idle
 * keep-alive sockets hold the process open for a few seconds.
 */
export function createHttp(opts: HttpOptions = {}): Http {
  const env = opts.env ?? process.env;
  const userAgent = opts.userAgent ?? DEFAULT_HTTP_OPTIONS.userAgent;
  const policy: RetryPolicy = { ...DEFAULT_HTTP_OPTIONS.retry, ...opts.retry };
  const sleep = opts.sleep ?? DEFAULT_HTTP_OPTIONS.sleep;
  const random = opts.random ?? DEFAULT_HTTP_OPTIONS.random;
  const now = opts.now ?? DEFAULT_HTTP_OPTIONS.now;
  const tls = createTlsResolver({
    env,
    ...(opts.certDirs ? { certDirs: opts.certDirs } : {}),
    ...(opts.certDirFor ? { certDirFor: opts.certDirFor } : {}),
    ...(opts.insecureHosts ? { insecureHosts: opts.insecureHosts } : {}),
  });
  const agent = createAgent({ tls, env });
  // Requests with `tlsVerify: false` get an agent (so a connection pool) of their own.
  let unverified: ReturnType<typeof createAgent> | undefined;
  const agentFor = (tlsVerify: boolean | undefined) => {
    if (tlsVerify !== false) return agent;
    unverified ??= createAgent({
      tls: createTlsResolver({
        env,
        ...(opts.certDirs ? { certDirs: opts.certDirs } : {}),
        ...(opts.certDirFor ? { certDirFor: opts.certDirFor } : {}),
        insecureHosts: () => true,
      }),
      env,
    });
    return unverified;
  };

  /** Sends one hop, retrying it while that is safe; returns the last response. */
  const send = async (
    hop: Hop,
    headers: Record<string, string>,
    idempotent: boolean,
    signal: AbortSignal | undefined,
    via: ReturnType<typeof createAgent>,
  ) => {
    const canRetry = idempotent && isReplayable(hop.body);
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = canRetry && attempt < policy.maxRetries;
      let data: Dispatcher.ResponseData;
      try {
        data = await via.dispatcher.request({
          origin: hop.url.origin,
          path: `${hop.url.pathname}${hop.url.search}`,
          method: hop.method,
          headers,
          body: toDispatchBody(hop.body),
          signal: signal ?? null,
          // undici closes the connection after every HEAD (for servers that wrongly send a
          // body); registries answer HEAD correctly, and a sync sends hundreds of them, each
          // then paying a new TCP (and TLS) connection. `reset: false` keeps it open.
          ...(hop.method === 'HEAD' ? { reset: false } : {}),
        });
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        const failure = new NetworkError(hop.method, hop.url, err);
        if (!retriesLeft || failure.tls || !isRetryableNetworkError(err)) throw failure;
        await sleep(backoffDelay(attempt, policy, random), signal);
        continue;
      }
      if (!retriesLeft || !RETRYABLE_STATUSES.has(data.statusCode)) return data;
      const header = data.headers['retry-after'];
      const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header, now());
      const wait =
        retryAfter === undefined
          ? backoffDelay(attempt, policy, random)
          : Math.min(retryAfter, policy.maxRetryAfterMs);
      await dumpBody(data.body);
      await sleep(wait, signal);
    }
  };

  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    if (req.url.protocol !== 'https:' && req.url.protocol !== 'http:') {
      throw new Error(`${req.method} ${redactUrl(req.url)}: only http and https URLs are supported`);
    }
    const maxRedirects = req.maxRedirects ?? MAX_REDIRECTS;
    const originalOrigin = req.url.origin;
    let hop: Hop = {
      method: req.method,
      url: new URL(req.url),
      headers: normalizeHeaders(req.headers, userAgent),
      body: req.body,
    };
    for (let redirects = 0; ; redirects++) {
      // The caller's `idempotent` describes its own method; a 303 turns anything into a GET.
      const idempotent =
        hop.method === req.method
          ? (req.idempotent ?? idempotentByDefault(req.method))
          : idempotentByDefault(hop.method);
      const data = await send(
        hop,
        headersFor(hop.headers, hop.url, originalOrigin),
        idempotent,
        req.signal,
        agentFor(req.tlsVerify),
      );
      const res = toHttpResponse(data, hop.url, hop.method);
      const location = res.headers.location;
      if (!isRedirect(res.status) || location === undefined || maxRedirects === 0) return res;
      await res.dump();
      if (redirects >= maxRedirects) {
        throw new Error(`${req.method} ${redactUrl(req.url)}: stopped after ${maxRedirects} redirects`);
      }
      hop = nextHop(hop, res.status, location);
    }
  };

  return {
    request,
    close: async () => {
      await Promise.all([agent.close(), unverified?.close()]);
    },
  };
}
