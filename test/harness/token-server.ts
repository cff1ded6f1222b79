import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRegistryJwt } from './jwt.js';
import { formatScope, parseScopes, type TokenPolicy, type TokenScope } from './token-scope.js';

/** One request the token server saw, for tests to assert on. */
export interface TokenRequestRecord {
  method: string;
  url: string;
  /** The user the request authenticated as (Basic, password grant or refresh token). */
  user?: string;
  /** Raw scope strings, one per scope. */
  scopes: string[];
  /** True when the request carried a Basic `Authorization` header. */
  basic: boolean;
  /** True when a refresh token was presented (`grant_type=refresh_token`). */
  refresh: boolean;
  grantType?: string;
  headers: IncomingHttpHeaders;
  status: number;
}

/** Options for {@link startTokenServer}. */
export interface TokenServerOptions {
  service: string;
  issuer: string;
  users: Record<string, string>;
  policy: TokenPolicy;
  keyPem: string;
  certDerBase64: string;
  /** Lifetime of access tokens; the spec says clients must not be handed less than 60 s. */
  ttlSeconds?: number;
  signal?: AbortSignal;
}

/** A running JWT issuer. */
export interface TokenServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The realm the registry advertises: `${url}/token`. */
  realm: string;
  /** Every request, oldest first. Tests may clear it with `requests.length = 0`. */
  requests: TokenRequestRecord[];
  /** Refresh tokens issued so far, mapped to their user; delete one to revoke it. */
  refreshTokens: Map<string, string>;
  stop(): Promise<void>;
}

const MAX_FORM_BYTES = 64 * 1024;

/**
 * Starts a token server implementing distribution's token spec (docs/spec/auth/token.md, GET with
 * optional Basic auth and `offline_token=true`) and its OAuth2 variant (docs/spec/auth/oauth.md, POST
 * form with `grant_type=password` or `refresh_token`, refresh token when `access_type=offline`).
 */
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  opts.signal?.throwIfAborted();
  const requests: TokenRequestRecord[] = [];
  const refreshTokens = new Map<string, string>();
  const ttlSeconds = opts.ttlSeconds ?? 300;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const authHeader = req.headers.authorization;
    const record: TokenRequestRecord = {
      method: req.method ?? '',
      url: req.url ?? '',
      scopes: [],
      basic: authHeader?.toLowerCase().startsWith('basic ') ?? false,
      refresh: false,
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/token') return reply(404, { error: 'not_found' });

    let user: string | undefined;
    let offline = false;
    let presentedRefresh: string | undefined;
    let scopeValues: string[];
    if (req.method === 'GET') {
      scopeValues = url.searchParams.getAll('scope');
      offline = url.searchParams.get('offline_token') === 'true';
      if (record.basic) {
        const creds = parseBasic(authHeader ?? '');
        if (!creds || !checkPassword(opts.users, creds.user, creds.password)) {
          return reply(401, { error: 'invalid_client', details: 'incorrect username or password' });
        }
        user = creds.user;
      }
    } else if (req.method === 'POST') {
      const form = new URLSearchParams(await readBounded(req, MAX_FORM_BYTES));
      scopeValues = form.getAll('scope');
      record.grantType = form.get('grant_type') ?? undefined;
      offline = form.get('access_type') === 'offline';
      if (record.grantType === 'password') {
        const name = form.get('username') ?? '';
        if (!checkPassword(opts.users, name, form.get('password') ?? '')) {
          return reply(401, { error: 'invalid_grant', details: 'incorrect username or password' });
        }
        user = name;
      } else if (record.grantType === 'refresh_token') {
        record.refresh = true;
        presentedRefresh = form.get('refresh_token') ?? '';
        user = refreshTokens.get(presentedRefresh);
        if (user === undefined)
          return reply(400, { error: 'invalid_grant', details: 'unknown refresh token' });
      } else {
        return reply(400, { error: 'unsupported_grant_type' });
      }
    } else {
      return reply(405, { error: 'method_not_allowed' });
    }
    record.user = user;

    let requested: TokenScope[];
    try {
      requested = parseScopes(scopeValues);
    } catch (err) {
      return reply(400, { error: 'invalid_scope', details: (err as Error).message });
    }
    record.scopes = requested.map(formatScope);
    const access = requested
      .map((scope) => ({ ...scope, actions: opts.policy(user === undefined ? { scope } : { user, scope }) }))
      .filter((scope) => scope.actions.length > 0);
    const { token, claims } = signRegistryJwt({
      issuer: opts.issuer,
      audience: opts.service,
      subject: user ?? '',
      access,
      ttlSeconds,
      keyPem: opts.keyPem,
      certDerBase64: opts.certDerBase64,
    });
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      expires_in: ttlSeconds,
      issued_at: new Date(claims.iat * 1000).toISOString(),
      scope: access.map(formatScope).join(' '),
    };
    if (presentedRefresh !== undefined) {
      // oauth.md: a refresh grant hands back the same refresh token, never a new one.
      body.refresh_token = presentedRefresh;
    } else if (offline && user !== undefined) {
      const minted = randomBytes(24).toString('base64url');
      refreshTokens.set(minted, user);
      body.refresh_token = minted;
    }
    reply(200, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    realm: `${url}/token`,
    requests,
    refreshTokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBasic(header: string): { user: string; password: string } | undefined {
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function checkPassword(users: Record<string, string>, user: string, password: string): boolean {
  const expected = Object.hasOwn(users, user) ? users[user] : undefined;
  if (expected === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(password);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBounded(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new Error(`token request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
