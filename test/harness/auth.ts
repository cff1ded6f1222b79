import { harnessFetch } from './http-client.js';
import type { RegistryInstance } from './registry.js';
import { TOKEN_SERVICE } from './registry.js';

/** A user name and password. */
export interface Credentials {
  user: string;
  password: string;
}

/** Options for {@link authorizationFor}. */
export interface AuthorizationOptions {
  /** Scopes a token must carry, e.g. `repository:app:pull,push`. Ignored outside token mode. */
  scopes: string[];
  /** Who to be; defaults to the registry's first user, `'anonymous'` sends no credentials. */
  auth?: Credentials | 'anonymous';
  signal?: AbortSignal;
}

/**
 * Returns the `Authorization` header value the harness's own fixtures use against `reg`: nothing for
 * plain and tls, Basic for basic modes, and for token mode a Bearer token fetched from the registry's
 * token server with the given scopes (GET flow with Basic credentials).
 */
export async function authorizationFor(
  reg: RegistryInstance,
  opts: AuthorizationOptions,
): Promise<string | undefined> {
  const creds = resolveCredentials(reg, opts.auth);
  if (reg.mode === 'plain' || reg.mode === 'tls') return undefined;
  if (reg.mode === 'basic' || reg.mode === 'tls-basic') return creds ? basicHeader(creds) : undefined;

  const server = reg.tokenServer;
  if (!server) throw new Error('token-mode registry has no token server');
  const query = new URLSearchParams({ service: TOKEN_SERVICE });
  for (const scope of opts.scopes) query.append('scope', scope);
  const res = await harnessFetch(server, `/token?${query}`, {
    headers: creds ? { authorization: basicHeader(creds) } : {},
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (res.status !== 200) throw new Error(`token server answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('token server response has no token');
  return `Bearer ${body.token}`;
}

/** `Basic base64(user:password)`. */
export function basicHeader(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
}

function resolveCredentials(
  reg: RegistryInstance,
  auth: Credentials | 'anonymous' | undefined,
): Credentials | undefined {
  if (auth === 'anonymous') return undefined;
  if (auth) return auth;
  const first = Object.entries(reg.users)[0];
  return first ? { user: first[0], password: first[1] } : undefined;
}

/**
 * A `secondOriginAuth` for `startFaultProxy` in front of an auth-protected registry: the second
 * origin reads `/v2/NAME/…` with pull access for NAME, as `creds` (default: the first user).
 */
export function secondOriginAuthFor(
  reg: RegistryInstance,
  creds?: Credentials,
): (req: { method: string; path: string }) => Promise<string | undefined> {
  return ({ path }) => {
    const repository = /^\/v2\/(.+?)\/(?:blobs|manifests|tags)\//.exec(path)?.[1];
    return authorizationFor(reg, {
      scopes: repository ? [`repository:${repository}:pull`] : [],
      ...(creds ? { auth: creds } : {}),
    });
  };
}
