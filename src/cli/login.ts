/**
 * `berth login REGISTRY`: skopeo's login (containers/common `auth.Login`). The steps:
 *
 * 1. Look up what is stored for the key (`--get-login` prints its user and stops).
 * 2. Take the password from `-p` or `--password-stdin`.
 * 3. With neither user nor password given but a stored login, check that one first; if the
 *    registry still accepts it, there is nothing to do.
 * 4. Ask for whatever is missing (prompts on stdout; the password without echo).
 * 5. Check the credentials against the registry. Only when it accepts them are they stored,
 *    in the credential file or the helper it names; a refusal stores nothing.
 *
 * The password is never printed, logged or put in an error message.
 */
import { askCredentials } from './auth/ask-credentials.js';
import { checkRuntimeDir } from './auth/auth-target.js';
import { checkCredentials, InvalidCredentialsError } from './auth/check-credentials.js';
import { storeCredential } from './auth/credential-store.js';
import { parseCredentialsKey } from './auth/credentials-key.js';
import { addAuthFileFlags, authTargetOf, singleRegistry, stringFlag } from './auth/login-flags.js';
import { readPasswordStdin } from './auth/password-stdin.js';
import { PromptInterruptedError, StdinPrompter } from './auth/prompt.js';
import { storedLogin } from './auth/stored-login.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { describeError, UsageError } from './errors.js';

/** Exit code after Ctrl-C at a prompt, as a shell reports SIGINT. */
const EXIT_INTERRUPTED = 130;

/** `berth login`: checks credentials with the registry, then stores them. */
export const loginCommand: BerthCommand = {
  command: 'login [REGISTRY..]',
  describe: 'Login to a container registry',
  builder: (y) =>
    addAuthFileFlags(
      y
        // `-v` is --verbose here, as in skopeo, not the global --version.
        .version(false)
        .usage(
          'Login to a container registry on a specified server.\n\nUsage:\n  berth login [command options] REGISTRY',
        )
        .option('username', { alias: 'u', type: 'string', description: 'Username for registry' })
        .option('password', { alias: 'p', type: 'string', description: 'Password for registry' })
        .option('password-stdin', {
          type: 'boolean',
          default: false,
          description: 'Take the password from stdin',
        })
        .option('get-login', {
          type: 'boolean',
          default: false,
          description: 'Return the current login user for the registry',
        })
        .option('cert-dir', {
          type: 'string',
          description: 'use certificates at the specified path to access the registry',
        })
        .option('verbose', {
          alias: 'v',
          type: 'boolean',
          default: false,
          description: 'Write more detailed information to stdout',
        }),
    ),
  async run(ctx, argv, io) {
    const key = parseCredentialsKey(singleRegistry(argv, 'login to'));
    const target = authTargetOf(argv, ctx.env);
    if (target.warning) await write(io.stderr, `Warning: ${target.warning}\n`);
    const tlsVerify = typeof argv['tls-verify'] === 'boolean' ? argv['tls-verify'] : undefined;
    const certDir = stringFlag(argv, 'cert-dir');
    const tls = { ...(tlsVerify !== undefined ? { tlsVerify } : {}), ...(certDir ? { certDir } : {}) };
    const signal = ctx.signal;

    // 1. What is stored already.
    const stored = await storedLogin(ctx, key, target.lookupFile);
    const storedUser = stored.credential?.username;
    if (argv['get-login'] === true) {
      if (!storedUser) throw new Error(`not logged into ${key.key}`);
      await write(io.stdout, `${storedUser}\n`);
      return 0;
    }

    // 2. The password from the command line or stdin.
    const username = typeof argv.username === 'string' ? argv.username : '';
    let password = typeof argv.password === 'string' ? argv.password : '';
    if (argv['password-stdin'] === true) {
      if (password !== '') throw new UsageError("Can't specify both --password-stdin and --password");
      if (username === '') throw new UsageError('Must provide --username with --password-stdin');
      password = await readPasswordStdin({ stdin: io.stdin, signal });
    }

    // 3. A stored login the registry still accepts needs nothing new.
    const old = stored.credential;
    if (username === '' && password === '' && old?.username && old.password) {
      await write(io.stdout, `Authenticating with existing credentials for ${key.key}\n`);
      try {
        await checkCredentials({
          ctx,
          registry: key.registry,
          username: old.username,
          password: old.password,
          tls,
          signal,
        });
        await write(io.stdout, `Existing credentials are valid. Already logged in to ${key.registry}\n`);
        return 0;
      } catch (err) {
        ctx.debug(`the stored credentials for ${key.key} do not work: ${describeError(err)}`);
        await write(
          io.stdout,
          'Existing credentials are invalid, please enter valid username and password\n',
        );
      }
    }

    // 4. Ask for what is missing.
    let creds: { username: string; password: string };
    try {
      creds = await askCredentials({
        prompter: new StdinPrompter(io.stdin),
        stdout: io.stdout,
        username,
        password,
        ...(storedUser ? { storedUser } : {}),
        signal,
      });
    } catch (err) {
      if (err instanceof PromptInterruptedError) {
        await write(io.stdout, '\n');
        return EXIT_INTERRUPTED;
      }
      throw new Error('getting username and password', { cause: err });
    }

    // 5. Check, then store.
    try {
      await checkCredentials({ ctx, registry: key.registry, ...creds, tls, signal });
    } catch (err) {
      if (err instanceof InvalidCredentialsError) {
        ctx.debug(`the registry refused the credentials for ${key.key}: ${describeError(err.cause ?? err)}`);
        throw new Error(`logging into ${JSON.stringify(key.key)}: invalid username/password`);
      }
      throw new Error(`authenticating creds for ${JSON.stringify(key.key)}`, { cause: err });
    }
    await checkRuntimeDir(target);
    const used = await storeCredential({ target, key, ...creds, env: ctx.env, signal });
    if (argv.verbose === true) await write(io.stdout, `Used:  ${used}\n`);
    await write(io.stdout, 'Login Succeeded!\n');
    return 0;
  },
};
