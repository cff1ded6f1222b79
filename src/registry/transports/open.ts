/**
 * Opens an `ImageName` (parsed at the edge by `parseImageName`) as a source or a
 * destination. Registry clients come from the caller, who owns HTTP, credentials
 * and per-registry TLS settings (the CLI's `--src-creds`, `--dest-tls-verify`, …).
 */
import type { ImageName, Reference } from '../ref/index.js';
import type { RegistryClient } from '../remote/index.js';
import { openDirDestination, openDirSource } from './dir/index.js';
import { DockerDestination, DockerSource } from './docker/docker-transport.js';
import { openDockerArchiveDestination, openDockerArchiveSource } from './docker-archive/index.js';
import { openOciLayoutDestination, openOciLayoutSource } from './oci/index.js';
import { openOciArchiveDestination, openOciArchiveSource } from './oci-archive/index.js';
import type { ImageDestination, ImageSource } from './types.js';

export interface OpenOptions {
  /**
   * Returns the client for a registry (`docker.io`, `127.0.0.1:5000`) and the repository it
   * is for (configuration may depend on it); only docker:// uses it.
   */
  registryClient?: (registry: string, repository: string) => RegistryClient;
  /** Where archive transports may stage files (default: the OS temp dir, or beside the destination). */
  tmpDir?: string;
  /** docker-archive destinations: RepoTags after the destination's own (skopeo's `--additional-tag`). */
  additionalTags?: readonly Reference[];
  signal?: AbortSignal;
}

function clientFor(name: Extract<ImageName, { transport: 'docker' }>, opts: OpenOptions): RegistryClient {
  if (!opts.registryClient) throw new Error('docker:// needs a registry client');
  return opts.registryClient(name.ref.registry, name.ref.repository);
}

export async function openImageSource(name: ImageName, opts: OpenOptions = {}): Promise<ImageSource> {
  switch (name.transport) {
    case 'docker':
      return new DockerSource({ ref: name.ref, client: clientFor(name, opts) });
    case 'oci':
      return openOciLayoutSource({
        path: name.path,
        image: name.image,
        index: name.index,
        signal: opts.signal,
      });
    case 'dir':
      return openDirSource({ path: name.path, signal: opts.signal });
    case 'oci-archive':
      return openOciArchiveSource({
        path: name.path,
        image: name.image,
        tmpDir: opts.tmpDir,
        signal: opts.signal,
      });
    case 'docker-archive':
      return openDockerArchiveSource({
        path: name.path,
        ref: name.ref,
        index: name.index,
        signal: opts.signal,
      });
  }
}

export async function openImageDestination(
  name: ImageName,
  opts: OpenOptions = {},
): Promise<ImageDestination> {
  switch (name.transport) {
    case 'docker':
      return new DockerDestination({ ref: name.ref, client: clientFor(name, opts) });
    case 'oci':
      if (name.index !== undefined) throw new Error('an oci: destination cannot name a source index (@N)');
      return openOciLayoutDestination({ path: name.path, image: name.image, signal: opts.signal });
    case 'dir':
      return openDirDestination({ path: name.path, signal: opts.signal });
    case 'oci-archive':
      return openOciArchiveDestination({
        path: name.path,
        image: name.image,
        tmpDir: opts.tmpDir,
        signal: opts.signal,
      });
    case 'docker-archive':
      if (name.index !== undefined)
        throw new Error('a docker-archive: destination cannot name a source index (@N)');
      return openDockerArchiveDestination({
        path: name.path,
        ref: name.ref,
        ...(opts.additionalTags ? { additionalTags: opts.additionalTags } : {}),
        signal: opts.signal,
      });
  }
}
