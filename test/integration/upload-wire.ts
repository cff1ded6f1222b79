/**
 * Blobs to upload and a compact view of an upload's requests as the fault proxy logged them.
 */
import { type Digest, digestOf } from '../../src/registry/digest/index.js';
import { type ProxyRequest, type RegistryMode, randomLayer } from '../harness/index.js';

/** Bytes with their digest. */
export interface Blob {
  bytes: Uint8Array;
  digest: Digest;
  size: number;
}

/** Deterministic random bytes of `size`. */
export function makeBlob(size: number, seed: number): Blob {
  const bytes = randomLayer({ size, seed });
  return { bytes, digest: digestOf(bytes), size };
}

/** Streams `bytes` in pieces that do not line up with any chunk size the tests use. */
export async function* pieces(bytes: Uint8Array, size = 300_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** `METHOD /path STATUS` per request, the upload UUID as `UUID` and the query dropped. */
export function summary(log: readonly ProxyRequest[]): string[] {
  return log.map(
    (r) =>
      `${r.method} ${r.url.replace(/\/uploads\/[^?]+/, '/uploads/UUID').replace(/\?.*/, '')} ${r.status}`,
  );
}

/**
 * Expands an expected wire written with `/R/` for the repository and `CANCEL <status>` for an
 * upload cancel. distribution wants the `delete` action for DELETE even on an upload session, so
 * in token mode the push token is first refused with `insufficient_scope` and the client retries
 * once with the widened scope.
 */
export function expandCancel(wire: readonly string[], mode: RegistryMode, repository: string): string[] {
  return wire.flatMap((line) => {
    const m = /^CANCEL (\d+)$/.exec(line);
    if (!m) return [line.replace('/R/', `/${repository}/`)];
    const del = `DELETE /v2/${repository}/blobs/uploads/UUID`;
    return mode === 'token' ? [`${del} 401`, `${del} ${m[1]}`] : [`${del} ${m[1]}`];
  });
}
