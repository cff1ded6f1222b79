import { createServer } from 'node:net';

/** Options for {@link getFreePort}. */
export interface FreePortOptions {
  signal?: AbortSignal;
}

/**
 * Finds a TCP port on 127.0.0.1 that is free right now.
 *
 * The port is released before it is returned, so another process may take it before the caller
 * binds it; callers that spawn a server (see `startRegistry`) retry on "address already in use".
 */
export async function getFreePort(opts: FreePortOptions = {}): Promise<number> {
  opts.signal?.throwIfAborted();
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('getting a free port: server has no TCP address'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
