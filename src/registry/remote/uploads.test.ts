import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../digest/index.js';
import { createHttp, RegistryError } from '../http/index.js';
import { startServer, type TestServer } from '../http/test-helpers.js';
import { RegistrySession } from './session.js';
import { uploadBlob } from './uploads.js';

const anonymous = { authorize: async () => undefined, onUnauthorized: async () => false };

describe('uploadBlob: a monolithic PUT the registry answers with 400', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it.each([
    {
      name: 'DIGEST_INVALID ends the upload: the bytes were read and judged, chunks cannot help',
      code: 'DIGEST_INVALID',
      wire: ['POST', 'PUT', 'DELETE'],
    },
    {
      name: 'SIZE_INVALID ends the upload too',
      code: 'SIZE_INVALID',
      wire: ['POST', 'PUT', 'DELETE'],
    },
    {
      name: 'another code means the PUT body was refused: fall back to PATCH on a fresh session',
      code: 'UNSUPPORTED',
      wire: ['POST', 'PUT', 'DELETE', 'POST', 'PATCH', 'PUT', 'DELETE'],
    },
  ])('$name', async ({ code, wire }) => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') res.writeHead(202, { location: '/v2/app/blobs/uploads/u1?_state=s' });
      else if (req.method === 'PATCH') res.writeHead(202, { location: '/v2/app/blobs/uploads/u1?_state=t' });
      else if (req.method === 'DELETE') res.writeHead(204);
      else res.writeHead(400, { 'content-type': 'application/json' });
      res.end(req.method === 'PUT' ? JSON.stringify({ errors: [{ code, message: 'no' }] }) : undefined);
    });
    const http = createHttp({ certDirs: [] });
    try {
      const session = new RegistrySession({
        http,
        endpoint: new URL(server.origin),
        authenticator: anonymous,
      });
      const bytes = new TextEncoder().encode('blob');
      const err = await uploadBlob(session, {
        repository: 'app',
        digest: digestOf(bytes),
        size: bytes.length,
        open: () => bytes,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RegistryError);
      expect((err as RegistryError).code).toBe(code);
      expect(server.seen.map((r) => r.method)).toEqual(wire);
    } finally {
      await http.close();
    }
  });
});

describe('uploadBlob: a chunked upload that fails part-way', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('cancels the session at the Location of the last accepted chunk, not the first one', async () => {
    let patches = 0;
    server = await startServer((req, res) => {
      if (req.method === 'POST') res.writeHead(202, { location: '/v2/app/blobs/uploads/u1?_state=s0' });
      else if (req.method === 'PATCH' && ++patches === 1)
        res.writeHead(202, { location: '/v2/app/blobs/uploads/u1?_state=s1' });
      else if (req.method === 'DELETE') res.writeHead(204);
      else res.writeHead(500);
      res.end();
    });
    const http = createHttp({ certDirs: [] });
    try {
      const session = new RegistrySession({
        http,
        endpoint: new URL(server.origin),
        authenticator: anonymous,
      });
      const bytes = new TextEncoder().encode('blob');
      const err = await uploadBlob(session, {
        repository: 'app',
        digest: digestOf(bytes),
        size: bytes.length,
        open: () => bytes,
        mode: 'chunked',
        chunkSize: 2,
      }).catch((e: unknown) => e);
      expect((err as RegistryError).status).toBe(500);
      expect(server.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /v2/app/blobs/uploads/',
        'PATCH /v2/app/blobs/uploads/u1?_state=s0',
        'PATCH /v2/app/blobs/uploads/u1?_state=s1',
        'DELETE /v2/app/blobs/uploads/u1?_state=s1',
      ]);
    } finally {
      await http.close();
    }
  });
});
