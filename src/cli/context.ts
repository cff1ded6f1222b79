/**
 * What every command shares: one HTTP layer for the process, registry clients per
 * registry and side (each side of a copy may have its own credentials and TLS rules),
 * the command's AbortSignal (`--command-timeout`, Ctrl-C) and debug output that never
 * carries a secret.
 */
import { homedir } from 'node:os';
import { createKeychain } from '../registry/auth/index.js';
import {
  assertNotBlocked,
  type PullSource,
  type RegistryRules,
  registryAccess,
} from '../registry/config/index.js';
import { createHttp, withoutRetries } from '../registry/http/index.js';
import type { Http } from '../registry/http/types.js';
import { type Reference, registryEndpoint } from '../registry/ref/index.js';
import { RegistryClient } from '../registry/remote/index.js';
import type { ImageAccess } from './image-flags.js';
import { VERSION } from './version.js';

export interface GlobalOptions {
  debug: boolean;
  /** Milliseconds; 0 or undefined for none. */
  commandTimeoutMs?: number;
  insecurePolicy: boolean;
  overrideArch?: string;
  overrideOs?: string;
  overrideVariant?: string;
  policy?: string;
  registriesD?: string;
  tmpdir?: string;
  userAgentPrefix?: string;
}

/**
 * registries.conf answers the context needs; absent means "no configuration". Names are a
 * host (`quay.io`) or a repository (`quay.io/ns/app`), matched by the longest prefix.
 */
export interface RegistryPolicy extends RegistryRules {
  /** Where one image is read from: mirrors, then the primary (default: the primary alone). */
  pullSources?(ref: Reference): PullSource[];
}

/** Options for {@link CliContext.clientFor}. */
export interface ClientForOptions {
  /**
   * The repository the client is for. registries.conf entries may name a repository or a
   * namespace, so `blocked` and `insecure` are decided for it, as containers/image does;
   * without it, for the registry as a whole (login, catalog).
   */
  repository?: string;
  /**
   * Send each request once, without the HTTP layer's retries: for trying a registries.conf
   * mirror, which is passed over at once when it does not answer, as containers/image does.
   */
  probe?: boolean;
}

export interface CliContextOptions {
  globals: GlobalOptions;
  env?: NodeJS.ProcessEnv;
  stderr?: NodeJS.WritableStream;
  registries?: RegistryPolicy;
  /** Injected by tests; defaults to a fresh process-wide HTTP layer. */
  http?: Http;
}

export class CliContext {
  readonly globals: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly http: Http;
  readonly signal: AbortSignal;
  readonly #abort = new AbortController();
  readonly #stderr: NodeJS.WritableStream;
  readonly #registries: RegistryPolicy | undefined;
  // Per-host TLS decisions made by the sides' flags; the Http layer asks through these.
  readonly #certDirs = new Map<string, string>();
  readonly #clients = new Map<string, RegistryClient>();
  #probeHttp: Http | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: CliContextOptions) {
    this.globals = opts.globals;
    this.env = opts.env ?? process.env;
    this.#stderr = opts.stderr ?? process.stderr;
    this.#registries = opts.registries;
    const prefix = opts.globals.userAgentPrefix ? `${opts.globals.userAgentPrefix} ` : '';
    this.http =
      opts.http ??
      createHttp({
        userAgent: `${prefix}berth/${VERSION}`,
        env: this.env,
        certDirFor: (host) => this.#certDirs.get(host),
      });
    const ms = opts.globals.commandTimeoutMs;
    if (ms && ms > 0) {
      this.#timer = setTimeout(
        () => this.#abort.abort(new Error(`command timed out after ${ms / 1000}s`)),
        ms,
      );
      this.#timer.unref();
    }
    this.signal = this.#abort.signal;
  }

  /** Cancels everything in flight (Ctrl-C). */
  abort(reason: unknown): void {
    this.#abort.abort(reason);
  }

  debug(message: string): void {
    if (this.globals.debug) this.#stderr.write(`DEBU ${message}\n`);
  }

  /** @throws when registries.conf blocks `name` (a host or a repository), with containers/image's message. */
  assertNotBlocked(name: string): void {
    assertNotBlocked(this.#registries, name);
  }

  /** Where to read the image `ref` from, in order (registries.conf mirrors, then the primary). */
  pullSources(ref: Reference): PullSource[] {
    const r = this.#registries;
    if (r?.pullSources) return r.pullSources(ref);
    return [{ ...ref, insecure: r?.isInsecure(`${ref.registry}/${ref.repository}`) ?? false, mirror: false }];
  }

  /**
   * The client for `registry` as one side's flags describe access to it. registries.conf
   * is consulted for `opts.repository` when given: a blocked name is refused here, and
   * `insecure` applies unless the flags say `--tls-verify`.
   */
  clientFor(registry: string, access: ImageAccess, opts: ClientForOptions = {}): RegistryClient {
    const { insecure } = registryAccess({
      rules: this.#registries,
      registry,
      ...(opts.repository ? { repository: opts.repository } : {}),
      ...(access.tlsVerify !== undefined ? { tlsVerify: access.tlsVerify } : {}),
    });
    const key = JSON.stringify([
      registry,
      insecure,
      access.authFile,
      access.noCreds,
      access.certDir,
      access.credential ? 'flag' : '',
      opts.probe === true,
    ]);
    const cached = this.#clients.get(key);
    // A credential from flags is never shared through the cache key; it is compared by identity.
    if (cached && !access.credential) return cached;
    // The HTTP layer sees API hosts (registry-1.docker.io for docker.io). TLS verification is
    // the client's (RegistryClient's `insecure`), not the host's.
    if (access.certDir)
      for (const host of new Set([registry, registryEndpoint(registry)]))
        this.#certDirs.set(host, access.certDir);
    const client = new RegistryClient({
      http: opts.probe ? this.#noRetryHttp() : this.http,
      registry,
      insecure,
      ...(access.credential ? { credential: access.credential } : {}),
      ...(access.noCreds || access.credential
        ? {}
        : {
            keychain: createKeychain({
              env: this.env,
              // The environment may be a test's or a sandbox's: its HOME decides, not the process's.
              homeDir: this.env.HOME || homedir(),
              ...(access.authFile ? { authFile: access.authFile } : {}),
              onWarning: (msg) => this.debug(msg),
            }),
          }),
    });
    if (!access.credential) this.#clients.set(key, client);
    return client;
  }

  /** The process's HTTP layer with retries off (every request marked non-idempotent). */
  #noRetryHttp(): Http {
    this.#probeHttp ??= withoutRetries(this.http);
    return this.#probeHttp;
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    await this.http.close();
  }
}
