/**
 * The signatures policy.json's `signedBy` checks, for the sources berth can read them
 * from: a `dir:` image stores them beside the manifest as `signature-1`, `signature-2`, …
 * (containers/image's layout). Registry signatures live in a lookaside store configured by
 * registries.d, or as sigstore attachments; berth reads neither yet, so a registry image
 * has none and a `signedBy` requirement rejects it — failing closed, never open.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageName } from '../../registry/ref/index.js';

/** containers/image's limit for one signature (iolimits). */
const MAX_SIGNATURE_BYTES = 4 << 20;
/** More than any real image carries; stops a directory of junk from being read forever. */
const MAX_SIGNATURES = 64;

async function readBounded(path: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { size } = await file.stat();
    if (size > MAX_SIGNATURE_BYTES)
      throw new Error(`signature ${path} is larger than ${MAX_SIGNATURE_BYTES} bytes`);
    signal?.throwIfAborted();
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/** The source's signatures, in order; empty when the transport keeps none berth can read. */
export async function sourceSignatures(opts: {
  name: ImageName;
  signal?: AbortSignal;
}): Promise<Uint8Array[]> {
  if (opts.name.transport !== 'dir') return [];
  const out: Uint8Array[] = [];
  for (let i = 1; i <= MAX_SIGNATURES; i++) {
    const bytes = await readBounded(join(opts.name.path, `signature-${i}`), opts.signal);
    if (!bytes) break;
    out.push(bytes);
  }
  return out;
}
