/**
 * The Registries screen's columns and cells. Columns are sized from what they hold, not
 * fixed: registry names are short next to what KNOWN FROM lists, and KNOWN FROM carries the
 * notes (`TLS off`, `BLOCKED`, a layout's `missing`), which come first so a cut never drops them.
 */
import type { Column } from '../components/Table.js';
import type { RegistryEntry, RegistrySource } from '../store/index.js';

const SOURCE_LABELS: Readonly<Record<RegistrySource, string>> = {
  'auth-file': 'auth.json',
  'docker-config': 'docker config',
  dockercfg: '.dockercfg',
  'registries-conf': 'registries.conf',
  recent: 'recent',
  default: 'default',
  'command-line': 'command line',
  added: 'added',
};

/** The widest LOGIN column: a user name longer than this (less its padding) is cut. */
const LOGIN_MAX = 22;
/** What REGISTRY keeps of a long name before KNOWN FROM gives up room for it. */
const REGISTRY_KEEP = 24;
/** The marker columns the table draws before each row, and the gaps between its 3 columns. */
const CHROME = 2 + 2;

/** The LOGIN cell: the stored user (or helper) of the most specific file. */
export function loginCell(e: RegistryEntry): string {
  if (e.kind === 'layout') return '-';
  const first = e.logins[0];
  if (!first) return '';
  const who = first.username ?? (first.helper ? `helper ${first.helper}` : 'token');
  return e.logins.length > 1 ? `${who} +${e.logins.length - 1}` : who;
}

/**
 * The KNOWN FROM cell: TLS and block notes first (and `missing` for a recent layout that is
 * gone), then the files that name the registry.
 */
export function sourcesCell(e: RegistryEntry): string {
  const notes: string[] = [];
  if (e.missing) notes.push('missing');
  if (e.insecure || e.tlsVerify === false) notes.push('TLS off');
  if (e.blocked) notes.push('BLOCKED');
  return [...notes, ...e.sources.map((s) => SOURCE_LABELS[s])].join(', ');
}

/**
 * The width that fits `title` and every text, and one column more: with the table's gap,
 * two spaces follow the longest text, so the columns read as columns, not as one sentence.
 */
const longest = (texts: readonly string[], title: string): number =>
  Math.max(title.length, ...texts.map((t) => [...t].length)) + 1;

/**
 * The columns for `entries` in a table `width` wide: LOGIN as wide as its longest user (up
 * to {@link LOGIN_MAX}), REGISTRY as wide as its longest name while KNOWN FROM still fits
 * (and at least {@link REGISTRY_KEEP} when names are that long), KNOWN FROM the rest.
 */
export function registryColumns(entries: readonly RegistryEntry[], width: number): Column[] {
  const login = Math.min(LOGIN_MAX, longest(entries.map(loginCell), 'LOGIN'));
  const names = longest(
    entries.map((e) => e.id),
    'REGISTRY',
  );
  const sources = longest(entries.map(sourcesCell), 'KNOWN FROM');
  const free = Math.max(0, width - CHROME - login);
  const registry = Math.min(names, Math.max(free - sources, Math.min(names, REGISTRY_KEEP)));
  return [
    { title: 'REGISTRY', width: registry },
    { title: 'LOGIN', width: login },
    { title: 'KNOWN FROM', width: 'flex' },
  ];
}
