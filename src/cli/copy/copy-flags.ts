/**
 * Flags `berth copy` and `berth sync` share with skopeo: both sides' image flags, the shared
 * `--authfile`, retries, `-a/--all`, `-f/--format`, `--preserve-digests`,
 * `--remove-signatures`, and skopeo flags berth does not implement, which fail with a
 * clear message instead of yargs' "Unknown argument" (or, worse, being ignored).
 */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import {
  addImageFlags,
  addRetryFlags,
  type FlagPrefix,
  type ImageAccess,
  imageAccess,
} from '../image-flags.js';

/** skopeo flags berth refuses, with why. */
const UNSUPPORTED: Record<string, string> = {
  'sign-by': 'berth does not sign while copying; sign with `berth standalone-sign`',
  'sign-by-sigstore-private-key': 'berth does not create sigstore signatures',
  'sign-by-sq-fingerprint': 'berth does not sign while copying',
  'sign-passphrase-file': 'berth does not sign while copying',
  'sign-identity': 'berth does not sign while copying',
  'encryption-key': 'berth does not encrypt layers',
  'encrypt-layer': 'berth does not encrypt layers',
  'decryption-key': 'berth does not decrypt layers',
  'dest-compress': 'berth copies layers as they are and never recompresses them',
  'dest-decompress': 'berth copies layers as they are and never recompresses them',
  'dest-compress-format': 'berth copies layers as they are and never recompresses them',
  'dest-compress-level': 'berth copies layers as they are and never recompresses them',
  'src-shared-blob-dir': 'berth has no shared blob directory for oci: layouts',
  'dest-shared-blob-dir': 'berth has no shared blob directory for oci: layouts',
  'src-daemon-host': 'berth has no docker-daemon: transport',
  'dest-daemon-host': 'berth has no docker-daemon: transport',
};

/**
 * skopeo flags that change nothing in berth: it always checks the destination for a blob
 * before uploading it, and never compresses layers it copies.
 */
const NO_OPS = ['dest-precompute-digests', 'dest-oci-accept-uncompressed-layers'];

/** Declares the unsupported and no-op flags (hidden from help). */
export function addSkopeoOnlyFlags<T>(
  y: Argv<T>,
  names: readonly string[] = Object.keys(UNSUPPORTED),
): Argv<T> {
  let out = y;
  for (const name of names) out = out.option(name, { type: 'string', hidden: true }) as Argv<T>;
  for (const name of NO_OPS) out = out.option(name, { type: 'boolean', hidden: true }) as Argv<T>;
  return out;
}

/** Throws for the first unsupported skopeo flag that was given. */
export function refuseUnsupported(argv: Record<string, unknown>): void {
  for (const [name, why] of Object.entries(UNSUPPORTED)) {
    if (argv[name] !== undefined) throw new Error(`--${name} is not supported: ${why}`);
  }
}

/** Both sides' image flags, the shared `--authfile`, retries, and the engine flags copy and sync share. */
export function addSharedCopyFlags<T>(y: Argv<T>): Argv<T> {
  return addRetryFlags(addImageFlags(addImageFlags(y, 'src-', 'source'), 'dest-', 'destination'))
    .option('authfile', {
      type: 'string',
      description: 'path of the authentication file for both sides (default $REGISTRY_AUTH_FILE)',
    })
    .option('all', {
      alias: 'a',
      type: 'boolean',
      default: false,
      description: 'Copy all images if SOURCE-IMAGE is a list',
    })
    .option('format', {
      alias: 'f',
      type: 'string',
      description:
        'MANIFEST TYPE (oci or v2s2) to use in the destination (default is manifest type of source)',
    })
    .option('preserve-digests', {
      type: 'boolean',
      default: false,
      description: 'Preserve digests of images and lists; fail rather than convert',
    })
    .option('remove-signatures', {
      type: 'boolean',
      default: false,
      description: 'Do not copy signatures from SOURCE-IMAGE',
    }) as Argv<T>;
}

/** `-f/--format`: `oci` or `v2s2`; berth does not write Docker schema 1. */
export function parseFormat(value: unknown): 'oci' | 'v2s2' | undefined {
  if (value === undefined) return undefined;
  if (value === 'oci' || value === 'v2s2') return value;
  if (value === 'v2s1') {
    throw new UsageError(
      'berth does not write Docker schema 1 manifests (-f v2s1): the format is deprecated and registries refuse it; use oci or v2s2',
    );
  }
  throw new UsageError(
    `unknown format "${String(value)}". Choose one of the supported formats: 'oci' or 'v2s2'`,
  );
}

/** One side's access; the shared `--authfile` applies when the side has none of its own (as skopeo). */
export function sideAccess(argv: Record<string, unknown>, prefix: Exclude<FlagPrefix, ''>): ImageAccess {
  const access = imageAccess(argv, prefix);
  const shared = argv.authfile;
  if (access.authFile === undefined && typeof shared === 'string' && shared !== '') access.authFile = shared;
  return access;
}

/** A flag that may be given several times and, like pflag's string slices, hold comma-separated values. */
export function stringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).filter((v) => v !== '');
}

/** A positive integer flag, or undefined when absent. */
export function positiveInt(argv: Record<string, unknown>, name: string): number | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new UsageError(`invalid --${name} ${String(v)}: want a positive integer`);
  return v;
}
