/**
 * A session with one registry: where its API lives (scheme and host), how requests
 * get their `Authorization`, and the rule that credentials only ever go to that
 * origin. Every remote/ operation sends its requests through `send`.
 *
 * The steps of one request:
 *  1. Resolve the endpoint once (https, or http for a registry marked insecure that
 *     does not speak TLS; Docker Hub's API lives at registry-1.docker.io).
 *  2. Ask the authenticator for an Authorization value for the request's scopes, but
 *     only when the URL is on the endpoint's origin (upload Locations and pagination
 *     links are server-supplied and may point elsewhere).
 *  3. On 401/403 from the endpoint's origin, let the authenticator read the challenge
 *     (new realm, insufficient_scope) and retry once, if the body can be sent again.
 */
import type { Http, HttpBody, HttpMethod, HttpRequest, HttpResponse } from '../http/types.js';
import type { RateLimit } from './rate-limit.js';
import { parseRateLimit } from './rate-limit.js';

/** What remote/ needs from auth/: an Authorization value per scope set, and a say on 401s. */
export interface SessionAuthenticator {
  authorize(opts: { scopes: string[]; signal?: AbortSignal }): Promise<string | undefined>;
  onUnauthorized(opts: { response: HttpResponse; scopes: string[]; signal?: AbortSignal }): Promise<boolean>;
}

export interface SessionRequest {
  method: HttpMethod;
  /** A path below the endpoint (`/v2/…`), or an absolute server-supplied URL. */
  path?: string;
  url?: URL;
  scopes: string[];
  headers?: Record<string, string>;
  body?: HttpBody;
  signal?: AbortSignal;
  idempotent?: boolean;
  maxRedirects?: number;
}

export interface RegistrySessionOptions {
  http: Http;
  /** The base URL of the API, e.g. `https://registry-1.docker.io` — resolved by `resolveEndpoint`. */
  endpoint: URL;
  authenticator: SessionAuthenticator;
  onRateLimit?: (limit: RateLimit) => void;
}

function replayable(body: HttpBody | undefined): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

export class RegistrySession {
  readonly http: Http;
  readonly endpoint: URL;
  readonly #auth: SessionAuthenticator;
  readonly #onRateLimit: ((limit: RateLimit) => void) | undefined;

  constructor(opts: RegistrySessionOptions) {
    this.http = opts.http;
    this.endpoint = opts.endpoint;
    this.#auth = opts.authenticator;
    this.#onRateLimit = opts.onRateLimit;
  }

  /** Builds an endpoint URL from a path below it. */
  url(path: string): URL {
    return new URL(path, this.endpoint);
  }

  /** True when `url` is on the registry's own origin, the only place credentials go. */
  isOwnOrigin(url: URL): boolean {
    return url.origin === this.endpoint.origin;
  }

  async send(req: SessionRequest): Promise<HttpResponse> {
    const url = req.url ?? this.url(req.path ?? '/v2/');
    const own = this.isOwnOrigin(url);
    let retried = false;
    for (;;) {
      const authorization = own
        ? await this.#auth.authorize({ scopes: req.scopes, signal: req.signal })
        : undefined;
      const headers: Record<string, string> = { ...req.headers };
      if (authorization) headers.authorization = authorization;
      const httpReq: HttpRequest = { method: req.method, url, headers, signal: req.signal };
      if (req.body !== undefined) httpReq.body = req.body;
      if (req.idempotent !== undefined) httpReq.idempotent = req.idempotent;
      if (req.maxRedirects !== undefined) httpReq.maxRedirects = req.maxRedirects;
      const res = await this.http.request(httpReq);
      this.#noteRateLimit(res);
      // A challenge from a host we were redirected to must never steer our credentials
      // (CVE-2020-15157, go-containerregistry#2337): only our own origin's 401 counts.
      const challengeable = (res.status === 401 || res.status === 403) && this.isOwnOrigin(res.url);
      if (!challengeable || retried || !own || !replayable(req.body)) return res;
      const retry = await this.#auth.onUnauthorized({
        response: res,
        scopes: req.scopes,
        signal: req.signal,
      });
      if (!retry) return res;
      await res.dump();
      retried = true;
    }
  }

  #noteRateLimit(res: HttpResponse): void {
    if (!this.#onRateLimit) return;
    const limit = parseRateLimit(res.headers);
    if (limit) this.#onRateLimit(limit);
  }
}
