import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpOptions } from './http.js';
import { createHttp } from './http.js';
import { NetworkError } from './network-error.js';
import {
  type ConnectProxy,
  makePki,
  startConnectProxy,
  startServer,
  type TestPki,
  type TestServer,
} from './test-helpers.js';

/** End-to-end TLS: certs.d CAs, insecure hosts, client certificates, and all of it through a CONNECT proxy. */
describe('TLS', () => {
  let pki: TestPki;
  let root: string;
  let server: TestServer;
  let mtls: TestServer;
  let plain: TestServer;
  let host: string;

  const ok = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.end('ok');
  };

  async function certsD(name: string, files: Record<string, string>): Promise<string> {
    const base = join(root, name);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(base, path, '..'), { recursive: true });
      await writeFile(join(base, path), content);
    }
    return base;
  }

  /** GETs `url` with an Http made from `opts` (no retries, no real environment) and returns the status. */
  async function status(url: URL, opts: HttpOptions = {}): Promise<number> {
    const http = createHttp({ env: {}, certDirs: [], retry: { maxRetries: 0 }, ...opts });
    try {
      const res = await http.request({ method: 'GET', url });
      await res.dump();
      return res.status;
    } finally {
      await http.close();
    }
  }

  beforeAll(async () => {
    pki = await makePki();
    root = await mkdtemp(join(tmpdir(), 'berth-http-tls-'));
    server = await startServer(ok, { key: pki.serverKey, cert: pki.serverCert });
    mtls = await startServer(ok, { key: pki.serverKey, cert: pki.serverCert, clientCa: pki.caPem });
    plain = await startServer(ok);
    host = server.url('/').host;
  });
  afterAll(async () => {
    await Promise.all([server.close(), mtls.close(), plain.close()]);
    await rm(root, { recursive: true, force: true });
    await pki.cleanup();
  });

  it('fails without the CA, and the failure is a TLS NetworkError', async () => {
    const err = await status(server.url('/v2/')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).tls).toBe(true);
  });

  it('verifies with the CA from certs.d/<host:port>/ca.crt', async () => {
    const base = await certsD('ca-only', { [`${host}/ca.crt`]: pki.caPem });
    expect(await status(server.url('/v2/'), { certDirs: [join(root, 'empty'), base] })).toBe(200);
  });

  it('ignores certs.d of another port', async () => {
    const base = await certsD('other-port', { '127.0.0.1:1/ca.crt': pki.caPem });
    await expect(status(server.url('/v2/'), { certDirs: [base] })).rejects.toBeInstanceOf(NetworkError);
  });

  it('uses an explicit certDirFor (--cert-dir)', async () => {
    const base = await certsD('explicit', { 'dir/ca.crt': pki.caPem });
    expect(await status(server.url('/v2/'), { certDirFor: () => join(base, 'dir') })).toBe(200);
  });

  it('skips verification for an insecure host only', async () => {
    expect(await status(server.url('/v2/'), { insecureHosts: (h) => h === host })).toBe(200);
    await expect(
      status(server.url('/v2/'), { insecureHosts: (h) => h === 'other:1' }),
    ).rejects.toBeInstanceOf(NetworkError);
  });

  it('presents the client certificate pair from certs.d', async () => {
    const mtlsHost = mtls.url('/').host;
    const withPair = await certsD('client-pair', {
      [`${mtlsHost}/ca.crt`]: pki.caPem,
      [`${mtlsHost}/client.cert`]: pki.clientCert,
      [`${mtlsHost}/client.key`]: pki.clientKey,
    });
    expect(await status(mtls.url('/v2/'), { certDirs: [withPair] })).toBe(200);
    const withoutPair = await certsD('no-client-pair', { [`${mtlsHost}/ca.crt`]: pki.caPem });
    await expect(status(mtls.url('/v2/'), { certDirs: [withoutPair] })).rejects.toThrow();
  });

  it('fails the request when a client certificate has no key, naming both files', async () => {
    const base = await certsD('missing-key', { [`${host}/client.cert`]: pki.clientCert });
    await expect(status(server.url('/v2/'), { certDirs: [base] })).rejects.toThrow(
      /client certificate .*client\.cert has no key .*client\.key/,
    );
  });

  describe('through an HTTPS_PROXY', () => {
    let proxy: ConnectProxy;
    const serverPort = () => Number(server.url('/').port);
    const plainPort = () => Number(plain.url('/').port);

    beforeAll(async () => {
      // Only the proxy knows where registry.test is, so a request that succeeds went through it.
      proxy = await startConnectProxy((authority) => {
        if (authority === 'registry.test:443') return serverPort();
        if (authority === 'registry.test:80') return plainPort();
        return undefined;
      });
    });
    afterAll(() => proxy.close());

    it('tunnels https and verifies the registry with its own certs.d', async () => {
      const base = await certsD('proxied', { 'registry.test/ca.crt': pki.caPem });
      const env = { HTTPS_PROXY: proxy.origin };
      expect(await status(new URL('https://registry.test/v2/'), { env, certDirs: [base] })).toBe(200);
      expect(proxy.connects.at(-1)).toBe('registry.test:443');
    });

    it('still refuses an untrusted registry certificate through the tunnel (CVE-2022-32210)', async () => {
      const env = { HTTPS_PROXY: proxy.origin };
      const err = await status(new URL('https://registry.test/v2/'), { env }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).tls).toBe(true);
    });

    it('sends proxy credentials from the proxy URL on CONNECT only', async () => {
      const proxyUrl = new URL(proxy.origin);
      proxyUrl.username = 'proxy%20user';
      proxyUrl.password = 'pw';
      const env = { HTTP_PROXY: proxyUrl.href };
      expect(await status(new URL('http://registry.test/v2/'), { env })).toBe(200);
      expect(proxy.auths.at(-1)).toBe(`Basic ${Buffer.from('proxy user:pw').toString('base64')}`);
      expect(plain.seen.at(-1)?.headers['proxy-authorization']).toBeUndefined();
    });

    it('reports a proxy that refuses the tunnel', async () => {
      const env = { HTTPS_PROXY: proxy.origin };
      await expect(status(new URL('https://unknown.test/v2/'), { env })).rejects.toThrow(
        /answered 403 to CONNECT unknown\.test:443/,
      );
    });
  });
});
