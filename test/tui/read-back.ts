/**
 * Reading a copied image back with the core client, to prove a copy made through the TUI
 * exists and verifies: the manifest the tag resolves to, and every blob it names (each read
 * through the client's verified stream and hashed again here).
 */
import { type Digest, digestOf } from '../../src/registry/digest/index.js';
import type { Descriptor } from '../../src/registry/manifest/index.js';
import type { RegistryClient } from '../../src/registry/remote/index.js';

/** What a tag points at, as read back. */
export interface ReadBack {
  digest: Digest;
  mediaType: string;
  /** Each blob of the manifest (config first), with the digest of the bytes received. */
  blobs: { descriptor: Descriptor; received: Digest }[];
}

async function receive(client: RegistryClient, repository: string, d: Descriptor): Promise<Digest> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of client.getBlob({ repository, digest: d.digest, size: d.size }))
    chunks.push(chunk);
  return digestOf(Buffer.concat(chunks));
}

/** Reads `repository:reference` and all its blobs (an index's children too). */
export async function readBack(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ReadBack> {
  const manifest = await client.getManifest({ repository, reference });
  const blobs: ReadBack['blobs'] = [];
  const manifests = [manifest];
  if (manifest.kind === 'index') {
    for (const child of manifest.doc.manifests)
      manifests.push(await client.getManifest({ repository, reference: child.digest }));
  }
  for (const m of manifests) {
    if (m.kind !== 'image') continue;
    for (const d of [m.doc.config, ...m.doc.layers])
      blobs.push({ descriptor: d, received: await receive(client, repository, d) });
  }
  return { digest: manifest.digest, mediaType: manifest.mediaType, blobs };
}
