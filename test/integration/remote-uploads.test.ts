/**
 * Pushing through the registry core to real distribution servers (plain and token), with a
 * fault proxy in front to see and shape the wire: monolithic and chunked blob uploads, the
 * chunked fallback, cross-repository mounts, refused digests, manifests PUT/HEAD/DELETE, upload
 * `Location`s kept byte for byte, and aborted uploads cancelled.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../../src/registry/digest/index.js';
import { isNotFound, RegistryError } from '../../src/registry/http/index.js';
import {
  authorizationFor,
  type FaultProxy,
  type FaultRuleInput,
  harnessFetch,
  MEDIA_TYPES,
  type ProxyRequest,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  type RegistryMode,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, collect, type TestClient } from './client-for.js';
import { expandCancel, makeBlob, pieces, summary } from './upload-wire.js';

const MiB = 1024 * 1024;
const USER = { username: 'alice', password: 'alice-uploads-pw' };

interface UploadCase {
  name: string;
  size: number;
  mode?: 'monolithic' | 'chunked';
  chunkSize?: number;
  stream: boolean;
  rules?: FaultRuleInput[];
  opens: number;
  wire: string[];
  check?: (log: ProxyRequest[]) => void;
}

const uploads: UploadCase[] = [
  {
    name: 'monolithic: a 3 MiB blob in one PUT',
    size: 3 * MiB,
    stream: false,
    opens: 1,
    wire: ['POST /v2/R/blobs/uploads/ 202', 'PUT /v2/R/blobs/uploads/UUID 201'],
    check: (log) => expect(log[1]!.headers['content-length']).toBe(String(3 * MiB)),
  },
  {
    name: 'chunked: a 3.5 MiB stream in 1 MiB PATCHes',
    size: 3.5 * MiB,
    mode: 'chunked',
    chunkSize: MiB,
    stream: true,
    opens: 1,
    wire: [
      'POST /v2/R/blobs/uploads/ 202',
      ...Array.from({ length: 4 }, () => 'PATCH /v2/R/blobs/uploads/UUID 202'),
      'PUT /v2/R/blobs/uploads/UUID 201',
    ],
    check: (log) => {
      const patches = log.filter((r) => r.method === 'PATCH');
      expect(patches.map((r) => r.headers['content-range'])).toEqual([
        `0-${MiB - 1}`,
        `${MiB}-${2 * MiB - 1}`,
        `${2 * MiB}-${3 * MiB - 1}`,
        `${3 * MiB}-${3.5 * MiB - 1}`,
      ]);
      expect(log.at(-1)!.headers['content-length']).toBe('0');
    },
  },
  {
    name: 'monolithic refused with 413: falls back to chunked on a fresh session',
    size: 2.5 * MiB,
    chunkSize: MiB,
    stream: true,
    rules: [{ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 413 } }],
    opens: 2,
    wire: [
      'POST /v2/R/blobs/uploads/ 202',
      'PUT /v2/R/blobs/uploads/UUID 413',
      'CANCEL 204',
      'POST /v2/R/blobs/uploads/ 202',
      ...Array.from({ length: 3 }, () => 'PATCH /v2/R/blobs/uploads/UUID 202'),
      'PUT /v2/R/blobs/uploads/UUID 201',
    ],
  },
];

describe.each<{ mode: RegistryMode }>([{ mode: 'plain' }, { mode: 'token' }])(
  'uploads to a $mode registry',
  ({ mode }) => {
    let reg: RegistryInstance;
    let proxy: FaultProxy;
    let seed: PushedImage;
    const login = mode === 'token' ? { login: USER } : {};
    const client = () => clientFor(reg, { host: proxy.host, ...login });

    async function using<T>(fn: (c: TestClient) => Promise<T>): Promise<T> {
      const c = await client();
      try {
        return await fn(c);
      } finally {
        await c.close();
      }
    }

    beforeAll(async () => {
      reg = await startRegistry({
        mode,
        ...(mode === 'token' ? { users: { [USER.username]: USER.password } } : {}),
      });
      proxy = await startFaultProxy({ target: reg.url });
      seed = await pushImage(reg, { repository: 'up/src', tag: 'v1', layers: [{ size: 200_000, seed: 1 }] });
      await pushImage(reg, { repository: 'up/other', tag: 'v1', layers: [{ size: 1_000, seed: 2 }] });
    });
    afterAll(async () => {
      await proxy?.stop();
      await reg?.stop();
    });
    beforeEach(() => proxy.reset());
    const wireOf = (repository: string) =>
      proxy.requests.filter((r) => r.url.startsWith(`/v2/${repository}/`));

    it.each(uploads)('$name', async (c) => {
      const repository = `up/case-${uploads.indexOf(c)}`;
      const blob = makeBlob(c.size, 10 + uploads.indexOf(c));
      for (const rule of c.rules ?? []) proxy.add(rule);
      let opens = 0;
      await using(async ({ client }) => {
        await client.uploadBlob({
          repository,
          digest: blob.digest,
          size: blob.size,
          open: () => {
            opens++;
            return c.stream ? pieces(blob.bytes) : blob.bytes;
          },
          ...(c.mode ? { mode: c.mode } : {}),
          ...(c.chunkSize ? { chunkSize: c.chunkSize } : {}),
        });
        const log = wireOf(repository);
        expect(summary(log)).toEqual(expandCancel(c.wire, mode, repository));
        expect(log.at(-1)!.url).toContain(`digest=${encodeURIComponent(blob.digest)}`);
        c.check?.(log);
        expect(opens).toBe(c.opens);
        const back = await collect(client.getBlob({ repository, digest: blob.digest, size: blob.size }));
        expect(digestOf(back)).toBe(blob.digest);
      });
    });

    it.each([
      {
        name: 'mounts a blob from a repository that has it: true, and no bytes travel',
        repository: 'up/mounted',
        from: 'up/src',
        wire: ['POST /v2/R/blobs/uploads/ 201'],
      },
      {
        name: 'mounting from a repository that lacks the blob: false, and the session opened instead is cancelled',
        repository: 'up/mount-miss',
        from: 'up/other',
        wire: ['POST /v2/R/blobs/uploads/ 202', 'CANCEL 204'],
      },
    ])('$name', async ({ repository, from, wire }) => {
      const layer = seed.layers[0]!;
      const digest = layer.digest as Digest;
      await using(async ({ client }) => {
        const mounted = await client.mountBlob({ repository, from, digest });
        expect(mounted).toBe(from === seed.repository);
        expect(summary(wireOf(repository))).toEqual(expandCancel(wire, mode, repository));
        expect(proxy.requests.some((r) => r.method === 'PUT' || r.method === 'PATCH')).toBe(false);
        expect(await client.headBlob({ repository, digest })).toEqual(
          mounted ? { size: layer.size } : undefined,
        );
      });
    });

    it('bytes that do not match the digest are refused with DIGEST_INVALID and leave no blob', async () => {
      const claimed = makeBlob(100_000, 20);
      const actual = makeBlob(100_000, 21);
      await using(async ({ client }) => {
        const err = await client
          .uploadBlob({
            repository: 'up/bad',
            digest: claimed.digest,
            size: claimed.size,
            open: () => actual.bytes,
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(RegistryError);
        expect((err as RegistryError).code).toBe('DIGEST_INVALID');
        // One PUT with the bytes, no chunked second pass; distribution has already dropped the session.
        const log = wireOf('up/bad');
        expect(summary(log)).toEqual(
          expandCancel(
            ['POST /v2/R/blobs/uploads/ 202', 'PUT /v2/R/blobs/uploads/UUID 400', 'CANCEL 404'],
            mode,
            'up/bad',
          ),
        );
        for (const digest of [claimed.digest, actual.digest]) {
          expect(await client.headBlob({ repository: 'up/bad', digest })).toBeUndefined();
        }
      });
    });

    it('keeps the upload Location query byte for byte, _state included', async () => {
      const blob = makeBlob(50_000, 30);
      // A real upload session, handed to the client with extra oddly-encoded parameters.
      const authorization = await authorizationFor(reg, {
        scopes: ['repository:up/loc:pull,push'],
        auth: { user: USER.username, password: USER.password },
      });
      const started = await harnessFetch(reg, '/v2/up/loc/blobs/uploads/', {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      });
      await started.body?.cancel();
      const real = new URL(started.headers.get('location')!);
      expect(real.searchParams.get('_state')).toBeTruthy();
      const location = `${real.pathname}${real.search}&x=a%2Fb+c&y=%7e~&z=a=b&&w=%3D`;
      proxy.add({
        method: 'POST',
        path: /^\/v2\/up\/loc\/blobs\/uploads\/$/,
        fault: { kind: 'status', status: 202, headers: { location: `${proxy.url}${location}` }, body: '' },
      });
      await using(async ({ client }) => {
        await client.uploadBlob({
          repository: 'up/loc',
          digest: blob.digest,
          size: blob.size,
          open: () => blob.bytes,
        });
        const put = proxy.requests.find((r) => r.method === 'PUT');
        expect(put?.url).toBe(`${location}&digest=${encodeURIComponent(blob.digest)}`);
        expect(put?.status).toBe(201);
        expect(await client.headBlob({ repository: 'up/loc', digest: blob.digest })).toEqual({
          size: blob.size,
        });
      });
    });

    it('puts a manifest by tag and by digest, HEADs it, deletes it, and then it is gone', async () => {
      const manifest = { ...seed.manifest, annotations: { 'org.example.mode': mode } };
      const bytes = new TextEncoder().encode(JSON.stringify(manifest));
      const mediaType = MEDIA_TYPES.oci.manifest;
      await using(async ({ client }) => {
        const repository = 'up/src';
        const digest = await client.putManifest({ repository, reference: 'put-tag', bytes, mediaType });
        expect(digest).toBe(digestOf(bytes));
        expect(await client.putManifest({ repository, reference: digest, bytes, mediaType })).toBe(digest);
        expect(await client.headManifest({ repository, reference: 'put-tag' })).toEqual({
          digest,
          mediaType,
          size: bytes.length,
        });
        const fetched = await client.getManifest({ repository, reference: digest });
        expect(Buffer.from(fetched.bytes).equals(Buffer.from(bytes))).toBe(true);

        await client.deleteManifest({ repository, digest });
        expect(await client.headManifest({ repository, reference: digest })).toBeUndefined();
        const err = await client.getManifest({ repository, reference: 'put-tag' }).catch((e: unknown) => e);
        expect(isNotFound(err)).toBe(true);
        // The seed image in the same repository is untouched.
        expect((await client.headManifest({ repository, reference: 'v1' }))?.digest).toBe(seed.digest);
      });
    });

    it.each<{ name: string; mode: 'monolithic' | 'chunked'; cancelled: number[] }>([
      // Part of the aborted PUT body may have reached the registry, which then refuses the
      // session's stale `_state` with 404 BLOB_UPLOAD_INVALID (and drops the upload itself).
      { name: 'a monolithic PUT', mode: 'monolithic', cancelled: [204, 404] },
      // Between chunks the client holds the current Location, so the DELETE is accepted.
      { name: 'chunked PATCHes', mode: 'chunked', cancelled: [204] },
    ])(
      'an abort during $name rejects with the reason and DELETEs the session',
      async ({ mode: uploadMode, cancelled }) => {
        const blob = makeBlob(3 * MiB, 40);
        const controller = new AbortController();
        const reason = new Error('stopped by the user');
        const repository = `up/abort-${uploadMode}`;
        async function* body(): AsyncGenerator<Uint8Array> {
          yield blob.bytes.subarray(0, MiB);
          controller.abort(reason);
          yield blob.bytes.subarray(MiB);
        }
        await using(async ({ client }) => {
          const err = await client
            .uploadBlob({
              repository,
              digest: blob.digest,
              size: blob.size,
              open: body,
              mode: uploadMode,
              chunkSize: MiB,
              signal: controller.signal,
            })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(err).toBe(reason);
          const log = wireOf(repository);
          const deletes = log.filter((r) => r.method === 'DELETE');
          const last = deletes.at(-1)!;
          expect(cancelled).toContain(last.status);
          expect(summary(deletes)).toEqual(expandCancel([`CANCEL ${last.status}`], mode, repository));
          expect(last.url).toMatch(new RegExp(`^/v2/${repository}/blobs/uploads/[\\w-]+\\?_state=`));
          if (uploadMode === 'chunked') {
            const patches = log.filter((r) => r.method === 'PATCH');
            expect(patches.map((r) => r.status)).toEqual([202]);
            // The DELETE names the session as the PATCH answer left it, not as the POST opened it.
            expect(last.url).not.toBe(patches[0]!.url);
          }
          expect(await client.headBlob({ repository, digest: blob.digest })).toBeUndefined();
        });
      },
    );
  },
);
