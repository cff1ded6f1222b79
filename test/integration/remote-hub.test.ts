/**
 * Docker Hub specifics that can be exercised without Hub: the v1 search endpoint's
 * wire format (a local server speaking it, the narrow wire case DEVELOPERS.md allows),
 * and the `ratelimit-*` headers reaching the client's callback on manifest requests
 * (a fault proxy adds them in front of a real registry).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../src/registry/http/index.js';
import { registryEndpoint } from '../../src/registry/ref/index.js';
import type { RateLimit } from '../../src/registry/remote/index.js';
import { searchHub } from '../../src/registry/remote/index.js';
import type { FaultProxy, PushedImage, RegistryInstance } from '../harness/index.js';
import { pushImage, randomLayer, startFaultProxy, startRegistry } from '../harness/index.js';
import { clientFor } from './client-for.js';

describe('Docker Hub v1 search', () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        num_results: 3,
        query: 'nginx',
        results: [
          {
            name: 'nginx',
            description: 'Official build of Nginx.',
            star_count: 20000,
            is_official: true,
            is_automated: false,
          },
          {
            name: 'bitnami/nginx',
            description: 'x'.repeat(2000),
            star_count: 190,
            is_official: false,
            is_automated: true,
          },
          { description: 'no name: dropped' },
        ],
      }),
    );
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/search`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('maps results, caps text and strips library/ from the term', async () => {
    const http = createHttp();
    try {
      const results = await searchHub(http, { term: 'library/nginx', limit: 10, endpoint });
      expect(results.map((r) => [r.name, r.official, r.automated, r.stars])).toEqual([
        ['nginx', true, false, 20000],
        ['bitnami/nginx', false, true, 190],
      ]);
      expect(results[1]!.description.length).toBe(500);
      expect(seen.at(-1)).toBe('/v1/search?q=nginx&n=10');
    } finally {
      await http.close();
    }
  });
});

describe('Docker Hub endpoint and rate-limit headers', () => {
  it('maps docker.io to registry-1.docker.io for the API', () => {
    expect(registryEndpoint('docker.io')).toBe('registry-1.docker.io');
    expect(registryEndpoint('quay.io')).toBe('quay.io');
  });

  let reg: RegistryInstance;
  let proxy: FaultProxy;
  let image: PushedImage;
  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    image = await pushImage(reg, {
      repository: 'library/alpine',
      tag: '3',
      layers: [randomLayer({ size: 1000, seed: 3 })],
    });
    proxy = await startFaultProxy({ target: reg.url });
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it('reports ratelimit headers seen on a manifest HEAD', async () => {
    proxy.add({
      method: 'HEAD',
      path: /\/manifests\/3$/,
      fault: {
        kind: 'status',
        status: 200,
        headers: {
          'docker-content-digest': image.digest,
          'content-type': image.mediaType,
          'ratelimit-limit': '100;w=21600',
          'ratelimit-remaining': '42;w=21600',
        },
        body: '',
      },
    });
    const limits: RateLimit[] = [];
    const { client, close } = await clientFor(reg, { host: proxy.host, onRateLimit: (l) => limits.push(l) });
    try {
      const head = await client.headManifest({ repository: 'library/alpine', reference: '3' });
      expect(head?.digest).toBe(image.digest);
      expect(limits).toEqual([{ limit: 100, remaining: 42, windowSeconds: 21600 }]);
      // A registry that sends no such headers reports nothing (unlimited is normal).
      await client.headManifest({ repository: 'library/alpine', reference: '3' });
      expect(limits).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
