import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Endpoint, harnessFetch } from '../test/harness/index.js';
import { OCI_MANIFEST } from './fixtures/image.js';

/**
 * Checks that `repository:tag` resolves to `digest` in the registry: a copy that "finished fast"
 * without writing the image would otherwise look like a win.
 */
export async function expectRegistryImage(
  reg: Endpoint,
  repository: string,
  tag: string,
  digest: string,
): Promise<void> {
  const res = await harnessFetch(reg, `/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: OCI_MANIFEST },
  });
  const got = res.headers.get('docker-content-digest');
  if (res.status !== 200 || got !== digest) {
    throw new Error(`${reg.url}/${repository}:${tag} is ${res.status} ${got}, expected ${digest}`);
  }
}

/** Checks that the OCI layout's index names `digest` as `ref`. */
export async function expectLayoutImage(dir: string, ref: string, digest: string): Promise<void> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests?: Array<{ digest?: string; annotations?: Record<string, string> }>;
  };
  const found = index.manifests?.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === ref);
  if (found?.digest !== digest)
    throw new Error(`${dir} names ${ref} as ${found?.digest}, expected ${digest}`);
}

/** Tags of `repository` in the registry (distribution 2.8 returns them all in one page). */
export async function registryTags(reg: Endpoint, repository: string): Promise<string[]> {
  const res = await harnessFetch(reg, `/v2/${repository}/tags/list`);
  if (res.status !== 200) throw new Error(`${reg.url}/v2/${repository}/tags/list answered ${res.status}`);
  return ((await res.json()) as { tags?: string[] | null }).tags ?? [];
}
