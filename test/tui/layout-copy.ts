/**
 * Local OCI layouts for TUI tests, made the way a user makes one: an image copied from a
 * harness registry with berth's own transports and copy engine (the sandbox's real deps).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credential } from '../../src/registry/auth/index.js';
import { parseImageName } from '../../src/registry/ref/index.js';
import { makeTuiSandbox } from './sandbox.js';

/** What {@link copyToNewLayout} copies. */
export interface CopyToNewLayoutOptions {
  /** `host[:port]` of a harness registry (marked insecure for the copy). */
  registry: string;
  /** `repo:tag` there. */
  image: string;
  /** The image's name in the layout (its `org.opencontainers.image.ref.name`). */
  name: string;
  /** For a registry with Basic auth. */
  credential?: Credential;
}

/** Copies an image into a new layout under the temp directory; resolves to the layout's absolute path. */
export async function copyToNewLayout(opts: CopyToNewLayoutOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-layout-'));
  const sb = await makeTuiSandbox({ insecure: [opts.registry] });
  try {
    const { deps } = sb;
    const credential = opts.credential ? { credential: opts.credential } : {};
    const source = await deps.openSource(parseImageName(`docker://${opts.registry}/${opts.image}`), {
      registryClient: (r) => deps.clientFor(r, credential),
    });
    try {
      const destination = await deps.openDestination(parseImageName(`oci:${dir}:${opts.name}`), {});
      await deps.copyImage({ source, destination });
    } finally {
      await source.close();
    }
  } finally {
    await sb.remove();
  }
  return dir;
}
