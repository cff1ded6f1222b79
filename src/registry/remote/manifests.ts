/**
 * Manifest reads and writes. A manifest's digest is always computed from the exact
 * bytes received, never taken on the server's word: by digest the bytes must hash to
 * it, by tag a `Docker-Content-Digest` header that disagrees with the bytes is an error
 * (a registry or proxy that lies about what it served). HEAD is used for digest checks
 * because Docker Hub counts a manifest GET as a pull and a HEAD as none.
 */

import { repositoryScope } from '../auth/index.js';
import type { Digest } from '../digest/index.js';
import { isDigest, MANIFEST_LIMIT, parseDigest, readBounded } from '../digest/index.js';
import { checkResponse } from '../http/index.js';
import type { Manifest } from '../manifest/index.js';
import { MANIFEST_ACCEPT, parseManifest } from '../manifest/index.js';
import type { RegistrySession } from './session.js';

/** A tag or a digest, as it goes into `/v2/<name>/manifests/<reference>`. */
export type ManifestReference = string;

export interface ManifestHead {
  digest: Digest;
  mediaType: string;
  size: number;
}

function manifestPath(repository: string, reference: ManifestReference): string {
  return `/v2/${repository}/manifests/${reference}`;
}

export async function getManifest(
  session: RegistrySession,
  opts: {
    repository: string;
    reference: ManifestReference;
    accept?: readonly string[];
    signal?: AbortSignal;
  },
): Promise<Manifest> {
  const res = await session.send({
    method: 'GET',
    path: manifestPath(opts.repository, opts.reference),
    scopes: [repositoryScope(opts.repository, ['pull'])],
    headers: { accept: (opts.accept ?? MANIFEST_ACCEPT).join(', ') },
    signal: opts.signal,
  });
  await checkResponse(res, 200);
  const bytes = await readBounded(res.body, { limit: MANIFEST_LIMIT, what: 'manifest', signal: opts.signal });
  const byDigest = isDigest(opts.reference) ? opts.reference : undefined;
  const manifest = parseManifest({
    bytes,
    contentType: res.headers['content-type'],
    ...(byDigest ? { expectedDigest: byDigest } : {}),
  });
  const claimed = res.headers['docker-content-digest'];
  if (
    !byDigest &&
    claimed &&
    manifest.kind !== 'schema1' &&
    isDigest(claimed) &&
    claimed !== manifest.digest
  ) {
    throw new Error(
      `manifest ${opts.repository}:${opts.reference}: registry says ${claimed} but the bytes hash to ${manifest.digest}`,
    );
  }
  return manifest;
}

/** The digest, media type and size of a manifest without downloading it; undefined when it does not exist. */
export async function headManifest(
  session: RegistrySession,
  opts: {
    repository: string;
    reference: ManifestReference;
    accept?: readonly string[];
    signal?: AbortSignal;
  },
): Promise<ManifestHead | undefined> {
  const res = await session.send({
    method: 'HEAD',
    path: manifestPath(opts.repository, opts.reference),
    scopes: [repositoryScope(opts.repository, ['pull'])],
    headers: { accept: (opts.accept ?? MANIFEST_ACCEPT).join(', ') },
    signal: opts.signal,
  });
  await res.dump();
  if (res.status === 404) return undefined;
  await checkResponse(res, 200);
  const digest = res.headers['docker-content-digest'];
  if (!digest)
    throw new Error(`registry sent no Docker-Content-Digest for ${opts.repository}:${opts.reference}`);
  const parsed = parseDigest(digest);
  if (isDigest(opts.reference) && parsed !== opts.reference) {
    throw new Error(`manifest HEAD for ${opts.reference} answered with digest ${parsed}`);
  }
  return {
    digest: parsed,
    mediaType: res.headers['content-type'] ?? '',
    size: Number(res.headers['content-length'] ?? -1),
  };
}

/** Stores manifest bytes exactly as given, under a tag or their digest. Returns the digest the bytes have. */
export async function putManifest(
  session: RegistrySession,
  opts: {
    repository: string;
    reference: ManifestReference;
    bytes: Uint8Array;
    mediaType: string;
    signal?: AbortSignal;
  },
): Promise<Digest> {
  const digest = parseManifest({ bytes: opts.bytes, contentType: opts.mediaType }).digest;
  const res = await session.send({
    method: 'PUT',
    path: manifestPath(opts.repository, opts.reference),
    scopes: [repositoryScope(opts.repository, ['pull', 'push'])],
    headers: { 'content-type': opts.mediaType },
    body: opts.bytes,
    signal: opts.signal,
    idempotent: true,
  });
  await checkResponse(res, 201, 200);
  await res.dump();
  const answered = res.headers['docker-content-digest'];
  if (answered && isDigest(answered) && answered !== digest) {
    throw new Error(`registry stored the manifest as ${answered}, expected ${digest}`);
  }
  return digest;
}

/** Deletes a manifest by digest (which removes every tag pointing at it). */
export async function deleteManifest(
  session: RegistrySession,
  opts: { repository: string; digest: Digest; signal?: AbortSignal },
): Promise<void> {
  const res = await session.send({
    method: 'DELETE',
    path: manifestPath(opts.repository, opts.digest),
    scopes: [repositoryScope(opts.repository, ['delete'])],
    signal: opts.signal,
    idempotent: true,
  });
  await checkResponse(res, 202, 200);
  await res.dump();
}
