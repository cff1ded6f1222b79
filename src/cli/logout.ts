/**
 * `berth logout REGISTRY | --all`: skopeo's logout (containers/common `auth.Logout`). It removes
 * the login from the credential file `login` writes (and from the credential helper that file
 * names for the registry). When there is none there but a working login exists elsewhere in
 * the chain — Docker's `~/.docker/config.json` — it says so rather than failing, because that
 * login is Docker's to remove.
 */
import { checkNamedFileExists, checkRuntimeDir } from './auth/auth-target.js';
import { checkCredentials } from './auth/check-credentials.js';
import { eraseAllCredentials, eraseCredential } from './auth/credential-store.js';
import { parseCredentialsKey } from './auth/credentials-key.js';
import { addAuthFileFlags, authTargetOf, registryArgs, singleRegistry } from './auth/login-flags.js';
import { storedLogin } from './auth/stored-login.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { describeError, UsageError } from './errors.js';

/** `berth logout`: removes one stored login, or all with `--all`. */
export const logoutCommand: BerthCommand = {
  command: 'logout [REGISTRY..]',
  describe: 'Logout of a container registry',
  builder: (y) =>
    addAuthFileFlags(
      y
        .usage(
          'Logout of a container registry on a specified server.\n\nUsage:\n  berth logout [command options] REGISTRY',
        )
        .option('all', {
          alias: 'a',
          type: 'boolean',
          default: false,
          description: 'Remove the cached credentials for all registries in the auth file',
        }),
    ),
  async run(ctx, argv, io) {
    const target = authTargetOf(argv, ctx.env);
    await checkNamedFileExists(target);
    const signal = ctx.signal;
    const env = ctx.env;

    if (argv.all === true) {
      if (registryArgs(argv).length > 0) throw new UsageError('--all takes no arguments');
      await checkRuntimeDir(target);
      await eraseAllCredentials({ target, env, signal });
      await write(io.stdout, 'Removed login credentials for all registries\n');
      return 0;
    }

    const key = parseCredentialsKey(singleRegistry(argv, 'logout from'));
    let erased: boolean;
    try {
      await checkRuntimeDir(target);
      erased = await eraseCredential({ target, key, env, signal });
    } catch (err) {
      throw new Error(`logging out of ${JSON.stringify(key.key)}`, { cause: err });
    }
    if (erased) {
      await write(io.stdout, `Removed login credentials for ${key.key}\n`);
      return 0;
    }

    // Nothing of ours; is there a working login berth did not write?
    const stored = await storedLogin(ctx, key, target.lookupFile);
    const cred = stored.credential;
    if (cred?.username && cred.password) {
      const tlsVerify = typeof argv['tls-verify'] === 'boolean' ? argv['tls-verify'] : undefined;
      try {
        await checkCredentials({
          ctx,
          registry: key.registry,
          username: cred.username,
          password: cred.password,
          tls: tlsVerify !== undefined ? { tlsVerify } : {},
          signal,
        });
        await write(
          io.stdout,
          `Not logged into ${key.key} with current tool. Existing credentials were established via docker login. Please use docker logout instead.\n`,
        );
        return 0;
      } catch (err) {
        ctx.debug(
          `the credentials for ${key.key} in ${stored.source.path ?? stored.source.kind} do not work: ${describeError(err)}`,
        );
      }
    }
    throw new Error(`not logged into ${key.key}`);
  },
};
