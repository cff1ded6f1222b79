/**
 * registries.conf as containers/image reads it (`sysregistriesv2`): which files, in which
 * order, how they merge, and the questions berth asks of the result — is this registry
 * insecure or blocked, and where can this image be read from (mirrors first).
 *
 * Loading is synchronous: the files are small, read once per process, and the answers
 * are needed from synchronous code (the HTTP layer's per-host TLS decision).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Reference, Repository } from '../ref/index.js';
import { refMatchingPrefix } from './prefix-match.js';
import { type PullSource, pullSourcesFor } from './pull-sources.js';
import {
  parseRegistriesFile,
  type RegistriesFile,
  type RegistryEntry,
  type ShortNameMode,
} from './registries-file.js';
import { InvalidRegistriesConfError } from './toml-fields.js';

export const SYSTEM_REGISTRIES_CONF = '/etc/containers/registries.conf';
export const SYSTEM_REGISTRIES_CONF_DIR = '/etc/containers/registries.conf.d';
const USER_FILE = '.config/containers/registries.conf';
const USER_DIR = '.config/containers/registries.conf.d';
/** containers/image's default when no file names a credential helper. */
const AUTH_FILE_HELPER = 'containers-auth.json';

export interface LoadRegistriesConfOptions {
  /** Read for `CONTAINERS_REGISTRIES_CONF`, `REGISTRIES_CONFIG_PATH` and `HOME`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default `env.HOME`, then the account's home directory. */
  homeDir?: string;
  /** An explicit file (skopeo's hidden `--registries-conf`); wins over the environment. */
  path?: string;
  /** The system file and drop-in directory; tests point these elsewhere. */
  systemPath?: string;
  systemDir?: string;
}

/** A registry is blocked in registries.conf; the message is containers/image's. */
export class BlockedRegistryError extends Error {
  override readonly name = 'BlockedRegistryError';
}

/** The merged configuration and the questions berth asks of it. */
export class RegistriesConf {
  /** Every file that was read, main file first, then drop-ins in order. */
  readonly files: readonly string[];
  /** Sorted by prefix, one entry per prefix (a later file replaces an entry as a whole). */
  readonly registries: readonly RegistryEntry[];
  readonly unqualifiedSearchRegistries: readonly string[];
  readonly credentialHelpers: readonly string[];
  readonly shortNameMode: ShortNameMode;
  /** Short name → full repository (`docker.io/library/alpine`). */
  readonly aliases: ReadonlyMap<string, string>;
  readonly #sources: readonly string[];
  readonly #dirForMessages: string;

  constructor(init: {
    files: string[];
    sources: string[];
    dirForMessages: string;
    merged: Merged;
  }) {
    this.files = init.files;
    this.#sources = init.sources;
    this.#dirForMessages = init.dirForMessages;
    const m = init.merged;
    this.registries = [...m.registries.values()].sort((a, b) =>
      a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0,
    );
    this.unqualifiedSearchRegistries = m.unqualifiedSearchRegistries ?? [];
    this.credentialHelpers =
      m.credentialHelpers && m.credentialHelpers.length > 0 ? m.credentialHelpers : [AUTH_FILE_HELPER];
    this.shortNameMode = m.shortNameMode ?? 'permissive';
    this.aliases = new Map([...m.aliases].filter((e): e is [string, string] => e[1] !== null));
  }

  /**
   * The entry with the longest prefix matching `name`: a `Repository` or `Reference` is
   * matched by its repository name (`docker.io/library/alpine`, as containers/image
   * does), a string as given (`host`, `host/repo`).
   */
  findRegistry(name: string | Repository): RegistryEntry | undefined {
    const s = typeof name === 'string' ? name : `${name.registry}/${name.repository}`;
    let best: RegistryEntry | undefined;
    for (const r of this.registries) {
      if (refMatchingPrefix(s, r.prefix) >= 0 && (!best || r.prefix.length > best.prefix.length)) best = r;
    }
    return best;
  }

  /** TLS need not verify and plain HTTP is allowed (`insecure = true`). */
  isInsecure(name: string | Repository): boolean {
    return this.findRegistry(name)?.insecure ?? false;
  }

  isBlocked(name: string | Repository): boolean {
    return this.findRegistry(name)?.blocked ?? false;
  }

  /** @throws {BlockedRegistryError} when `name` is blocked, with containers/image's message. */
  assertNotBlocked(name: string | Repository): void {
    const reg = this.findRegistry(name);
    if (reg?.blocked) {
      throw new BlockedRegistryError(
        `registry ${reg.prefix} is blocked in ${this.#sources[0]} or ${this.#dirForMessages}`,
      );
    }
  }

  /**
   * Where to read one image from, in order: the mirrors that serve this kind of reference
   * (by digest or by tag), then the primary location. Only for reading a single image;
   * pushes, tag lists and catalogs use the reference as written.
   *
   * @throws {InvalidRegistriesConfError} when a prefix/location rewrite gives an invalid reference.
   */
  pullSources(ref: Reference): PullSource[] {
    const reg = this.findRegistry(ref);
    const sources = reg ? pullSourcesFor(reg, ref) : [{ ...ref, insecure: false, mirror: false }];
    return sources.map((s) => ({ ...s, blocked: this.isBlocked(s) }));
  }

  /** Where configuration comes from, as containers/image describes it (for `--debug`). */
  describeSources(): string {
    return this.#sources.join(', ');
  }
}

interface Merged {
  registries: Map<string, RegistryEntry>;
  unqualifiedSearchRegistries?: readonly string[];
  credentialHelpers?: readonly string[];
  shortNameMode?: ShortNameMode;
  aliases: Map<string, string | null>;
}

function merge(into: Merged, file: RegistriesFile): void {
  for (const r of file.registries) into.registries.set(r.prefix, r);
  if (file.unqualifiedSearchRegistries) into.unqualifiedSearchRegistries = file.unqualifiedSearchRegistries;
  if (file.credentialHelpers) into.credentialHelpers = file.credentialHelpers;
  if (file.shortNameMode) into.shortNameMode = file.shortNameMode;
  for (const [k, v] of file.aliases) into.aliases.set(k, v);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `.conf` files directly in `dir`, in byte order; a missing directory has none. */
function dropInsIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.isDirectory() && e.name.endsWith('.conf'))
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((name) => join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InvalidRegistriesConfError(`reading registries.conf.d: ${errorMessage(err)}`, { cause: err });
  }
}

function readAndParse(path: string, forceV2: boolean, what: string): RegistriesFile {
  try {
    return parseRegistriesFile(readFileSync(path, 'utf8'), { forceV2 });
  } catch (err) {
    throw new InvalidRegistriesConfError(`loading ${what} "${path}": ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * Loads registries.conf with containers/image's rules:
 * 1. The file: an explicit `path`, else `CONTAINERS_REGISTRIES_CONF`, else
 *    `REGISTRIES_CONFIG_PATH`, else `~/.config/containers/registries.conf` if it exists, else
 *    `/etc/containers/registries.conf`. Only an explicitly named file must exist.
 * 2. Drop-ins: `*.conf` in `/etc/containers/registries.conf.d`, then in
 *    `~/.config/containers/registries.conf.d`, each in byte order — except that when the
 *    user's own registries.conf is the file in use, only the user's directory is read.
 * 3. Each drop-in (version 2 only) replaces `[[registry]]` entries with the same prefix and
 *    any top-level setting it sets, and adds or removes aliases.
 *
 * @throws {InvalidRegistriesConfError} naming the file at fault.
 */
export function loadRegistriesConf(opts: LoadRegistriesConfOptions = {}): RegistriesConf {
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? env.HOME ?? homedir();
  const systemPath = opts.systemPath ?? SYSTEM_REGISTRIES_CONF;
  const systemDir = opts.systemDir ?? SYSTEM_REGISTRIES_CONF_DIR;
  const userFile = join(home, USER_FILE);
  const userDir = join(home, USER_DIR);
  // containers/image stops at the first variable that is set, even to '' (which means "default").
  const fromEnv =
    env.CONTAINERS_REGISTRIES_CONF !== undefined
      ? env.CONTAINERS_REGISTRIES_CONF
      : env.REGISTRIES_CONFIG_PATH;
  const explicit = opts.path || fromEnv || undefined;

  let configPath: string;
  let dirs: string[];
  if (explicit) {
    configPath = explicit;
    dirs = [systemDir, userDir];
  } else if (exists(userFile)) {
    configPath = userFile;
    dirs = [userDir];
  } else {
    configPath = systemPath;
    dirs = [systemDir, userDir];
  }

  const merged: Merged = { registries: new Map(), aliases: new Map() };
  const files: string[] = [];
  let main: RegistriesFile | undefined;
  try {
    main = parseRegistriesFile(readFileSync(configPath, 'utf8'));
    files.push(configPath);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing || explicit) {
      throw new InvalidRegistriesConfError(
        `loading registries configuration "${configPath}": ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
  }
  if (main) merge(merged, main);
  for (const dir of dirs) {
    for (const path of dropInsIn(dir)) {
      merge(merged, readAndParse(path, true, 'drop-in registries configuration'));
      files.push(path);
    }
  }
  return new RegistriesConf({
    files,
    sources: [configPath, ...dirs],
    dirForMessages: dirs[dirs.length - 1] ?? systemDir,
    merged,
  });
}
