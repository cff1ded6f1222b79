/**
 * `berth copy SOURCE-IMAGE DESTINATION-IMAGE`: skopeo's copy between any two transports
 * (`docker://`, `oci:`, `dir:`, `oci-archive:`, `docker-archive:`), through the copy engine.
 *
 * Differences from skopeo 1.9.3, all deliberate:
 * - progress goes to **stderr** (skopeo: stdout), so `berth copy … | tool` and
 *   `$(berth copy …)` see nothing but what a command prints on purpose; on a terminal it is
 *   live rows with sizes and speed, elsewhere one line per finished blob with its size;
 * - `--multi-arch` also takes a platform list (`linux/amd64,linux/arm64`);
 * - `--preserve-digests` with a `-f` that needs a conversion fails (skopeo 1.9.3 quietly
 *   ignores `-f`); `-f v2s1` and the signing and encryption flags are refused;
 * - a missing source image exits 2 (skopeo ≥ 1.16; 1.9.3 exits 1);
 * - Ctrl-C aborts cleanly — nothing is published — and exits 130.
 */
import { writeFile } from 'node:fs/promises';
import {
  type ImageName,
  InvalidImageNameError,
  parseImageName,
  parseReference,
  type Reference,
} from '../registry/ref/index.js';
import type { BerthCommand } from './command.js';
import {
  addSharedCopyFlags,
  addSkopeoOnlyFlags,
  parseFormat,
  positiveInt,
  refuseUnsupported,
  sideAccess,
  stringList,
} from './copy/copy-flags.js';
import { copyOnce, type EngineChoices } from './copy/copy-once.js';
import { copyRetry, withRetry } from './copy/copy-retry.js';
import { reportFailure } from './copy/failure.js';
import { trapInterrupt } from './copy/interrupt.js';
import { platformSelection } from './copy/multi-arch.js';
import { UsageError } from './errors.js';
import { createProgressView } from './output/progress/index.js';

const EPILOGUE = `Progress is written to stderr, not stdout as skopeo does, so stdout stays clean for scripts. On a terminal it shows one live row per blob and a total; otherwise one line per finished blob with its size. -q silences it.

--multi-arch takes system, all, index-only, or a comma-separated platform list (linux/amd64,linux/arm64/v8): those images are copied and the index is rewritten to list only them.`;

function parseName(input: string, side: 'source' | 'destination'): ImageName {
  try {
    return parseImageName(input);
  } catch (err) {
    // skopeo's wording: `Invalid source name X: <reason>`, without repeating the input.
    if (err instanceof InvalidImageNameError) throw new Error(`Invalid ${side} name ${input}: ${err.reason}`);
    throw new Error(`Invalid ${side} name ${input}`, { cause: err });
  }
}

/** `--additional-tag`: tagged references, as skopeo requires. */
function additionalTags(value: unknown): Reference[] {
  return stringList(value).map((text) => {
    let ref: Reference;
    try {
      ref = parseReference(text, { defaultTag: false });
    } catch (err) {
      throw new Error(`error parsing additional-tag '${text}'`, { cause: err });
    }
    if (ref.tag === undefined) throw new Error(`additional-tag '${text}' must be a tagged reference`);
    return ref;
  });
}

export const copyCommand: BerthCommand = {
  command: 'copy <SOURCE-IMAGE> <DESTINATION-IMAGE>',
  describe: 'Copy an IMAGE-NAME from one location to another',
  builder: (y) =>
    addSkopeoOnlyFlags(addSharedCopyFlags(y))
      .option('additional-tag', { type: 'string', description: 'additional tags (supports docker-archive)' })
      .option('multi-arch', {
        type: 'string',
        description: 'How to handle multi-architecture images (system, all, index-only, or a platform list)',
      })
      .option('digestfile', {
        type: 'string',
        description: 'Write the digest of the pushed image to the specified file',
      })
      .option('quiet', {
        alias: 'q',
        type: 'boolean',
        default: false,
        description: 'Suppress output information when copying images',
      })
      .option('image-parallel-copies', {
        type: 'number',
        description: 'Maximum number of blobs copied at once (default 6)',
      })
      .epilogue(EPILOGUE),
  async run(ctx, argv, io) {
    refuseUnsupported(argv);
    const source = parseName(String(argv['SOURCE-IMAGE']), 'source');
    const destination = parseName(String(argv['DESTINATION-IMAGE']), 'destination');
    const format = parseFormat(argv.format);
    const tags = additionalTags(argv['additional-tag']);
    if (tags.length > 0 && destination.transport !== 'docker-archive')
      io.stderr.write(
        'Warning: --additional-tag applies only to docker-archive: destinations; ignoring it\n',
      );
    const parallelism = positiveInt(argv, 'image-parallel-copies');
    const engine: EngineChoices = {
      platforms: platformSelection({
        all: argv.all === true,
        ...(typeof argv['multi-arch'] === 'string' ? { multiArch: argv['multi-arch'] } : {}),
      }),
      ...(format ? { format } : {}),
      preserveDigests: argv['preserve-digests'] === true,
      removeSignatures: argv['remove-signatures'] === true,
      ...(parallelism === undefined ? {} : { parallelism }),
    };
    const sourceAccess = sideAccess(argv, 'src-');
    const destinationAccess = sideAccess(argv, 'dest-');
    const digestFile = typeof argv.digestfile === 'string' ? argv.digestfile : undefined;
    if (digestFile === '') throw new UsageError('--digestfile needs a file name');
    const quiet = argv.quiet === true;
    const view = createProgressView({ stream: io.stderr, quiet });
    const retry = copyRetry({
      argv,
      signal: ctx.signal,
      warn: (text) => (quiet ? io.stderr.write(`${text}\n`) : view.line(text)),
    });
    const trap = trapInterrupt(ctx);
    try {
      await withRetry(retry, async () => {
        const result = await copyOnce({
          ctx,
          source,
          destination,
          sourceAccess,
          destinationAccess,
          ...(tags.length > 0 ? { additionalTags: tags } : {}),
          engine,
          view,
          signal: ctx.signal,
        });
        if (digestFile !== undefined) {
          try {
            await writeFile(digestFile, result.digest, { mode: 0o644 });
          } catch (err) {
            throw new Error(`Failed to write digest to file "${digestFile}"`, { cause: err });
          }
        }
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
