/**
 * Per-host TLS settings: which CAs to trust, which client certificate to present, and
 * whether to verify at all. Built once per host and cached, because reading certs.d and
 * parsing a few hundred CA certificates is too slow to repeat for every connection.
 *
 * Rules (containers-certs.d(5), containers/image `docker_client.go`):
 *  1. The certificate directory for `host[:port]` is `certDirFor(host)` when given
 *     (`--cert-dir`), otherwise the first *existing* `<base>/<host[:port]>` of `certDirs`.
 *     Only that one directory is read. Docker Hub's API host uses the name `docker.io`.
 *  2. Its `*.crt` files are appended to the system CAs (see system-ca.ts), never replace them.
 *  3. Its `*.cert`/`*.key` pairs are client certificates.
 *  4. An insecure host (`--tls-verify=false`, registries.conf `insecure = true`) skips
 *     verification but still presents its client certificates.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SecureContext } from 'node:tls';
import { readCertsDir } from './certs-dir.js';
import { loadSystemCa } from './system-ca.js';

/** What a TLS connection to one host is set up with. */
export interface TlsSettings {
  /** Equal for hosts whose settings are equal, so connectors can be shared. */
  id: string;
  secureContext: SecureContext;
  rejectUnauthorized: boolean;
  /** The certs.d directory that was read, if any. */
  certDir: string | undefined;
}

export interface TlsResolverOptions {
  env: NodeJS.ProcessEnv;
  /** certs.d bases searched in order; defaults to `defaultCertDirs(env)`. */
  certDirs?: readonly string[];
  /** A directory to use for a host instead of searching `certDirs` (`--cert-dir`). */
  certDirFor?: (host: string) => string | undefined;
  /** Hosts (`host[:port]`) whose certificates are not verified. */
  insecureHosts?: (host: string) => boolean;
  /** System CA bundle candidates; see `SYSTEM_CA_FILES`. */
  systemCaFiles?: readonly string[];
}

export interface TlsResolver {
  /** Settings for `host` as in `URL.host` (`name`, `name:port` or `[v6]:port`). */
  forHost(host: string): Promise<TlsSettings>;
}

/** The certs.d search path containers/image uses. */
export function defaultCertDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  return [join(home, '.config/containers/certs.d'), '/etc/containers/certs.d', '/etc/docker/certs.d'];
}

/** The certs.d directory name for a host: Docker Hub's API host is configured as `docker.io`. */
export function certsDirName(host: string): string {
  return host.toLowerCase() === 'registry-1.docker.io' ? 'docker.io' : host;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Creates a resolver that builds and caches `TlsSettings` per host, following the rules above. */
export function createTlsResolver(opts: TlsResolverOptions): TlsResolver {
  const bases = opts.certDirs ?? defaultCertDirs(opts.env);
  const cache = new Map<string, Promise<TlsSettings>>();
  let systemCa: Promise<string[]> | undefined;
  let systemContext: SecureContext | undefined;
  let insecureContext: SecureContext | undefined;

  const loadCa = (): Promise<string[]> => {
    systemCa ??= loadSystemCa({
      env: opts.env,
      ...(opts.systemCaFiles ? { files: opts.systemCaFiles } : {}),
    });
    return systemCa;
  };

  const findDir = async (host: string): Promise<string | undefined> => {
    const explicit = opts.certDirFor?.(host);
    if (explicit !== undefined) return explicit;
    for (const base of bases) {
      const dir = join(base, certsDirName(host));
      if (await isDirectory(dir)) return dir;
    }
    return undefined;
  };

  const build = async (host: string): Promise<TlsSettings> => {
    // Looked up on the first https connection: loading node:tls costs every start ~2 ms
    // (bench/), and most short commands talk plain HTTP or nothing.
    const { createSecureContext } = process.getBuiltinModule('node:tls');
    const insecure = opts.insecureHosts?.(host) ?? false;
    const dir = await findDir(host);
    const contents = dir === undefined ? undefined : await readCertsDir(dir);
    const mode = insecure ? 'insecure' : 'verify';
    if (insecure && (!contents || contents.clients.length === 0)) {
      insecureContext ??= createSecureContext({});
      return { id: mode, secureContext: insecureContext, rejectUnauthorized: false, certDir: undefined };
    }
    const ca = await loadCa();
    if (!contents || (contents.ca.length === 0 && contents.clients.length === 0)) {
      systemContext ??= createSecureContext({ ca });
      return { id: mode, secureContext: systemContext, rejectUnauthorized: !insecure, certDir: undefined };
    }
    let secureContext: SecureContext;
    try {
      secureContext = createSecureContext({
        ca: [...ca, ...contents.ca],
        ...(contents.clients.length > 0
          ? { cert: contents.clients.map((c) => c.cert), key: contents.clients.map((c) => c.key) }
          : {}),
      });
    } catch (err) {
      throw new Error(`certs.d: ${contents.dir}: ${(err as Error).message}`, { cause: err });
    }
    return {
      id: `${mode}:${contents.dir}`,
      secureContext,
      rejectUnauthorized: !insecure,
      certDir: contents.dir,
    };
  };

  return {
    forHost(host: string): Promise<TlsSettings> {
      const key = host.toLowerCase();
      let settings = cache.get(key);
      if (!settings) {
        settings = build(key);
        // A broken certs.d is reported each time it is used, so a fix takes effect without a restart.
        settings.catch(() => cache.delete(key));
        cache.set(key, settings);
      }
      return settings;
    },
  };
}
