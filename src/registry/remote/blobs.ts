/**
 * Blob reads: HEAD for existence, GET streamed and verified. A dropped connection is
 * resumed with `Range` from the last byte received, but only when the server answers
 * 206 with exactly that range; every byte still passes through one digest check.
 */

import { repositoryScope } from '../auth/index.js';
import type { Digest } from '../digest/index.js';
import { shortDigest, verifyStream } from '../digest/index.js';
import { checkResponse, RegistryError } from '../http/index.js';
import type { HttpResponse } from '../http/types.js';
import { isExactResume, parseContentRange } from './content-range.js';
import type { RegistrySession } from './session.js';

export interface BlobRef {
  repository: string;
  digest: Digest;
  /** The size the descriptor promises; required for a verified download. */
  size: number;
}

/** How often a broken download is resumed before the error is returned. */
const MAX_RESUMES = 5;

export async function headBlob(
  session: RegistrySession,
  opts: { repository: string; digest: Digest; signal?: AbortSignal },
): Promise<{ size: number } | undefined> {
  const res = await session.send({
    method: 'HEAD',
    path: `/v2/${opts.repository}/blobs/${opts.digest}`,
    scopes: [repositoryScope(opts.repository, ['pull'])],
    signal: opts.signal,
  });
  await res.dump();
  if (res.status === 404) return undefined;
  await checkResponse(res, 200);
  const size = Number(res.headers['content-length']);
  return { size: Number.isSafeInteger(size) ? size : -1 };
}

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

async function openAt(
  session: RegistrySession,
  blob: BlobRef,
  offset: number,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const res = await session.send({
    method: 'GET',
    path: `/v2/${blob.repository}/blobs/${blob.digest}`,
    scopes: [repositoryScope(blob.repository, ['pull'])],
    headers,
    signal,
  });
  if (offset === 0) {
    await checkResponse(res, 200);
    const length = res.headers['content-length'];
    if (length !== undefined && Number(length) !== blob.size) {
      await res.dump();
      throw new Error(
        `blob ${shortDigest(blob.digest)}: server announced ${length} bytes, descriptor says ${blob.size}`,
      );
    }
    return res;
  }
  if (
    res.status !== 206 ||
    !isExactResume(parseContentRange(res.headers['content-range']), offset, blob.size)
  ) {
    await res.dump();
    if (res.status >= 400) await checkResponse(res, 206);
    throw new Error(
      `blob ${shortDigest(blob.digest)}: cannot resume at byte ${offset} (server answered ${res.status} ${res.headers['content-range'] ?? 'without Content-Range'})`,
    );
  }
  return res;
}

async function* resumingBody(
  session: RegistrySession,
  blob: BlobRef,
  opts: { signal?: AbortSignal; onRetry?: (info: { offset: number; error: unknown }) => void },
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let resumes = 0;
  for (;;) {
    const res = await openAt(session, blob, offset, opts.signal);
    try {
      for await (const chunk of res.body) {
        offset += chunk.byteLength;
        yield chunk;
      }
      return;
    } catch (err) {
      await res.dump();
      if (isAbort(err, opts.signal) || err instanceof RegistryError) throw err;
      // Past the promised size there is nothing left to resume. Either way the socket error
      // alone ("other side closed") would not say which download failed, so it is wrapped.
      if (resumes >= MAX_RESUMES || offset >= blob.size) {
        throw new Error(
          `fetching blob ${shortDigest(blob.digest)}: connection lost at byte ${offset} of ${blob.size} after ${resumes} resumes`,
          { cause: err },
        );
      }
      resumes++;
      opts.onRetry?.({ offset, error: err });
    }
  }
}

/**
 * Streams a blob, verified: the iterator throws instead of ending when the size or
 * digest is wrong, so a consumer never commits bytes that were not what was asked.
 */
export function getBlob(
  session: RegistrySession,
  opts: BlobRef & { signal?: AbortSignal; onRetry?: (info: { offset: number; error: unknown }) => void },
): AsyncIterable<Uint8Array> {
  const source = resumingBody(session, opts, opts);
  return verifyStream(source, {
    digest: opts.digest,
    size: opts.size,
    signal: opts.signal,
    what: `blob ${opts.digest}`,
  });
}
