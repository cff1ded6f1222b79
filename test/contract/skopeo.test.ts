/**
 * Interoperability with skopeo (containers/image) itself: what berth writes to `oci:` and
 * `dir:` skopeo reads byte for byte, a Docker image berth copies into a layout is converted
 * to OCI exactly as skopeo converts it, config included (and skopeo finds it by name), and what skopeo copies out of
 * a real registry berth reads with the same digests. Layers are real tar.gz, because
 * containers/image compresses layers it does not recognise as compressed when writing a
 * layout, which would change them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyImage } from '../../src/registry/copy/index.js';
import { digestOf } from '../../src/registry/digest/index.js';
import { MEDIA_TYPES } from '../../src/registry/manifest/index.js';
import { parseReference } from '../../src/registry/ref/index.js';
import { openDirDestination, openDirSource } from '../../src/registry/transports/dir/index.js';
import { DockerDestination, DockerSource } from '../../src/registry/transports/docker/docker-transport.js';
import {
  layoutBlobPath,
  openOciLayoutDestination,
  openOciLayoutSource,
} from '../../src/registry/transports/oci/index.js';
import type { ImageSource } from '../../src/registry/transports/types.js';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import { type RegistryInstance, requireBinaries, startRegistry, tarGz } from '../harness/index.js';
import { clientFor, type TestClient } from '../integration/client-for.js';
import { convertedImage } from './expected-images.js';
import { type Format, type MemoryImage, makeImage, makeIndex, readImage, writeImage } from './images.js';

const run = promisify(execFile);

/** Runs skopeo and returns its stdout as bytes. `--insecure-policy`: the test machine's policy is not under test. */
async function skopeo(...args: string[]): Promise<Buffer> {
  const { stdout } = await run('skopeo', ['--insecure-policy', ...args], {
    encoding: 'buffer',
    maxBuffer: 16 << 20,
  });
  return stdout;
}

const gzLayer = (size: number) => tarGz([{ name: 'data.bin', content: randomBytes(size) }]);
const image = (format: Format) => makeImage({ format, layerSizes: [3000, 200_000], makeLayer: gzLayer });
const index = (format: Format) =>
  makeIndex({ format, architectures: ['amd64', 'arm64'], layerSizes: [4000], makeLayer: gzLayer });

let registry: RegistryInstance;
let test: TestClient;
let tmp: string;

beforeAll(async () => {
  requireBinaries(['skopeo']);
  registry = await startRegistry({ mode: 'plain' });
  test = await clientFor(registry);
});
afterAll(async () => {
  await test?.close();
  await registry?.stop();
});
beforeEach(() => {
  tmp = makeTempDir('skopeo');
});
afterEach(() => removeTempDir(tmp));

async function expectSame(src: ImageSource, want: MemoryImage): Promise<void> {
  const got = await readImage(src);
  expect(got.top.digest).toBe(want.top.digest);
  expect(got.children.map((c) => c.digest)).toEqual(want.children.map((c) => c.digest));
  for (const [digest, blob] of want.blobs) expect(got.blobs.get(digest)?.equals(blob.bytes)).toBe(true);
}

const layout = (image: string) => ({
  name: `oci:${join(tmp, 'layout')}:${image}`,
  open: () => openOciLayoutDestination({ path: join(tmp, 'layout'), image }),
});
const directory = () => ({
  name: `dir:${join(tmp, 'berth')}`,
  open: () => openDirDestination({ path: join(tmp, 'berth') }),
});

describe('skopeo reads what berth writes', () => {
  it.each([
    { name: 'an OCI image in a layout', make: () => image('oci'), at: () => layout('berth') },
    { name: 'an OCI index in a layout', make: () => index('oci'), at: () => layout('berth') },
    { name: 'a Docker image in a directory', make: () => image('docker'), at: directory },
    { name: 'a Docker manifest list in a directory', make: () => index('docker'), at: directory },
    { name: 'an OCI index in a directory', make: () => index('oci'), at: directory },
  ])('$name, and copies it to dir: unchanged', async ({ make, at }) => {
    const want = make();
    const target = at();
    await writeImage(await target.open(), want);
    expect(digestOf(await skopeo('inspect', '--raw', target.name))).toBe(want.top.digest);
    await skopeo('copy', '--all', target.name, `dir:${join(tmp, 'by-skopeo')}`);
    await expectSame(await openDirSource({ path: join(tmp, 'by-skopeo') }), want);
  });
});

describe('a Docker image berth copies from a registry into a layout', () => {
  let counter = 0;
  /**
   * containers/image converts Docker → OCI by re-encoding the config as an OCI config (Go's
   * encoding of image-spec's `v1.Image`: its own field order, unknown fields dropped, compact)
   * and naming the new blob in the manifest. berth does the same (src/registry/copy/convert.ts,
   * src/registry/manifest/oci-config.ts), so with skopeo 1.9.3 both write the same config and
   * the same manifest byte for byte — for a config already in Go's form, and for one with
   * Docker-only fields in Docker's order, as `docker build` writes it.
   */
  const DOCKER_ONLY = {
    container: 'f00dfeed',
    container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file'] },
    docker_version: '24.0.7',
  };
  const cases = [
    { name: 'with a config as containers/image encodes it', extra: {}, keepsConfig: true },
    { name: 'with Docker-only config fields', extra: DOCKER_ONLY, keepsConfig: false },
  ];
  // A loop rather than it.each: vitest shortens long `$name` values in test names.
  for (const { name, extra, keepsConfig } of cases) {
    it(`${name}: the same config and manifest as skopeo writes`, async () => {
      const want = makeImage({
        format: 'docker',
        layerSizes: [3000, 200_000],
        makeLayer: gzLayer,
        extraConfig: extra,
      });
      const ref = parseReference(`${registry.host}/skopeo/docker-${++counter}:v1`);
      await writeImage(new DockerDestination({ ref, client: test.client }), want);
      const converted = convertedImage(want, 'oci');

      // berth converts it and skopeo finds it by name, with the bytes berth wrote.
      const ours = join(tmp, 'berth');
      const result = await copyImage({
        source: new DockerSource({ ref, client: test.client }),
        destination: await openOciLayoutDestination({ path: ours, image: 'app' }),
      });
      expect(result.mediaType).toBe(MEDIA_TYPES.ociManifest);
      expect(Buffer.from(result.manifestBytes).equals(Buffer.from(converted.top.bytes))).toBe(true);
      const raw = await skopeo('inspect', '--raw', `oci:${ours}:app`);
      expect(raw.equals(Buffer.from(result.manifestBytes))).toBe(true);
      await skopeo('copy', `oci:${ours}:app`, `dir:${join(tmp, 'from-berth')}`);
      await expectSame(await openDirSource({ path: join(tmp, 'from-berth') }), converted);

      // skopeo's own conversion of the same image, into another layout: identical.
      const theirs = join(tmp, 'skopeo');
      const from = `docker://${ref.registry}/${ref.repository}:v1`;
      await skopeo('copy', '--src-tls-verify=false', from, `oci:${theirs}:app`);
      const theirRaw = await skopeo('inspect', '--raw', `oci:${theirs}:app`);
      expect(theirRaw.toString('utf8')).toBe(Buffer.from(result.manifestBytes).toString('utf8'));
      expect(digestOf(theirRaw)).toBe(result.digest);
      const theirManifest = JSON.parse(theirRaw.toString('utf8'));
      const theirConfig = await readFile(layoutBlobPath(theirs, theirManifest.config.digest));
      const ourConfig = await readFile(layoutBlobPath(ours, theirManifest.config.digest));
      expect(ourConfig.equals(theirConfig)).toBe(true);
      // What the conversion did to the config: Docker-only fields gone, and a config already
      // in Go's form kept byte for byte.
      const [source] = want.blobs.values();
      const kept = JSON.parse(Buffer.from(source!.bytes).toString('utf8'));
      for (const key of Object.keys(extra)) delete kept[key];
      expect(theirConfig.toString('utf8')).toBe(JSON.stringify(kept));
      expect(theirManifest.config.digest === source!.descriptor.digest).toBe(keepsConfig);
    });
  }
});

describe('berth reads what skopeo writes', () => {
  let counter = 0;
  async function push(want: MemoryImage): Promise<string> {
    const ref = parseReference(`${registry.host}/skopeo/image-${++counter}:v1`);
    await writeImage(new DockerDestination({ ref, client: test.client }), want);
    return `docker://${ref.registry}/${ref.repository}:v1`;
  }

  it.each([
    // containers/image converts Docker manifests when writing a layout, so layouts get OCI images only.
    { name: 'an OCI image copied to a layout', make: () => image('oci'), to: 'oci' },
    { name: 'an OCI index copied to a layout', make: () => index('oci'), to: 'oci' },
    { name: 'a Docker image copied to a directory', make: () => image('docker'), to: 'dir' },
    { name: 'a Docker manifest list copied to a directory', make: () => index('docker'), to: 'dir' },
  ])('$name, with the same digests', async ({ make, to }) => {
    const want = make();
    const from = await push(want);
    const path = join(tmp, 'by-skopeo');
    await skopeo(
      'copy',
      '--all',
      '--src-tls-verify=false',
      from,
      to === 'oci' ? `oci:${path}:v1` : `dir:${path}`,
    );
    const src =
      to === 'oci' ? await openOciLayoutSource({ path, image: 'v1' }) : await openDirSource({ path });
    await expectSame(src, want);
  });

  it('shares a layout: images skopeo and berth add to it all stay readable by both', async () => {
    const path = join(tmp, 'shared');
    const [a, b, c] = [image('oci'), image('oci'), index('oci')];
    await skopeo('copy', '--src-tls-verify=false', await push(a), `oci:${path}:a`);
    await writeImage(await openOciLayoutDestination({ path, image: 'b' }), b);
    await skopeo('copy', '--all', '--src-tls-verify=false', await push(c), `oci:${path}:c`);
    for (const [name, want] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      expect(digestOf(await skopeo('inspect', '--raw', `oci:${path}:${name}`))).toBe(want.top.digest);
      await expectSame(await openOciLayoutSource({ path, image: name }), want);
    }
  });
});
