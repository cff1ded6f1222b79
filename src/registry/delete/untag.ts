/**
 * `delete --tag-only` and the TUI's "this tag only": removing one tag while the manifest and
 * its other tags stay. The Distribution API can only delete manifests (deleting a tag by name
 * is optional in the OCI spec and distribution 2.8 refuses it), so the tag is first pointed at
 * a placeholder manifest that nothing else can share — an OCI image manifest whose only
 * content is the empty `{}` blob and a unique annotation — and that placeholder is deleted,
 * taking the tag with it.
 *
 * If the registry refuses the delete, the tag is pointed back at its original manifest (its
 * exact bytes, fetched beforehand), so a failed `--tag-only` leaves things as they were.
 */
import { randomUUID } from 'node:crypto';
import { type Digest, digestOf } from '../digest/index.js';
import { MEDIA_TYPES } from '../manifest/index.js';
import type { RegistryClient } from '../remote/index.js';

/** The empty JSON object blob of image-spec 1.1's "empty descriptor". */
export const EMPTY_BLOB = new TextEncoder().encode('{}');
export const EMPTY_BLOB_DIGEST: Digest = digestOf(EMPTY_BLOB);

/** The annotation key that marks berth's placeholder manifests. */
export const PLACEHOLDER_ANNOTATION = 'io.github.berth.tag-only-delete';

/**
 * A placeholder image manifest. The empty descriptor is the config and the only layer (some
 * registries refuse manifests without layers); `nonce` makes its digest unique.
 */
export function placeholderManifest(nonce: string): Uint8Array {
  const empty = { mediaType: MEDIA_TYPES.ociEmpty, digest: EMPTY_BLOB_DIGEST, size: EMPTY_BLOB.byteLength };
  const doc = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: MEDIA_TYPES.ociEmpty,
    config: empty,
    layers: [empty],
    annotations: { [PLACEHOLDER_ANNOTATION]: nonce },
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** What {@link untag} needs of a registry client. */
export type UntagClient = Pick<
  RegistryClient,
  'getManifest' | 'headBlob' | 'uploadBlob' | 'putManifest' | 'deleteManifest'
>;

/** Options for {@link untag}. */
export interface UntagOptions {
  client: UntagClient;
  repository: string;
  tag: string;
  /** The digest the tag was resolved to; its bytes are what a failed untag restores. */
  digest: Digest;
  /** Default: a random UUID. */
  nonce?: string;
  signal?: AbortSignal;
}

/**
 * Removes `tag` from `repository` and nothing else.
 * @throws when a step fails; the message says whether the tag was restored.
 */
export async function untag(opts: UntagOptions): Promise<{ placeholder: Digest }> {
  const { client, repository, tag } = opts;
  const signal = opts.signal ? { signal: opts.signal } : {};
  // 1. The original manifest's exact bytes, to put back if the registry refuses the delete.
  const original = await client.getManifest({ repository, reference: opts.digest, ...signal });
  // 2. The placeholder's blob, then the placeholder itself under the tag.
  if (!(await client.headBlob({ repository, digest: EMPTY_BLOB_DIGEST, ...signal }))) {
    await client.uploadBlob({
      repository,
      digest: EMPTY_BLOB_DIGEST,
      size: EMPTY_BLOB.byteLength,
      open: () => EMPTY_BLOB,
      ...signal,
    });
  }
  const bytes = placeholderManifest(opts.nonce ?? randomUUID());
  const placeholder = await client.putManifest({
    repository,
    reference: tag,
    bytes,
    mediaType: MEDIA_TYPES.ociManifest,
    ...signal,
  });
  // 3. Delete the placeholder; the tag goes with it, the original manifest stays.
  try {
    await client.deleteManifest({ repository, digest: placeholder, ...signal });
  } catch (err) {
    try {
      // No signal: after a timeout or Ctrl-C the tag must still not be left on the placeholder.
      await client.putManifest({
        repository,
        reference: tag,
        bytes: original.bytes,
        mediaType: original.mediaType,
      });
    } catch (restoreErr) {
      throw new Error(
        `the tag ${tag} now points at the placeholder manifest ${placeholder} and could not be restored to ${opts.digest} (${(restoreErr as Error).message})`,
        { cause: err },
      );
    }
    throw new Error(`deleting the placeholder manifest (the tag ${tag} points at ${opts.digest} again)`, {
      cause: err,
    });
  }
  return { placeholder };
}
