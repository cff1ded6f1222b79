import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeBody } from './faults.js';
import { copyHeaders, type Upstream } from './forward.js';

/** One request the second origin served. */
export interface SecondOriginRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The `Authorization` header the client sent here, if any (it should never send one). */
  authorization?: string;
  status: number;
}

/** A different origin (another 127.0.0.1 port) that serves the registry's content, like a CDN. */
export interface SecondOrigin {
  url: string;
  requests: SecondOriginRequest[];
}

/**
 * Supplies the credentials the second origin itself uses to read from the registry, for registries
 * that need auth. The client's own `Authorization` is never passed on: the point of the second
 * origin is to show whether a client leaks credentials across origins.
 */
export type SecondOriginAuth = (req: { method: string; path: string }) => Promise<string | undefined>;

/** Starts the second origin; `close` stops it. */
export async function startSecondOrigin(opts: {
  upstream: Upstream;
  auth?: SecondOriginAuth;
}): Promise<SecondOrigin & { server: Server; close(): Promise<void> }> {
  const requests: SecondOriginRequest[] = [];
  const server = createServer((req, res) => {
    const record: SecondOriginRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      status: 0,
    };
    requests.push(record);
    const serve = async () => {
      const headers = copyHeaders(req.rawHeaders, ['host', 'authorization']);
      const authorization = await opts.auth?.({ method: record.method, path: record.url });
      if (authorization) headers.push('Authorization', authorization);
      const upstream = await opts.upstream.send({
        method: record.method,
        path: record.url,
        headers,
        body: req,
      });
      record.status = upstream.statusCode ?? 0;
      res.writeHead(record.status, copyHeaders(upstream.rawHeaders));
      await pipeBody(upstream, res);
    };
    serve().catch((err: unknown) => {
      if (!res.headersSent) {
        record.status = 502;
        res.writeHead(502, { 'content-type': 'text/plain' });
      }
      res.end(`second origin: ${(err as Error).message}`);
    });
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () => closeServer(server),
  };
}

/** Listens on an ephemeral 127.0.0.1 port. */
export function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
}

/** Closes a server and every connection it holds, idle or not. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
