import { TOKEN_LIMIT } from '../digest/limits.js';
import { readBounded } from '../digest/read-bounded.js';
import { redactUrl } from '../http/redact-url.js';
import { isRedirect } from '../http/redirect.js';
import { checkResponse, RegistryError, type RegistryErrorInit } from '../http/registry-error.js';
import { sanitizeText } from '../http/sanitize-text.js';
import type { Http, HttpMethod, HttpResponse } from '../http/types.js';
import type { Credential } from './credentials.js';
import { RealmError, validateRealm } from './realm.js';
import { mergeScopes } from './scope.js';

/**
 * Getting a bearer token from a registry's token server (distribution `docs/spec/auth/token.md`
 * and `oauth.md`). The realm is validated before anything is sent (see `realm.ts`), and so is
 * every redirect the token server answers with.
 *
 * Redirects are followed by hand (at most {@link MAX_TOKEN_REDIRECTS}), each target checked
 * with `validateRealm` and never downgraded from https to http. Credentials (the Basic header,
 * the refresh token in a POST body) go only to the realm's own origin: a GET redirected
 * elsewhere continues without them, and a POST is only re-sent to the same origin (307/308);
 * any other redirect of a POST is refused.
 */

/** What a Bearer challenge says about where to get a token. */
export interface TokenChallenge {
  realm: string;
  service?: string;
  scope?: string;
}

/** A bearer token and when to stop using it (ms since the epoch). */
export interface Token {
  token: string;
  expiresAt: number;
  /** A new refresh token, when the server issued one (OAuth2 flow only). */
  refreshToken?: string;
}

/** Options for {@link fetchToken}. */
export interface FetchTokenOptions {
  http: Http;
  challenge: TokenChallenge;
  /** Scopes to ask for; merged with the challenge's own `scope`. */
  scopes: readonly string[];
  credential?: Credential;
  /** `host[:port]` of the registry endpoint that sent the challenge. */
  registryHost: string;
  /** The registry is plain http or marked insecure (allows an http realm). */
  registryInsecure: boolean;
  signal?: AbortSignal;
  /** Clock for expiry, ms since the epoch; default `Date.now`. */
  clock?: () => number;
}

/** The token server refused the credentials (401, or 403 when credentials were sent). */
export class TokenAuthError extends RegistryError {
  constructor(init: RegistryErrorInit, message: string) {
    super(init);
    this.message = message;
  }
}

/** Redirect hops accepted from a token server. */
export const MAX_TOKEN_REDIRECTS = 5;
/** Shortest lifetime assumed for a token, and the default (token.md: "should never be less than 60 seconds"). */
export const MIN_TOKEN_TTL_S = 60;
const CLIENT_ID = 'berth';
// What may go into an Authorization header: visible ASCII only, so a token cannot inject headers.
const TOKEN_TEXT = /^[\x21-\x7e]+$/;

/**
 * Gets a token for `scopes`:
 * 1. A registry token (`--registry-token`) is the bearer as is; nothing is fetched.
 * 2. With an identity token: POST `grant_type=refresh_token` (form) to the realm; if that
 *    answers 404, fall back to the GET below (go-containerregistry does the same).
 * 3. Otherwise GET `realm?service=…&scope=…&scope=…&account=<user>`, with Basic auth when a
 *    user and password are known and anonymously without.
 * @throws {RealmError} for a realm or redirect berth will not contact,
 *   {@link TokenAuthError} when the credentials are refused, `RegistryError` for other statuses.
 */
export async function fetchToken(opts: FetchTokenOptions): Promise<Token> {
  const clock = opts.clock ?? Date.now;
  const cred = opts.credential;
  if (cred?.registryToken) return { token: cred.registryToken, expiresAt: Number.POSITIVE_INFINITY };
  const realm = validateRealm(opts.challenge.realm, opts);
  const scopes = mergeScopes(opts.scopes, opts.challenge.scope ? opts.challenge.scope.split(' ') : []);
  if (cred?.identityToken) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: cred.identityToken,
      client_id: CLIENT_ID,
    });
    if (opts.challenge.service !== undefined) form.set('service', opts.challenge.service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    const res = await send(
      opts,
      realm,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form.toString(),
    );
    if (res.status !== 404) return readToken(res, opts, clock, 'identity token');
    await res.dump();
  }
  const url = new URL(realm);
  if (opts.challenge.service !== undefined) url.searchParams.append('service', opts.challenge.service);
  for (const s of scopes) url.searchParams.append('scope', s);
  const headers: Record<string, string> = {};
  if (cred?.username) url.searchParams.append('account', cred.username);
  const basic = Boolean(cred?.username && cred.password);
  if (basic)
    headers.authorization = `Basic ${Buffer.from(`${cred?.username}:${cred?.password}`).toString('base64')}`;
  const res = await send(opts, url, 'GET', headers, undefined);
  return readToken(res, opts, clock, basic ? 'username/password' : undefined);
}

async function send(
  opts: FetchTokenOptions,
  start: URL,
  method: HttpMethod,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<HttpResponse> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const sameOrigin = url.origin === start.origin;
    const res = await opts.http.request({
      method,
      url,
      headers: sameOrigin ? headers : withoutAuthorization(headers),
      ...(body !== undefined ? { body } : {}),
      signal: opts.signal,
      maxRedirects: 0,
      // Token requests change nothing on the server; a refresh POST may be retried like a GET.
      idempotent: true,
    });
    const location = res.headers.location;
    if (!isRedirect(res.status) || location === undefined) return res;
    await res.dump();
    if (hop >= MAX_TOKEN_REDIRECTS)
      throw new Error(`token server ${redactUrl(start)}: more than ${MAX_TOKEN_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = validateRealm(new URL(location, url).href, opts);
    } catch (err) {
      throw new RealmError(`token server ${redactUrl(url)} redirected to a location berth refuses`, {
        cause: err,
      });
    }
    if (url.protocol === 'https:' && next.protocol === 'http:') {
      throw new RealmError(
        `token server ${redactUrl(url)} redirected from https to plain http (${redactUrl(next)})`,
      );
    }
    if (method === 'POST' && !((res.status === 307 || res.status === 308) && next.origin === start.origin)) {
      throw new RealmError(
        `token server ${redactUrl(url)} redirected the refresh-token request to ${redactUrl(next)}; refusing`,
      );
    }
    url = next;
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

async function readToken(
  res: HttpResponse,
  opts: FetchTokenOptions,
  clock: () => number,
  sent: string | undefined,
): Promise<Token> {
  if (res.status === 401 || (res.status === 403 && sent !== undefined)) {
    await res.dump();
    const init: RegistryErrorInit = { status: res.status, method: res.method, url: res.url };
    const what = sent === undefined ? 'the token server requires credentials' : `invalid ${sent}`;
    throw new TokenAuthError(
      init,
      `unable to retrieve auth token: ${what} (${res.status} from ${redactUrl(res.url)})`,
    );
  }
  await checkResponse(res, 200);
  const text = (
    await readBounded(res.body, { limit: TOKEN_LIMIT, what: 'token response', signal: opts.signal })
  ).toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Quote only what cannot be a token document (an HTML page from a proxy, say).
    const excerpt = text.trimStart().startsWith('{') ? '' : `: ${JSON.stringify(sanitizeText(text, 80))}`;
    throw new Error(`token response from ${redactUrl(res.url)} is not JSON${excerpt}`);
  }
  if (typeof doc !== 'object' || doc === null)
    throw new Error(`token response from ${redactUrl(res.url)} is not a JSON object`);
  const d = doc as Record<string, unknown>;
  // token.md: `token` and `access_token` carry the same value; if they differ, `token` wins (as in containers/image).
  const token = typeof d.token === 'string' && d.token !== '' ? d.token : d.access_token;
  if (typeof token !== 'string' || token === '')
    throw new Error(`token response from ${redactUrl(res.url)} holds no token`);
  if (!TOKEN_TEXT.test(token))
    throw new Error(`token response from ${redactUrl(res.url)} holds a token with invalid characters`);
  const out: Token = { token, expiresAt: tokenExpiry(d.expires_in, d.issued_at, clock()) };
  if (typeof d.refresh_token === 'string' && d.refresh_token !== '') out.refreshToken = d.refresh_token;
  return out;
}

/**
 * When a token expires: issued_at (or now) + max(expires_in, 60) s; a missing, zero or
 * negative `expires_in` counts as 60 s. `issued_at` is trusted only within half the
 * lifetime before now: a server clock far behind or ahead of ours would otherwise make every
 * token look expired (a token storm) or valid for too long.
 */
export function tokenExpiry(expiresIn: unknown, issuedAt: unknown, now: number): number {
  const ttl =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn)
      ? Math.max(expiresIn, MIN_TOKEN_TTL_S)
      : MIN_TOKEN_TTL_S;
  const ttlMs = ttl * 1000;
  let base = now;
  if (typeof issuedAt === 'string') {
    const t = Date.parse(issuedAt);
    if (Number.isFinite(t) && t <= now && t >= now - ttlMs / 2) base = t;
  }
  return base + ttlMs;
}
