import {
  CONFIG_LIMIT,
  type Digest,
  DigestMismatchError,
  digestAlgorithm,
  digestOf,
  quoteInput,
  SizeMismatchError,
} from '../digest/index.js';
import { InvalidManifestError } from './errors.js';
import {
  checkFieldNames,
  type JsonObject,
  optional,
  readBoolean,
  readDigest,
  readEntries,
  readObject,
  readSet,
  readString,
  readStringList,
  readStringMap,
} from './fields.js';
import { parseStrictJson } from './json.js';
import { FieldError, inDocument } from './path.js';
import type { ContainerConfig, HistoryEntry, ImageConfig } from './types.js';

export interface ParseImageConfigOptions {
  /** The config descriptor's digest; the bytes must hash to it. */
  expectedDigest?: Digest;
  /** The config descriptor's size; the bytes must be exactly this long. */
  expectedSize?: number;
  /** Larger blobs are refused unread. Default `CONFIG_LIMIT` (4 MiB). */
  maxBytes?: number;
}

const IMAGE_FIELDS = [
  'created',
  'author',
  'architecture',
  'os',
  'variant',
  'os.version',
  'os.features',
  'config',
  'rootfs',
  'history',
  'docker_version',
];
const CONTAINER_FIELDS = [
  'User',
  'ExposedPorts',
  'Env',
  'Entrypoint',
  'Cmd',
  'Volumes',
  'WorkingDir',
  'Labels',
  'StopSignal',
  'ArgsEscaped',
];
const HISTORY_FIELDS = ['created', 'created_by', 'author', 'comment', 'empty_layer'];

// What Go's time.Time accepts when decoding JSON: RFC 3339 with an upper-case T and Z.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function readTime(v: unknown, path: string): string {
  const s = readString(v, path);
  if (!RFC3339.test(s)) throw new FieldError(path, `not an RFC 3339 time: ${quoteInput(s, 40)}`);
  return s;
}

/** Docker's Cmd and Entrypoint may be a single string (Docker's `strslice`), meaning a one-item list. */
function readCommand(v: unknown, path: string): string[] {
  return typeof v === 'string' ? [v] : readStringList(v, path);
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function readContainerConfig(v: unknown, path: string): ContainerConfig {
  const obj = readObject(v, path);
  checkFieldNames(obj, CONTAINER_FIELDS, path);
  const c: ContainerConfig = {};
  assign(c, 'User', optional(obj, 'User', path, readString));
  assign(c, 'ExposedPorts', optional(obj, 'ExposedPorts', path, readSet));
  assign(c, 'Env', optional(obj, 'Env', path, readStringList));
  assign(c, 'Entrypoint', optional(obj, 'Entrypoint', path, readCommand));
  assign(c, 'Cmd', optional(obj, 'Cmd', path, readCommand));
  assign(c, 'Volumes', optional(obj, 'Volumes', path, readSet));
  assign(c, 'WorkingDir', optional(obj, 'WorkingDir', path, readString));
  assign(c, 'Labels', optional(obj, 'Labels', path, readStringMap));
  assign(c, 'StopSignal', optional(obj, 'StopSignal', path, readString));
  assign(c, 'ArgsEscaped', optional(obj, 'ArgsEscaped', path, readBoolean));
  return c;
}

function readHistoryEntry(v: unknown, path: string): HistoryEntry {
  const obj = readObject(v, path);
  checkFieldNames(obj, HISTORY_FIELDS, path);
  const h: HistoryEntry = {};
  assign(h, 'created', optional(obj, 'created', path, readTime));
  assign(h, 'created_by', optional(obj, 'created_by', path, readString));
  assign(h, 'author', optional(obj, 'author', path, readString));
  assign(h, 'comment', optional(obj, 'comment', path, readString));
  assign(h, 'empty_layer', optional(obj, 'empty_layer', path, readBoolean));
  return h;
}

function readRootfs(v: unknown, path: string): ImageConfig['rootfs'] {
  const obj = readObject(v, path);
  checkFieldNames(obj, ['type', 'diff_ids'], path);
  return {
    type: optional(obj, 'type', path, readString) ?? '',
    diff_ids: optional(obj, 'diff_ids', path, (x, at) => readEntries(x, at, readDigest)) ?? [],
  };
}

/**
 * Field presence is as lenient as Go's decoder, which c/image and skopeo use: a missing
 * `os`, `architecture` or `rootfs` reads as empty. Fields that are present must have the
 * right type, digests must parse and times must be RFC 3339, as Go would insist.
 */
function readImageConfig(root: JsonObject): ImageConfig {
  checkFieldNames(root, IMAGE_FIELDS, '');
  const config: ImageConfig = {
    architecture: optional(root, 'architecture', '', readString) ?? '',
    os: optional(root, 'os', '', readString) ?? '',
    rootfs: optional(root, 'rootfs', '', readRootfs) ?? { type: '', diff_ids: [] },
  };
  assign(config, 'created', optional(root, 'created', '', readTime));
  assign(config, 'author', optional(root, 'author', '', readString));
  const variant = optional(root, 'variant', '', readString);
  if (variant) config.variant = variant;
  assign(config, 'os.version', optional(root, 'os.version', '', readString));
  assign(config, 'os.features', optional(root, 'os.features', '', readStringList));
  assign(config, 'config', optional(root, 'config', '', readContainerConfig));
  assign(
    config,
    'history',
    optional(root, 'history', '', (v, at) => readEntries(v, at, readHistoryEntry)),
  );
  assign(config, 'docker_version', optional(root, 'docker_version', '', readString));
  return config;
}

/**
 * Parses and checks an image config blob (OCI or Docker). The size and digest are checked
 * first, then the JSON is read with the same strictness as manifests: no duplicate keys,
 * no keys that differ from a known field only in case, maps without a prototype.
 *
 * @throws {InvalidManifestError} (document `image config`) for anything malformed.
 * @throws {DigestMismatchError} / {SizeMismatchError} when the bytes are not what the descriptor names.
 */
export function parseImageConfig(bytes: Uint8Array, opts: ParseImageConfigOptions = {}): ImageConfig {
  const maxBytes = opts.maxBytes ?? CONFIG_LIMIT;
  if (bytes.length > maxBytes) {
    throw new InvalidManifestError(
      'image config',
      '',
      `${bytes.length} bytes, more than the limit of ${maxBytes}`,
    );
  }
  if (opts.expectedSize !== undefined && bytes.length !== opts.expectedSize) {
    throw new SizeMismatchError(opts.expectedSize, bytes.length, { what: 'image config' });
  }
  if (opts.expectedDigest !== undefined) {
    const actual = digestOf(bytes, digestAlgorithm(opts.expectedDigest));
    if (actual !== opts.expectedDigest)
      throw new DigestMismatchError(opts.expectedDigest, actual, 'image config');
  }
  return inDocument('image config', () => readImageConfig(readObject(parseStrictJson(bytes), '')));
}
