/**
 * An image config as containers/image re-encodes it: decoded into image-spec's Go struct
 * `v1.Image` (its `OCIConfig`) and marshalled again. That is what skopeo prints for
 * `inspect --config` (indented) and what it uploads as the new config blob when it converts
 * a Docker schema 2 image to OCI (compact, `json.Marshal`), so berth must produce the same
 * bytes to get the same config and manifest digests.
 *
 * The round trip drops every field the struct lacks (Docker's `container`,
 * `container_config`, `docker_version`, `Shell`, `Hostname`, …), orders fields as the struct
 * declares them, omits empty `omitempty` fields, sorts map keys, rewrites times in Go's
 * RFC 3339 nano form (`.500Z` → `.5Z`, `+00:00` → `Z`) and keeps `rootfs.diff_ids` as `null`
 * when the blob has none. The struct is image-spec v1.1.0-rc2's, as vendored by skopeo 1.9.3.
 */
import { type ParseImageConfigOptions, parseImageConfig } from './config.js';
import { goJsonString } from './go-json.js';
import { formatRfc3339Nano, type GoTime, parseGoTime } from './go-time.js';
import type { ContainerConfig, HistoryEntry, StringMap } from './types.js';

/** A Go `map[string]struct{}` (`ExposedPorts`, `Volumes`): only the keys matter. */
export type StringSet = Readonly<Record<string, Readonly<Record<string, never>>>>;

/** image-spec's `v1.ImageConfig`; `null` is a nil slice or map, `''`/`false` Go's zero values. */
export interface OciRuntimeConfig {
  user: string;
  exposedPorts: StringSet | null;
  env: readonly string[] | null;
  entrypoint: readonly string[] | null;
  cmd: readonly string[] | null;
  volumes: StringSet | null;
  workingDir: string;
  labels: StringMap | null;
  stopSignal: string;
  argsEscaped: boolean;
}

/** image-spec's `v1.History`. */
export interface OciHistory {
  /** A nil `*time.Time` is `null`. */
  created: GoTime | null;
  createdBy: string;
  author: string;
  comment: string;
  emptyLayer: boolean;
}

/** image-spec's `v1.Image`, as Go holds a config after decoding it. */
export interface OciImageConfig {
  created: GoTime | null;
  author: string;
  architecture: string;
  variant: string;
  os: string;
  osVersion: string;
  osFeatures: readonly string[] | null;
  config: OciRuntimeConfig;
  rootfs: { type: string; diffIds: readonly string[] | null };
  history: readonly OciHistory[] | null;
}

const time = (s: string | undefined): GoTime | null => (s === undefined ? null : parseGoTime(s));

function runtimeConfig(c: ContainerConfig): OciRuntimeConfig {
  return {
    user: c.User ?? '',
    exposedPorts: c.ExposedPorts ?? null,
    env: c.Env ?? null,
    entrypoint: c.Entrypoint ?? null,
    cmd: c.Cmd ?? null,
    volumes: c.Volumes ?? null,
    workingDir: c.WorkingDir ?? '',
    labels: c.Labels ?? null,
    stopSignal: c.StopSignal ?? '',
    argsEscaped: c.ArgsEscaped ?? false,
  };
}

function history(h: HistoryEntry): OciHistory {
  return {
    created: time(h.created),
    createdBy: h.created_by ?? '',
    author: h.author ?? '',
    comment: h.comment ?? '',
    emptyLayer: h.empty_layer ?? false,
  };
}

/** What the parsed form cannot tell: whether a field was there at all, and its JSON type. */
interface RawConfig {
  rootfs?: { diff_ids?: unknown } | null;
  config?: { Cmd?: unknown; Entrypoint?: unknown } | null;
}

/**
 * Docker writes `Cmd` and `Entrypoint` as lists, but its decoder also takes a single string
 * (which berth's parser accepts); image-spec's `[]string` does not, so Go — and skopeo —
 * fail on it. The message is Go's.
 */
function refuseStringCommands(raw: RawConfig): void {
  for (const field of ['Cmd', 'Entrypoint'] as const) {
    if (typeof raw.config?.[field] === 'string') {
      throw new Error(
        `json: cannot unmarshal string into Go struct field ImageConfig.config.${field} of type []string`,
      );
    }
  }
}

/**
 * Decodes a config blob (Docker or OCI) as Go decodes it into `v1.Image`. The blob is first
 * checked by `parseImageConfig` (size, digest, strict JSON, field types).
 *
 * @throws {InvalidManifestError} / digest errors from `parseImageConfig`; {Error} for a
 *   string `Cmd`/`Entrypoint`, which Go cannot decode into `v1.Image`.
 */
export function readOciImageConfig(bytes: Uint8Array, opts: ParseImageConfigOptions = {}): OciImageConfig {
  const parsed = parseImageConfig(bytes, opts);
  const raw = JSON.parse(Buffer.from(bytes).toString('utf8')) as RawConfig;
  refuseStringCommands(raw);
  return {
    created: time(parsed.created),
    author: parsed.author ?? '',
    architecture: parsed.architecture,
    variant: parsed.variant ?? '',
    os: parsed.os,
    osVersion: parsed['os.version'] ?? '',
    osFeatures: parsed['os.features'] ?? null,
    config: runtimeConfig(parsed.config ?? {}),
    rootfs: {
      type: parsed.rootfs.type,
      // Go keeps a missing or null list nil, and marshals it as `null`.
      diffIds: Array.isArray(raw.rootfs?.diff_ids) ? parsed.rootfs.diff_ids : null,
    },
    history: parsed.history ? parsed.history.map(history) : null,
  };
}

/** Collects `"key":value` members of a Go struct, skipping `omitempty` fields that are empty. */
class Members {
  readonly #parts: string[] = [];

  add(key: string, encoded: string): this {
    this.#parts.push(`${goJsonString(key)}:${encoded}`);
    return this;
  }

  /** An `omitempty` member: left out when `encoded` is undefined. */
  opt(key: string, encoded: string | undefined): this {
    return encoded === undefined ? this : this.add(key, encoded);
  }

  toString(): string {
    return `{${this.#parts.join(',')}}`;
  }
}

const str = (s: string): string | undefined => (s === '' ? undefined : goJsonString(s));
const bool = (b: boolean): string | undefined => (b ? 'true' : undefined);
const timeJson = (t: GoTime | null): string | undefined => (t ? `"${formatRfc3339Nano(t)}"` : undefined);

/** A `[]string`; `null` for nil. */
const strings = (l: readonly string[] | null): string =>
  l === null ? 'null' : `[${l.map(goJsonString).join(',')}]`;
/** An `omitempty` `[]string`: nil and empty are both left out. */
const optStrings = (l: readonly string[] | null): string | undefined =>
  l && l.length > 0 ? strings(l) : undefined;

/** A Go map with `omitempty`: keys sorted by their UTF-8 bytes, left out when nil or empty. */
function optMap<T>(m: Readonly<Record<string, T>> | null, value: (v: T) => string): string | undefined {
  if (!m) return undefined;
  const keys = Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (keys.length === 0) return undefined;
  return `{${keys.map((k) => `${goJsonString(k)}:${value(m[k] as T)}`).join(',')}}`;
}

function runtimeConfigJson(c: OciRuntimeConfig): string {
  return new Members()
    .opt('User', str(c.user))
    .opt(
      'ExposedPorts',
      optMap(c.exposedPorts, () => '{}'),
    )
    .opt('Env', optStrings(c.env))
    .opt('Entrypoint', optStrings(c.entrypoint))
    .opt('Cmd', optStrings(c.cmd))
    .opt(
      'Volumes',
      optMap(c.volumes, () => '{}'),
    )
    .opt('WorkingDir', str(c.workingDir))
    .opt('Labels', optMap(c.labels, goJsonString))
    .opt('StopSignal', str(c.stopSignal))
    .opt('ArgsEscaped', bool(c.argsEscaped))
    .toString();
}

function historyJson(h: OciHistory): string {
  return new Members()
    .opt('created', timeJson(h.created))
    .opt('created_by', str(h.createdBy))
    .opt('author', str(h.author))
    .opt('comment', str(h.comment))
    .opt('empty_layer', bool(h.emptyLayer))
    .toString();
}

/** `json.Marshal` of the `v1.Image`: compact, Go's field order, escaping and `omitempty`. */
export function encodeOciImageConfig(c: OciImageConfig): Uint8Array {
  const rootfs = new Members()
    .add('type', goJsonString(c.rootfs.type))
    .add('diff_ids', strings(c.rootfs.diffIds));
  const text = new Members()
    .opt('created', timeJson(c.created))
    .opt('author', str(c.author))
    .add('architecture', goJsonString(c.architecture))
    .opt('variant', str(c.variant))
    .add('os', goJsonString(c.os))
    .opt('os.version', str(c.osVersion))
    .opt('os.features', optStrings(c.osFeatures))
    // `omitempty` never omits a struct.
    .add('config', runtimeConfigJson(c.config))
    .add('rootfs', rootfs.toString())
    .opt(
      'history',
      c.history && c.history.length > 0 ? `[${c.history.map(historyJson).join(',')}]` : undefined,
    )
    .toString();
  return new TextEncoder().encode(text);
}

/**
 * The config blob containers/image writes when it converts a Docker schema 2 image to OCI:
 * `bytes` decoded into `v1.Image` and marshalled compactly. For a config already in that
 * form the result equals the input.
 *
 * @throws as {@link readOciImageConfig}.
 */
export function toOciConfigBytes(bytes: Uint8Array, opts: ParseImageConfigOptions = {}): Uint8Array {
  return encodeOciImageConfig(readOciImageConfig(bytes, opts));
}
