import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../digest/index.js';
import { createHttp } from '../http/index.js';
import { isRetryableNetworkError } from '../http/retry-policy.js';
import { startServer, type TestServer } from '../http/test-helpers.js';
import { getBlob } from './blobs.js';
import { RegistrySession } from './session.js';

const anonymous = { authorize: async () => undefined, onUnauthorized: async () => false };

describe('getBlob: a download whose connection keeps dropping', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('gives up after its resumes with an error that names the blob and keeps the socket error as cause', async () => {
    const blob = Buffer.alloc(1000, 7);
    const digest = digestOf(blob);
    server = await startServer((req, res) => {
      // Every answer (200, or 206 for a Range) sends 100 bytes of its body and then cuts the connection.
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.writeHead(start === 0 ? 200 : 206, {
        'content-length': String(blob.length - start),
        ...(start > 0 ? { 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` } : {}),
      });
      res.write(blob.subarray(start, start + 100), () => res.destroy());
    });
    const http = createHttp({ certDirs: [] });
    try {
      const session = new RegistrySession({
        http,
        endpoint: new URL(server.origin),
        authenticator: anonymous,
      });
      const retries: number[] = [];
      const err = await (async () => {
        for await (const _ of getBlob(session, {
          repository: 'app',
          digest,
          size: blob.length,
          onRetry: ({ offset }) => retries.push(offset),
        })) {
          // drain
        }
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^fetching blob ${digest.slice(7, 19)}: connection lost at byte \\d+ of 1000 after 5 resumes$`,
        ),
      );
      // The cause chain still says "network", so a caller can decide to try the whole blob again.
      expect(isRetryableNetworkError(err)).toBe(true);
      expect(retries).toHaveLength(5);
      expect(server.seen).toHaveLength(6);
    } finally {
      await http.close();
    }
  });
});
