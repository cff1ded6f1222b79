/**
 * The login already stored for a key, found the way every other command finds credentials
 * (the keychain: credential helpers, auth.json files, Docker's config), so `login --get-login`
 * and `logout` agree with what `inspect` or `copy` would send.
 */
import { createKeychain, type ResolvedCredential } from '../../registry/auth/index.js';
import type { CliContext } from '../context.js';
import type { CredentialsKey } from './credentials-key.js';
import { homeOf } from './login-flags.js';

/**
 * Looks up the credential for `key` in `lookupFile` only, or in the default chain when
 * undefined. Failures (an unreadable file, a broken helper) are wrapped as `get credentials`.
 */
export async function storedLogin(
  ctx: CliContext,
  key: CredentialsKey,
  lookupFile: string | undefined,
): Promise<ResolvedCredential> {
  const keychain = createKeychain({
    env: ctx.env,
    homeDir: homeOf(ctx.env),
    ...(lookupFile ? { authFile: lookupFile } : {}),
    onWarning: (msg) => ctx.debug(msg),
  });
  try {
    return await keychain.resolve({
      registry: key.registry,
      ...(key.namespace ? { repository: key.namespace } : {}),
      signal: ctx.signal,
    });
  } catch (err) {
    throw new Error('get credentials', { cause: err });
  }
}
