/**
 * `--additional-tag` (skopeo: "additional tags (supports docker-archive)"): extra
 * `RepoTags` in a docker-archive destination, after the one the destination names.
 *
 * `openDockerArchiveDestination` takes only the destination's own reference, so this opens
 * the destination the same way with the longer tag list.
 * TODO(transports): replace with an `additionalTags` option on `openDockerArchiveDestination`
 * when the docker-archive transport grows one.
 */

import type { ImageName, Reference } from '../../registry/ref/index.js';
import { resolveArchiveTarget } from '../../registry/transports/docker-archive/archive-target.js';
import { DockerArchiveDestination } from '../../registry/transports/docker-archive/index.js';

/** Opens `name` (a docker-archive) recording `tags` after its own reference. */
export async function openArchiveWithTags(opts: {
  name: Extract<ImageName, { transport: 'docker-archive' }>;
  tags: readonly Reference[];
  signal?: AbortSignal;
}): Promise<DockerArchiveDestination> {
  const { name, signal } = opts;
  signal?.throwIfAborted();
  if (name.index !== undefined)
    throw new Error('a docker-archive: destination cannot name a source index (@N)');
  const target = await resolveArchiveTarget({
    path: name.path,
    transport: 'docker-archive',
    ...(signal ? { signal } : {}),
  });
  const tags = [...(name.ref ? [name.ref] : []), ...opts.tags];
  return new DockerArchiveDestination({ name, target, tags });
}
