import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCEPT_ALL_MANIFESTS,
  authorizationFor,
  harnessFetch,
  MEDIA_TYPES,
  pushImage,
  pushIndex,
  pushTags,
  type RegistryInstance,
  randomLayer,
  sha256Digest,
  startRegistry,
  tarGz,
} from './index.js';

let plain: RegistryInstance;
let token: RegistryInstance;
let tlsBasic: RegistryInstance;

beforeAll(async () => {
  [plain, token, tlsBasic] = await Promise.all([
    startRegistry({ mode: 'plain' }),
    startRegistry({ mode: 'token' }),
    startRegistry({ mode: 'tls-basic' }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), token?.stop(), tlsBasic?.stop()]);
});

/** GETs with the credentials the harness would use (Basic, or a pull token). */
async function get(reg: RegistryInstance, path: string, accept?: string) {
  const repo = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(path)?.[1] ?? '';
  const authorization = await authorizationFor(reg, { scopes: [`repository:${repo}:pull`] });
  return harnessFetch(reg, path, {
    headers: { ...(authorization ? { authorization } : {}), ...(accept ? { accept } : {}) },
    redirect: 'follow',
  });
}

describe('randomLayer', () => {
  it('is deterministic per seed and size', () => {
    expect(randomLayer({ size: 1001, seed: 3 })).toEqual(randomLayer({ size: 1001, seed: 3 }));
    expect(randomLayer({ size: 1001, seed: 3 })).not.toEqual(randomLayer({ size: 1001, seed: 4 }));
    expect(randomLayer({ size: 1001, seed: 3 }).length).toBe(1001);
    expect(randomLayer({ size: 0, seed: 3 }).length).toBe(0);
  });
});

describe('tarGz', () => {
  it('makes a gzip tar that tar-stream reads back', async () => {
    const archive = tarGz([
      { name: 'etc/' },
      { name: 'etc/hostname', content: 'berth\n' },
      { name: 'bin/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
      { name: 'empty', content: '' },
    ]);
    expect(archive[0]).toBe(0x1f);
    const entries: Array<{ name: string; type: string; mode: number; body: string }> = [];
    const ex = extract();
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        entries.push({
          name: header.name,
          type: header.type!,
          mode: header.mode!,
          body: Buffer.concat(chunks).toString(),
        });
        next();
      });
    });
    const done = new Promise<void>((resolve, reject) => {
      ex.on('finish', () => resolve());
      ex.on('error', (err) => reject(err));
    });
    ex.end(gunzipSync(archive));
    await done;
    expect(entries).toEqual([
      { name: 'etc/', type: 'directory', mode: 0o755, body: '' },
      { name: 'etc/hostname', type: 'file', mode: 0o644, body: 'berth\n' },
      { name: 'bin/run.sh', type: 'file', mode: 0o755, body: '#!/bin/sh\necho hi\n' },
      { name: 'empty', type: 'file', mode: 0o644, body: '' },
    ]);
    expect(tarGz([{ name: 'a', content: 'x' }])).toEqual(tarGz([{ name: 'a', content: 'x' }]));
  });
});

describe('pushImage', () => {
  it.each([
    { name: 'oci on plain', reg: () => plain, mediaType: 'oci' as const },
    { name: 'docker on plain', reg: () => plain, mediaType: 'docker' as const },
    { name: 'oci on token', reg: () => token, mediaType: 'oci' as const },
    { name: 'docker on tls-basic', reg: () => tlsBasic, mediaType: 'docker' as const },
  ])('$name round-trips manifest, config and layers', async ({ reg, mediaType }) => {
    const r = reg();
    const gz = tarGz([{ name: 'hello.txt', content: 'hello' }]);
    const image = await pushImage(r, {
      repository: `images/${mediaType}`,
      tag: 'v1',
      layers: [{ size: 5000, seed: 1 }, gz],
      mediaType,
    });
    expect(image.mediaType).toBe(MEDIA_TYPES[mediaType].manifest);
    expect(image.digest).toBe(sha256Digest(image.manifestBytes));

    const res = await get(r, `/v2/images/${mediaType}/manifests/v1`, ACCEPT_ALL_MANIFESTS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(image.mediaType);
    expect(res.headers.get('docker-content-digest')).toBe(image.digest);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(image.manifestBytes);

    for (const blob of [image.config, ...image.layers]) {
      const b = await get(r, `/v2/images/${mediaType}/blobs/${blob.digest}`);
      expect(sha256Digest(new Uint8Array(await b.arrayBuffer()))).toBe(blob.digest);
    }
    const config = JSON.parse(new TextDecoder().decode(image.config.bytes));
    expect(config).toMatchObject({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers' } });
    // The gzip layer's diff_id is the digest of its uncompressed tar.
    expect(config.rootfs.diff_ids[1]).toBe(sha256Digest(gunzipSync(gz)));
    expect(config.rootfs.diff_ids[0]).toBe(image.layers[0]!.digest);
  });

  it('pushes by digest when no tag is given, and accepts a custom config', async () => {
    const image = await pushImage(plain, {
      repository: 'images/untagged',
      layers: [new Uint8Array([1, 2, 3])],
      config: { custom: true },
    });
    expect(image.tag).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(image.config.bytes))).toEqual({ custom: true });
    const res = await get(plain, `/v2/images/untagged/manifests/${image.digest}`, ACCEPT_ALL_MANIFESTS);
    expect(res.status).toBe(200);
    // distribution 2.8 quirk: a repository without tags answers tags/list with 404 NAME_UNKNOWN.
    const tags = await get(plain, '/v2/images/untagged/tags/list');
    expect(tags.status).toBe(404);
    expect(await tags.json()).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
  });
});

describe('pushIndex', () => {
  it.each(['oci', 'docker'] as const)('%s index round-trips with one image per platform', async (format) => {
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'windows', architecture: 'amd64' },
    ];
    const index = await pushIndex(token, { repository: `multi/${format}`, tag: 'latest', platforms, format });
    expect(index.mediaType).toBe(MEDIA_TYPES[format].index);
    expect(index.images).toHaveLength(3);
    expect(new Set(index.images.map((i) => i.digest)).size).toBe(3);

    const res = await get(token, `/v2/multi/${format}/manifests/latest`, ACCEPT_ALL_MANIFESTS);
    expect(res.headers.get('content-type')).toBe(index.mediaType);
    const manifest = (await res.json()) as { manifests: Array<{ digest: string; platform: unknown }> };
    expect(manifest.manifests.map((m) => m.platform)).toEqual(platforms);
    for (const [i, child] of index.images.entries()) {
      expect(manifest.manifests[i]!.digest).toBe(child.digest);
      const c = await get(token, `/v2/multi/${format}/manifests/${child.digest}`, ACCEPT_ALL_MANIFESTS);
      expect(c.status).toBe(200);
      await c.body?.cancel();
      const config = JSON.parse(new TextDecoder().decode(child.config.bytes));
      expect(config.architecture).toBe(platforms[i]!.architecture);
    }
  });
});

describe('pushTags', () => {
  it.each([
    { name: 'api, from manifest bytes', method: 'api' as const, count: 200, byDigest: false },
    { name: 'api, from a digest', method: 'api' as const, count: 20, byDigest: true },
    { name: 'storage, 3000 tags', method: 'storage' as const, count: 3000, byDigest: false },
  ])('$name', async ({ method, count, byDigest }) => {
    const repository = `tags/${method}-${count}`;
    const image = await pushImage(tlsBasic, { repository, layers: [{ size: 100, seed: count }] });
    const tags = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, '0')}`);
    await pushTags(tlsBasic, {
      repository,
      tags,
      method,
      ...(byDigest ? { digest: image.digest } : { manifestBytes: image.manifestBytes }),
    });
    const list = (await (await get(tlsBasic, `/v2/${repository}/tags/list`)).json()) as { tags: string[] };
    expect(list.tags.sort()).toEqual(tags);
    const last = await get(tlsBasic, `/v2/${repository}/manifests/${tags.at(-1)}`, ACCEPT_ALL_MANIFESTS);
    expect(last.headers.get('docker-content-digest')).toBe(image.digest);
    await last.body?.cancel();
  });
});
