/**
 * Opens a CONNECT tunnel through an HTTP(S) proxy. The registry's own TLS handshake then
 * runs inside the tunnel with that registry's settings, so certs.d CAs, client
 * certificates and verification apply through a proxy exactly as without one (undici's
 * ProxyAgent has one fixed `requestTls` for every host, and CVE-2022-32210 was a proxy
 * path that skipped verification).
 */
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { redactUrl } from './redact-url.js';
import { MAX_HEADER_BYTES, Pool } from './undici-parts.js';

/** Where the tunnel goes, as undici hands it to a connector. */
export interface TunnelTarget {
  /** Without brackets for IPv6, as undici passes it. */
  hostname: string;
  protocol: string;
  /** Empty for the scheme's default port. */
  port: string;
}

function authority(target: TunnelTarget): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return `${host}:${port}`;
}

function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** One connection pool per proxy, so tunnels to many registries share proxy connections' setup. */
export class ProxyTunnels {
  readonly #pools = new Map<string, Pool>();
  readonly #connectorFor: (proxy: URL) => buildConnector.connector;

  /** @param connectorFor makes the connector for the proxy itself (plain, or TLS for an https proxy). */
  constructor(connectorFor: (proxy: URL) => buildConnector.connector) {
    this.#connectorFor = connectorFor;
  }

  /** Asks `proxy` for a tunnel to `target`; resolves with the raw socket once it answers 200. */
  async open(proxy: URL, target: TunnelTarget): Promise<Socket> {
    const key = proxy.href;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = new Pool(proxy.origin, { connect: this.#connectorFor(proxy), maxHeaderSize: MAX_HEADER_BYTES });
      this.#pools.set(key, pool);
    }
    const path = authority(target);
    const headers: Record<string, string> = { host: path };
    const auth = proxyAuthorization(proxy);
    if (auth !== undefined) headers['proxy-authorization'] = auth;
    const { statusCode, socket } = await pool.connect({ path, headers });
    if (statusCode !== 200) {
      socket.on('error', () => {}).destroy();
      throw new Error(`proxy ${redactUrl(proxy.origin)} answered ${statusCode} to CONNECT ${path}`);
    }
    return socket as Socket;
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}
