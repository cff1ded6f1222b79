import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { type AuthFile, decodeAuthEntry, readAuthFile } from './auth-files.js';
import {
  DOCKER_HUB,
  DOCKER_HUB_LEGACY_KEY,
  matchAuthKeys,
  matchHelperKey,
  normalizeRegistryHost,
} from './auth-keys.js';
import { type AuthFilePath, type AuthPathPlatform, authFilePaths } from './auth-paths.js';
import { helperGet, type RunHelper } from './cred-helper.js';
import { ANONYMOUS, type CredentialSource, isUsable, type ResolvedCredential } from './credentials.js';

/** Finds the stored credential for a registry (and optionally a repository in it). */
export interface Keychain {
  /**
   * Looks the credential up through the chain below. Resolves to `{ source: { kind: 'anonymous' } }`
   * when nothing is stored.
   * @throws when a file in the chain is unreadable or malformed, or a credential helper named
   *   for this registry fails (there is deliberately no fallback past a broken helper).
   */
  resolve(opts: ResolveOptions): Promise<ResolvedCredential>;
}

/** Options for {@link Keychain.resolve}. */
export interface ResolveOptions {
  /** `host[:port]` as in references: `docker.io`, `localhost:5000`. */
  registry: string;
  /** The repository path, for namespaced keys (`quay.io/org1`). */
  repository?: string;
  signal?: AbortSignal;
}

/** Options for {@link createKeychain}. */
export interface KeychainOptions {
  /** Environment for the default paths, `REGISTRY_AUTH_FILE` and helpers; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** `--authfile` (default `$REGISTRY_AUTH_FILE`): when set, the only file read. */
  authFile?: string;
  helperTimeoutMs?: number;
  runHelper?: RunHelper;
  /** Receives warnings (ignored entries, a missing XDG_RUNTIME_DIR); the core never prints. */
  onWarning?: (msg: string) => void;
  /** Platform details for the default paths; tests pass their own. */
  platform?: AuthPathPlatform;
}

/**
 * Creates the keychain skopeo users expect (containers/image `getCredentialsWithHomeDir`):
 *
 * 1. `--authfile` / `$REGISTRY_AUTH_FILE` if set, and then no other file;
 * 2. otherwise the first file that yields a credential of: `$XDG_RUNTIME_DIR/containers/auth.json`
 *    (Linux without XDG_RUNTIME_DIR: `/run/containers/$UID/auth.json`),
 *    `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`, `$DOCKER_CONFIG/config.json` or
 *    `~/.docker/config.json`, and `~/.dockercfg`.
 *
 * Within one file: `credHelpers[host]` decides alone if present (a miss moves to the next
 * file); then `credsStore` (Docker's default helper, which skopeo ignores but berth honours
 * in any non-legacy file); then `auths`, most specific key first (see `auth-keys.ts`).
 * Entries that hold nothing usable are skipped. Files are re-read on every call, so a login
 * in another terminal is seen; callers cache the result per authenticator.
 */
export function createKeychain(opts: KeychainOptions = {}): Keychain {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? homedir();
  const explicit = opts.authFile ?? (env.REGISTRY_AUTH_FILE || undefined);
  const paths = authFilePaths(env, homeDir, opts.platform);
  const chain: AuthFilePath[] = explicit
    ? [{ path: explicit, kind: 'auth-file', legacy: false }]
    : paths.chain;
  let warnedRuntimeDir = false;

  const warnMissingRuntimeDir = async (): Promise<void> => {
    if (explicit || warnedRuntimeDir || paths.runtimeDir === undefined) return;
    warnedRuntimeDir = true;
    try {
      await stat(paths.runtimeDir);
    } catch {
      opts.onWarning?.(
        `${paths.runtimeDir} (set by $XDG_RUNTIME_DIR) does not exist: create it or unset XDG_RUNTIME_DIR; continuing with the other credential files`,
      );
    }
  };

  return {
    async resolve({ registry, repository, signal }) {
      await warnMissingRuntimeDir();
      for (const entry of chain) {
        const file = await readAuthFile({
          path: entry.path,
          legacy: entry.legacy,
          onWarning: opts.onWarning,
          signal,
        });
        if (!file) continue;
        const found = await findInFile(file, entry.kind, { registry, repository, signal });
        if (found) return found;
      }
      return ANONYMOUS;
    },
  };

  async function findInFile(
    file: AuthFile,
    kind: CredentialSource['kind'],
    q: ResolveOptions,
  ): Promise<ResolvedCredential | undefined> {
    if (!file.legacy) {
      const helperKey = matchHelperKey([...file.credHelpers.keys()], q.registry);
      if (helperKey !== undefined) {
        const helper = file.credHelpers.get(helperKey) as string;
        return askHelper(helper, 'cred-helper', file.path, q);
      }
      if (file.credsStore) {
        const found = await askHelper(file.credsStore, 'creds-store', file.path, q);
        if (found) return found;
      }
    }
    const keys = matchAuthKeys([...file.auths.keys()], { ...q, legacy: file.legacy });
    for (const key of keys) {
      const credential = decodeAuthEntry(file.auths.get(key) ?? {}, {
        key,
        path: file.path,
        onWarning: opts.onWarning,
      });
      if (credential) return { credential, source: { kind, path: file.path, key } };
    }
    return undefined;
  }

  async function askHelper(
    helper: string,
    kind: 'cred-helper' | 'creds-store',
    path: string,
    q: ResolveOptions,
  ): Promise<ResolvedCredential | undefined> {
    // Docker knows Hub by its v1 URL; containers tools store `docker.io`. Ask both, Docker's first.
    const urls =
      normalizeRegistryHost(q.registry) === DOCKER_HUB ? [DOCKER_HUB_LEGACY_KEY, DOCKER_HUB] : [q.registry];
    for (const serverUrl of urls) {
      const credential = await helperGet({
        name: helper,
        serverUrl,
        run: opts.runHelper,
        env,
        timeoutMs: opts.helperTimeoutMs,
        signal: q.signal,
      });
      if (isUsable(credential)) return { credential, source: { kind, path, helper, key: serverUrl } };
    }
    return undefined;
  }
}
