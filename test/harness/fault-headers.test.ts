/**
 * The fault proxy's `headers` fault: the real response goes through with headers set on it
 * (how the TUI's tests show Docker Hub's `ratelimit-*` headers from a local registry), a
 * same-named header replaced rather than doubled, only on matching requests, and only as
 * many times as the rule says.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FaultProxy,
  MEDIA_TYPES,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  rawRequest,
  startFaultProxy,
  startRegistry,
} from './index.js';

const RATE_LIMIT = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' };

let reg: RegistryInstance;
let proxy: FaultProxy;
let image: PushedImage;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  proxy = await startFaultProxy({ target: reg.url });
  image = await pushImage(reg, { repository: 'faults/headers', tag: 'v1', layers: [{ size: 500, seed: 7 }] });
});
afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
});
beforeEach(() => proxy.reset());

const getManifest = () =>
  rawRequest({
    url: `${proxy.url}/v2/faults/headers/manifests/v1`,
    headers: { accept: MEDIA_TYPES.oci.manifest },
  });

describe('fault proxy: headers', () => {
  it('forwards the real response with the headers added', async () => {
    proxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'headers', headers: RATE_LIMIT } });
    const res = await getManifest();
    expect(res.status).toBe(200);
    expect(res.body.equals(Buffer.from(image.manifestBytes))).toBe(true);
    expect(res.headers['docker-content-digest']).toBe(image.digest);
    expect(res.headers).toMatchObject(RATE_LIMIT);
    expect(proxy.requests.map((r) => [r.status, r.fault])).toEqual([[200, 'headers']]);
  });

  it('replaces a header the registry sent, whatever its case', async () => {
    const before = await getManifest();
    expect(before.headers['docker-distribution-api-version']).toBe('registry/2.0');
    proxy.add({ fault: { kind: 'headers', headers: { 'Docker-Distribution-API-Version': 'registry/9.9' } } });
    const res = await getManifest();
    expect(res.headers['docker-distribution-api-version']).toBe('registry/9.9');
  });

  it.each([
    { name: 'a request the rule does not match', path: /\/blobs\//, times: 1, faulted: [undefined] },
    {
      name: 'requests past the rule’s times',
      path: /\/manifests\//,
      times: 1,
      faulted: ['headers', undefined],
    },
  ])('leaves $name untouched', async ({ path, times, faulted }) => {
    proxy.add({ path, times, fault: { kind: 'headers', headers: RATE_LIMIT } });
    const seen = [];
    for (const _ of faulted) seen.push((await getManifest()).headers['ratelimit-limit']);
    expect(seen).toEqual(faulted.map((f) => (f ? RATE_LIMIT['ratelimit-limit'] : undefined)));
    expect(proxy.requests.map((r) => r.fault)).toEqual(faulted);
  });
});
