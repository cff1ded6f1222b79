/**
 * One registries.conf file (the main one or a drop-in), read and validated the way
 * containers/image's `loadConfigFile` does: version 2 tables, the version 1
 * `[registries.search|insecure|block]` layout converted to version 2, and the same checks
 * with the same messages, so a file that podman or skopeo refuses is refused here too.
 */
import { domainProblem } from '../ref/grammar.js';
import { validateAliases } from './short-name-aliases.js';
import {
  InvalidRegistriesConfError,
  parseToml,
  readBool,
  readString,
  readStrings,
  readTable,
  readTables,
  type Table,
} from './toml-fields.js';

/** Which reads a mirror serves: `all` (default), only by digest, or only by tag. */
export type PullFromMirror = 'all' | 'digest-only' | 'tag-only';

/** How short names (`alpine`) are resolved by tools that resolve them (skopeo does not). */
export type ShortNameMode = 'enforcing' | 'permissive' | 'disabled';

/** A `[[registry.mirror]]` entry. */
export interface MirrorEndpoint {
  readonly location: string;
  /** Plain HTTP and unverified TLS are allowed. */
  readonly insecure: boolean;
  readonly pullFromMirror?: PullFromMirror;
}

/** A `[[registry]]` entry after validation; `location` is '' only for a `*.host` prefix. */
export interface RegistryEntry {
  readonly prefix: string;
  readonly location: string;
  readonly insecure: boolean;
  readonly blocked: boolean;
  readonly mirrorByDigestOnly: boolean;
  readonly mirrors: readonly MirrorEndpoint[];
}

/** What one file says; an `undefined` field was not set there and does not override earlier files. */
export interface RegistriesFile {
  /** Unique by prefix (the first entry wins), sorted by prefix. */
  readonly registries: readonly RegistryEntry[];
  readonly unqualifiedSearchRegistries?: readonly string[];
  readonly credentialHelpers?: readonly string[];
  readonly shortNameMode?: ShortNameMode;
  /** `null` removes an alias set by an earlier file. */
  readonly aliases: ReadonlyMap<string, string | null>;
}

const MIRROR_MODES: readonly string[] = ['all', 'digest-only', 'tag-only'];
const SHORT_NAME_MODES: readonly string[] = ['enforcing', 'permissive', 'disabled'];

const fail = (msg: string) => new InvalidRegistriesConfError(msg);

/** Trailing slashes are dropped; URL schemes are refused (a location is `host[:port][/path]`). */
function parseLocation(input: string): string {
  const trimmed = input.replace(/\/+$/, '');
  if (trimmed.startsWith('http://') || trimmed.startsWith('https://')) {
    throw fail(`invalid location '${input}': URI schemes are not supported`);
  }
  return trimmed;
}

interface RawRegistry {
  prefix: string;
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  pullFromMirror: string;
  mirrors: { location: string; insecure: boolean; pullFromMirror: string }[];
}

function readRegistry(t: Table, i: number): RawRegistry {
  const at = `registry[${i}].`;
  return {
    prefix: readString(t, 'prefix', at) ?? '',
    location: readString(t, 'location', at) ?? '',
    insecure: readBool(t, 'insecure', at) ?? false,
    blocked: readBool(t, 'blocked', at) ?? false,
    mirrorByDigestOnly: readBool(t, 'mirror-by-digest-only', at) ?? false,
    pullFromMirror: readString(t, 'pull-from-mirror', at) ?? '',
    mirrors: readTables(t, 'mirror', at).map((m, j) => {
      const mat = `${at}mirror[${j}].`;
      return {
        location: readString(m, 'location', mat) ?? '',
        insecure: readBool(m, 'insecure', mat) ?? false,
        pullFromMirror: readString(m, 'pull-from-mirror', mat) ?? '',
      };
    }),
  };
}

/** Version 1: `[registries.search] registries = [...]`, likewise `insecure` and `block`. */
function readV1(root: Table): { search?: string[]; insecure?: string[]; block?: string[] } {
  const v1 = readTable(root, 'registries', '');
  if (!v1) return {};
  const list = (key: string) => {
    const t = readTable(v1, key, 'registries.');
    return t ? readStrings(t, 'registries', `registries.${key}.`) : undefined;
  };
  return { search: list('search'), insecure: list('insecure'), block: list('block') };
}

function convertV1(v1: { search?: string[]; insecure?: string[]; block?: string[] }): RawRegistry[] {
  const byLocation = new Map<string, RawRegistry>();
  const get = (input: string): RawRegistry => {
    const location = parseLocation(input);
    let reg = byLocation.get(location);
    if (!reg) {
      reg = {
        prefix: location,
        location,
        insecure: false,
        blocked: false,
        mirrorByDigestOnly: false,
        pullFromMirror: '',
        mirrors: [],
      };
      byLocation.set(location, reg);
    }
    return reg;
  };
  for (const b of v1.block ?? []) get(b).blocked = true;
  for (const i of v1.insecure ?? []) get(i).insecure = true;
  return [...byLocation.values()];
}

/** containers/image's `postProcessRegistries`: defaults, validation, dedupe by prefix, sort. */
function postProcess(raw: RawRegistry[]): RegistryEntry[] {
  const entries: RegistryEntry[] = raw.map((r) => {
    const location = parseLocation(r.location);
    let prefix: string;
    if (r.prefix === '') {
      if (location === '') throw fail('invalid condition: both location and prefix are unset');
      prefix = location;
    } else {
      prefix = parseLocation(r.prefix);
      if (!prefix.startsWith('*.') && location === '') {
        throw fail('invalid condition: location is unset and prefix is not in the format: *.example.com');
      }
    }
    if (r.pullFromMirror !== '')
      throw fail(`pull-from-mirror must not be set for a non-mirror registry "${prefix}"`);
    const mirrors = r.mirrors.map((m): MirrorEndpoint => {
      const mloc = parseLocation(m.location);
      if (mloc === '') throw fail('invalid condition: mirror location is unset');
      if (r.mirrorByDigestOnly && m.pullFromMirror !== '') {
        throw fail(
          `cannot set mirror usage mirror-by-digest-only for the registry ("${prefix}") and pull-from-mirror for per-mirror ("${mloc}") at the same time`,
        );
      }
      if (m.pullFromMirror !== '' && !MIRROR_MODES.includes(m.pullFromMirror)) {
        throw fail(`unsupported pull-from-mirror value "${m.pullFromMirror}" for mirror "${mloc}"`);
      }
      const mirror = { location: mloc, insecure: m.insecure };
      return m.pullFromMirror === ''
        ? mirror
        : { ...mirror, pullFromMirror: m.pullFromMirror as PullFromMirror };
    });
    return {
      prefix,
      location,
      insecure: r.insecure,
      blocked: r.blocked,
      mirrorByDigestOnly: r.mirrorByDigestOnly,
      mirrors,
    };
  });
  // Entries for one location (or one wildcard prefix) must agree on insecure and blocked.
  const byKey = new Map<string, RegistryEntry[]>();
  for (const e of entries) {
    const key = e.location === '' ? e.prefix : e.location;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  for (const e of entries) {
    for (const other of byKey.get(e.location === '' ? e.prefix : e.location) ?? []) {
      for (const field of ['insecure', 'blocked'] as const) {
        if (e[field] !== other[field]) {
          throw fail(
            `registry '${e.location}' is defined multiple times with conflicting '${field}' setting`,
          );
        }
      }
    }
  }
  const unique = new Map<string, RegistryEntry>();
  for (const e of entries) if (!unique.has(e.prefix)) unique.set(e.prefix, e);
  for (const prefix of unique.keys()) {
    if (prefix.startsWith('*.') && /[/@:]/.test(prefix)) {
      throw fail(
        `Wildcarded prefix should be in the format: *.example.com. Current prefix "${prefix}" is incorrectly formatted`,
      );
    }
  }
  return [...unique.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

function searchRegistries(list: string[] | undefined): string[] | undefined {
  return list?.map((entry) => {
    const registry = parseLocation(entry);
    if (domainProblem(registry) !== undefined)
      throw fail(`Invalid unqualified-search-registries entry "${registry}"`);
    return registry;
  });
}

/**
 * Parses the text of one registries.conf file.
 *
 * @param forceV2 drop-ins must use version 2 (containers/image refuses version 1 there).
 * @throws {InvalidRegistriesConfError} with containers/image's message where it has one.
 */
export function parseRegistriesFile(text: string, opts: { forceV2?: boolean } = {}): RegistriesFile {
  const root = parseToml(text);
  const v1 = readV1(root);
  const rawRegistries = readTables(root, 'registry', '').map(readRegistry);
  const unqualified = readStrings(root, 'unqualified-search-registries', '');
  const credentialHelpers = readStrings(root, 'credential-helpers', '');
  const shortNameMode = readString(root, 'short-name-mode', '') ?? '';
  const aliasTable = readTable(root, 'aliases', '') ?? {};

  const v1Nonempty = [v1.search, v1.insecure, v1.block].some((l) => (l?.length ?? 0) > 0);
  const v2Nonempty =
    rawRegistries.length > 0 ||
    (unqualified?.length ?? 0) > 0 ||
    (credentialHelpers?.length ?? 0) > 0 ||
    shortNameMode !== '' ||
    Object.keys(aliasTable).length > 0;
  let registries = rawRegistries;
  let search = unqualified;
  if (v1Nonempty) {
    if (opts.forceV2) throw fail('registry must be in v2 format but is in v1');
    if (v2Nonempty) throw fail('mixing sysregistry v1/v2 is not supported');
    registries = convertV1(v1);
    search = v1.search;
  }
  if (shortNameMode !== '' && !SHORT_NAME_MODES.includes(shortNameMode)) {
    throw fail(`invalid short-name mode: "${shortNameMode}"`);
  }
  const result: {
    registries: RegistryEntry[];
    aliases: ReadonlyMap<string, string | null>;
    unqualifiedSearchRegistries?: string[];
    credentialHelpers?: string[];
    shortNameMode?: ShortNameMode;
  } = { registries: postProcess(registries), aliases: validateAliases(aliasTable) };
  const s = searchRegistries(search);
  if (s) result.unqualifiedSearchRegistries = s;
  if (credentialHelpers) result.credentialHelpers = credentialHelpers;
  if (shortNameMode !== '') result.shortNameMode = shortNameMode as ShortNameMode;
  return result;
}
