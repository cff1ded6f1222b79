/**
 * The one undici `Agent` an `Http` owns. Its `connect` hook is where every connection is
 * made, so per-host TLS and proxies are decided in one place:
 *  1. Pick a proxy for the target from the environment (proxy-env.ts), and if there is
 *     one, open a CONNECT tunnel through it (proxy-tunnel.ts).
 *  2. For https, look up the host's TLS settings (tls.ts) and run the handshake, over
 *     the tunnel if there is one, with a connector built once per distinct setting.
 * Redirects and retries are not here: http.ts does them, see the comment there.
 */
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { proxyFor } from './proxy-env.js';
import { ProxyTunnels } from './proxy-tunnel.js';
import type { TlsResolver, TlsSettings } from './tls.js';
import { Agent, MAX_HEADER_BYTES, newConnector } from './undici-parts.js';

export interface AgentOptions {
  tls: TlsResolver;
  env: NodeJS.ProcessEnv;
  /** Connections kept per origin; blob copies run in parallel against one registry. */
  connections?: number;
}

/** Connections per origin: enough for parallel layer copies, few enough not to trip registry rate limits. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 16;

type Connector = buildConnector.connector;

function connectWith(connector: Connector, options: buildConnector.Options): Promise<Socket> {
  return new Promise((resolve, reject) => {
    connector(options, (err, socket) => (err ? reject(err) : resolve(socket as Socket)));
  });
}

/** Owns the Agent and everything it connects through; `close` releases all of it. */
export interface HttpAgent {
  readonly dispatcher: Agent;
  close(): Promise<void>;
}

/** Creates the Agent with the connect hook described at the top of this file. */
export function createAgent(opts: AgentOptions): HttpAgent {
  const plain = newConnector({});
  const tlsConnectors = new Map<string, Connector>();

  const tlsConnector = (settings: TlsSettings): Connector => {
    let connector = tlsConnectors.get(settings.id);
    if (!connector) {
      connector = newConnector({
        secureContext: settings.secureContext,
        rejectUnauthorized: settings.rejectUnauthorized,
      });
      tlsConnectors.set(settings.id, connector);
    }
    return connector;
  };

  // The proxy's own connection: TLS settings for the proxy host when it is an https proxy.
  const tunnels = new ProxyTunnels((proxy) => {
    if (proxy.protocol !== 'https:') return plain;
    return (options: buildConnector.Options, callback: buildConnector.Callback) => {
      opts.tls.forHost(proxy.host).then(
        (settings) => tlsConnector(settings)(options, callback),
        (err: Error) => callback(err, null),
      );
    };
  });

  const establish = async (options: buildConnector.Options): Promise<Socket> => {
    const proxy = proxyFor(options, opts.env);
    const httpSocket = proxy ? await tunnels.open(proxy, options) : undefined;
    if (options.protocol !== 'https:') return httpSocket ?? connectWith(plain, options);
    const host = options.host ?? options.hostname;
    try {
      const settings = await opts.tls.forHost(host);
      return await connectWith(tlsConnector(settings), { ...options, ...(httpSocket ? { httpSocket } : {}) });
    } catch (err) {
      httpSocket?.destroy();
      throw err;
    }
  };

  const dispatcher = new Agent({
    connections: opts.connections ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    maxHeaderSize: MAX_HEADER_BYTES,
    connect: (options, callback) => {
      establish(options).then(
        (socket) => callback(null, socket),
        (err: Error) => callback(err, null),
      );
    },
  });

  return {
    dispatcher,
    async close() {
      await Promise.all([dispatcher.close(), tunnels.close()]);
    },
  };
}
