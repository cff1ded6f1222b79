/**
 * `berth list-tags REPOSITORY-NAME`: skopeo's tag listing, byte for byte —
 * `{"Repository": "registry/repo", "Tags": [...]}` in the registry's order (following
 * `Link` pagination) for `docker://registry/repo`, which must name no tag or digest, and
 * `{"Tags": ["name:tag", "@N", …]}` for every image of a `docker-archive:` file.
 */
import { parseImageName, parseReference } from '../registry/ref/index.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { describeError, UsageError } from './errors.js';
import { addImageFlags, addRetryFlags, imageAccess } from './image-flags.js';
import { type RetryOptions, retryFlags, withRetry } from './inspect/with-retry.js';
import { archiveTagListing, readArchiveItems } from './list-tags/archive-tags.js';
import { goJson } from './output/go-json.js';

/** Transports skopeo knows but cannot list tags of (containers/image's registry of transports). */
const OTHER_TRANSPORTS = new Set([
  'oci',
  'dir',
  'oci-archive',
  'docker-daemon',
  'containers-storage',
  'tarball',
  'sif',
  'ostree',
]);

interface TagList {
  Repository?: string;
  Tags: string[] | null;
}

function dockerRepository(input: string): { registry: string; repository: string } {
  if (!input.startsWith('docker://'))
    throw new Error(`docker: image reference ${input} does not start with docker://`);
  const ref = parseReference(input.slice('docker://'.length), { defaultTag: false });
  if (ref.tag !== undefined || ref.digest !== undefined)
    throw new Error('No tag or digest allowed in reference');
  return ref;
}

export const listTagsCommand: BerthCommand = {
  command: 'list-tags <REPOSITORY-NAME>',
  describe: 'List tags in the transport/repository specified by the REPOSITORY-NAME',
  builder: (y) => addRetryFlags(addImageFlags(y, '')),
  async run(ctx, argv, io) {
    const input = argv['REPOSITORY-NAME'];
    if (typeof input !== 'string') throw new UsageError('Exactly one non-option argument expected');
    const colon = input.indexOf(':');
    const transport = colon < 0 ? '' : input.slice(0, colon);
    const retry: RetryOptions = {
      ...retryFlags(argv),
      signal: ctx.signal,
      onRetry: (m) => io.stderr.write(`WARN ${m}\n`),
    };
    let out: TagList;
    if (transport === 'docker') {
      const repo = dockerRepository(input);
      // Tags come from the registry named (never a mirror); `blocked` applies to the repository.
      const client = ctx.clientFor(repo.registry, imageAccess(argv, ''), { repository: repo.repository });
      let tags: string[];
      try {
        tags = await withRetry(
          () => client.listTags({ repository: repo.repository, signal: ctx.signal }),
          retry,
        );
      } catch (err) {
        // A repository that is missing or has no tags is not a missing image: skopeo exits 1, not 2.
        throw new Error(`listing repository tags: ${describeError(err)}`);
      }
      out = { Repository: `${repo.registry}/${repo.repository}`, Tags: tags };
    } else if (transport === 'docker-archive') {
      const name = parseImageName(input);
      if (name.transport !== 'docker-archive') throw new Error(`unexpected transport ${name.transport}`);
      out = { Tags: archiveTagListing(await readArchiveItems({ path: name.path, signal: ctx.signal })) };
    } else if (OTHER_TRANSPORTS.has(transport)) {
      throw new Error(
        `Unsupported transport '${transport}' for tag listing. Only supported: docker, docker-archive`,
      );
    } else {
      throw new Error(`Invalid ${JSON.stringify(input)}: does not specify a transport`);
    }
    await write(io.stdout, `${goJson(out)}\n`);
    return 0;
  },
};
