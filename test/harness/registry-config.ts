import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';

/** Auth modes the harness can start a registry in. */
export type RegistryMode = 'plain' | 'basic' | 'token' | 'tls' | 'tls-basic';

/** Inputs for {@link buildRegistryConfig}; paths are absolute. */
export interface RegistryConfigInput {
  port: number;
  storageDir: string;
  deleteEnabled: boolean;
  tls?: { certFile: string; keyFile: string };
  htpasswdFile?: string;
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

/**
 * Builds a distribution 2.8 `config.yml`.
 *
 * Choices that matter:
 * - `http.host` is left unset, so upload `Location` headers are built from each request's `Host`
 *   header (a proxy that forwards `Host` gets its own address back).
 * - Health checks and upload purging are off: both start background goroutines that only add noise.
 * - The access log is off and the level is `warn`, so the log file holds what explains a failure.
 * - `catalog.maxentries` keeps its default of 1000: `/_catalog?n=` above it is a 400
 *   `PAGINATION_NUMBER_INVALID`.
 */
export function buildRegistryConfig(input: RegistryConfigInput): string {
  const http: Record<string, unknown> = {
    addr: `127.0.0.1:${input.port}`,
    secret: randomBytes(16).toString('hex'),
  };
  if (input.tls) http.tls = { certificate: input.tls.certFile, key: input.tls.keyFile };

  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: input.storageDir },
      delete: { enabled: input.deleteEnabled },
      cache: { blobdescriptor: 'inmemory' },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http,
    health: { storagedriver: { enabled: false } },
  };
  if (input.htpasswdFile) {
    config.auth = { htpasswd: { realm: 'berth-test-basic', path: input.htpasswdFile } };
  } else if (input.token) {
    const t = input.token;
    config.auth = {
      token: { realm: t.realm, service: t.service, issuer: t.issuer, rootcertbundle: t.rootCertBundle },
    };
  }
  return stringify(config);
}
