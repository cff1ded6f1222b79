import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { makeTempDir, removeTempDir } from './cleanup.js';
import { getFreePort } from './free-port.js';
import { getPki } from './pki.js';
import { buildRegistryConfig, type RegistryMode } from './registry-config.js';
import { type RegistryProcess, RegistryStartError, spawnRegistry } from './registry-process.js';
import { requireBinaries } from './require-binary.js';
import { defaultTokenPolicy, type TokenPolicy } from './token-scope.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export type { RegistryMode } from './registry-config.js';

/** Token `service` (the JWT `aud`) every token-mode registry is configured with. */
export const TOKEN_SERVICE = 'berth-test';
/** Token `issuer` (the JWT `iss`) every token-mode registry is configured with. */
export const TOKEN_ISSUER = 'berth-test-issuer';

/** Users when none are given for an auth mode. */
export const DEFAULT_USERS: Readonly<Record<string, string>> = { tester: 'tester-password' };

/** Options for {@link startRegistry}. */
export interface StartRegistryOptions {
  mode: RegistryMode;
  /** user → password; defaults to {@link DEFAULT_USERS} for `basic`, `tls-basic` and `token`. */
  users?: Record<string, string>;
  /** Token mode only; defaults to {@link defaultTokenPolicy}. */
  tokenPolicy?: TokenPolicy;
  /** Token mode only: lifetime of issued tokens in seconds (default 300). */
  tokenTtlSeconds?: number;
  /** `storage.delete.enabled`; default true. */
  deleteEnabled?: boolean;
  signal?: AbortSignal;
}

/** A running registry. Call {@link RegistryInstance.stop} in `afterAll`. */
export interface RegistryInstance {
  /** `127.0.0.1:PORT`, as used in image references. */
  host: string;
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  url: string;
  mode: RegistryMode;
  /** Accounts the registry (basic) or its token server (token) accepts; `{}` for plain and tls. */
  users: Record<string, string>;
  /** TLS modes: the CA certificate file that signed the server certificate. */
  caFile?: string;
  caPem?: string;
  /** TLS modes: a certs.d-style directory holding `<host>/ca.crt`. */
  certsDir?: string;
  /** Token mode: the JWT issuer the registry's challenge points at. */
  tokenServer?: TokenServer;
  /** Temp dir holding config.yml, registry.log and the storage root; removed by `stop()`. */
  dataDir: string;
  /** The filesystem driver's root directory (inside `dataDir`). */
  storageDir: string;
  configFile: string;
  logFile: string;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/**
 * Starts a real distribution (`docker-registry` 2.8) on a free 127.0.0.1 port with filesystem storage
 * in a fresh temp dir, and resolves once `GET /v2/` answers. Throws, never skips, when
 * `docker-registry` or `openssl` is missing.
 *
 * distribution 2.8.2 behaviours, pinned by the self-tests (`registry-quirks.test.ts`):
 * - chunked `PATCH` uploads work; `Content-Range` is not checked against the upload's offset.
 * - cross-repository mount (`POST …/uploads/?mount=D&from=R`) answers 201 with the blob's `Location`.
 * - `_catalog` paginates with `?n=` and `Link: </v2/_catalog?last=…&n=…>; rel="next"`; `n` above
 *   `catalog.maxentries` (default 1000) is a 400 `PAGINATION_NUMBER_INVALID`.
 * - `/tags/list` ignores `n` and `last` and returns every tag unsorted with no `Link`; put a fault proxy
 *   with `paginateTags: true` in front to test pagination.
 * - an OCI index (or Docker manifest list) requested without a matching `Accept` is a 404
 *   `MANIFEST_UNKNOWN`, not a fallback.
 * - a repository without tags answers `/tags/list` with 404 `NAME_UNKNOWN`.
 * - `/v2/` in token mode challenges with `Bearer realm=…,service="berth-test"` and no scope; a
 *   token lacking an action gets 401 with `error="insufficient_scope"`.
 * - upload and blob `Location` headers are absolute URLs built from the request's `Host`.
 * - one tag `PUT` costs about 2 ms of registry CPU; use `pushTags({ method: 'storage' })` for
 *   thousands of tags.
 */
export async function startRegistry(opts: StartRegistryOptions): Promise<RegistryInstance> {
  requireBinaries(['docker-registry', 'openssl']);
  const { mode } = opts;
  const tls = mode === 'tls' || mode === 'tls-basic';
  const needsUsers = mode === 'basic' || mode === 'tls-basic' || mode === 'token';
  const users = needsUsers ? { ...(opts.users ?? DEFAULT_USERS) } : {};
  const pki = await getPki();
  const dataDir = makeTempDir('registry');
  const storageDir = join(dataDir, 'storage');
  mkdirSync(storageDir);
  const file = (name: string, content: string) => {
    const path = join(dataDir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const tlsFiles = tls
    ? { certFile: file('server.crt', pki.serverCertPem), keyFile: file('server.key', pki.serverKeyPem) }
    : undefined;

  let htpasswdFile: string | undefined;
  if (mode === 'basic' || mode === 'tls-basic') {
    htpasswdFile = join(dataDir, 'htpasswd');
    // Cost 4 is the bcrypt minimum; Go's bcrypt accepts bcryptjs's `$2b$` prefix.
    const lines = Object.entries(users).map(([user, password]) => `${user}:${bcrypt.hashSync(password, 4)}`);
    writeFileSync(htpasswdFile, `${lines.join('\n')}\n`);
  }

  let tokenServer: TokenServer | undefined;
  if (mode === 'token') {
    tokenServer = await startTokenServer({
      service: TOKEN_SERVICE,
      issuer: TOKEN_ISSUER,
      users,
      policy: opts.tokenPolicy ?? defaultTokenPolicy,
      keyPem: pki.tokenKeyPem,
      certDerBase64: pki.tokenCertDerBase64,
      ...(opts.tokenTtlSeconds !== undefined ? { ttlSeconds: opts.tokenTtlSeconds } : {}),
    });
  }

  const configFile = join(dataDir, 'config.yml');
  const logFile = join(dataDir, 'registry.log');
  let proc: RegistryProcess | undefined;
  let port = 0;
  try {
    for (let attempt = 1; proc === undefined; attempt++) {
      port = await getFreePort(opts.signal ? { signal: opts.signal } : {});
      writeFileSync(
        configFile,
        buildRegistryConfig({
          port,
          storageDir,
          deleteEnabled: opts.deleteEnabled ?? true,
          ...(tlsFiles ? { tls: tlsFiles } : {}),
          ...(htpasswdFile ? { htpasswdFile } : {}),
          ...(tokenServer
            ? {
                token: {
                  realm: tokenServer.realm,
                  service: TOKEN_SERVICE,
                  issuer: TOKEN_ISSUER,
                  rootCertBundle: file('token-signer.crt', pki.tokenCertPem),
                },
              }
            : {}),
        }),
      );
      try {
        proc = await spawnRegistry({
          configFile,
          logFile,
          url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
          ...(tls ? { caPem: pki.caPem } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } catch (err) {
        // Another process can grab the port between getFreePort and the registry's bind.
        if (!(err instanceof RegistryStartError && err.addressInUse) || attempt >= START_ATTEMPTS) throw err;
      }
    }
  } catch (err) {
    await tokenServer?.stop();
    removeTempDir(dataDir);
    throw new Error(`starting docker-registry (${mode})`, { cause: err });
  }

  const host = `127.0.0.1:${port}`;
  const instance: RegistryInstance = {
    host,
    url: `${tls ? 'https' : 'http'}://${host}`,
    mode,
    users,
    dataDir,
    storageDir,
    configFile,
    logFile,
    stop: async () => {
      await proc.stop();
      await tokenServer?.stop();
      removeTempDir(dataDir);
    },
  };
  if (tls) {
    const certsDir = join(dataDir, 'certs.d');
    mkdirSync(join(certsDir, host), { recursive: true });
    writeFileSync(join(certsDir, host, 'ca.crt'), pki.caPem);
    Object.assign(instance, { caFile: file('ca.crt', pki.caPem), caPem: pki.caPem, certsDir });
  }
  if (tokenServer) instance.tokenServer = tokenServer;
  return instance;
}
