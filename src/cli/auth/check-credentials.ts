/**
 * Proving a user name and password against a registry before anything is stored (containers/
 * image `CheckAuth`): `GET /v2/` with them. A Basic registry gets the Basic header and answers
 * 200 or 401; a token registry sends a Bearer challenge, the token server is asked for a token
 * with the credentials (no scope: only the identity is in question), and refuses wrong ones.
 * A registry without authentication answers 200 either way, and the login is stored, as skopeo
 * stores it.
 */
import { TokenAuthError } from '../../registry/auth/index.js';
import { checkResponse } from '../../registry/http/index.js';
import type { CliContext } from '../context.js';
import type { ImageAccess } from '../image-flags.js';

/** The registry refused the credentials. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
}

/** Options for {@link checkCredentials}. */
export interface CheckCredentialsOptions {
  ctx: CliContext;
  /** The registry host, `docker.io` for Hub. */
  registry: string;
  username: string;
  password: string;
  /** `--tls-verify` and `--cert-dir`. */
  tls: Pick<ImageAccess, 'tlsVerify' | 'certDir'>;
  signal?: AbortSignal;
}

/**
 * Resolves when the registry accepts the credentials.
 * @throws {InvalidCredentialsError} when it refuses them (401 from `/v2/` or the token server);
 *   other errors (network, TLS, 5xx) as they come.
 */
export async function checkCredentials(opts: CheckCredentialsOptions): Promise<void> {
  const { ctx, registry } = opts;
  const access: ImageAccess = {
    noCreds: false,
    credential: { username: opts.username, password: opts.password },
    ...(opts.tls.tlsVerify !== undefined ? { tlsVerify: opts.tls.tlsVerify } : {}),
    ...(opts.tls.certDir ? { certDir: opts.tls.certDir } : {}),
  };
  const client = ctx.clientFor(registry, access);
  try {
    const session = await client.session({ ...(opts.signal ? { signal: opts.signal } : {}) });
    ctx.debug(
      `checking credentials of user ${JSON.stringify(opts.username)} at ${new URL('/v2/', session.endpoint).href}`,
    );
    const res = await session.send({
      method: 'GET',
      path: '/v2/',
      scopes: [],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status === 401) {
      await res.dump();
      throw new InvalidCredentialsError('invalid username/password');
    }
    await checkResponse(res, 200);
    await res.dump();
  } catch (err) {
    if (err instanceof TokenAuthError)
      throw new InvalidCredentialsError('invalid username/password', { cause: err });
    throw err;
  }
}
