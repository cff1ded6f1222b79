/**
 * The smallest copy loop the archive tests need: blobs, then manifests (an index's
 * children before the index), then commit, and `abort` on any failure. The real engine
 * (src/registry/copy) does much more; this only drives the transport contract.
 */
import type { Descriptor, Manifest } from '../../../manifest/index.js';
import type { ImageDestination, ImageSource } from '../../types.js';

async function copyBlobs(
  src: ImageSource,
  dest: ImageDestination,
  m: Manifest,
  signal?: AbortSignal,
): Promise<void> {
  if (m.kind !== 'image') throw new Error(`copyImage copies images and indexes, got ${m.kind}`);
  const blobs: Descriptor[] = [...m.doc.layers, m.doc.config];
  for (const descriptor of blobs) {
    if (await dest.hasBlob({ descriptor, signal })) continue;
    await dest.putBlob({ descriptor, stream: await src.getBlob({ descriptor, signal }), signal });
  }
}

export async function copyImage(
  src: ImageSource,
  dest: ImageDestination,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const top = await src.getManifest({ signal });
    if (top.kind === 'index') {
      for (const child of top.doc.manifests) {
        const m = await src.getManifest({ digest: child.digest, signal });
        await copyBlobs(src, dest, m, signal);
        await dest.putManifest({
          bytes: m.bytes,
          mediaType: m.mediaType,
          digest: m.digest,
          role: 'child',
          signal,
        });
      }
    } else {
      await copyBlobs(src, dest, top, signal);
    }
    await dest.putManifest({
      bytes: top.bytes,
      mediaType: top.mediaType,
      digest: top.digest,
      role: 'top',
      signal,
    });
    await dest.commit({ signal });
  } catch (err) {
    await dest.abort();
    throw err;
  }
}

/** Every byte of a stream. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}
