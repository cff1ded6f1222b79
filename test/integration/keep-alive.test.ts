/**
 * Connections to a real registry are reused across requests, HEAD included: undici closes
 * the connection after each HEAD unless told not to, which made a sync's hundreds of
 * existence checks open hundreds of connections (221 sockets for a 50-image sync; 23 now).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/registry/digest/index.js';
import { type PushedImage, pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';
import { clientFor, type TestClient } from './client-for.js';

let reg: RegistryInstance;
let image: PushedImage;
let layer: { digest: string; size: number };

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  image = await pushImage(reg, { repository: 'keep/alive', tag: 'v1', layers: [{ size: 1000, seed: 1 }] });
  layer = (JSON.parse(Buffer.from(image.manifestBytes).toString()) as { layers: (typeof layer)[] })
    .layers[0]!;
});
afterAll(async () => {
  await reg?.stop();
});

/**
 * Counts the connections `work` opens on a client that has already made one request (the
 * session's endpoint probe opens its own connections first).
 */
async function connectionsFor(work: (c: TestClient) => Promise<void>): Promise<number> {
  let connects = 0;
  const onConnect = () => {
    connects++;
  };
  const c = await clientFor(reg);
  await c.client.headManifest({ repository: 'keep/alive', reference: 'v1' });
  subscribe('undici:client:beforeConnect', onConnect);
  try {
    await work(c);
  } finally {
    unsubscribe('undici:client:beforeConnect', onConnect);
    await c.close();
  }
  return connects;
}

describe('connection reuse', () => {
  it.each([
    {
      name: 'manifest HEADs (found and missing)',
      request: (c: TestClient, i: number) =>
        c.client.headManifest({ repository: 'keep/alive', reference: i % 2 ? 'v1' : 'missing' }),
    },
    {
      name: 'blob HEADs (found and missing)',
      request: (c: TestClient, i: number) =>
        c.client.headBlob({
          repository: 'keep/alive',
          digest: (i % 2 ? layer.digest : `sha256:${'0'.repeat(64)}`) as Digest,
        }),
    },
  ])('20 sequential $name use one connection', async ({ request }) => {
    const connects = await connectionsFor(async (c) => {
      for (let i = 0; i < 20; i++) await request(c, i);
    });
    expect(connects).toBe(0);
  });
});
