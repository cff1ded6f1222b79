/**
 * `berth delete docker://IMAGE`: skopeo's delete, plus two things skopeo lacks.
 *
 * 1. The reference is resolved to a digest with one HEAD (every manifest type accepted), and
 *    exactly that digest is deleted: if the tag moves meanwhile, what was resolved is what goes,
 *    never something re-resolved later (reliability.md J03).
 * 2. Deleting a manifest deletes every tag that names it (skopeo-delete(1) warns in prose), so
 *    berth first lists those tags on stderr.
 * 3. `--tag-only` removes just the tag and keeps the manifest and its other tags (see
 *    `src/registry/delete/untag.ts`).
 *
 * Only the docker transport deletes, as in skopeo. A registry that refuses deletes (405 or
 * `UNSUPPORTED`, distribution's default) gets a plain "registry does not allow deletes"; an
 * image that does not exist exits 2.
 */
import { findSiblingTags, isDeleteRefused, untag } from '../registry/delete/index.js';
import type { Digest } from '../registry/digest/index.js';
import { isNotFound, RegistryError } from '../registry/http/index.js';
import { formatReference, type ImageName, parseImageName, type Reference } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import type { CliContext } from './context.js';
import { type RetryOptions, withRetry } from './delete/retry.js';
import { parseGoDuration } from './duration.js';
import { describeError, UsageError } from './errors.js';
import { addImageFlags, addRetryFlags, imageAccess } from './image-flags.js';

function missing(ref: Reference, cause: unknown): Error {
  return new Error(
    `Unable to delete ${formatReference(ref)}. Image may not exist or is not stored with a v2 Schema in a v2 registry`,
    { cause },
  );
}

/** Resolves the reference to its digest; a missing image fails with a 404 in the cause chain (exit 2). */
async function resolve(client: RegistryClient, ref: Reference, retry: RetryOptions): Promise<Digest> {
  const reference = ref.digest ?? (ref.tag as string);
  let head: Awaited<ReturnType<RegistryClient['headManifest']>>;
  try {
    head = await withRetry(retry, () =>
      client.headManifest({ repository: ref.repository, reference, signal: retry.signal }),
    );
  } catch (err) {
    throw new Error(`resolving ${formatReference(ref)}`, { cause: err });
  }
  if (head) return head.digest;
  const session = await client.session({ ...(retry.signal ? { signal: retry.signal } : {}) });
  const url = session.url(`/v2/${ref.repository}/manifests/${reference}`);
  const errors = [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }];
  throw missing(ref, new RegistryError({ status: 404, method: 'HEAD', url, errors }));
}

/** Tells the user, on stderr, which other tags go with the manifest. */
async function warnSiblings(
  ctx: CliContext,
  client: RegistryClient,
  ref: Reference,
  digest: Digest,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  const repo = `${ref.registry}/${ref.repository}`;
  try {
    const found = await findSiblingTags({
      client,
      repository: ref.repository,
      digest,
      ...(ref.tag ? { exclude: ref.tag } : {}),
      signal: ctx.signal,
    });
    if (found.kind === 'too-many') {
      await write(
        stderr,
        `Not checking which other tags point at ${digest}: ${repo} has more than ${found.limit} tags\n`,
      );
      return;
    }
    if (found.tags.length === 0) return;
    const list = found.tags.join(', ');
    const tags = found.tags.length === 1 ? `tag ${list}, which points` : `tags ${list}, which point`;
    const hint = ref.tag ? `; use --tag-only to delete only ${ref.tag}` : '';
    const also = ref.tag ? ' also' : '';
    await write(stderr, `Deleting ${digest} from ${repo}${also} deletes the ${tags} at it${hint}\n`);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    await write(
      stderr,
      `Warning: could not check which other tags point at ${digest}: ${describeError(err)}\n`,
    );
  }
}

/** Deletes `digest`; a retry that finds it gone after an uncertain failure counts as success. */
async function deleteDigest(
  client: RegistryClient,
  ref: Reference,
  digest: Digest,
  retry: RetryOptions,
): Promise<void> {
  let uncertain = false;
  try {
    await withRetry(retry, async () => {
      try {
        await client.deleteManifest({ repository: ref.repository, digest, signal: retry.signal });
      } catch (err) {
        if (uncertain && isNotFound(err)) return;
        uncertain = true;
        throw err;
      }
    });
  } catch (err) {
    if (isDeleteRefused(err))
      throw new Error(`deleting ${formatReference(ref)}: registry does not allow deletes`, { cause: err });
    if (isNotFound(err)) throw missing(ref, err);
    throw new Error(`deleting ${formatReference(ref)}`, { cause: err });
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

/** `berth delete`: deletes a manifest (or, with `--tag-only`, only a tag) from a registry. */
export const deleteCommand: BerthCommand = {
  command: 'delete <IMAGE-NAME>',
  describe: 'Delete image IMAGE-NAME',
  builder: (y) =>
    addRetryFlags(addImageFlags(y, '')).option('tag-only', {
      type: 'boolean',
      default: false,
      description: 'remove only this tag; the manifest and its other tags stay',
    }),
  async run(ctx, argv, io) {
    const input = String(argv['IMAGE-NAME']);
    let name: ImageName;
    try {
      name = parseImageName(input);
    } catch (err) {
      throw new Error(`Invalid source name ${input}`, { cause: err });
    }
    if (name.transport !== 'docker')
      throw new Error(`Deleting images not implemented for ${name.transport}: images`);
    const ref = name.ref;
    const tagOnly = argv['tag-only'] === true;
    if (tagOnly && ref.tag === undefined) throw new UsageError('--tag-only needs a tag, not a digest');
    const delay = typeof argv['retry-delay'] === 'string' ? parseGoDuration(argv['retry-delay']) : undefined;
    const retry: RetryOptions = {
      times: Math.max(0, Math.trunc(Number(argv['retry-times'] ?? 0)) || 0),
      ...(delay !== undefined && delay > 0 ? { delayMs: delay } : {}),
      signal: ctx.signal,
      onRetry: ({ attempt, times, delayMs, error }) => {
        io.stderr.write(
          `Warning: Failed, retrying in ${formatDelay(delayMs)} ... (${attempt}/${times}). Error: ${describeError(error)}\n`,
        );
      },
    };
    // registries.conf's `blocked` applies to deletes too (mirrors do not: they are for reads).
    const client = ctx.clientFor(ref.registry, imageAccess(argv, ''), { repository: ref.repository });

    const digest = await resolve(client, ref, retry);
    ctx.debug(`${formatReference(ref)} is ${digest}`);
    if (tagOnly) {
      try {
        const { placeholder } = await untag({
          client,
          repository: ref.repository,
          tag: ref.tag as string,
          digest,
          signal: ctx.signal,
        });
        ctx.debug(`removed tag ${ref.tag} through placeholder manifest ${placeholder}`);
      } catch (err) {
        const why = isDeleteRefused(err) ? ': registry does not allow deletes' : '';
        throw new Error(`removing the tag ${formatReference(ref)}${why}`, { cause: err });
      }
      return 0;
    }
    await warnSiblings(ctx, client, ref, digest, io.stderr);
    await deleteDigest(client, ref, digest, retry);
    return 0;
  },
};
