/**
 * skopeo sync's YAML source (`--src yaml`), parsed once and checked for types:
 *
 * ```yaml
 * registry.example.com:
 *   images:               # repository → tags or digests; empty or null: every tag
 *     busybox: []
 *     redis: [1.0, sha256:0000…]
 *   images-by-tag-regex:  # repository → RE2 pattern, matched anywhere in the tag
 *     nginx: ^1\.13\.[12]-alpine-perl$
 *   images-by-semver:     # repository → Masterminds constraint (skopeo ≥ 1.14)
 *     alpine: ">= 3.12.0"
 *   credentials: { username: john, password: this is a secret }
 *   tls-verify: true      # default: as the --src-tls-verify flag / registries.conf say
 *   cert-dir: /home/john/certs
 * ```
 * As with skopeo's YAML decoder, unknown keys are ignored. Registries and repositories
 * keep the order of the file (skopeo's Go maps have none), so runs are reproducible.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';

/** One registry's section. Lists are `[repository, value]` pairs in file order. */
export interface RegistrySection {
  registry: string;
  images: Array<[string, string[]]>;
  byTagRegex: Array<[string, string]>;
  bySemver: Array<[string, string]>;
  credentials?: { username: string; password: string };
  tlsVerify?: boolean;
  certDir?: string;
}

/** A sync file this large is a mistake, not a list of images; it is refused before reading. */
const MAX_YAML_BYTES = 16 << 20;

type Fail = (what: string) => Error;

/** YAML 1.1 nulls, as Go's yaml.v2 reads them (the failsafe schema leaves every scalar a string). */
const NULLS: ReadonlySet<string> = new Set(['', '~', 'null', 'Null', 'NULL']);
/** YAML 1.1 booleans, as yaml.v2 decodes them into a bool. */
const TRUE: ReadonlySet<string> = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
]);
const FALSE: ReadonlySet<string> = new Set([
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
]);

function isNull(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && NULLS.has(v));
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, where: string, fail: Fail): string {
  if (typeof v !== 'string') throw fail(`${where} must be a string`);
  return v;
}

function stringMap(v: unknown, where: string, fail: Fail): Array<[string, string]> {
  if (isNull(v)) return [];
  if (!isMap(v)) throw fail(`${where} must be a mapping of repository to string`);
  return Object.entries(v).map(([repo, value]) => [repo, str(value, `${where}.${repo}`, fail)]);
}

function imagesOf(v: unknown, where: string, fail: Fail): Array<[string, string[]]> {
  if (isNull(v)) return [];
  if (!isMap(v)) throw fail(`${where} must be a mapping of repository to a list`);
  return Object.entries(v).map(([repo, refs]) => {
    if (isNull(refs)) return [repo, []];
    if (!Array.isArray(refs)) throw fail(`${where}.${repo} must be a list of tags or digests`);
    return [repo, refs.map((r, i) => str(r, `${where}.${repo}[${i}]`, fail))];
  });
}

function section(registry: string, raw: unknown, fail: Fail): RegistrySection {
  if (isNull(raw)) return { registry, images: [], byTagRegex: [], bySemver: [] };
  if (!isMap(raw)) throw fail(`${registry} must be a mapping`);
  const out: RegistrySection = {
    registry,
    images: imagesOf(raw.images, `${registry}.images`, fail),
    byTagRegex: stringMap(raw['images-by-tag-regex'], `${registry}.images-by-tag-regex`, fail),
    bySemver: stringMap(raw['images-by-semver'], `${registry}.images-by-semver`, fail),
  };
  const creds = raw.credentials;
  if (!isNull(creds)) {
    if (!isMap(creds)) throw fail(`${registry}.credentials must be a mapping`);
    const username = isNull(creds.username)
      ? ''
      : str(creds.username, `${registry}.credentials.username`, fail);
    const password = isNull(creds.password)
      ? ''
      : str(creds.password, `${registry}.credentials.password`, fail);
    if (username !== '' || password !== '') out.credentials = { username, password };
  }
  const tls = raw['tls-verify'];
  if (!isNull(tls)) {
    const text = str(tls, `${registry}.tls-verify`, fail);
    if (TRUE.has(text)) out.tlsVerify = true;
    else if (FALSE.has(text)) out.tlsVerify = false;
    else throw fail(`${registry}.tls-verify must be true or false, not "${text}"`);
  }
  const certDir = raw['cert-dir'];
  if (!isNull(certDir)) out.certDir = str(certDir, `${registry}.cert-dir`, fail);
  return out;
}

/** Parses YAML text (`file` names it in errors). */
export function parseSyncYaml(text: string, file: string): RegistrySection[] {
  const fail: Fail = (what) => new Error(`Failed to unmarshal "${file}": ${what}`);
  // The failsafe schema keeps every scalar as written: a tag `1.10` stays "1.10" (Go
  // decodes scalars into string fields from their text too), never the number 1.1.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length > 0) throw fail((doc.errors[0] as Error).message.split('\n')[0] ?? 'invalid YAML');
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (isNull(root)) return [];
  if (!isMap(root)) throw fail('the top level must be a mapping of registry to settings');
  return Object.entries(root).map(([registry, raw]) => section(registry, raw, fail));
}

/** Reads and parses a YAML file. */
export async function readSyncYaml(path: string, signal?: AbortSignal): Promise<RegistrySection[]> {
  if ((await stat(path)).size > MAX_YAML_BYTES)
    throw new Error(`Failed to unmarshal "${path}": larger than ${MAX_YAML_BYTES} bytes`);
  const text = await readFile(path, { encoding: 'utf8', ...(signal ? { signal } : {}) });
  return parseSyncYaml(text, path);
}
