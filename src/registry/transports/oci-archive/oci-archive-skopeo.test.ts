/**
 * oci-archive against skopeo 1.9.3 and a real registry: berth reads what skopeo wrote with
 * the manifest skopeo reports, skopeo reads and copies what berth wrote (single images,
 * Docker images converted to OCI, and indexes), and both archives list the same entries in
 * the same order.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
  tarGz,
} from '../../../../test/harness/index.js';
import { clientFor, type TestClient } from '../../../../test/integration/client-for.js';
import { convertImageManifest, copyImage as copy } from '../../copy/index.js';
import { digestHex, digestOf } from '../../digest/index.js';
import { parseManifest, serializeManifest } from '../../manifest/index.js';
import { parseReference } from '../../ref/index.js';
import { DockerSource } from '../docker/docker-transport.js';
import { collect, copyImage } from '../docker-archive/testing/copy-image.js';
import { memoryImage, memoryIndex } from '../docker-archive/testing/memory-image.js';
import { skopeo } from '../docker-archive/testing/skopeo.js';
import { openOciArchiveDestination, openOciArchiveSource } from './index.js';

const run = promisify(execFile);

async function tarList(path: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tf', path]);
  return stdout.trim().split('\n');
}

describe('oci-archive and skopeo 1.9.3', () => {
  let reg: RegistryInstance;
  let tc: TestClient;
  let dir: string;
  let docker: PushedImage;
  let oci: PushedImage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-oci-archive-skopeo-'));
    reg = await startRegistry({ mode: 'plain' });
    tc = await clientFor(reg);
    const layers = [
      tarGz([{ name: 'a.txt', content: 'a' }]),
      tarGz([{ name: 'b/' }, { name: 'b/c', content: 'c'.repeat(4000) }]),
    ];
    docker = await pushImage(reg, { repository: 'team/docker', tag: 'v1', mediaType: 'docker', layers });
    oci = await pushImage(reg, { repository: 'team/oci', tag: 'v1', mediaType: 'oci', layers });
  });
  afterAll(async () => {
    await tc?.close();
    await reg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sourceFor = (repo: string) =>
    new DockerSource({ ref: parseReference(`${reg.host}/${repo}:v1`), client: tc.client });

  it('reads what skopeo wrote, with the manifest skopeo reports and every blob verified', async () => {
    const file = join(dir, 'skopeo.tar');
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      `docker://${reg.host}/team/docker:v1`,
      `oci-archive:${file}:myimg`,
    );
    const raw = await skopeo('inspect', '--raw', `oci-archive:${file}:myimg`);
    const src = await openOciArchiveSource({ path: file, image: 'myimg' });
    try {
      const m = await src.getManifest({});
      expect(m.digest).toBe(digestOf(raw.trimEnd()));
      if (m.kind !== 'image') throw new Error('expected an image');
      // skopeo converts the Docker manifest to OCI. It keeps the layer bytes; it re-encodes
      // the config as an OCI config, which here gives the same bytes because the harness
      // writes configs in the field order and with the fields c/image's encoder produces.
      expect(m.doc.config.digest).toBe(docker.config.digest);
      expect(m.doc.layers.map((l) => l.digest)).toEqual(docker.layers.map((l) => l.digest));
      for (const [i, descriptor] of m.doc.layers.entries()) {
        expect(
          (await collect(await src.getBlob({ descriptor }))).equals(Buffer.from(docker.layers[i]!.bytes)),
        ).toBe(true);
      }
      expect((await collect(await src.getBlob({ descriptor: m.doc.config }))).length).toBe(
        docker.config.size,
      );
    } finally {
      await src.close();
    }
  });

  // berth converts a Docker image to OCI for an oci-archive, as skopeo does, so skopeo finds
  // it by name (containers/image selects only OCI-typed index.json entries by name).
  const written = [
    { name: 'an OCI image, by name, as it is', repo: 'team/oci', image: 'app:1' },
    { name: 'a Docker image, by name, converted to OCI', repo: 'team/docker', image: 'app:1' },
    { name: 'a Docker image, unnamed, converted to OCI', repo: 'team/docker', image: undefined },
  ];
  it.each(written)('writes an archive skopeo inspects and copies: $name', async ({ repo, image }) => {
    const pushed = repo === 'team/oci' ? oci : docker;
    const pushedManifest = parseManifest({ bytes: pushed.manifestBytes });
    if (pushedManifest.kind !== 'image') throw new Error('expected an image');
    const converted =
      pushed === oci ? undefined : convertImageManifest(pushedManifest.doc, 'oci', pushed.config.bytes);
    const want = converted ? serializeManifest(converted.doc) : pushed.manifestBytes;
    // A converted image names the config as the conversion re-encoded it (skopeo's bytes).
    const wantConfig = converted
      ? { digest: converted.doc.config.digest, bytes: converted.config! }
      : pushed.config;
    const label = `${repo.replace('/', '-')}-${image ? 'named' : 'unnamed'}`;
    const file = join(dir, `berth-${label}.tar`);
    // The real engine, blobs in parallel.
    const result = await copy({
      source: sourceFor(repo),
      destination: await openOciArchiveDestination({ path: file, ...(image ? { image } : {}) }),
    });
    expect(Buffer.from(result.manifestBytes).equals(Buffer.from(want))).toBe(true);
    const ref = `oci-archive:${file}${image ? `:${image}` : ''}`;
    expect((await skopeo('inspect', '--raw', ref)).trimEnd()).toBe(Buffer.from(want).toString('utf8'));
    const out = join(dir, `${label}-dir`);
    await skopeo('copy', ref, `dir:${out}`);
    const config = await readFile(join(out, digestHex(wantConfig.digest as never)));
    expect(config.equals(Buffer.from(wantConfig.bytes))).toBe(true);
  });

  it('lists the same entries in the same order as skopeo', async () => {
    const ours = join(dir, 'ours.tar');
    const theirs = join(dir, 'theirs.tar');
    await copyImage(sourceFor('team/oci'), await openOciArchiveDestination({ path: ours, image: 'x' }));
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      `docker://${reg.host}/team/oci:v1`,
      `oci-archive:${theirs}:x`,
    );
    expect(await tarList(ours)).toEqual(await tarList(theirs));
    expect(oci.digest).toBe(digestOf((await skopeo('inspect', '--raw', `oci-archive:${ours}:x`)).trimEnd()));
  });

  it('writes a multi-platform index skopeo copies with --all', async () => {
    const { source, index } = memoryIndex(
      [
        // gzip layers: skopeo compresses plain ones when it writes a layout, changing the digests.
        memoryImage({ tars: [Buffer.alloc(1024)], format: 'oci', compression: 'gzip' }),
        memoryImage({ tars: [Buffer.alloc(2048)], format: 'oci', compression: 'gzip' }),
      ],
      ['amd64', 'arm64'],
    );
    const file = join(dir, 'index.tar');
    await copy({ source, destination: await openOciArchiveDestination({ path: file }), platforms: 'all' });
    expect(digestOf((await skopeo('inspect', '--raw', `oci-archive:${file}`)).trimEnd())).toBe(index.digest);
    const layout = join(dir, 'index-layout');
    await skopeo('copy', '--all', `oci-archive:${file}`, `oci:${layout}:copied`);
    const indexJson = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    expect(indexJson.manifests.map((d) => d.digest)).toEqual([index.digest]);
  });
});
