/**
 * What the store needs from the outside world, injected so tests pass real objects built
 * against the test registries (never mocks of the core) and the TUI entry passes the
 * process's. Nothing in the store reaches for `process`, the file system or the network
 * except through these.
 */
import type { AuthFilePath, Credential, Keychain, RunHelper } from '../registry/auth/index.js';
import type { PullSource, RegistriesConf } from '../registry/config/index.js';
import type { copyImage } from '../registry/copy/index.js';
import type { AuthTarget } from '../registry/login/index.js';
import type { Descriptor } from '../registry/manifest/index.js';
import type { ImageName } from '../registry/ref/index.js';
import type { HubSearchResult, RateLimit, RegistryClient } from '../registry/remote/index.js';
import type { OpenOptions } from '../registry/transports/open.js';
import type { ImageDestination, ImageSource } from '../registry/transports/types.js';
import type { RecentRegistries } from './recent-registries.js';
import type { SavedRepositories } from './saved-repositories.js';

/** How the store asks for a registry client. */
export interface ClientRequest {
  /** Use this credential instead of the keychain (the login form's check). */
  credential?: Credential;
  /** false: allow plain http and unverified TLS; undefined: as registries.conf says. */
  tlsVerify?: boolean;
  /**
   * The repository the client is for: registries.conf entries may name a repository or a
   * namespace, so `blocked` and `insecure` are decided for it; without it, for the registry
   * as a whole (the catalog, login).
   */
  repository?: string;
  /** Send each request once, without the HTTP layer's retries (trying a registries.conf mirror). */
  probe?: boolean;
  /** Docker Hub's `ratelimit-*` headers, as seen on manifest responses. */
  onRateLimit?: (limit: RateLimit) => void;
}

/** Where logins are written and how credential helpers are run. */
export interface LoginDeps {
  /** The file `berth login` would write (`resolveAuthTarget`). */
  target: AuthTarget;
  /** The environment credential helpers run with. */
  env: NodeJS.ProcessEnv;
  /** The credential files the registries screen lists, in lookup order. */
  files: readonly AuthFilePath[];
  /** Test seam for credential helpers. */
  runHelper?: RunHelper;
}

/** How the store opens an image for reading. */
export interface SourceOptions extends OpenOptions {
  /**
   * The client for one place a docker:// image may be read from: registries.conf's mirrors,
   * then the registry (see `openPulledSource`); `probe` as in {@link ClientRequest}. Without
   * it the image is read from its registry alone, through `registryClient`.
   */
  pullClient?(source: PullSource, opts: { probe: boolean }): RegistryClient;
}

/** Everything the store uses from the core and the machine. */
export interface BerthDeps {
  /**
   * A new client for `registry` (the store caches them per registry and TLS choice).
   *
   * @throws when registries.conf blocks the registry (or `opts.repository` in it).
   */
  clientFor(registry: string, opts?: ClientRequest): RegistryClient;
  /** Finds the stored credential for the status bar's "who you are". */
  keychain: Keychain;
  login: LoginDeps;
  /** registries.conf; undefined when there is none. May throw when a file is broken. */
  registriesConf(): RegistriesConf | undefined;
  /** Recently used registries, kept between runs. */
  recents: RecentRegistries;
  /**
   * Opens an image for reading: the transports' `openImageSource`, with a docker:// image
   * read through registries.conf's mirrors when `pullClient` is given, as the command line
   * reads one. The store passes its own clients so images share them (and their tokens).
   */
  openSource(name: ImageName, opts: SourceOptions): Promise<ImageSource>;
  /** Opens an image for writing: the transports' `openImageDestination`. */
  openDestination(name: ImageName, opts: OpenOptions): Promise<ImageDestination>;
  copyImage: typeof copyImage;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  clock(): number;
  /**
   * Lists a directory (relative to the working directory), for completing local paths in the
   * Copy screen's destination. Absent: paths are not completed.
   */
  listDirectory?(path: string): Promise<readonly { name: string; directory: boolean }[]>;
  /** Docker Hub's v1 search (the Repositories screen on docker.io; tests point it at a fake). */
  searchHub(opts: { term: string; limit?: number; signal?: AbortSignal }): Promise<HubSearchResult[]>;
  /** Bookmarked and recently opened repositories, kept between runs. */
  savedRepositories: SavedRepositories;
  /** The entries of an OCI layout's `index.json` (the images an `oci:` layout lists as its tags). */
  readLayoutIndex(opts: { path: string; signal?: AbortSignal }): Promise<readonly Descriptor[]>;
  /** Receives warnings the core reports (unreadable files, ignored entries); never secrets. */
  onWarning?(message: string): void;
}
