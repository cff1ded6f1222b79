/**
 * Copies that share a BlobLedger (a sync's images) into one repository of a real registry:
 * a layer the images share is uploaded once however the copies interleave, and when its
 * upload fails the other copy uploads it instead of failing or skipping it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobLedger, type CopyEvent, copyImage } from '../../src/registry/copy/index.js';
import type { Manifest } from '../../src/registry/manifest/index.js';
import { parseReference } from '../../src/registry/ref/index.js';
import { DockerDestination, DockerSource } from '../../src/registry/transports/docker/docker-transport.js';
import {
  type FaultProxy,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, collect, type TestClient } from './client-for.js';

const SHARED = { size: 600_000, seed: 90 };
let reg: RegistryInstance;
let reg2: RegistryInstance;
let proxy: FaultProxy;
let src: TestClient;
let dst: TestClient;
let images: PushedImage[];
let sharedDigest: string;

beforeAll(async () => {
  [reg, reg2] = await Promise.all([startRegistry({ mode: 'plain' }), startRegistry({ mode: 'plain' })]);
  proxy = await startFaultProxy({ target: reg2.url });
  images = await Promise.all(
    [1, 2, 3].map((n) =>
      pushImage(reg, { repository: 'src/app', tag: `v${n}`, layers: [SHARED, { size: 20_000, seed: n }] }),
    ),
  );
  const manifest = JSON.parse(Buffer.from(images[0]!.manifestBytes).toString()) as {
    layers: Array<{ digest: string }>;
  };
  sharedDigest = manifest.layers[0]!.digest;
  src = await clientFor(reg);
  dst = await clientFor(reg2, { host: proxy.host });
});
afterAll(async () => {
  await Promise.all([src?.close(), dst?.close()]);
  await Promise.all([proxy?.stop(), reg?.stop(), reg2?.stop()]);
});
beforeEach(() => proxy.reset());

/** Copies every fixture image into `repository` at once, sharing one ledger. */
async function copyAll(repository: string): Promise<CopyEvent[][]> {
  const ledger = new BlobLedger();
  const destination = `${dst.client.registry}/${repository}`;
  return Promise.all(
    images.map(async (image, i) => {
      const events: CopyEvent[] = [];
      await copyImage({
        source: new DockerSource({
          ref: parseReference(`${src.client.registry}/src/app:v${i + 1}`),
          client: src.client,
        }),
        destination: new DockerDestination({
          ref: parseReference(`${destination}:v${i + 1}`),
          client: dst.client,
        }),
        sharedBlobs: { ledger, destination },
        retryDelayMs: 0,
        onEvent: (e) => events.push(e),
      });
      expect(image.digest).toBeTruthy();
      return events;
    }),
  );
}

/** Uploads that finished (the PUT closing an upload session) for `digest`. */
const uploadsOf = (digest: string) =>
  proxy.requests.filter(
    (r) =>
      r.method === 'PUT' && /\/blobs\/uploads\//.test(r.url) && r.url.includes(encodeURIComponent(digest)),
  );

/** Reads each image back through the destination client, every blob verified. */
async function expectComplete(repository: string): Promise<void> {
  for (const [i, image] of images.entries()) {
    const top = (await dst.client.getManifest({ repository, reference: `v${i + 1}` })) as Manifest;
    expect(top.digest).toBe(image.digest);
    if (top.kind !== 'image') throw new Error('expected an image manifest');
    for (const blob of [top.doc.config, ...top.doc.layers])
      await collect(dst.client.getBlob({ repository, digest: blob.digest, size: blob.size }));
  }
}

describe('copies sharing a BlobLedger', () => {
  it('upload a shared layer once; the other copies skip it', async () => {
    const events = await copyAll('shared/once');
    expect(uploadsOf(sharedDigest)).toHaveLength(1);
    const outcomes = events.map(
      (list) =>
        list.find((e) => (e.type === 'done' || e.type === 'skipped') && e.blob.digest === sharedDigest)?.type,
    );
    expect(outcomes.sort()).toEqual(['done', 'skipped', 'skipped']);
    // Only the copy that claimed the layer asked the registry about it.
    const heads = proxy.requests.filter((r) => r.method === 'HEAD' && r.url.endsWith(sharedDigest));
    expect(heads).toHaveLength(1);
    await expectComplete('shared/once');
  });

  it('when the shared layer’s upload fails, another copy uploads it and every image completes', async () => {
    proxy.add({
      method: 'PUT',
      path: new RegExp(encodeURIComponent(sharedDigest)),
      fault: { kind: 'status', status: 500 },
      times: 1,
    });
    await copyAll('shared/retried');
    expect(uploadsOf(sharedDigest).length).toBeGreaterThanOrEqual(2);
    await expectComplete('shared/retried');
  });
});
