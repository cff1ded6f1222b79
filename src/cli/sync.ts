/**
 * `berth sync --src docker|dir|yaml --dest docker|dir SOURCE DESTINATION`: skopeo's sync —
 * the same sources, YAML, destination naming, logrus-style messages on stderr, `--dry-run`,
 * `--keep-going`, `--scoped`, `--append-suffix` and `--digestfile` (skopeo ≥ 1.14) — and,
 * beyond skopeo:
 * - `-j/--jobs N` (default 4) copies N images at once (skopeo copies one at a time);
 * - an image already at the destination is found with HEAD requests only and skipped
 *   (logged, and counted as `unchanged=` on the summary line); skopeo GETs both manifests;
 * - `images-by-semver` in the YAML (skopeo ≥ 1.14);
 * - two source images that would be written to one destination name are refused before
 *   anything is copied, and a `dir:` destination that already holds the same image is
 *   skipped instead of refused, so a sync to a directory can be run again;
 * - copy progress goes to stderr with the log (skopeo prints it on stdout).
 */
import type { BerthCommand } from './command.js';
import {
  addSharedCopyFlags,
  addSkopeoOnlyFlags,
  parseFormat,
  positiveInt,
  refuseUnsupported,
  sideAccess,
} from './copy/copy-flags.js';
import { copyRetry } from './copy/copy-retry.js';
import { reportFailure } from './copy/failure.js';
import { trapInterrupt } from './copy/interrupt.js';
import { createProgressView } from './output/progress/index.js';
import { SyncLog } from './sync/logrus-line.js';
import { runSync } from './sync/run-sync.js';
import type { SyncSourceKind } from './sync/sync-sources.js';

/** Images copied at once unless `-j` says otherwise. */
export const DEFAULT_SYNC_JOBS = 4;

const SOURCES = ['docker', 'dir', 'yaml'] as const;
const DESTINATIONS = ['docker', 'dir'] as const;

function transport<T extends string>(
  value: unknown,
  allowed: readonly T[],
  side: 'source' | 'destination',
): T {
  if (typeof value !== 'string' || value === '') throw new Error(`A ${side} transport must be specified`);
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`"${value}" is not a valid ${side} transport`);
  return value as T;
}

const EPILOGUE = `Allowed SOURCE transports (specified with --src): docker, dir, yaml.
Allowed DESTINATION transports (specified with --dest): docker, dir.

Messages and copy progress go to stderr. Images already at the destination (same digest, found with HEAD requests) are skipped. -j copies several images at once.`;

export const syncCommand: BerthCommand = {
  command: 'sync <SOURCE> <DESTINATION>',
  describe: 'Synchronize one or more images from one location to another',
  builder: (y) =>
    addSkopeoOnlyFlags(addSharedCopyFlags(y), [
      'sign-by',
      'sign-by-sigstore-private-key',
      'sign-passphrase-file',
    ])
      .option('src', { alias: 's', type: 'string', description: 'SOURCE transport type' })
      .option('dest', { alias: 'd', type: 'string', description: 'DESTINATION transport type' })
      .option('scoped', {
        type: 'boolean',
        default: false,
        description: 'Images at DESTINATION are prefix using the full source image path as scope',
      })
      .option('append-suffix', {
        type: 'string',
        default: '',
        description: 'String to append to DESTINATION tags',
      })
      .option('digestfile', {
        type: 'string',
        description:
          'Write the digests and image references of the resulting images to the specified file, one per line',
      })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        description: 'Run without actually copying data',
      })
      .option('keep-going', {
        type: 'boolean',
        default: false,
        description: 'Do not abort the sync if any image copy fails',
      })
      .option('jobs', {
        alias: 'j',
        type: 'number',
        default: DEFAULT_SYNC_JOBS,
        description: 'Images copied at once',
      })
      .epilogue(EPILOGUE),
  async run(ctx, argv, io) {
    refuseUnsupported(argv);
    const sourceKind: SyncSourceKind = transport(argv.src, SOURCES, 'source');
    const destKind = transport(argv.dest, DESTINATIONS, 'destination');
    if (sourceKind === 'dir' && destKind === 'dir')
      throw new Error("sync from 'dir' to 'dir' not implemented, consider using rsync instead");
    const format = parseFormat(argv.format);
    const jobs = positiveInt(argv, 'jobs') ?? DEFAULT_SYNC_JOBS;
    const view = createProgressView({ stream: io.stderr });
    const log = new SyncLog({ emit: (line) => view.line(line), debug: ctx.globals.debug });
    const trap = trapInterrupt(ctx);
    try {
      await runSync({
        ctx,
        sourceKind,
        source: String(argv.SOURCE),
        destKind,
        destination: String(argv.DESTINATION),
        sourceAccess: sideAccess(argv, 'src-'),
        destinationAccess: sideAccess(argv, 'dest-'),
        engine: {
          platforms: argv.all === true ? 'all' : 'system',
          ...(format ? { format } : {}),
          preserveDigests: argv['preserve-digests'] === true,
          removeSignatures: argv['remove-signatures'] === true,
        },
        scoped: argv.scoped === true,
        appendSuffix: typeof argv['append-suffix'] === 'string' ? argv['append-suffix'] : '',
        dryRun: argv['dry-run'] === true,
        keepGoing: argv['keep-going'] === true,
        jobs,
        ...(typeof argv.digestfile === 'string' && argv.digestfile !== ''
          ? { digestFile: argv.digestfile }
          : {}),
        view,
        log,
        retry: copyRetry({ argv, signal: ctx.signal, warn: (text) => log.warn(text) }),
      });
      view.close();
      return 0;
    } catch (err) {
      view.close();
      return reportFailure(io, err, trap.interrupted);
    } finally {
      trap.dispose();
    }
  },
};
