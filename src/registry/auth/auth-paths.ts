import { join } from 'node:path';

/** The kinds of credential file berth reads, in the order of the default lookup chain. */
export type AuthFileKind = 'auth-file' | 'docker-config' | 'dockercfg';

/** One file in the lookup chain. */
export interface AuthFilePath {
  path: string;
  kind: AuthFileKind;
  /** `.dockercfg`: a top-level map of host keys, no `auths` wrapper. */
  legacy: boolean;
}

/** The default credential files, as containers/image and skopeo lay them out. */
export interface AuthFilePaths {
  /** Where `login` writes: `$XDG_RUNTIME_DIR/containers/auth.json` (see {@link authFilePaths}). */
  primary: string;
  /** `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`. */
  xdgConfig: string;
  /** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
  dockerConfig: string;
  /** `~/.dockercfg` (legacy format). */
  dockercfg: string;
  /** Set when `XDG_RUNTIME_DIR` is set; the keychain warns when it does not exist. */
  runtimeDir?: string;
  /** The read order: primary, xdgConfig, dockerConfig, dockercfg. */
  chain: AuthFilePath[];
}

/** Platform details {@link authFilePaths} depends on; tests pass their own. */
export interface AuthPathPlatform {
  platform?: NodeJS.Platform;
  uid?: number;
}

/**
 * The default credential file locations for `env` and `homeDir`.
 *
 * The primary (write) file is `$XDG_RUNTIME_DIR/containers/auth.json`; on Linux with
 * XDG_RUNTIME_DIR unset it is `/run/containers/$UID/auth.json`, and on macOS and Windows
 * it is `~/.config/containers/auth.json` (containers/image `getPathToAuthWithOS`).
 * An empty variable counts as unset, as in the shell `${VAR:-default}`.
 */
export function authFilePaths(
  env: NodeJS.ProcessEnv,
  homeDir: string,
  opts: AuthPathPlatform = {},
): AuthFilePaths {
  const platform = opts.platform ?? process.platform;
  const runtimeDir = env.XDG_RUNTIME_DIR || undefined;
  let primary: string;
  if (platform === 'darwin' || platform === 'win32') {
    primary = join(homeDir, '.config', 'containers', 'auth.json');
  } else if (runtimeDir !== undefined) {
    primary = join(runtimeDir, 'containers', 'auth.json');
  } else {
    const uid = opts.uid ?? process.getuid?.() ?? 0;
    primary = `/run/containers/${uid}/auth.json`;
  }
  const xdgConfig = join(env.XDG_CONFIG_HOME || join(homeDir, '.config'), 'containers', 'auth.json');
  const dockerConfig = join(env.DOCKER_CONFIG || join(homeDir, '.docker'), 'config.json');
  const dockercfg = join(homeDir, '.dockercfg');
  const chain: AuthFilePath[] = [
    { path: primary, kind: 'auth-file', legacy: false },
    { path: xdgConfig, kind: 'auth-file', legacy: false },
    { path: dockerConfig, kind: 'docker-config', legacy: false },
    { path: dockercfg, kind: 'dockercfg', legacy: true },
  ];
  return {
    primary,
    xdgConfig,
    dockerConfig,
    dockercfg,
    ...(runtimeDir !== undefined && platform !== 'darwin' && platform !== 'win32' ? { runtimeDir } : {}),
    chain,
  };
}
