/**
 * The real {@link BerthDeps}: one HTTP layer for the run, the keychain skopeo users expect,
 * the credential file `berth login` writes, registries.conf (read once, on first use), recent
 * registries under the XDG state directory, the transports and the copy engine. The TUI entry
 * calls this with the process's environment; tests call it with a sandbox's.
 */
import { readdir } from 'node:fs/promises';
import { authFilePaths, createKeychain } from '../registry/auth/index.js';
import {
  type LoadRegistriesConfOptions,
  loadRegistriesConf,
  type RegistriesConf,
} from '../registry/config/index.js';
import { copyImage } from '../registry/copy/index.js';
import { createHttp, type HttpOptions } from '../registry/http/index.js';
import type { Http } from '../registry/http/types.js';
import { resolveAuthTarget } from '../registry/login/index.js';
import { registryEndpoint } from '../registry/ref/index.js';
import { RegistryClient, searchHub } from '../registry/remote/index.js';
import { readLayout } from '../registry/transports/oci/index.js';
import { openImageDestination, openImageSource } from '../registry/transports/open.js';
import type { BerthDeps } from './deps.js';
import { createRecentRegistriesFile, recentRegistriesPath } from './recent-registries.js';
import { createSavedRepositoriesFile, savedRepositoriesPath } from './saved-repositories.js';

/** Options for {@link createBerthDeps}. */
export interface BerthDepsOptions {
  env: NodeJS.ProcessEnv;
  /** Home of the default credential, config and state files. */
  homeDir: string;
  userAgent?: string;
  /** HTTP layer settings (tests: the harness's certs.d, short retry delays). */
  http?: Partial<HttpOptions>;
  /** Where registries.conf is read from (tests point the system files elsewhere). */
  registriesConf?: Omit<LoadRegistriesConfOptions, 'env' | 'homeDir'>;
  clock?: () => number;
  onWarning?: (message: string) => void;
  /** Where Docker Hub searches go (tests: a fake on loopback); default Hub's v1 search. */
  hubSearchEndpoint?: string;
}

/** {@link BerthDeps} plus what the entry must release at exit. */
export interface OwnedBerthDeps extends BerthDeps {
  http: Http;
  close(): Promise<void>;
}

/** Builds the real dependencies. */
export function createBerthDeps(opts: BerthDepsOptions): OwnedBerthDeps {
  const { env, homeDir } = opts;
  const onWarning = opts.onWarning;
  // Per-host TLS choices, asked by the HTTP layer (API hosts: registry-1.docker.io for docker.io).
  const insecureHosts = new Set<string>();
  const http = createHttp({
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    env,
    insecureHosts: (host) => insecureHosts.has(host),
    ...opts.http,
  });

  let conf: { value: RegistriesConf | undefined } | { error: unknown } | undefined;
  const registriesConf = (): RegistriesConf | undefined => {
    if (!conf) {
      try {
        conf = { value: loadRegistriesConf({ env, homeDir, ...opts.registriesConf }) };
      } catch (error) {
        conf = { error };
      }
    }
    if ('error' in conf) throw conf.error;
    return conf.value;
  };
  // A broken registries.conf is reported by the registries screen; here it means "no rules".
  const confOrNone = (): RegistriesConf | undefined => {
    try {
      return registriesConf();
    } catch {
      return undefined;
    }
  };

  const keychain = createKeychain({ env, homeDir, ...(onWarning ? { onWarning } : {}) });
  const target = resolveAuthTarget({ env, homeDir });
  const files = target.lookupFile
    ? [
        {
          path: target.lookupFile,
          kind: target.compat ? ('docker-config' as const) : ('auth-file' as const),
          legacy: false,
        },
      ]
    : authFilePaths(env, homeDir).chain;

  return {
    http,
    clientFor(registry, req = {}) {
      const c = confOrNone();
      if (c?.isBlocked(registry)) throw new Error(`registry ${registry} is blocked in registries.conf`);
      const insecure =
        req.tlsVerify === false || (req.tlsVerify === undefined && (c?.isInsecure(registry) ?? false));
      if (insecure)
        for (const host of new Set([registry, registryEndpoint(registry)])) insecureHosts.add(host);
      return new RegistryClient({
        http,
        registry,
        insecure,
        ...(req.credential ? { credential: req.credential } : { keychain }),
        ...(req.onRateLimit ? { onRateLimit: req.onRateLimit } : {}),
      });
    },
    keychain,
    login: { target, env, files },
    registriesConf,
    recents: createRecentRegistriesFile(recentRegistriesPath(env, homeDir)),
    openSource: (name, o) => openImageSource(name, o),
    openDestination: (name, o) => openImageDestination(name, o),
    copyImage,
    clock: opts.clock ?? Date.now,
    searchHub: (o) =>
      searchHub(http, { ...o, ...(opts.hubSearchEndpoint ? { endpoint: opts.hubSearchEndpoint } : {}) }),
    savedRepositories: createSavedRepositoriesFile(savedRepositoriesPath(env, homeDir)),
    readLayoutIndex: async (o) => (await readLayout(o)).index.doc.manifests,
    listDirectory: async (path) =>
      (await readdir(path, { withFileTypes: true })).map((e) => ({
        name: e.name,
        directory: e.isDirectory(),
      })),
    ...(onWarning ? { onWarning } : {}),
    close: () => http.close(),
  };
}
