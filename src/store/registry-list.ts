/**
 * The registries screen's list, merged from everywhere a registry can be known from: logins
 * in the credential files, registries.conf, recent use, Docker Hub (always), and what the
 * command line or the user added this session; then the local layouts opened recently. Each
 * registry and layout appears once, with every source that named it. Pure: the session slice
 * reads the files and passes what it found.
 */
import type { AuthFileKind } from '../registry/auth/index.js';
import type { RegistriesConf } from '../registry/config/index.js';
import type { StoredLogin } from '../registry/login/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import type { RecentLayout, RecentRegistry } from './recent-registries.js';

/** Where a registry in the list came from. */
export type RegistrySource =
  | AuthFileKind
  | 'registries-conf'
  | 'recent'
  | 'default'
  | 'command-line'
  | 'added';

/** A stored login for a registry, without any secret. */
export interface LoginInfo {
  key: string;
  kind: AuthFileKind;
  path: string;
  username?: string;
  helper?: string;
}

/** One row of the registries screen. */
export interface RegistryEntry {
  /** `host[:port]` for a registry; the image name (`oci:./layout`) for a local layout. */
  id: string;
  kind: 'registry' | 'layout';
  /** Set for registries. */
  registry?: string;
  /** Set for local layouts (and for the registry of a docker:// name from the command line). */
  image?: ImageName;
  sources: RegistrySource[];
  logins: LoginInfo[];
  usedAt?: number;
  /** The user turned TLS verification off for this registry. */
  tlsVerify?: false;
  /** registries.conf: plain http / unverified TLS allowed. */
  insecure?: boolean;
  /** registries.conf: blocked. */
  blocked?: boolean;
  /** A recent layout whose `index.json` is no longer there: listed, marked, and left to the user. */
  missing?: true;
}

/** What {@link buildRegistryList} merges. */
export interface RegistryListInput {
  logins: readonly StoredLogin[];
  conf?: RegistriesConf;
  recents: readonly RecentRegistry[];
  /** Recently opened local layouts. */
  layouts?: readonly RecentLayout[];
  /** Named on the command line or added this session, in that order of precedence. */
  commandLine?: ImageName;
  /**
   * The command line's layout as the recents file names it (an absolute path): its recent
   * entry is the command line's row, not a second one.
   */
  commandLineLayout?: string;
  added: readonly { registry: string; tlsVerify?: false }[];
}

/** Docker Hub is always listed: it is where most images are. */
export const DEFAULT_REGISTRY = 'docker.io';

/** Host of a registries.conf prefix or location (`host[:port][/path]`); undefined for `*.wildcards`. */
function confHost(s: string): string | undefined {
  if (s === '' || s.startsWith('*.')) return undefined;
  const slash = s.indexOf('/');
  return slash < 0 ? s : s.slice(0, slash);
}

/**
 * Merges the sources: the command line's entry first, then recently used registries (most
 * recent first), then the rest by name, then recently opened layouts (most recent first).
 */
export function buildRegistryList(input: RegistryListInput): RegistryEntry[] {
  const byId = new Map<string, RegistryEntry>();
  const entry = (registry: string): RegistryEntry => {
    let e = byId.get(registry);
    if (!e) {
      e = { id: registry, kind: 'registry', registry, sources: [], logins: [] };
      byId.set(registry, e);
    }
    return e;
  };
  const addSource = (e: RegistryEntry, s: RegistrySource): void => {
    if (!e.sources.includes(s)) e.sources.push(s);
  };

  let first: RegistryEntry | undefined;
  const cl = input.commandLine;
  if (cl) {
    if (cl.transport === 'docker') {
      first = entry(cl.ref.registry);
      first.image = cl;
    } else {
      const id = formatImageName(cl);
      first = { id, kind: 'layout', image: cl, sources: [], logins: [] };
      byId.set(id, first);
    }
    addSource(first, 'command-line');
  }
  for (const a of input.added) {
    const e = entry(a.registry);
    addSource(e, 'added');
    if (a.tlsVerify === false) e.tlsVerify = false;
  }
  for (const r of input.recents) {
    const e = entry(r.registry);
    addSource(e, 'recent');
    e.usedAt = Math.max(e.usedAt ?? 0, r.usedAt);
    if (r.tlsVerify === false) e.tlsVerify = false;
  }
  for (const l of input.logins) {
    const e = entry(l.registry);
    addSource(e, l.kind);
    e.logins.push({
      key: l.key,
      kind: l.kind,
      path: l.path,
      ...(l.username ? { username: l.username } : {}),
      ...(l.helper ? { helper: l.helper } : {}),
    });
  }
  if (input.conf) {
    const hosts = new Set<string>();
    for (const r of input.conf.registries) {
      for (const h of [confHost(r.location), confHost(r.prefix)]) if (h) hosts.add(h);
    }
    for (const h of input.conf.unqualifiedSearchRegistries) hosts.add(h);
    for (const h of hosts) addSource(entry(h), 'registries-conf');
  }
  addSource(entry(DEFAULT_REGISTRY), 'default');
  const layouts: RegistryEntry[] = [];
  for (const l of input.layouts ?? []) {
    if (first?.kind === 'layout' && l.path === input.commandLineLayout) {
      addSource(first, 'recent');
      first.usedAt = Math.max(first.usedAt ?? 0, l.usedAt);
      continue;
    }
    const image: ImageName = { transport: 'oci', path: l.path };
    const id = formatImageName(image);
    if (byId.has(id) || layouts.some((e) => e.id === id)) continue;
    const missing = l.missing ? { missing: true as const } : {};
    layouts.push({
      id,
      kind: 'layout',
      image,
      sources: ['recent'],
      logins: [],
      usedAt: l.usedAt,
      ...missing,
    });
  }
  if (input.conf) {
    for (const e of byId.values()) {
      if (e.kind !== 'registry' || !e.registry) continue;
      if (input.conf.isInsecure(e.registry)) e.insecure = true;
      if (input.conf.isBlocked(e.registry)) e.blocked = true;
    }
  }

  const rest = [...byId.values()].filter((e) => e !== first);
  const recent = rest.filter((e) => e.usedAt !== undefined).sort((a, b) => (b.usedAt ?? 0) - (a.usedAt ?? 0));
  const others = rest
    .filter((e) => e.usedAt === undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  layouts.sort((a, b) => (b.usedAt ?? 0) - (a.usedAt ?? 0));
  return [...(first ? [first] : []), ...recent, ...others, ...layouts];
}
