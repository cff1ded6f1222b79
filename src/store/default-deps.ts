/**
 * The real {@link BerthDeps}: one HTTP layer for the run, the keychain skopeo users expect,
 * the credential file `berth login` writes, registries.conf (read once, on first use, from
 * where the command line reads it: CONTAINERS_REGISTRIES_CONF, REGISTRIES_CONFIG_PATH, the
 * user's file, the system's, and their drop-ins) applied as the command line applies it
 * (blocked names refused, `insecure` honoured, single images read through mirrors), recent
 * registries under the XDG state directory, the transports and the copy engine. The TUI
 * entry calls this with the process's environment; tests call it with a sandbox's.
 */
import { readdir } from 'node:fs/promises';
import { authFilePaths, createKeychain } from '../registry/auth/index.js';
import {
  type LoadRegistriesConfOptions,
  loadRegistriesConf,
  type RegistriesConf,
  registryAccess,
} from '../registry/config/index.js';
import { copyImage } from '../registry/copy/index.js';
import { createHttp, type HttpOptions, withoutRetries } from '../registry/http/index.js';
import type { Http } from '../registry/http/types.js';
import { resolveAuthTarget } from '../registry/login/index.js';
import type { ImageName } from '../registry/ref/index.js';
import { RegistryClient, searchHub } from '../registry/remote/index.js';
import { openPulledSource } from '../registry/transports/docker/pulled-source.js';
import { readLayout } from '../registry/transports/oci/index.js';
import { openImageDestination, openImageSource } from '../registry/transports/open.js';
import type { ImageSource } from '../registry/transports/types.js';
import type { BerthDeps, SourceOptions } from './deps.js';
import { createRecentRegistriesFile, recentRegistriesPath } from './recent-registries.js';
import { asError } from './requests.js';
import { createSavedRepositoriesFile, savedRepositoriesPath } from './saved-repositories.js';
import { describeChain } from './session-slice.js';

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
  const http = createHttp({
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    env,
    ...opts.http,
  });
  const probeHttp = withoutRetries(http);

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
      const { insecure } = registryAccess({
        // A broken registries.conf refuses every request, as the command line does: its rules
        // may block this registry, and ignoring them could send credentials where they must not go.
        rules: registriesConf(),
        registry,
        ...(req.repository ? { repository: req.repository } : {}),
        ...(req.tlsVerify !== undefined ? { tlsVerify: req.tlsVerify } : {}),
      });
      return new RegistryClient({
        http: req.probe ? probeHttp : http,
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
    openSource: (name, o) => openSource(name, o, registriesConf),
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

/**
 * A docker:// image through registries.conf's mirrors, then its registry, when the caller
 * says how to reach each place (`pullClient`); anything else as the transports open it.
 */
async function openSource(
  name: ImageName,
  opts: SourceOptions,
  conf: () => RegistriesConf | undefined,
): Promise<ImageSource> {
  const { pullClient, ...open } = opts;
  if (name.transport !== 'docker' || !pullClient) return openImageSource(name, open);
  const { ref } = name;
  return openPulledSource({
    ref,
    sources: conf()?.pullSources(ref) ?? [{ ...ref, insecure: false, mirror: false }],
    client: pullClient,
    tagClient: () => {
      if (!open.registryClient) throw new Error('docker:// needs a registry client');
      return open.registryClient(ref.registry, ref.repository);
    },
    describe: (error) => describeChain(asError(error)),
    ...(open.signal ? { signal: open.signal } : {}),
  });
}
