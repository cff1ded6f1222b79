/**
 * Proving a user name and password against a registry before anything is stored. The check is
 * the core's (`src/registry/login/check-credentials.ts`, shared with the TUI); here the client
 * is built from the command's context, with the credential and the `--tls-verify`/`--cert-dir`
 * flags.
 */
import { checkCredentials as check } from '../../registry/login/index.js';
import type { CliContext } from '../context.js';
import type { ImageAccess } from '../image-flags.js';

export { InvalidCredentialsError } from '../../registry/login/index.js';

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
 * @throws {InvalidCredentialsError} when it refuses them; other errors as they come.
 */
export async function checkCredentials(opts: CheckCredentialsOptions): Promise<void> {
  const { ctx } = opts;
  const access: ImageAccess = {
    noCreds: false,
    credential: { username: opts.username, password: opts.password },
    ...(opts.tls.tlsVerify !== undefined ? { tlsVerify: opts.tls.tlsVerify } : {}),
    ...(opts.tls.certDir ? { certDir: opts.tls.certDir } : {}),
  };
  await check({
    client: ctx.clientFor(opts.registry, access),
    username: opts.username,
    onDebug: (m) => ctx.debug(m),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
