/**
 * Which credential file `login` writes and `logout` edits, and which files they read, as
 * containers/common decides it:
 *
 * 1. `--authfile PATH` (containers auth.json format), or `--compat-auth-file PATH` (Docker's
 *    config.json format); not both;
 * 2. else `$REGISTRY_AUTH_FILE` (auth.json format);
 * 3. else `$DOCKER_CONFIG/config.json` when DOCKER_CONFIG is set (Docker's format: Docker
 *    reads that file, so berth must not write anything Docker cannot use there);
 * 4. else the primary file, `$XDG_RUNTIME_DIR/containers/auth.json`.
 *
 * A named file (1–3) is also the only file credentials are looked up in; with the primary
 * file the whole default chain is read.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { authFilePaths } from '../auth/index.js';
import { LoginArgumentError } from './errors.js';

/** Where `login`/`logout` keep credentials. */
export interface AuthTarget {
  /** The file written by `login` and edited by `logout`. */
  file: string;
  /** Docker's config.json format: Hub is `https://index.docker.io/v1/`, no namespaced keys. */
  compat: boolean;
  /** The only file credentials are looked up in; undefined for the default chain. */
  lookupFile?: string;
  /** The file was named by a flag or variable; `logout` refuses one that does not exist, as skopeo does. */
  named: boolean;
  /** Set when `file` lives under `$XDG_RUNTIME_DIR`, which must exist (berth does not create it). */
  runtimeDir?: string;
  /** A warning to print, e.g. auth.json format written to Docker's own config file. */
  warning?: string;
}

/** Options for {@link resolveAuthTarget}. */
export interface ResolveAuthTargetOptions {
  authFile?: string;
  compatAuthFile?: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform?: NodeJS.Platform;
  uid?: number;
}

/**
 * Decides the credential file for `login`/`logout`.
 * @throws {LoginArgumentError} when both `--authfile` and `--compat-auth-file` are given.
 */
export function resolveAuthTarget(opts: ResolveAuthTargetOptions): AuthTarget {
  const { env, homeDir } = opts;
  const dockerDefault = join(homeDir, '.docker', 'config.json');
  if (opts.authFile && opts.compatAuthFile) {
    throw new LoginArgumentError(
      'options for paths to the credential file and to the Docker-compatible credential file can not be set simultaneously',
    );
  }
  const named = (file: string, compat: boolean, warning?: string): AuthTarget => ({
    file,
    compat,
    lookupFile: file,
    named: true,
    ...(warning ? { warning } : {}),
  });
  if (opts.authFile) {
    return named(
      opts.authFile,
      false,
      opts.authFile === dockerDefault
        ? 'saving credentials to ~/.docker/config.json, but not using Docker-compatible file format'
        : undefined,
    );
  }
  if (opts.compatAuthFile) return named(opts.compatAuthFile, true);
  if (env.REGISTRY_AUTH_FILE) {
    return named(
      env.REGISTRY_AUTH_FILE,
      false,
      env.REGISTRY_AUTH_FILE === dockerDefault
        ? '$REGISTRY_AUTH_FILE points to ~/.docker/config.json, but the file format is not fully compatible; use --compat-auth-file instead'
        : undefined,
    );
  }
  if (env.DOCKER_CONFIG) return named(join(env.DOCKER_CONFIG, 'config.json'), true);
  const paths = authFilePaths(env, homeDir, {
    ...(opts.platform ? { platform: opts.platform } : {}),
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
  });
  return {
    file: paths.primary,
    compat: false,
    named: false,
    ...(paths.runtimeDir ? { runtimeDir: paths.runtimeDir } : {}),
  };
}

/**
 * Refuses to write under an `$XDG_RUNTIME_DIR` that does not exist: it is the login session's
 * tmpfs, created by the system, and a directory berth made there would outlive nothing and
 * hide the misconfiguration (skopeo fails the same way).
 */
export async function checkRuntimeDir(target: AuthTarget): Promise<void> {
  if (!target.runtimeDir) return;
  try {
    await stat(target.runtimeDir);
  } catch {
    throw new Error(
      `${JSON.stringify(target.runtimeDir)} directory set by $XDG_RUNTIME_DIR does not exist. Either create the directory or unset $XDG_RUNTIME_DIR.`,
    );
  }
}

/** skopeo's check that a named credential file exists before `logout` edits it. */
export async function checkNamedFileExists(target: AuthTarget): Promise<void> {
  if (!target.named) return;
  try {
    await stat(target.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : (code ?? 'not accessible');
    // The cause is left out: Node's message repeats the same path and reason.
    throw new Error(`checking authfile: stat ${target.file}: ${why}`);
  }
}
