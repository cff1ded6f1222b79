/**
 * `berth catalog REGISTRY` (beyond skopeo): the repositories a registry lists at
 * `/v2/_catalog`, following its `Link` pagination — one per line, printed page by page
 * so a large catalog starts showing at once, or with `--json` as
 * `{"Registry": …, "Repositories": [...]}`. The catalog is not part of the OCI spec and
 * many registries refuse it (Docker Hub, ghcr.io, Harbor for non-admins); that is reported
 * as such, with the registry's answer, and exit code 1.
 */
import { RegistryError } from '../registry/http/index.js';
import { domainProblem, looksLikeDomain } from '../registry/ref/grammar.js';
import { DOCKER_HUB, parseRepository } from '../registry/ref/index.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { describeError, UsageError } from './errors.js';
import { addImageFlags, addRetryFlags, imageAccess } from './image-flags.js';
import { retryFlags, withRetry } from './inspect/with-retry.js';
import { goJson } from './output/go-json.js';

/** Reads `host[:port]`, `docker://host[:port]` (a trailing `/` allowed) into a registry name. */
export function parseRegistryArgument(arg: string): string {
  const host = arg.replace(/^docker:\/\//, '').replace(/\/$/, '');
  const problem = host.includes('/')
    ? 'a registry has no path; name the host (and port) only'
    : domainProblem(host);
  if (problem) throw new UsageError(`invalid registry ${JSON.stringify(arg)}: ${problem}`);
  // The reference grammar folds Docker Hub's aliases (index.docker.io) into docker.io.
  return looksLikeDomain(host) ? parseRepository(`${host}/x`).registry : host;
}

/** Why a failed catalog request means "no catalog for us" rather than a transient failure. */
function refusal(registry: string, err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 8; depth++) {
    if (cur instanceof RegistryError) {
      if (cur.status === 401 || cur.status === 403)
        return `registry ${registry} refused to list its catalog (${cur.message})`;
      if (cur.status === 404 || cur.status === 405 || cur.code === 'UNSUPPORTED') {
        return `registry ${registry} does not offer a catalog (${cur.message})`;
      }
      return undefined;
    }
    cur = cur.cause;
  }
  return undefined;
}

export const catalogCommand: BerthCommand = {
  command: 'catalog <REGISTRY>',
  describe: 'List the repositories of REGISTRY (its /v2/_catalog), which skopeo does not offer',
  builder: (y) =>
    addRetryFlags(addImageFlags(y, ''))
      .option('json', {
        type: 'boolean',
        default: false,
        description: 'print {"Registry": …, "Repositories": [...]} instead of one repository per line',
      })
      .option('page-size', {
        type: 'number',
        description: 'repositories to ask for per request (1-1000, default 1000)',
      }),
  async run(ctx, argv, io) {
    const arg = argv.REGISTRY;
    if (typeof arg !== 'string') throw new UsageError('Exactly one argument expected');
    const registry = parseRegistryArgument(arg);
    if (registry === DOCKER_HUB) {
      throw new Error(
        `registry ${registry} does not offer a catalog (Docker Hub disables /v2/_catalog for everyone)`,
      );
    }
    const client = ctx.clientFor(registry, imageAccess(argv, ''));
    const retry = {
      ...retryFlags(argv),
      signal: ctx.signal,
      onRetry: (m: string) => io.stderr.write(`WARN ${m}\n`),
    };
    const json = argv.json === true;
    const pageSize = argv['page-size'];
    if (
      pageSize !== undefined &&
      (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    ) {
      throw new UsageError(`invalid --page-size ${String(pageSize)}: want an integer from 1 to 1000`);
    }
    const all: string[] = [];
    let printed = false;
    try {
      await withRetry(async () => {
        all.length = 0;
        try {
          for await (const page of client.listRepositoryPages({
            ...(pageSize ? { pageSize } : {}),
            signal: ctx.signal,
            onWarning: (m) => io.stderr.write(`WARN ${m}\n`),
          })) {
            all.push(...page);
            if (!json && page.length > 0) {
              printed = true;
              await write(io.stdout, `${page.join('\n')}\n`);
            }
          }
        } catch (err) {
          // Starting over after lines were printed would print them twice: no retry then.
          throw printed ? new Error(describeError(err)) : err;
        }
      }, retry);
    } catch (err) {
      const refused = refusal(registry, err);
      // Exit 1, never 2: a registry without a catalog is not a missing image.
      if (refused) throw new Error(refused);
      throw new Error(`listing the catalog of ${registry}: ${describeError(err)}`);
    }
    if (json) await write(io.stdout, `${goJson({ Registry: registry, Repositories: all })}\n`);
    return 0;
  },
};
