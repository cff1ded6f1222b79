/**
 * Blob uploads (distribution spec "pushing blobs"):
 *  - monolithic: POST → PUT `<Location>&digest=` with the whole body;
 *  - chunked: POST → PATCH with `Content-Range` per chunk (each answer's Location is
 *    the next one) → PUT `<Location>&digest=` with no body;
 *  - mount: POST `?mount=&from=`; 201 means mounted, 202 means the registry opened an
 *    ordinary upload session instead, which we cancel.
 * A `Location` is server-supplied and may carry state in its query (distribution's
 * `_state`), so it is kept byte for byte and only ever gains a `digest` parameter. An
 * upload that fails or is aborted is cancelled with DELETE, best effort.
 */

import { repositoryScope } from '../auth/index.js';
import type { Digest } from '../digest/index.js';
import { checkResponse, RegistryError } from '../http/index.js';
import type { HttpResponse } from '../http/types.js';
import { locationOf, withQueryParam } from './location.js';
import type { RegistrySession } from './session.js';

export type UploadMode = 'monolithic' | 'chunked';

export interface UploadOptions {
  repository: string;
  digest: Digest;
  size: number;
  /** Opens the blob's bytes; called again only when a fallback needs a second pass. */
  open: () => AsyncIterable<Uint8Array> | Uint8Array;
  /** Default 'monolithic', falling back to chunked when the registry refuses a body on PUT. */
  mode?: UploadMode;
  /** Chunk size for PATCH uploads (default 16 MiB; raised to the registry's `OCI-Chunk-Min-Length`). */
  chunkSize?: number;
  signal?: AbortSignal;
}

const DEFAULT_CHUNK = 16 * 1024 * 1024;

function pushScope(repository: string): string[] {
  return [repositoryScope(repository, ['pull', 'push'])];
}

async function startUpload(
  session: RegistrySession,
  opts: UploadOptions,
): Promise<{ location: URL; minChunk?: number }> {
  const url = session.url(`/v2/${opts.repository}/blobs/uploads/`);
  const res = await session.send({
    method: 'POST',
    url,
    scopes: pushScope(opts.repository),
    headers: { 'content-length': '0' },
    body: new Uint8Array(0),
    signal: opts.signal,
  });
  await checkResponse(res, 202);
  await res.dump();
  const min = Number(res.headers['oci-chunk-min-length']);
  return {
    location: locationOf(res, url),
    ...(Number.isSafeInteger(min) && min > 0 ? { minChunk: min } : {}),
  };
}

/** Cancels an upload session; failures are ignored because registries often refuse it (c/image notes the missing delete scope). */
export async function cancelUpload(
  session: RegistrySession,
  opts: { repository: string; location: URL },
): Promise<void> {
  try {
    const res = await session.send({
      method: 'DELETE',
      url: opts.location,
      scopes: pushScope(opts.repository),
      maxRedirects: 0,
    });
    await res.dump();
  } catch {
    // Best effort: an upload that is never finished is garbage-collected by the registry.
  }
}

async function finish(
  session: RegistrySession,
  opts: UploadOptions,
  location: URL,
  body?: AsyncIterable<Uint8Array> | Uint8Array,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  headers['content-length'] = body === undefined ? '0' : String(opts.size);
  return session.send({
    method: 'PUT',
    url: withQueryParam(location, 'digest', opts.digest),
    scopes: pushScope(opts.repository),
    headers,
    body: body ?? new Uint8Array(0),
    signal: opts.signal,
    maxRedirects: 0,
  });
}

async function* rechunk(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  size: number,
): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.byteLength; i += size)
      yield source.subarray(i, Math.min(i + size, source.byteLength));
    return;
  }
  let parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of source) {
    let c = chunk;
    while (c.byteLength > 0) {
      const take = Math.min(size - have, c.byteLength);
      parts.push(c.subarray(0, take));
      have += take;
      c = c.subarray(take);
      if (have === size) {
        yield Buffer.concat(parts, have);
        parts = [];
        have = 0;
      }
    }
  }
  if (have > 0) yield Buffer.concat(parts, have);
}

/**
 * PATCHes the blob in chunks. Each answer's Location names the session from then on (its
 * `_state` carries the offset), so it is reported through `onLocation` as soon as it is
 * known: a cancel after a failed or aborted chunk must DELETE the current session URL, and
 * distribution refuses a stale one with BLOB_UPLOAD_INVALID.
 */
async function uploadChunks(
  session: RegistrySession,
  opts: UploadOptions,
  start: URL,
  chunkSize: number,
  onLocation: (location: URL) => void,
): Promise<URL> {
  let location = start;
  let offset = 0;
  for await (const chunk of rechunk(opts.open(), chunkSize)) {
    const res = await session.send({
      method: 'PATCH',
      url: location,
      scopes: pushScope(opts.repository),
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(chunk.byteLength),
        'content-range': `${offset}-${offset + chunk.byteLength - 1}`,
      },
      body: chunk,
      signal: opts.signal,
      maxRedirects: 0,
    });
    await checkResponse(res, 202);
    await res.dump();
    offset += chunk.byteLength;
    location = locationOf(res, location);
    onLocation(location);
  }
  return location;
}

/** Statuses with which a registry says it will not take the body on a PUT (so try PATCH). */
const REFUSED_MONOLITHIC = new Set([400, 405, 411, 413, 415, 501]);

/**
 * Error codes with which a registry says it read the body and judged the bytes (distribution
 * answers a wrong digest with 400 `DIGEST_INVALID`). Sending the same bytes again in chunks
 * cannot change that verdict, so these end the upload instead of falling back.
 */
const BYTES_REJECTED = new Set(['DIGEST_INVALID', 'SIZE_INVALID']);

function isVerdictOnBytes(err: unknown): boolean {
  return err instanceof RegistryError && err.errors.some((e) => BYTES_REJECTED.has(e.code));
}

/** Uploads one blob. Resolves once the registry has confirmed it (201). */
export async function uploadBlob(session: RegistrySession, opts: UploadOptions): Promise<void> {
  let { location, minChunk } = await startUpload(session, opts);
  try {
    if ((opts.mode ?? 'monolithic') === 'monolithic') {
      const res = await finish(session, opts, location, opts.open());
      if (res.status === 201) return void (await res.dump());
      const refusal = await checkResponse(res, 201).then(
        () => undefined,
        (err: unknown) => err,
      );
      if (!REFUSED_MONOLITHIC.has(res.status) || isVerdictOnBytes(refusal)) throw refusal;
      // The session is spoiled by a refused PUT; start a fresh one for chunks.
      await cancelUpload(session, { repository: opts.repository, location });
      ({ location, minChunk } = await startUpload(session, opts));
    }
    const chunkSize = Math.max(opts.chunkSize ?? DEFAULT_CHUNK, minChunk ?? 0);
    location = await uploadChunks(session, opts, location, chunkSize, (next) => {
      location = next;
    });
    const res = await finish(session, opts, location);
    await checkResponse(res, 201);
    await res.dump();
  } catch (err) {
    await cancelUpload(session, { repository: opts.repository, location });
    throw err;
  }
}

/**
 * Asks the registry to mount a blob from another repository. Returns true when it did;
 * false when the registry opened an upload session instead (cancelled here) or does not mount.
 */
export async function mountBlob(
  session: RegistrySession,
  opts: { repository: string; from: string; digest: Digest; signal?: AbortSignal },
): Promise<boolean> {
  const path = `/v2/${opts.repository}/blobs/uploads/?mount=${encodeURIComponent(opts.digest)}&from=${encodeURIComponent(opts.from)}`;
  const url = session.url(path);
  const res = await session.send({
    method: 'POST',
    url,
    scopes: [repositoryScope(opts.repository, ['pull', 'push']), repositoryScope(opts.from, ['pull'])],
    headers: { 'content-length': '0' },
    body: new Uint8Array(0),
    signal: opts.signal,
  });
  await res.dump();
  if (res.status === 201) return true;
  if (res.status === 202) {
    await cancelUpload(session, { repository: opts.repository, location: locationOf(res, url) });
    return false;
  }
  await checkResponse(res, 201, 202);
  return false;
}
