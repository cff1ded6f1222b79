import { createHash } from 'node:crypto';
import { Headers, type RequestInit, type Response } from 'undici';
import { harnessFetch } from './http-client.js';
import type { RegistryInstance } from './registry.js';

/** Where fixture pushes go, with the `Authorization` value to send (if any). */
export interface PushTarget {
  reg: RegistryInstance;
  repository: string;
  authorization?: string;
  signal?: AbortSignal;
}

/** `sha256:<hex>` of `bytes`. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A fetch against the target's registry with its authorization; throws unless the status is expected. */
export async function registryRequest(
  target: PushTarget,
  path: string,
  init: RequestInit,
  expected: readonly number[],
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (target.authorization) headers.set('authorization', target.authorization);
  const res = await harnessFetch(target.reg, path, {
    ...init,
    headers,
    ...(target.signal ? { signal: target.signal } : {}),
  });
  if (!expected.includes(res.status)) {
    const body = (await res.text()).slice(0, 2000);
    throw new Error(
      `${init.method ?? 'GET'} ${path} answered ${res.status}, expected ${expected.join('/')}: ${body}`,
    );
  }
  return res;
}

/**
 * Uploads one blob unless the repository already has it: `HEAD`, then `POST` to open an upload and a
 * single `PUT ?digest=` with the whole body (distribution 2.8 does not complete monolithic `POST`s).
 */
export async function pushBlob(target: PushTarget, bytes: Uint8Array): Promise<string> {
  const digest = sha256Digest(bytes);
  const base = `/v2/${target.repository}/blobs`;
  const head = await registryRequest(target, `${base}/${digest}`, { method: 'HEAD' }, [200, 404]);
  if (head.status === 200) return digest;
  const started = await registryRequest(target, `${base}/uploads/`, { method: 'POST' }, [202]);
  await started.body?.cancel();
  const location = started.headers.get('location');
  if (!location) throw new Error('upload POST returned no Location');
  const put = new URL(location, target.reg.url);
  put.searchParams.set('digest', digest);
  const done = await registryRequest(
    target,
    put.toString(),
    { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } },
    [201],
  );
  await done.body?.cancel();
  return digest;
}
