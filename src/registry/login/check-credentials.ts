/**
 * Proving a user name and password against a registry before anything is stored (containers/
 * image `CheckAuth`): `GET /v2/` with them. A Basic registry gets the Basic header and answers
 * 200 or 401; a token registry sends a Bearer challenge, the token server is asked for a token
 * with the credentials (no scope: only the identity is in question), and refuses wrong ones.
 * A registry without authentication answers 200 either way, and the login is stored, as skopeo
 * stores it.
 */
import { TokenAuthError } from '../auth/index.js';
import { checkResponse } from '../http/index.js';
import type { RegistryClient } from '../remote/index.js';
import { InvalidCredentialsError } from './errors.js';

/** Options for {@link checkCredentials}. */
export interface CheckCredentialsOptions {
  /**
   * A client for the registry built with the credential to check (and no keychain), and with
   * the TLS rules the user chose for it.
   */
  client: RegistryClient;
  /** The user name in that credential, for the debug line. */
  username: string;
  /** Receives one line naming what is checked where; never the password. */
  onDebug?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Resolves when the registry accepts the client's credential.
 * @throws {InvalidCredentialsError} when it refuses them (401 from `/v2/` or the token server);
 *   other errors (network, TLS, 5xx) as they come.
 */
export async function checkCredentials(opts: CheckCredentialsOptions): Promise<void> {
  const signal = opts.signal ? { signal: opts.signal } : {};
  try {
    const session = await opts.client.session(signal);
    opts.onDebug?.(
      `checking credentials of user ${JSON.stringify(opts.username)} at ${new URL('/v2/', session.endpoint).href}`,
    );
    const res = await session.send({ method: 'GET', path: '/v2/', scopes: [], ...signal });
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
