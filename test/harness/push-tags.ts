import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials } from './auth.js';
import { pushTarget } from './images.js';
import { ACCEPT_ALL_MANIFESTS } from './media-types.js';
import { registryRequest, sha256Digest } from './push-blob.js';
import type { RegistryInstance } from './registry.js';

/**
 * Options for {@link pushTags}: give either the manifest bytes or the digest of one already pushed.
 * The repository must already hold the manifest's blobs (push the image there first), or the
 * registry answers `MANIFEST_BLOB_UNKNOWN`.
 */
export interface PushTagsOptions {
  repository: string;
  tags: readonly string[];
  manifestBytes?: Uint8Array;
  /** Defaults to the manifest's own `mediaType` field. */
  mediaType?: string;
  /** Fetched from the repository when `manifestBytes` is not given. */
  digest?: string;
  /** Parallel PUTs; default 16. */
  concurrency?: number;
  /**
   * `'api'` (default) PUTs the manifest once per tag. `'storage'` PUTs it once by digest, then writes
   * each tag's two link files straight into the registry's filesystem storage: about a hundred times
   * faster (distribution 2.8 spends ~2 ms of CPU per tag PUT and the machine has two cores) and
   * indistinguishable to clients, since 2.8 reads tags from disk on every request and caches none.
   */
  method?: 'api' | 'storage';
  auth?: Credentials | 'anonymous';
  signal?: AbortSignal;
}

/**
 * Points many tags at one manifest by PUTting the same bytes under each tag, a bounded number at a
 * time over keep-alive connections (3000 tags take a few seconds against a local registry).
 */
export async function pushTags(reg: RegistryInstance, opts: PushTagsOptions): Promise<void> {
  const target = await pushTarget(reg, opts.repository, opts.auth, opts.signal);
  let bytes = opts.manifestBytes;
  let mediaType = opts.mediaType;
  if (!bytes) {
    if (!opts.digest) throw new Error('pushTags needs manifestBytes or digest');
    const res = await registryRequest(
      target,
      `/v2/${opts.repository}/manifests/${opts.digest}`,
      { headers: { accept: ACCEPT_ALL_MANIFESTS } },
      [200],
    );
    bytes = new Uint8Array(await res.arrayBuffer());
    mediaType ??= res.headers.get('content-type') ?? undefined;
  }
  const body = bytes;
  const contentType =
    mediaType ?? (JSON.parse(new TextDecoder().decode(body)) as { mediaType?: string }).mediaType;
  if (!contentType) throw new Error('pushTags cannot tell the manifest media type');

  if (opts.method === 'storage') {
    const put = await registryRequest(
      target,
      `/v2/${opts.repository}/manifests/${sha256Digest(body)}`,
      { method: 'PUT', body, headers: { 'content-type': contentType } },
      [201],
    );
    await put.body?.cancel();
    await writeTagLinks(reg.storageDir, opts.repository, sha256Digest(body), opts.tags);
    return;
  }

  let next = 0;
  const worker = async () => {
    while (next < opts.tags.length) {
      const tag = opts.tags[next++]!;
      const res = await registryRequest(
        target,
        `/v2/${opts.repository}/manifests/${tag}`,
        { method: 'PUT', body, headers: { 'content-type': contentType } },
        [201],
      );
      await res.body?.cancel();
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? 16, opts.tags.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Writes the files distribution 2.8's filesystem layout keeps per tag:
 * `_manifests/tags/TAG/current/link` and `_manifests/tags/TAG/index/sha256/HEX/link`, each holding
 * the digest with no trailing newline.
 */
async function writeTagLinks(
  storageDir: string,
  repository: string,
  digest: string,
  tags: readonly string[],
) {
  const tagsDir = join(storageDir, 'docker/registry/v2/repositories', repository, '_manifests/tags');
  const hex = digest.slice('sha256:'.length);
  for (const tag of tags) {
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`invalid tag ${JSON.stringify(tag)}`);
  }
  let next = 0;
  // A few writers in parallel keep libuv's four file-system threads busy.
  const worker = async () => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      const current = join(tagsDir, tag, 'current');
      const index = join(tagsDir, tag, 'index/sha256', hex);
      await Promise.all([mkdir(current, { recursive: true }), mkdir(index, { recursive: true })]);
      await Promise.all([writeFile(join(current, 'link'), digest), writeFile(join(index, 'link'), digest)]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
