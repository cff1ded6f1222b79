/**
 * `berth inspect IMAGE-NAME`: skopeo 1.9.3's inspect for every transport, byte for byte —
 * the summary JSON (or a `--format` Go template over it), `--raw` for the manifest as
 * stored, `--config` for the image config as image-spec's `v1.Image`, `--config --raw`
 * for the config blob as stored. A multi-arch image is summarised by the entry for this
 * machine or the `--override-*` platform, but `Digest` (and `--raw`) stay the index's.
 */

import { RegistryError } from '../registry/http/index.js';
import { hostPlatform, parseImageConfig, readOciImageConfig } from '../registry/manifest/index.js';
import { formatImageName, type ImageName, parseImageName } from '../registry/ref/index.js';
import { type ImageSource, isTagLister } from '../registry/transports/types.js';
import type { BerthCommand, CommandIO } from './command.js';
import { write } from './command.js';
import type { CliContext } from './context.js';
import { describeError, UsageError } from './errors.js';
import { addImageFlags, addRetryFlags, imageAccess } from './image-flags.js';
import { assertImageConfig, inspectInfoFromConfig, inspectInfoFromSchema1 } from './inspect/inspect-info.js';
import { inspectOutputValue } from './inspect/inspect-output.js';
import { chooseInstance, readConfigBlob, type SingleImage } from './inspect/load-image.js';
import { ociConfigValue } from './inspect/oci-config-value.js';
import { type RetryOptions, retryFlags, withRetry } from './inspect/with-retry.js';
import { compileFormat } from './output/report-format.js';
import { openSource } from './registry-source.js';

interface InspectFlags {
  raw: boolean;
  config: boolean;
  noTags: boolean;
  render: ReturnType<typeof compileFormat>;
}

/** Whether the error chain holds a 401 or 403: the registry will not list tags for us. */
function isDenied(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 8; depth++) {
    if (cur instanceof RegistryError) return cur.status === 401 || cur.status === 403;
    cur = cur.cause;
  }
  return false;
}

/** The Docker reference skopeo calls `Name`: registry and repository, without tag or digest. */
function dockerName(name: ImageName): string | undefined {
  const ref =
    name.transport === 'docker' ? name.ref : name.transport === 'docker-archive' ? name.ref : undefined;
  return ref ? `${ref.registry}/${ref.repository}` : undefined;
}

/** A tag listing started early: wait for it, or cancel it when the image fails first. */
interface RepoTagsListing {
  /** The tags, or null when the registry refuses to list them (after skopeo's warning). */
  result(io: CommandIO): Promise<string[] | null>;
  /** Stops the request: nothing may keep the process waiting for tags it will not print. */
  cancel(): void;
}

/**
 * Starts listing the repository's tags at once (they do not depend on the manifest, and the
 * registry answers while the config is read); its failure is reported as skopeo does, in
 * skopeo's order: after the image's own errors.
 */
function startRepoTags(ctx: CliContext, source: ImageSource): RepoTagsListing {
  if (source.name.transport !== 'docker' || !isTagLister(source))
    return { result: async () => [], cancel: () => {} };
  const controller = new AbortController();
  const listing = source.listTags({ signal: AbortSignal.any([ctx.signal, controller.signal]) });
  // Not awaited when the image fails first: that error is the one reported.
  listing.catch(() => {});
  return {
    async result(io) {
      try {
        return await listing;
      } catch (err) {
        // Some registries refuse tag listing (ECR without ecr:ListImages, IBM's); skopeo goes on without tags.
        // The image itself was found: a failing tag list must not exit 2 ("not found").
        if (!isDenied(err)) throw new Error(`determining repository tags: ${describeError(err)}`);
        io.stderr.write('WARN Registry disallows tag list retrieval; skipping\n');
        return null;
      }
    },
    cancel: () => controller.abort(),
  };
}

async function printConfig(
  ctx: CliContext,
  source: ImageSource,
  image: SingleImage,
  flags: InspectFlags,
  retry: RetryOptions,
  io: CommandIO,
): Promise<void> {
  if (image.kind === 'schema1') {
    // c/image has no config blob for schema 1 (skopeo prints nothing) and would synthesise one for --config.
    if (flags.raw) return;
    throw new Error('--config is not supported for Docker schema 1 images by berth');
  }
  if (!flags.raw) assertImageConfig(image);
  const bytes = await withRetry(() => readConfigBlob({ source, image, signal: ctx.signal }), retry);
  if (flags.raw) {
    await write(io.stdout, bytes);
    return;
  }
  const config = readOciImageConfig(bytes, { expectedDigest: image.doc.config.digest });
  await write(io.stdout, flags.render(ociConfigValue(config)));
}

async function inspect(
  ctx: CliContext,
  given: ImageName,
  source: ImageSource,
  flags: InspectFlags,
  retry: RetryOptions,
  io: CommandIO,
): Promise<void> {
  const top = await withRetry(() => source.getManifest({ signal: ctx.signal }), retry).catch(
    (err: unknown) => {
      throw new Error(`reading manifest of ${formatImageName(source.name)}`, { cause: err });
    },
  );
  if (flags.raw && !flags.config) {
    await write(io.stdout, top.bytes);
    return;
  }
  const g = ctx.globals;
  const platform = hostPlatform({
    ...(g.overrideOs ? { os: g.overrideOs } : {}),
    ...(g.overrideArch ? { arch: g.overrideArch } : {}),
    ...(g.overrideVariant ? { variant: g.overrideVariant } : {}),
  });
  if (flags.config) {
    const image = await withRetry(() => chooseInstance({ source, top, platform, signal: ctx.signal }), retry);
    await printConfig(ctx, source, image, flags, retry, io);
    return;
  }
  const repoTags = flags.noTags ? undefined : startRepoTags(ctx, source);
  let info: ReturnType<typeof inspectInfoFromSchema1>;
  try {
    const image = await withRetry(() => chooseInstance({ source, top, platform, signal: ctx.signal }), retry);
    if (image.kind === 'schema1') info = inspectInfoFromSchema1(image);
    else {
      assertImageConfig(image);
      const bytes = await withRetry(() => readConfigBlob({ source, image, signal: ctx.signal }), retry);
      info = inspectInfoFromConfig(
        image,
        parseImageConfig(bytes, { expectedDigest: image.doc.config.digest }),
      );
    }
  } catch (err) {
    repoTags?.cancel();
    throw err;
  }
  const tags = repoTags ? await repoTags.result(io) : [];
  // From the name as given: skopeo prints no Name for an archive opened without a reference.
  const name = dockerName(given);
  const value = inspectOutputValue({ ...(name ? { name } : {}), digest: top.digest, repoTags: tags, info });
  await write(io.stdout, flags.render(value));
}

export const inspectCommand: BerthCommand = {
  command: 'inspect <IMAGE-NAME>',
  describe: 'Inspect image IMAGE-NAME',
  builder: (y) =>
    addRetryFlags(addImageFlags(y, ''))
      .option('raw', { type: 'boolean', default: false, description: 'output raw manifest or configuration' })
      .option('config', { type: 'boolean', default: false, description: 'output configuration' })
      .option('format', { alias: 'f', type: 'string', description: 'Format the output to a Go template' })
      .option('no-tags', {
        alias: 'n',
        type: 'boolean',
        default: false,
        description: 'Do not list the available tags from the repository in the output',
      }),
  async run(ctx, argv, io) {
    const input = argv['IMAGE-NAME'];
    if (typeof input !== 'string') throw new UsageError('Exactly one argument expected');
    const format = typeof argv.format === 'string' ? argv.format : '';
    const raw = argv.raw === true;
    if (raw && format !== '') throw new UsageError('raw output does not support format option');
    // Parse the template before any network traffic, so a typo fails at once.
    const flags: InspectFlags = {
      raw,
      config: argv.config === true,
      noTags: argv['no-tags'] === true,
      render: compileFormat(format),
    };
    const retry: RetryOptions = {
      ...retryFlags(argv),
      signal: ctx.signal,
      onRetry: (m) => io.stderr.write(`WARN ${m}\n`),
    };
    let name: ImageName;
    try {
      name = parseImageName(input);
    } catch (err) {
      throw new Error(`parsing image name ${JSON.stringify(input)}`, { cause: err });
    }
    const access = imageAccess(argv, '');
    // A registry image is read from the first registries.conf mirror (or the registry) that has it.
    const source = await withRetry(() => openSource({ ctx, name, access, signal: ctx.signal }), retry).catch(
      (err: unknown) => {
        if (name.transport !== 'docker') throw err;
        throw new Error(`reading manifest of ${formatImageName(name)}`, { cause: err });
      },
    );
    try {
      await inspect(ctx, name, source, flags, retry, io);
    } finally {
      await source.close();
    }
    return 0;
  },
};
