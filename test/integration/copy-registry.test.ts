/**
 * The copy engine between real distribution registries through the docker:// transport:
 * digests preserved, same-registry mounts that move no layer bytes, repeat copies that
 * skip everything, the three multi-arch modes and a platform subset, Docker ↔ OCI
 * conversion (and `preserveDigests` refusing it), and an `oci:` layout round trip.
 * The source registry requires Basic credentials; no event ever shows them.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CopyEvent, type CopyOptions, copyImage } from '../../src/registry/copy/index.js';
import { type Digest, digestOf } from '../../src/registry/digest/index.js';
import {
  hostPlatform,
  MEDIA_TYPES as M,
  type Manifest,
  type Platform,
} from '../../src/registry/manifest/index.js';
import { parseReference } from '../../src/registry/ref/index.js';
import type { RegistryClient } from '../../src/registry/remote/index.js';
import { DockerDestination, DockerSource } from '../../src/registry/transports/docker/docker-transport.js';
import {
  openDockerArchiveDestination,
  openDockerArchiveSource,
} from '../../src/registry/transports/docker-archive/index.js';
import { openOciLayoutDestination, openOciLayoutSource } from '../../src/registry/transports/oci/index.js';
import {
  type FaultProxy,
  type PushedImage,
  type PushedIndex,
  pushImage,
  pushIndex,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
  tar,
  tarGz,
} from '../harness/index.js';
import { clientFor, collect, type TestClient } from './client-for.js';

const USER = 'alice';
const SENTINEL = 'S3ntinel-c0py-pa55word';
const LEAKS = [SENTINEL, Buffer.from(`${USER}:${SENTINEL}`).toString('base64')];

const host = hostPlatform();
/** The machine's platform and two others, so `system` has exactly one right answer. */
const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: host.architecture, ...(host.variant ? { variant: host.variant } : {}) },
  ...[
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 's390x' },
  ].filter((p) => p.architecture !== host.architecture),
].slice(0, 3);

let reg: RegistryInstance;
let reg2: RegistryInstance;
let proxy: FaultProxy;
let src: TestClient;
let dst: TestClient;
let single: PushedImage;
let multi: PushedIndex;
let dockerList: PushedIndex;
/** Real gzip tar layers, for destinations that unpack them. */
let tarred: PushedImage;
const TAR_LAYERS = [
  [{ name: 'etc/' }, { name: 'etc/hostname', content: 'berth\n' }],
  [{ name: 'app/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 }],
];

beforeAll(async () => {
  [reg, reg2] = await Promise.all([
    startRegistry({ mode: 'basic', users: { [USER]: SENTINEL } }),
    startRegistry({ mode: 'plain' }),
  ]);
  proxy = await startFaultProxy({ target: reg.url });
  const auth = { user: USER, password: SENTINEL };
  [single, multi, dockerList, tarred] = await Promise.all([
    pushImage(reg, {
      repository: 'src/app',
      tag: 'v1',
      layers: [
        { size: 300_000, seed: 1 },
        { size: 5_000, seed: 2 },
      ],
      auth,
    }),
    pushIndex(reg, { repository: 'src/multi', tag: 'v1', platforms: PLATFORMS, layerSize: 2_000, auth }),
    pushIndex(reg, { repository: 'src/list', tag: 'v1', platforms: PLATFORMS, format: 'docker', auth }),
    pushImage(reg, {
      repository: 'src/tarred',
      tag: 'v1',
      layers: TAR_LAYERS.map((l) => tarGz(l)),
      mediaType: 'docker',
      auth,
    }),
  ]);
  src = await clientFor(reg, { host: proxy.host, login: { username: USER, password: SENTINEL } });
  dst = await clientFor(reg2);
});
afterAll(async () => {
  await Promise.all([src?.close(), dst?.close()]);
  await Promise.all([proxy?.stop(), reg?.stop(), reg2?.stop()]);
});
beforeEach(() => proxy.reset());

const sourceOf = (c: TestClient, name: string) =>
  new DockerSource({ ref: parseReference(`${c.client.registry}/${name}`), client: c.client });
const destinationOf = (c: TestClient, name: string) =>
  new DockerDestination({ ref: parseReference(`${c.client.registry}/${name}`), client: c.client });

async function copy(from: string, to: string, opts: Partial<CopyOptions> = {}, into: TestClient = dst) {
  const events: CopyEvent[] = [];
  const result = await copyImage({
    source: sourceOf(src, from),
    destination: destinationOf(into, to),
    onEvent: (e) => events.push(e),
    ...opts,
  });
  return { result, events };
}

/** Reads an image back (every manifest and blob verified by the client) and returns its top manifest. */
async function readBack(client: RegistryClient, repository: string, reference: string): Promise<Manifest> {
  const top = await client.getManifest({ repository, reference });
  const images =
    top.kind === 'index'
      ? await Promise.all(
          top.doc.manifests.map((d) => client.getManifest({ repository, reference: d.digest })),
        )
      : [top];
  for (const image of images) {
    if (image.kind !== 'image') throw new Error(`unexpected ${image.kind}`);
    for (const blob of [image.doc.config, ...image.doc.layers]) {
      await collect(client.getBlob({ repository, digest: blob.digest, size: blob.size }));
    }
  }
  return top;
}

const ofType = <T extends CopyEvent['type']>(events: CopyEvent[], type: T) =>
  events.filter((e): e is Extract<CopyEvent, { type: T }> => e.type === type);
const blobTransfers = () =>
  proxy.requests.filter(
    (r) =>
      (r.method === 'GET' && /\/blobs\/sha256:/.test(r.url)) ||
      ((r.method === 'PUT' || r.method === 'PATCH') && /\/blobs\/uploads\//.test(r.url)),
  );

describe('copy between registries', () => {
  it('copies an image to another registry with its digest, and no event shows the credentials', async () => {
    const { result, events } = await copy('src/app:v1', 'dst/app:v1');
    expect(result.digest).toBe(single.digest);
    expect(result.blobs).toMatchObject({ copied: 3, skipped: 0, mounted: 0 });
    expect((await readBack(dst.client, 'dst/app', 'v1')).digest).toBe(single.digest);
    const text = JSON.stringify(events);
    for (const secret of LEAKS) expect(text).not.toContain(secret);
    expect(ofType(events, 'done')).toHaveLength(3);
  });

  it('skips every blob on a second copy, reading no blob from the source', async () => {
    await copy('src/app:v1', 'dst/again:v1');
    proxy.reset();
    const { result, events } = await copy('src/app:v1', 'dst/again:v2');
    expect(result.blobs).toEqual({ copied: 0, skipped: 3, mounted: 0, bytes: 0 });
    expect(ofType(events, 'skipped')).toHaveLength(3);
    expect(blobTransfers()).toEqual([]);
  });

  it('mounts blobs within one registry: no layer bytes cross the wire', async () => {
    const { result, events } = await copy('src/app:v1', 'mounted/app:v1', {}, src);
    expect(result.digest).toBe(single.digest);
    expect(result.blobs).toEqual({ copied: 0, skipped: 0, mounted: 3, bytes: 0 });
    expect(blobTransfers()).toEqual([]);
    expect(proxy.requests.filter((r) => r.method === 'POST' && r.url.includes('mount=')).length).toBe(3);
    expect(ofType(events, 'mounted').map((e) => e.from)).toEqual(Array(3).fill(`${proxy.host}/src/app`));
    expect((await readBack(src.client, 'mounted/app', 'v1')).digest).toBe(single.digest);
  });
});

describe('multi-arch', () => {
  it('all: every child, then the index with its digest', async () => {
    const { result, events } = await copy('src/multi:v1', 'dst/multi-all:v1', { platforms: 'all' });
    expect(result.digest).toBe(multi.digest);
    const top = await readBack(dst.client, 'dst/multi-all', 'v1');
    expect(top.digest).toBe(multi.digest);
    expect(ofType(events, 'manifest-written').map((e) => e.role)).toEqual([
      ...PLATFORMS.map(() => 'child'),
      'top',
    ]);
  });

  it('system: only this machine’s image, as a single manifest', async () => {
    const { result } = await copy('src/multi:v1', 'dst/multi-system:v1');
    expect(result.digest).toBe(multi.images[0]!.digest);
    const top = await readBack(dst.client, 'dst/multi-system', 'v1');
    expect(top.kind).toBe('image');
    for (const other of multi.images.slice(1)) {
      expect(
        await dst.client.headManifest({ repository: 'dst/multi-system', reference: other.digest }),
      ).toBeUndefined();
    }
  });

  it('a platform subset: only those children, and an index listing only them', async () => {
    const wanted = PLATFORMS[1]!;
    const { result } = await copy('src/multi:v1', 'dst/multi-subset:v1', { platforms: [wanted] });
    expect(result.digest).not.toBe(multi.digest);
    const top = await readBack(dst.client, 'dst/multi-subset', 'v1');
    expect(top.kind === 'index' && top.doc.manifests.map((d) => d.digest)).toEqual([multi.images[1]!.digest]);
    expect(
      await dst.client.headManifest({ repository: 'dst/multi-subset', reference: multi.images[0]!.digest }),
    ).toBeUndefined();
  });

  it('index-only: the index alone — taken where its images already are, refused where they are not', async () => {
    await copy('src/multi:v1', 'dst/multi-io:all', { platforms: 'all' });
    const { result, events } = await copy('src/multi:v1', 'dst/multi-io:v1', { platforms: 'index-only' });
    expect(result.digest).toBe(multi.digest);
    expect(result.blobs).toEqual({ copied: 0, skipped: 0, mounted: 0, bytes: 0 });
    expect(ofType(events, 'manifest-written').map((e) => e.role)).toEqual(['top']);
    await expect(copy('src/multi:v1', 'dst/multi-io-empty:v1', { platforms: 'index-only' })).rejects.toThrow(
      /MANIFEST/,
    );
    expect(
      await dst.client.headManifest({ repository: 'dst/multi-io-empty', reference: 'v1' }),
    ).toBeUndefined();
  });

  it('a platform subset with preserveDigests is refused before anything is written', async () => {
    await expect(
      copy('src/multi:v1', 'dst/multi-refused:v1', { platforms: [PLATFORMS[1]!], preserveDigests: true }),
    ).rejects.toThrow(/cannot preserve digests/);
    expect(
      await dst.client.headManifest({ repository: 'dst/multi-refused', reference: 'v1' }),
    ).toBeUndefined();
    expect(blobTransfers()).toEqual([]);
  });
});

describe('format conversion', () => {
  it('OCI → Docker schema 2 and back gives the original digest; blobs are untouched', async () => {
    const there = await copy('src/app:v1', 'dst/conv:docker', { format: 'v2s2' });
    expect(there.result.mediaType).toBe(M.dockerManifest);
    const docker = await readBack(dst.client, 'dst/conv', 'docker');
    if (docker.kind !== 'image') throw new Error('expected an image');
    expect(docker.doc.config).toMatchObject({ mediaType: M.dockerConfig, digest: single.config.digest });
    expect(docker.doc.layers.map((l) => [l.mediaType, l.digest])).toEqual(
      single.layers.map((l) => [M.dockerLayer, l.digest]),
    );

    const back = await copyImage({
      source: new DockerSource({
        ref: parseReference(`${dst.client.registry}/dst/conv:docker`),
        client: dst.client,
      }),
      destination: destinationOf(dst, 'dst/conv:oci'),
      format: 'oci',
    });
    expect(back.digest).toBe(single.digest);
  });

  it('refuses to convert with preserveDigests, leaving no tag', async () => {
    await expect(
      copy('src/app:v1', 'dst/conv-refused:v1', { format: 'v2s2', preserveDigests: true }),
    ).rejects.toThrow(/cannot preserve digests/);
    expect(
      await dst.client.headManifest({ repository: 'dst/conv-refused', reference: 'v1' }),
    ).toBeUndefined();
  });

  it('converts a Docker manifest list and its children to OCI', async () => {
    const { result } = await copy('src/list:v1', 'dst/list-oci:v1', { platforms: 'all', format: 'oci' });
    expect(result.mediaType).toBe(M.ociIndex);
    const top = await readBack(dst.client, 'dst/list-oci', 'v1');
    if (top.kind !== 'index') throw new Error('expected an index');
    expect(top.doc.manifests.map((d) => d.mediaType)).toEqual(PLATFORMS.map(() => M.ociManifest));
    expect(top.doc.manifests.map((d) => d.platform?.architecture)).toEqual(
      PLATFORMS.map((p) => p.architecture),
    );
    expect(top.doc.manifests.map((d) => d.digest)).not.toContain(dockerList.images[0]!.digest);
  });
});

describe('local destinations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-copy-layout-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('registry → oci: → registry keeps the index digest', async () => {
    const path = join(dir, 'layout');
    const toLayout = await copyImage({
      source: sourceOf(src, 'src/multi:v1'),
      destination: await openOciLayoutDestination({ path, image: 'multi' }),
      platforms: 'all',
      preserveDigests: true,
    });
    expect(toLayout.digest).toBe(multi.digest);
    const layout = await openOciLayoutSource({ path, image: 'multi' });
    try {
      const back = await copyImage({
        source: layout,
        destination: destinationOf(dst, 'dst/from-layout:v1'),
        platforms: 'all',
      });
      expect(back.digest).toBe(multi.digest as Digest);
    } finally {
      await layout.close();
    }
    expect((await readBack(dst.client, 'dst/from-layout', 'v1')).digest).toBe(multi.digest);
  });
  it('registry → docker-archive: every layer is streamed and stored unpacked; preserveDigests is refused', async () => {
    const path = join(dir, 'image.tar');
    const ref = parseReference('example.com/tarred:v1');
    await expect(
      copyImage({
        source: sourceOf(src, 'src/tarred:v1'),
        destination: await openDockerArchiveDestination({ path, ref }),
        preserveDigests: true,
      }),
    ).rejects.toThrow(/cannot preserve digests/);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    const archived = await copyImage({
      source: sourceOf(src, 'src/tarred:v1'),
      destination: await openDockerArchiveDestination({ path, ref }),
    });
    expect(archived.blobs).toMatchObject({ copied: 3, skipped: 0, mounted: 0 });
    const archive = await openDockerArchiveSource({ path, ref });
    try {
      const manifest = await archive.getManifest({});
      if (manifest.kind !== 'image') throw new Error('expected an image');
      expect(manifest.doc.config.digest).toBe(tarred.config.digest);
      expect(manifest.doc.layers.map((l) => l.digest)).toEqual(TAR_LAYERS.map((l) => digestOf(tar(l))));
    } finally {
      await archive.close();
    }
  });
});
