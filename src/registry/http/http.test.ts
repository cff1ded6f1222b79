import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBounded } from '../digest/index.js';
import { createHttp } from './http.js';
import { makePki, startServer, type TestPki, type TestServer } from './test-helpers.js';
import type { Http, HttpResponse } from './types.js';

const SECRET = 'Bearer S3CR3T-xyz';
const CREDENTIALS = {
  authorization: SECRET,
  cookie: 'session=S3CR3T-xyz',
  'proxy-authorization': 'Basic S3CR3T-xyz',
};

async function text(res: HttpResponse): Promise<string> {
  return (await readBounded(res.body, { limit: 1 << 20, what: 'test body' })).toString('utf8');
}

/** Redirects `/r/<n>/<target…>` n more times, then to `<target>`; `/ok` answers 200 with the path. */
function router(servers: () => Record<string, TestServer>) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    const status = Number(url.searchParams.get('status') ?? 307);
    if (url.pathname === '/redirect' && to) {
      const [name, ...rest] = to.split(',');
      const target = servers()[name!]!;
      const next = rest.length > 0 ? `/redirect?status=${status}&to=${rest.join(',')}` : '/ok';
      res.writeHead(status, { location: `${target.origin}${next}` });
      res.end();
      return;
    }
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`ok ${req.method} ${url.pathname}`);
  };
}

describe('createHttp', () => {
  const servers: Record<string, TestServer> = {};
  let http: Http;

  beforeAll(async () => {
    servers.a = await startServer(router(() => servers));
    servers.b = await startServer(router(() => servers));
    http = createHttp({ userAgent: 'berth/test', env: {}, retry: { maxRetries: 0 } });
  });
  afterAll(async () => {
    await http.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });
  afterEach(() => {
    for (const s of Object.values(servers)) s.seen.length = 0;
  });

  it('sets user-agent, never accept-encoding, and reports method and url', async () => {
    const res = await http.request({
      method: 'GET',
      url: servers.a!.url('/ok'),
      headers: { 'Accept-Encoding': 'gzip', 'User-Agent': 'other', Accept: 'application/json' },
    });
    expect(await text(res)).toBe('ok GET /ok');
    expect(res.status).toBe(200);
    expect(res.method).toBe('GET');
    expect(res.url.href).toBe(`${servers.a!.origin}/ok`);
    const seen = servers.a!.seen[0]!;
    expect(seen.headers['user-agent']).toBe('berth/test');
    expect(seen.headers['accept-encoding']).toBeUndefined();
    expect(seen.headers.accept).toBe('application/json');
  });

  it('never decodes a compressed body', async () => {
    const raw = gzipSync('layer bytes');
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(raw);
    });
    try {
      const res = await http.request({ method: 'GET', url: server.url('/blob') });
      const body = await readBounded(res.body, { limit: 1024, what: 'blob' });
      expect(Buffer.compare(body, raw)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('keeps every value of repeated headers', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('www-authenticate', ['Bearer realm="https://a/token",service="a,b"', 'Basic realm="x"']);
      res.setHeader('link', ['</v2/x/tags/list?last=a>; rel="next"', '<https://other>; rel="alternate"']);
      res.setHeader('x-multi', ['one', 'two']);
      res.end();
    });
    try {
      const res = await http.request({ method: 'GET', url: server.url('/') });
      await res.dump();
      expect(res.headerValues('WWW-Authenticate')).toEqual([
        'Bearer realm="https://a/token",service="a,b"',
        'Basic realm="x"',
      ]);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="https://a/token",service="a,b"');
      expect(res.headerValues('link')).toHaveLength(2);
      expect(res.headers['x-multi']).toBe('one, two');
      expect(res.headerValues('x-multi')).toEqual(['one', 'two']);
      expect(res.headerValues('absent')).toEqual([]);
      expect(res.headerValues('constructor')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each([
    { name: 'string', body: '{"a":1}' },
    { name: 'bytes', body: new TextEncoder().encode('{"a":1}') },
    {
      name: 'stream',
      body: (async function* () {
        yield new TextEncoder().encode('{"a"');
        yield new TextEncoder().encode(':1}');
      })(),
    },
  ])('sends a $name body', async ({ body }) => {
    const res = await http.request({ method: 'PUT', url: servers.a!.url('/ok'), body });
    await res.dump();
    expect(servers.a!.seen[0]!.body).toBe('{"a":1}');
  });

  it('refuses non-http URLs', async () => {
    await expect(http.request({ method: 'GET', url: new URL('file:///etc/passwd') })).rejects.toThrow(
      /only http and https/,
    );
  });

  describe('redirects', () => {
    const start = (chain: string, status = 307) => servers.a!.url(`/redirect?status=${status}&to=${chain}`);

    it('keeps credentials on the same origin', async () => {
      const res = await http.request({ method: 'GET', url: start('a'), headers: { ...CREDENTIALS } });
      expect(await text(res)).toBe('ok GET /ok');
      expect(res.url.href).toBe(`${servers.a!.origin}/ok`);
      expect(servers.a!.seen.map((s) => s.headers.authorization)).toEqual([SECRET, SECRET]);
    });

    it('drops credentials on another origin and forwards the rest', async () => {
      const res = await http.request({
        method: 'GET',
        url: start('b'),
        headers: { ...CREDENTIALS, range: 'bytes=5-', accept: 'application/octet-stream' },
      });
      expect(await text(res)).toBe('ok GET /ok');
      expect(res.url.origin).toBe(servers.b!.origin);
      const seen = servers.b!.seen[0]!;
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers['proxy-authorization']).toBeUndefined();
      expect(seen.headers.range).toBe('bytes=5-');
      expect(seen.headers.accept).toBe('application/octet-stream');
    });

    it('never carries credentials to b on a→b→b (CVE-2024-45336)', async () => {
      const res = await http.request({ method: 'GET', url: start('b,b,b'), headers: { ...CREDENTIALS } });
      await res.dump();
      expect(servers.b!.seen).toHaveLength(3);
      for (const seen of servers.b!.seen) expect(JSON.stringify(seen.headers)).not.toContain('S3CR3T');
    });

    it('sends credentials again only when the chain returns to the original origin (a→b→a)', async () => {
      const res = await http.request({ method: 'GET', url: start('b,a'), headers: { ...CREDENTIALS } });
      await res.dump();
      expect(servers.b!.seen[0]!.headers.authorization).toBeUndefined();
      expect(servers.a!.seen.map((s) => s.headers.authorization)).toEqual([SECRET, SECRET]);
    });

    it('stops after maxRedirects hops', async () => {
      await expect(http.request({ method: 'GET', url: servers.a!.url('/loop') })).rejects.toThrow(
        /stopped after 10 redirects/,
      );
      expect(servers.a!.seen).toHaveLength(11);
    });

    it('honours a smaller maxRedirects', async () => {
      await expect(http.request({ method: 'GET', url: start('a,a,a'), maxRedirects: 2 })).rejects.toThrow(
        /stopped after 2 redirects/,
      );
      expect(servers.a!.seen).toHaveLength(3);
    });

    it('returns the 3xx itself when maxRedirects is 0', async () => {
      const res = await http.request({ method: 'GET', url: start('b'), maxRedirects: 0 });
      await res.dump();
      expect(res.status).toBe(307);
      expect(res.headers.location).toBe(`${servers.b!.origin}/ok`);
      expect(servers.b!.seen).toHaveLength(0);
    });

    it('turns a PUT into a bodiless GET on 303', async () => {
      const res = await http.request({
        method: 'PUT',
        url: start('b', 303),
        body: 'payload',
        headers: { 'content-type': 'application/json' },
      });
      expect(await text(res)).toBe('ok GET /ok');
      expect(res.method).toBe('GET');
      const seen = servers.b!.seen[0]!;
      expect(seen.body).toBe('');
      expect(seen.headers['content-type']).toBeUndefined();
    });

    it('replays a byte body on 307', async () => {
      const res = await http.request({
        method: 'PUT',
        url: start('b', 307),
        body: new TextEncoder().encode('payload'),
      });
      expect(await text(res)).toBe('ok PUT /ok');
      expect(servers.b!.seen[0]!.body).toBe('payload');
    });

    it('refuses to follow 307 with a streamed body', async () => {
      const body = (async function* () {
        yield new TextEncoder().encode('payload');
      })();
      await expect(http.request({ method: 'PATCH', url: start('b', 307), body })).rejects.toThrow(
        /streamed body was already sent/,
      );
      expect(servers.b!.seen).toHaveLength(0);
    });
  });

  describe('https redirects', () => {
    let pki: TestPki;
    let secure: TestServer;
    let insecureHttp: Http;

    beforeAll(async () => {
      pki = await makePki();
      secure = await startServer(
        (_req, res) => {
          res.writeHead(302, { location: `${servers.b!.origin}/ok` });
          res.end();
        },
        { key: pki.serverKey, cert: pki.serverCert },
      );
      insecureHttp = createHttp({ env: {}, insecureHosts: () => true, retry: { maxRetries: 0 } });
    });
    afterAll(async () => {
      await insecureHttp.close();
      await secure.close();
      await pki.cleanup();
    });

    it('refuses https→http and sends nothing to the http target', async () => {
      await expect(
        insecureHttp.request({ method: 'GET', url: secure.url('/x'), headers: { ...CREDENTIALS } }),
      ).rejects.toThrow(/refusing redirect from https to plain http/);
      expect(servers.b!.seen).toHaveLength(0);
    });
  });
});
