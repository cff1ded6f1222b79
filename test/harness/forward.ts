import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Connection-level headers that describe one hop and must not be copied to the next.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Copies raw (flat name/value) headers, dropping hop-by-hop ones and those named in `drop`, keeping
 * the original case, order and duplicates.
 */
export function copyHeaders(raw: readonly string[], drop: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || drop.includes(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  return out;
}

/** A keep-alive client for one upstream origin. */
export interface Upstream {
  origin: URL;
  /**
   * Sends `method path` upstream with `headers` (flat raw list, `Host` added here) and streams
   * `body` in; resolves with the response head, body unread.
   */
  send(opts: {
    method: string;
    path: string;
    headers: string[];
    body?: IncomingMessage;
  }): Promise<IncomingMessage>;
  close(): void;
}

/** Creates an {@link Upstream} for `baseUrl`, trusting `caPem` when it is https. */
export function createUpstream(baseUrl: string, caPem?: string): Upstream {
  const origin = new URL(baseUrl);
  const tls = origin.protocol === 'https:';
  const agent = tls
    ? new HttpsAgent({ keepAlive: true, ...(caPem ? { ca: caPem } : {}) })
    : new HttpAgent({ keepAlive: true });
  const request = tls ? httpsRequest : httpRequest;
  return {
    origin,
    send: ({ method, path, headers, body }) =>
      new Promise((resolve, reject) => {
        const req = request({
          agent,
          protocol: origin.protocol,
          hostname: origin.hostname,
          port: origin.port,
          method,
          // req.url from the incoming request, so path and query reach the registry byte for byte.
          path,
          headers: ['Host', origin.host, ...headers],
        });
        req.once('response', resolve);
        req.once('error', reject);
        if (body) {
          body.pipe(req);
          body.once('error', (err) => req.destroy(err));
        } else {
          req.end();
        }
      }),
    close: () => agent.destroy(),
  };
}
