/**
 * docker-archive against skopeo 1.9.3 and a real registry: berth writes the same bytes
 * skopeo writes for the same image, reads what skopeo wrote with the expected config,
 * diff_ids and layer contents, and skopeo reads what berth wrote.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
  tarGz,
} from '../../../../test/harness/index.js';
import { clientFor, type TestClient } from '../../../../test/integration/client-for.js';
import { copyImage as copy } from '../../copy/index.js';
import { digestOf } from '../../digest/index.js';
import { MEDIA_TYPES } from '../../manifest/index.js';
import { parseReference } from '../../ref/index.js';
import { DockerSource } from '../docker/docker-transport.js';
import { openDockerArchiveDestination, openDockerArchiveSource } from './index.js';
import { collect, copyImage } from './testing/copy-image.js';
import { skopeo } from './testing/skopeo.js';

const _run = promisify(execFile);

describe('docker-archive and skopeo 1.9.3', () => {
  let reg: RegistryInstance;
  let tc: TestClient;
  let dir: string;
  const images: Record<string, PushedImage> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-docker-archive-skopeo-'));
    reg = await startRegistry({ mode: 'plain' });
    tc = await clientFor(reg);
    const base = tarGz([{ name: 'etc/' }, { name: 'etc/os-release', content: 'ID=berth\n' }]);
    const app = tarGz([
      { name: 'app/' },
      { name: 'app/run.sh', content: '#!/bin/sh\necho "<&>"\n', mode: 0o755 },
    ]);
    const config = (diffIDs: string[]) => ({
      architecture: 'amd64',
      os: 'linux',
      created: '2024-01-02T03:04:05Z',
      config: { Cmd: ['/app/run.sh', '&&', '<x>'], Env: ['A=1'] },
      rootfs: { type: 'layers', diff_ids: diffIDs },
      history: [{ created_by: 'base' }, { created_by: 'app' }, { created_by: 'base again' }],
    });
    const diff = (gz: Uint8Array) => digestOf(gunzipSync(gz));
    // The base layer twice: the archive stores it once and links the legacy copy.
    images.docker = await pushImage(reg, {
      repository: 'team/docker',
      tag: 'v1',
      mediaType: 'docker',
      layers: [base, app, base],
      config: config([diff(base), diff(app), diff(base)]),
    });
    images.oci = await pushImage(reg, {
      repository: 'team/oci',
      tag: 'v1',
      mediaType: 'oci',
      layers: [app],
      config: config([diff(app)]),
    });
  });
  afterAll(async () => {
    await tc?.close();
    await reg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const cases = [
    { name: 'Docker image, tagged', image: 'docker', tag: 'foo/bar:v2' },
    { name: 'Docker image, untagged', image: 'docker', tag: undefined },
    { name: 'OCI image, tagged', image: 'oci', tag: 'localhost:5000/x/y:latest' },
  ];

  it.each(cases)('writes the same archive as skopeo: $name', async ({ image, tag }) => {
    const repo = `team/${image}`;
    const skopeoFile = join(dir, `skopeo-${image}-${tag ? 'tagged' : 'untagged'}.tar`);
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      `docker://${reg.host}/${repo}:v1`,
      `docker-archive:${skopeoFile}${tag ? `:${tag}` : ''}`,
    );

    const berthFile = join(dir, `berth-${image}-${tag ? 'tagged' : 'untagged'}.tar`);
    const src = new DockerSource({ ref: parseReference(`${reg.host}/${repo}:v1`), client: tc.client });
    const dest = await openDockerArchiveDestination({
      path: berthFile,
      ...(tag ? { ref: parseReference(tag) } : {}),
    });
    // The real engine: blobs arrive in parallel and in any order, and the archive is still the same.
    const result = await copy({ source: src, destination: dest });
    expect(result.blobs.copied).toBe(image === 'docker' ? 3 : 2);

    const [ours, theirs] = await Promise.all([readFile(berthFile), readFile(skopeoFile)]);
    expect(ours.length).toBe(theirs.length);
    expect(digestOf(ours)).toBe(digestOf(theirs));
  });

  it('reads what skopeo wrote: config, diff_ids and layer contents', async () => {
    const pushed = images.docker as PushedImage;
    const file = join(dir, 'skopeo-read.tar');
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      `docker://${reg.host}/team/docker:v1`,
      `docker-archive:${file}:foo/bar:v2`,
    );
    const src = await openDockerArchiveSource({ path: file });
    try {
      expect(await src.listTags({})).toEqual(['docker.io/foo/bar:v2']);
      const m = await src.getManifest({});
      if (m.kind !== 'image') throw new Error('expected an image');
      expect(m.mediaType).toBe(MEDIA_TYPES.dockerManifest);
      expect(m.doc.config.digest).toBe(pushed.config.digest);
      const layers = pushed.layers.map((l) => gunzipSync(l.bytes));
      expect(m.doc.layers.map((l) => l.digest)).toEqual(layers.map((b) => digestOf(b)));
      expect(m.doc.layers.map((l) => l.mediaType)).toEqual(
        layers.map(() => MEDIA_TYPES.dockerLayerUncompressed),
      );
      for (const [i, descriptor] of m.doc.layers.entries()) {
        expect((await collect(await src.getBlob({ descriptor }))).equals(layers[i] as Buffer)).toBe(true);
      }
      const config = await collect(await src.getBlob({ descriptor: m.doc.config }));
      expect(config.equals(Buffer.from(pushed.config.bytes))).toBe(true);
    } finally {
      await src.close();
    }
  });

  it('skopeo reads what berth wrote', async () => {
    const pushed = images.docker as PushedImage;
    const file = join(dir, 'berth-for-skopeo.tar');
    const src = new DockerSource({ ref: parseReference(`${reg.host}/team/docker:v1`), client: tc.client });
    await copyImage(
      src,
      await openDockerArchiveDestination({ path: file, ref: parseReference('example.com/a/b:c') }),
    );

    const inspect = JSON.parse(await skopeo('inspect', `docker-archive:${file}`)) as {
      Layers: string[];
      Architecture: string;
    };
    expect(inspect.Layers).toEqual(pushed.layers.map((l) => digestOf(gunzipSync(l.bytes))));
    expect(JSON.parse(await skopeo('list-tags', `docker-archive:${file}`))).toEqual({
      Tags: ['example.com/a/b:c'],
    });
    const out = join(dir, 'from-berth-dir');
    await skopeo('copy', `docker-archive:${file}:example.com/a/b:c`, `dir:${out}`);
    expect(
      (await readFile(join(out, pushed.config.digest.slice('sha256:'.length)))).equals(
        Buffer.from(pushed.config.bytes),
      ),
    ).toBe(true);
  });
});
