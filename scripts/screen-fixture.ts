/**
 * The images the README's screen captures show, pushed with the test harness: fixed bytes
 * (tar layers with mtime 0, pseudo-random file contents from fixed seeds) and fixed created
 * dates, so every digest, size and date in the captures is the same on every run.
 *
 * - `team/api`: `1.4.2` (tagged also `1.4`, `1`, `latest`), three layers holding real files
 *   and a config with Env, Cmd, Entrypoint, ExposedPorts, Labels and a history with an empty
 *   step; `1.3.0`, an older image sharing the base layer; `2.0.0-rc.1`, an OCI index of
 *   linux/amd64 and linux/arm64/v8.
 * - `team/web` and `tools/debug`: one small image each, so the catalog has more than one row.
 */
import { createHash } from 'node:crypto';
import {
  MEDIA_TYPES,
  type PushedImage,
  pushImage,
  pushTags,
  pushTarget,
  putManifest,
  type RegistryInstance,
  randomLayer,
  type TarEntry,
  tar,
  tarGz,
} from '../test/harness/index.js';

/** What the captures navigate to. */
export interface ScreenFixture {
  repository: string;
  /** The tag the captures open (`1.4.2`). */
  tag: string;
  image: PushedImage;
  /** The tag deleted for the Jobs capture (`1.3.0`). */
  olderTag: string;
  /** The tag of the two-platform index (`2.0.0-rc.1`). */
  indexTag: string;
}

const KiB = 1024;

const BASE: TarEntry[] = [
  { name: 'etc/' },
  { name: 'etc/os-release', content: 'NAME="Berth Linux"\nID=berth\nVERSION_ID=3.20\n' },
  { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\napi:x:1000:1000::/srv:/sbin/nologin\n' },
  { name: 'etc/group', content: 'root:x:0:\napi:x:1000:\n' },
  { name: 'bin/' },
  { name: 'bin/sh', content: randomLayer({ size: 96 * KiB, seed: 11 }), mode: 0o755 },
  { name: 'lib/' },
  { name: 'lib/libc.so.6', content: randomLayer({ size: 180 * KiB, seed: 12 }), mode: 0o755 },
  { name: 'tmp/', mode: 0o1777 },
];

/** The application binary: incompressible, so the copy capture has bytes to show moving. */
const binary = (seed: number): TarEntry[] => [
  { name: 'usr/' },
  { name: 'usr/local/' },
  { name: 'usr/local/bin/' },
  { name: 'usr/local/bin/api', content: randomLayer({ size: 1536 * KiB, seed }), mode: 0o755 },
];

const APP_FILES: TarEntry[] = [
  { name: 'etc/api/' },
  { name: 'etc/api/config.yaml', content: 'listen: ":8080"\nmetrics: ":9090"\nlog_level: info\n' },
  { name: 'srv/' },
  { name: 'srv/static/' },
  { name: 'srv/static/index.html', content: '<!doctype html><title>api</title>\n' },
  { name: 'srv/static/app.js', content: 'console.log("api");\n'.repeat(40) },
  { name: 'tmp/' },
  { name: 'tmp/.wh.build.log' },
];

const diffId = (t: Buffer): string => `sha256:${createHash('sha256').update(t).digest('hex')}`;

/** An image config in the shape `docker build` writes, created at `created`. */
function apiConfig(opts: { version: string; created: string; tars: Buffer[]; arch?: string }) {
  return {
    created: opts.created,
    architecture: opts.arch ?? 'amd64',
    os: 'linux',
    ...(opts.arch === 'arm64' ? { variant: 'v8' } : {}),
    config: {
      User: 'api',
      ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} },
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'API_PORT=8080', 'LOG_LEVEL=info'],
      Entrypoint: ['/usr/local/bin/api'],
      Cmd: ['serve', '--config', '/etc/api/config.yaml'],
      WorkingDir: '/srv',
      Labels: {
        'org.opencontainers.image.title': 'api',
        'org.opencontainers.image.version': opts.version,
        'org.opencontainers.image.source': 'https://example.com/team/api',
      },
    },
    rootfs: { type: 'layers', diff_ids: opts.tars.map(diffId) },
    history: [
      { created: '2024-02-20T08:00:00Z', created_by: 'ADD rootfs.tar.gz /' },
      { created: opts.created, created_by: 'ENV LOG_LEVEL=info', empty_layer: true },
      { created: opts.created, created_by: 'COPY api /usr/local/bin/api' },
      { created: opts.created, created_by: 'COPY etc srv /' },
    ],
  };
}

/** An image of `layers` (tar archives, gzipped here) with the api config. */
async function pushApi(
  reg: RegistryInstance,
  opts: {
    repository: string;
    tag?: string;
    version: string;
    created: string;
    layers: TarEntry[][];
    arch?: string;
  },
): Promise<PushedImage> {
  const tars = opts.layers.map(tar);
  return pushImage(reg, {
    repository: opts.repository,
    ...(opts.tag ? { tag: opts.tag } : {}),
    layers: opts.layers.map(tarGz),
    config: apiConfig({
      version: opts.version,
      created: opts.created,
      tars,
      ...(opts.arch ? { arch: opts.arch } : {}),
    }),
  });
}

/** Pushes every repository of the captures to `reg`. */
export async function pushScreenFixture(reg: RegistryInstance): Promise<ScreenFixture> {
  const repository = 'team/api';
  const image = await pushApi(reg, {
    repository,
    tag: '1.4.2',
    version: '1.4.2',
    created: '2024-05-14T09:30:00Z',
    layers: [BASE, binary(21), APP_FILES],
  });
  await pushTags(reg, { repository, tags: ['1.4', '1', 'latest'], digest: image.digest });
  await pushApi(reg, {
    repository,
    tag: '1.3.0',
    version: '1.3.0',
    created: '2024-03-02T16:05:00Z',
    layers: [BASE, binary(20)],
  });
  const indexTag = '2.0.0-rc.1';
  await pushIndex(reg, repository, indexTag);
  await pushImage(reg, {
    repository: 'team/web',
    tag: '0.9.1',
    layers: [tarGz([{ name: 'srv/' }, { name: 'srv/index.html', content: '<!doctype html>\n' }])],
  });
  await pushImage(reg, {
    repository: 'tools/debug',
    tag: 'latest',
    layers: [tarGz([{ name: 'usr/' }, { name: 'usr/bin/' }, { name: 'usr/bin/curl', content: 'curl' }])],
  });
  return { repository, tag: '1.4.2', image, olderTag: '1.3.0', indexTag };
}

/** A two-platform OCI index: each child an api image built for its platform, pushed by digest. */
async function pushIndex(reg: RegistryInstance, repository: string, tag: string): Promise<void> {
  const created = '2024-06-03T12:00:00Z';
  const platforms = [
    { arch: 'amd64', seed: 31 },
    { arch: 'arm64', seed: 32 },
  ];
  const children = [];
  for (const p of platforms) {
    const child = await pushApi(reg, {
      repository,
      version: tag,
      created,
      layers: [BASE, binary(p.seed)],
      arch: p.arch,
    });
    children.push({
      mediaType: child.mediaType,
      digest: child.digest,
      size: child.manifestBytes.length,
      platform: { architecture: p.arch, os: 'linux', ...(p.arch === 'arm64' ? { variant: 'v8' } : {}) },
    });
  }
  const target = await pushTarget(reg, repository, undefined, undefined);
  const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.oci.index, manifests: children };
  await putManifest(target, tag, index, MEDIA_TYPES.oci.index);
}
