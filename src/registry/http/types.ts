/**
 * The contract between berth's HTTP layer and everything that talks to a registry.
 * One `Http` per process owns the undici Agent (keep-alive, per-host TLS, proxies),
 * retries and redirects; callers above it never touch undici directly.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** A request body. Only `Uint8Array` and `string` bodies can be replayed on retry or redirect. */
export type HttpBody = Uint8Array | string | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  /** Header names are matched case-insensitively; `authorization` is never sent to another origin. */
  headers?: Record<string, string>;
  body?: HttpBody;
  signal?: AbortSignal;
  /**
   * May this request be sent again after a network error, 408, 429 or 5xx?
   * Defaults to true for GET/HEAD and false otherwise. A streamed body is never replayed.
   */
  idempotent?: boolean;
  /** Redirect hops to follow (default 10); 0 returns the 3xx response as it is. */
  maxRedirects?: number;
  /**
   * false: TLS certificates are not verified for this request (a registry the user or
   * registries.conf marked insecure). Such requests use connections of their own, never
   * shared with verified ones, so verifying again later is never answered over an
   * unverified connection.
   */
  tlsVerify?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", " except `www-authenticate`/`link`, see `headerValues`. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Every value of a header that may repeat (`www-authenticate`, `link`, `warning`). */
  headerValues(name: string): string[];
  /** The URL that produced this response, after redirects. */
  url: URL;
  /**
   * The method that produced this response: the request's, or GET after a 303.
   * Added so `checkResponse` can name the request in its error without extra arguments.
   */
  method: HttpMethod;
  /** The body, read once. Use `readBounded` from digest/ for JSON documents. */
  body: AsyncIterable<Uint8Array>;
  /** Discards the rest of the body so the connection can be reused. Never throws. */
  dump(): Promise<void>;
}

export interface Http {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Closes idle connections; pending requests are not affected. */
  close(): Promise<void>;
}
