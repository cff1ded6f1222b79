import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicHeader,
  type FaultProxy,
  harnessFetch,
  type PushedImage,
  pushImage,
  pushTags,
  type RegistryInstance,
  randomLayer,
  rawRequest,
  secondOriginAuthFor,
  sha256Digest,
  startFaultProxy,
  startRegistry,
} from './index.js';

const USERS = { alice: 'alice-secret' };
const AUTH = basicHeader({ user: 'alice', password: 'alice-secret' });
const BLOB_SIZE = 20_000;

let reg: RegistryInstance;
let proxy: FaultProxy;
let image: PushedImage;
let blobPath: string;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'basic', users: USERS });
  proxy = await startFaultProxy({ target: reg.url, secondOriginAuth: async () => AUTH, paginateTags: true });
  image = await pushImage(reg, {
    repository: 'faults/app',
    tag: 'v1',
    layers: [{ size: BLOB_SIZE, seed: 42 }],
  });
  blobPath = `/v2/faults/app/blobs/${image.layers[0]!.digest}`;
});

afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
});

beforeEach(() => proxy.reset());

const getBlob = () => rawRequest({ url: `${proxy.url}${blobPath}`, headers: { authorization: AUTH } });
const blob = () => Buffer.from(image.layers[0]!.bytes);

describe('fault proxy: forwarding', () => {
  it('passes a healthy request through unchanged and logs it', async () => {
    const res = await getBlob();
    expect(res.status).toBe(200);
    expect(res.body.equals(blob())).toBe(true);
    expect(proxy.requests).toEqual([expect.objectContaining({ method: 'GET', url: blobPath, status: 200 })]);
    expect(proxy.requests[0]!.fault).toBeUndefined();
    expect(proxy.requests[0]!.headers.authorization).toBe(AUTH);
  });

  it('rewrites upload Locations to the proxy so a push goes through it end to end', async () => {
    const via = { ...reg, url: proxy.url };
    const pushed = await pushImage(via, {
      repository: 'faults/via-proxy',
      tag: 'v1',
      layers: [{ size: 3000, seed: 3 }],
    });
    const methods = proxy.requests.map((r) => `${r.method} ${r.url.replace(/\?.*/, '?…')}`);
    expect(methods).toContain('POST /v2/faults/via-proxy/blobs/uploads/');
    expect(methods.some((m) => /^PUT \/v2\/faults\/via-proxy\/blobs\/uploads\/[\w-]+\?…$/.test(m))).toBe(
      true,
    );
    const res = await harnessFetch(reg, '/v2/faults/via-proxy/manifests/v1', {
      headers: { authorization: AUTH, accept: pushed.mediaType },
    });
    expect(res.headers.get('docker-content-digest')).toBe(pushed.digest);
  });
});

describe('fault proxy: faults', () => {
  it.each([
    { name: 'drop-after 0', bytes: 0 },
    { name: 'drop-after 1000', bytes: 1000 },
    { name: 'drop-after 15000', bytes: 15_000 },
  ])('$name sends the head and exactly that many body bytes, then cuts', async ({ bytes }) => {
    proxy.add({ path: /\/blobs\/sha256:/, fault: { kind: 'drop-after', bytes } });
    const cut = await getBlob();
    expect(cut.status).toBe(200);
    expect(cut.headers['content-length']).toBe(String(BLOB_SIZE));
    expect(cut.error).toBeInstanceOf(Error);
    expect(cut.body.equals(blob().subarray(0, bytes))).toBe(true);
    const retry = await getBlob();
    expect(retry.error).toBeUndefined();
    expect(retry.body.equals(blob())).toBe(true);
  });

  it.each([
    { name: '500', status: 500, headers: undefined, code: 'UNKNOWN' },
    { name: '503', status: 503, headers: undefined, code: 'UNKNOWN' },
    {
      name: '429 with Retry-After seconds',
      status: 429,
      headers: { 'Retry-After': '1' },
      code: 'TOOMANYREQUESTS',
    },
    {
      name: '429 with Retry-After date',
      status: 429,
      headers: { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' },
      code: 'TOOMANYREQUESTS',
    },
  ])('status $name, then healthy', async ({ status, headers, code }) => {
    proxy.add({
      method: 'GET',
      path: /\/blobs\//,
      fault: { kind: 'status', status, ...(headers ? { headers } : {}) },
    });
    const faulted = await getBlob();
    expect(faulted.status).toBe(status);
    expect(faulted.headers['retry-after']).toBe(headers?.['Retry-After']);
    expect(JSON.parse(faulted.body.toString()).errors[0].code).toBe(code);
    expect((await getBlob()).status).toBe(200);
  });

  it('times: N faults N requests, and method/path must both match', async () => {
    const rule = proxy.add({
      method: 'GET',
      path: /\/blobs\//,
      fault: { kind: 'status', status: 503 },
      times: 2,
    });
    const head = await rawRequest({
      url: `${proxy.url}${blobPath}`,
      method: 'HEAD',
      headers: { authorization: AUTH },
    });
    expect(head.status).toBe(200); // wrong method: not faulted
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await getBlob()).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(rule.hits).toBe(2);
    expect(proxy.requests.map((r) => r.fault)).toEqual([undefined, 'status', 'status', undefined]);
  });

  it('status faults drain an upload body and answer without touching the registry', async () => {
    proxy.add({ method: 'POST', fault: { kind: 'status', status: 500, body: 'boom' } });
    const res = await rawRequest({
      url: `${proxy.url}/v2/faults/app/blobs/uploads/`,
      method: 'POST',
      headers: { authorization: AUTH },
      body: randomLayer({ size: 200_000, seed: 5 }),
    });
    expect(res.status).toBe(500);
    expect(res.body.toString()).toBe('boom');
  });

  it('slow paces the body at about bytesPerSecond', async () => {
    proxy.add({ path: /\/blobs\//, fault: { kind: 'slow', bytesPerSecond: 40_000 } });
    const started = performance.now();
    const res = await getBlob();
    const elapsed = performance.now() - started;
    expect(res.body.equals(blob())).toBe(true);
    // 20 000 bytes at 40 000 B/s is 500 ms of pacing.
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(5000);
  });

  it('delay holds every matching request at least ms, then forwards the real response', async () => {
    const ms = 120;
    const rule = proxy.add({
      method: 'GET',
      path: /\/blobs\//,
      fault: { kind: 'delay', ms },
      times: Infinity,
    });
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await getBlob();
      const elapsed = performance.now() - started;
      expect(res.status).toBe(200);
      expect(res.body.equals(blob())).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(ms);
    }
    const head = await rawRequest({
      url: `${proxy.url}${blobPath}`,
      method: 'HEAD',
      headers: { authorization: AUTH },
    });
    expect(head.status).toBe(200); // wrong method: forwarded at once
    expect(rule.hits).toBe(3);
    expect(proxy.requests.map((r) => r.fault)).toEqual(['delay', 'delay', 'delay', undefined]);
  });

  it('delay on every request: a push through the proxy pays it on each step and lands intact', async () => {
    const ms = 40;
    proxy.add({ fault: { kind: 'delay', ms }, times: Infinity });
    const started = performance.now();
    const pushed = await pushImage(
      { ...reg, url: proxy.url },
      { repository: 'faults/delayed', tag: 'v1', layers: [{ size: 3000, seed: 4 }] },
    );
    const elapsed = performance.now() - started;
    expect(proxy.requests.length).toBeGreaterThanOrEqual(7); // HEAD, POST, PUT per blob; the manifest
    expect(proxy.requests.every((r) => r.fault === 'delay')).toBe(true);
    // Blobs go up side by side, but each one's HEAD, POST and PUT, then the manifest PUT, wait in turn.
    expect(elapsed).toBeGreaterThanOrEqual(4 * ms);
    const res = await harnessFetch(reg, '/v2/faults/delayed/manifests/v1', {
      headers: { authorization: AUTH, accept: pushed.mediaType },
    });
    expect(res.headers.get('docker-content-digest')).toBe(pushed.digest);
  });

  it.each([0, 1, 16_383, BLOB_SIZE - 1])(
    'flip-byte at offset %i changes exactly that byte',
    async (offset) => {
      proxy.add({ path: /\/blobs\//, fault: { kind: 'flip-byte', offset } });
      const res = await getBlob();
      expect(res.error).toBeUndefined();
      expect(res.body.length).toBe(BLOB_SIZE);
      const expected = blob();
      expected[offset]! ^= 0xff;
      expect(res.body.equals(expected)).toBe(true);
      expect(sha256Digest(res.body)).not.toBe(image.layers[0]!.digest);
    },
  );

  it('redirect sends a 307 to the second origin, which serves the blob and records headers', async () => {
    proxy.add({ path: /\/blobs\//, fault: { kind: 'redirect', to: 'second-origin' } });
    const first = await getBlob();
    expect(first.status).toBe(307);
    const location = first.headers.location!;
    expect(location).toBe(`${proxy.secondOrigin.url}${blobPath}`);
    expect(new URL(location).origin).not.toBe(new URL(proxy.url).origin);

    const clean = await rawRequest({ url: location });
    expect(clean.body.equals(blob())).toBe(true);
    const leaky = await rawRequest({ url: location, headers: { authorization: AUTH } });
    expect(leaky.status).toBe(200);
    expect(proxy.secondOrigin.requests.map((r) => r.authorization)).toEqual([undefined, AUTH]);
  });

  it('redirect followed by fetch: credentials stay on the first origin', async () => {
    proxy.add({ path: /\/blobs\//, fault: { kind: 'redirect', to: 'second-origin' } });
    const res = await harnessFetch({ url: proxy.url }, blobPath, {
      headers: { authorization: AUTH },
      redirect: 'follow',
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(blob())).toBe(true);
    expect(proxy.secondOrigin.requests).toHaveLength(1);
    expect(proxy.secondOrigin.requests[0]!.authorization).toBeUndefined();
  });
});

describe('fault proxy: second origin in front of a token registry', () => {
  it('fetches with its own token while the client sends none', async () => {
    const tokenReg = await startRegistry({ mode: 'token' });
    const tokenProxy = await startFaultProxy({
      target: tokenReg.url,
      secondOriginAuth: secondOriginAuthFor(tokenReg),
    });
    try {
      const pushed = await pushImage(tokenReg, { repository: 'cdn/app', layers: [{ size: 500, seed: 8 }] });
      tokenProxy.add({ path: /\/blobs\//, fault: { kind: 'redirect', to: 'second-origin' } });
      const path = `/v2/cdn/app/blobs/${pushed.layers[0]!.digest}`;
      const redirect = await rawRequest({ url: `${tokenProxy.url}${path}` });
      expect(redirect.status).toBe(307);
      const res = await rawRequest({ url: redirect.headers.location! });
      expect(res.status).toBe(200);
      expect(res.body.equals(Buffer.from(pushed.layers[0]!.bytes))).toBe(true);
      expect(tokenReg.tokenServer!.requests.at(-1)!.scopes).toEqual(['repository:cdn/app:pull']);
      expect(tokenProxy.secondOrigin.requests[0]!.authorization).toBeUndefined();
    } finally {
      await tokenProxy.stop();
      await tokenReg.stop();
    }
  });
});

describe('fault proxy: tag pagination', () => {
  beforeAll(async () => {
    const tagged = await pushImage(reg, {
      repository: 'faults/tags',
      tag: 'c',
      layers: [{ size: 10, seed: 1 }],
    });
    const tags = ['b', 'a', 'e', 'd'];
    await pushTags(reg, { repository: 'faults/tags', manifestBytes: tagged.manifestBytes, tags });
  });

  it.each([
    { name: 'no n: every tag, sorted', query: '', tags: ['a', 'b', 'c', 'd', 'e'], link: null },
    {
      name: 'n=2',
      query: '?n=2',
      tags: ['a', 'b'],
      link: '</v2/faults/tags/tags/list?last=b&n=2>; rel="next"',
    },
    {
      name: 'n=2&last=b',
      query: '?n=2&last=b',
      tags: ['c', 'd'],
      link: '</v2/faults/tags/tags/list?last=d&n=2>; rel="next"',
    },
    { name: 'last page', query: '?n=2&last=d', tags: ['e'], link: null },
    { name: 'n exactly the rest', query: '?n=5', tags: ['a', 'b', 'c', 'd', 'e'], link: null },
  ])('$name', async ({ query, tags, link }) => {
    const res = await rawRequest({
      url: `${proxy.url}/v2/faults/tags/tags/list${query}`,
      headers: { authorization: AUTH },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ name: 'faults/tags', tags });
    expect(res.headers.link ?? null).toBe(link);
  });

  it('passes errors through (401 without credentials)', async () => {
    const res = await rawRequest({ url: `${proxy.url}/v2/faults/tags/tags/list?n=2` });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
  });
});

describe('fault proxy: byte-for-byte forwarding', () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    rawHeaders: string[];
    bodySha: string;
  }
  const seen: Seen[] = [];
  const echo = createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        bodySha: hash.digest('hex'),
      });
      const { port } = echo.address() as AddressInfo;
      res.writeHead(202, [
        'Location',
        `http://127.0.0.1:${port}/v2/r/blobs/uploads/u1?_state=x%2By`,
        'X-Other',
        'http://example.invalid/v2/',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
      ]);
      res.end();
    });
  });
  let echoProxy: FaultProxy;
  let echoUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen({ host: '127.0.0.1', port: 0 }, resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    echoProxy = await startFaultProxy({ target: echoUrl });
  });

  afterAll(async () => {
    await echoProxy.stop();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('keeps method, odd paths and queries, headers and a streamed body intact', async () => {
    const body = randomLayer({ size: 3_000_000, seed: 11 });
    const path = '/v2/a/b/blobs/uploads/u1?_state=tN1p%2Fq%3D%3D&digest=sha256%3Aab&x=%7E%20+';
    const res = await rawRequest({
      url: `${echoProxy.url}${path}`,
      method: 'PATCH',
      headers: { authorization: 'Bearer abc', 'content-range': '0-2999999', 'x-custom': 'Keep Me' },
      body,
    });
    expect(res.status).toBe(202);
    const got = seen.at(-1)!;
    expect(got).toMatchObject({
      method: 'PATCH',
      url: path,
      bodySha: createHash('sha256').update(body).digest('hex'),
    });
    expect(got.headers).toMatchObject({
      authorization: 'Bearer abc',
      'content-range': '0-2999999',
      'x-custom': 'Keep Me',
      host: new URL(echoUrl).host,
    });
    expect(res.headers.location).toBe(`${echoProxy.url}/v2/r/blobs/uploads/u1?_state=x%2By`);
    expect(res.headers['x-other']).toBe('http://example.invalid/v2/');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });
});
