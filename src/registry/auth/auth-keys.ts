/**
 * How `auths` and `credHelpers` keys in auth files are matched to a registry and repository.
 *
 * Keys are written by many tools over many years, so they are normalised before matching:
 * - `http://` and `https://` are stripped, and a URL key loses its path too
 *   (`https://index.docker.io/v1/` and `http://myreg:5000/v1/` are host keys);
 * - in the legacy `~/.dockercfg` every key is a host key;
 * - `docker.io`, `index.docker.io` and `registry-1.docker.io` are one registry, `docker.io`;
 * - the port is part of the host (`myreg:5000` is not `myreg`);
 * - the host is compared case-insensitively, because DNS names are: `LOCALHOST:5000` matches
 *   `localhost:5000`. containers/image compares exactly; berth still prefers an exact key
 *   when both spellings are present, so this only finds more, never something else.
 *   Paths are compared exactly (repository names are lower-case anyway).
 *
 * Namespaced keys (`quay.io/org1`) match on whole path segments: `quay.io/org1` applies to
 * `quay.io/org1/app` but not to `quay.io/org1x/app`. The most specific key wins.
 */

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry name used for Docker Hub in keys and in berth. */
export const DOCKER_HUB = 'docker.io';

/** The key Docker itself uses for Docker Hub, and the server URL its helpers know Hub by. */
export const DOCKER_HUB_LEGACY_KEY = 'https://index.docker.io/v1/';

/** Lower-cases a `host[:port]` and maps Docker Hub's aliases to `docker.io`. */
export function normalizeRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** Options for {@link normalizeAuthKey}. */
export interface NormalizeKeyOptions {
  /** Keys of a legacy `.dockercfg` are host keys; any path is dropped. */
  legacy?: boolean;
}

/**
 * The normalised form of an `auths` key: `host` or `host/path`, or undefined when the key
 * has no host.
 */
export function normalizeAuthKey(key: string, opts: NormalizeKeyOptions = {}): string | undefined {
  const scheme = /^https?:\/\//i.exec(key);
  const rest = scheme ? key.slice(scheme[0].length) : key;
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  if (host === '') return undefined;
  const normalizedHost = normalizeRegistryHost(host);
  if (scheme || opts.legacy || slash < 0) return normalizedHost;
  const path = rest.slice(slash + 1).replace(/\/+$/, '');
  return path === '' ? normalizedHost : `${normalizedHost}/${path}`;
}

/**
 * The lookup keys for `registry` and `repository`, most specific first:
 * `host/ns/repo`, `host/ns`, `host`. `raw` uses the registry as spelled, `normalized` as
 * normalised by {@link normalizeRegistryHost}.
 */
export function authKeyCandidates(
  registry: string,
  repository?: string,
): { raw: string[]; normalized: string[] } {
  const segments = repository ? repository.split('/').filter((s) => s !== '') : [];
  const build = (host: string): string[] => {
    const out: string[] = [];
    for (let i = segments.length; i > 0; i--) out.push(`${host}/${segments.slice(0, i).join('/')}`);
    out.push(host);
    return out;
  };
  return { raw: build(registry), normalized: build(normalizeRegistryHost(registry)) };
}

/** Options for {@link matchAuthKeys}. */
export interface MatchKeysOptions {
  registry: string;
  repository?: string;
  /** Match only host keys, as in a legacy `.dockercfg`. */
  legacy?: boolean;
}

/**
 * Orders the keys of an `auths` map that apply to a registry/repository, best first: for
 * each candidate from most to least specific, the key spelled exactly like the candidate,
 * then keys that normalise to it in file order. Keys that do not apply are left out.
 */
export function matchAuthKeys(keys: readonly string[], opts: MatchKeysOptions): string[] {
  const { raw, normalized } = authKeyCandidates(opts.registry, opts.legacy ? undefined : opts.repository);
  const normalizedKeys = keys.map((k) => normalizeAuthKey(k, { legacy: opts.legacy }));
  const out: string[] = [];
  const seen = new Set<number>();
  const take = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    out.push(keys[i] as string);
  };
  for (let c = 0; c < normalized.length; c++) {
    const exact = keys.indexOf(raw[c] as string);
    if (exact >= 0) take(exact);
    normalizedKeys.forEach((nk, i) => {
      if (nk === normalized[c]) take(i);
    });
  }
  return out;
}

/**
 * The `credHelpers` key that applies to `registry`, if any. Helpers are per registry: a key
 * with a namespace path is ignored, while a URL key (`https://index.docker.io/v1/`) counts for
 * its host.
 */
export function matchHelperKey(keys: readonly string[], registry: string): string | undefined {
  if (keys.includes(registry)) return registry;
  const want = normalizeRegistryHost(registry);
  return keys.find((k) => {
    const n = normalizeAuthKey(k);
    return n !== undefined && !n.includes('/') && n === want;
  });
}
