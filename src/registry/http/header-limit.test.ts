/**
 * The response header limit berth sets (MAX_HEADER_BYTES) instead of node:http's 16 KiB
 * default, which undici would otherwise read from node:http at every start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from './http.js';
import { startServer, type TestServer } from './test-helpers.js';
import type { Http } from './types.js';
import { MAX_HEADER_BYTES } from './undici-parts.js';

describe('response header limit', () => {
  let server: TestServer;
  let http: Http;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
      res.writeHead(200, { 'x-padding': 'p'.repeat(size), 'content-type': 'text/plain' });
      res.end('ok');
    });
    http = createHttp({ userAgent: 'berth/test', env: {}, retry: { maxRetries: 0 } });
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });

  it.each([
    { name: 'above Node’s 16 KiB default', size: 40 * 1024, ok: true },
    { name: 'just under the limit', size: MAX_HEADER_BYTES - 1024, ok: true },
    { name: 'above the limit', size: MAX_HEADER_BYTES + 1024, ok: false },
  ])('$name ($size bytes of one header)', async ({ size, ok }) => {
    const request = http.request({ method: 'GET', url: new URL(`/h?size=${size}`, server.origin) });
    if (ok) {
      const res = await request;
      expect(res.status).toBe(200);
      expect(res.headers['x-padding']).toHaveLength(size);
      await res.dump();
    } else {
      await expect(request).rejects.toThrow(/header/i);
    }
  });
});
