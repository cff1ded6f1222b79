/**
 * Flags and arguments `login` and `logout` share, read once at the edge: the REGISTRY
 * argument (skopeo's own wording for a missing or second one), the credential file flags,
 * and the home directory the default files hang off (`$HOME` of the command's environment,
 * so an in-process run with its own environment never touches the real user's files).
 */
import { homedir } from 'node:os';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { type AuthTarget, resolveAuthTarget } from './auth-target.js';

/** Adds `--authfile`, `--compat-auth-file` and `--tls-verify`. */
export function addAuthFileFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('authfile', {
      type: 'string',
      description: 'path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override',
    })
    .option('compat-auth-file', {
      type: 'string',
      description: 'path of a Docker-compatible config file to update instead',
    })
    .option('tls-verify', {
      type: 'boolean',
      description: 'require HTTPS and verify certificates when accessing the registry',
    }) as Argv<T>;
}

/** The positional REGISTRY values (declared as `[REGISTRY..]` so skopeo's messages can be given). */
export function registryArgs(argv: Record<string, unknown>): string[] {
  const v = argv.REGISTRY;
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** A string flag's value, or undefined when absent or empty. */
export function stringFlag(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The home directory for default credential files. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** The credential file the flags and environment select. */
export function authTargetOf(argv: Record<string, unknown>, env: NodeJS.ProcessEnv): AuthTarget {
  const authFile = stringFlag(argv, 'authfile');
  const compatAuthFile = stringFlag(argv, 'compat-auth-file');
  return resolveAuthTarget({
    ...(authFile ? { authFile } : {}),
    ...(compatAuthFile ? { compatAuthFile } : {}),
    env,
    homeDir: homeOf(env),
  });
}

/** The single REGISTRY argument, or skopeo's usage error for none or several. */
export function singleRegistry(argv: Record<string, unknown>, verb: 'login to' | 'logout from'): string {
  const args = registryArgs(argv);
  if (args.length === 0) throw new UsageError(`please provide a registry to ${verb}`);
  if (args.length > 1) {
    const what =
      verb === 'login to'
        ? 'login accepts only one registry to login to'
        : 'logout accepts only one registry to logout from';
    throw new UsageError(what);
  }
  return args[0] as string;
}
