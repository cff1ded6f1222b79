/**
 * Docker schema 2 → OCI conversion, `berth copy` against skopeo 1.9.3: containers/image
 * re-encodes the config as image-spec's `v1.Image` (Docker-only fields dropped, Go's field
 * order, compact JSON) and names the new blob in the manifest, and berth must do the same,
 * so that the manifest and config digests are identical. Configs here are the kind real
 * images have: what `docker build` writes (Docker's field order, `container_config`,
 * `docker_version`), odd field orders, times with offsets and trailing zeros, and strings
 * that Go escapes. `inspect --config` goes through the same decoding and is compared too.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import {
  MEDIA_TYPES,
  type PushedImage,
  pushImage,
  pushTarget,
  putManifest,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { makeSandbox, runBerth, runSkopeo, type Sandbox, skopeoVersion } from './auth-sandbox.js';
import { gzLayer, skopeoRaw } from './copy-sync-helpers.js';

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Config builders over the layers' diff_ids, each a shape real Docker images have. */
const CONFIGS: Array<{ name: string; config: (diffIds: string[]) => Record<string, unknown> }> = [
  {
    name: 'as docker build writes it',
    config: (diffIds) => ({
      architecture: 'amd64',
      config: {
        Hostname: '',
        Domainname: '',
        User: '',
        AttachStdin: false,
        AttachStdout: false,
        AttachStderr: false,
        ExposedPorts: { '8080/tcp': {}, '443/tcp': {} },
        Tty: false,
        OpenStdin: false,
        StdinOnce: false,
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: ['/bin/sh'],
        Image: 'sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270',
        Volumes: null,
        WorkingDir: '/app',
        Entrypoint: null,
        OnBuild: null,
        Labels: { maintainer: 'Ops <ops@example.com>', 'org.example.b': '1', 'org.example.a': '2' },
      },
      container: '3f4d1c2b1a09',
      container_config: {
        Hostname: '3f4d1c2b1a09',
        Cmd: ['/bin/sh', '-c', '#(nop) ', 'CMD ["/bin/sh"]'],
        Image: 'sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270',
      },
      created: '2024-03-05T10:11:12.340000000Z',
      docker_version: '20.10.23',
      history: [
        {
          created: '2024-03-05T10:11:11.100Z',
          created_by: '/bin/sh -c #(nop) ADD file:abc in / ',
        },
        {
          created: '2024-03-05T10:11:12.34Z',
          created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]',
          empty_layer: true,
        },
        {
          created: '2024-03-05T10:11:12.34Z',
          created_by: 'COPY . /app # buildkit',
          comment: 'buildkit.dockerfile.v0',
        },
      ],
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  },
  {
    name: 'odd field order, offsets, variant, os.version, ArgsEscaped, empty lists',
    config: (diffIds) => ({
      rootfs: { diff_ids: diffIds, type: 'layers' },
      history: [{ empty_layer: false, author: 'someone', created: '2023-12-31T23:59:59.5+01:00' }],
      os: 'linux',
      config: {
        WorkingDir: '',
        Labels: null,
        Env: [],
        ArgsEscaped: true,
        Entrypoint: ['/entry', '--flag'],
        StopSignal: 'SIGQUIT',
        User: '1000:1000',
        Shell: ['/bin/bash', '-c'],
        Healthcheck: { Test: ['CMD', 'true'], Interval: 30000000000 },
      },
      'os.version': '',
      variant: 'v8',
      architecture: 'arm64',
      author: 'Someone',
      created: '2023-12-31T23:59:59.000+00:00',
      docker_version: '24.0.7',
      id: 'legacy',
      parent: 'legacy-parent',
    }),
  },
  {
    name: 'strings Go escapes, no runtime config at all',
    config: (diffIds) => ({
      os: 'linux',
      architecture: 'amd64',
      author: 'A & B <ab@example.com> \u2028 é 🐳',
      rootfs: { type: 'layers', diff_ids: diffIds },
      container_config: { Labels: { x: '<y>' } },
    }),
  },
];

let reg: RegistryInstance;
let sandbox: Sandbox;
let tmp: string;
const images: PushedImage[] = [];
let list: { digest: string };

const opts = () => ({ env: sandbox.env });
const berth = (args: string[]) => runBerth(['--insecure-policy', ...args], opts());
const skopeo = (args: string[]) => runSkopeo(['--insecure-policy', ...args], opts());
const src = (repoTag: string) => `docker://${reg.host}/${repoTag}`;

beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  sandbox = await makeSandbox('copy-convert');
  tmp = makeTempDir('copy-convert');
  reg = await startRegistry({ mode: 'plain' });
  for (const [i, { config }] of CONFIGS.entries()) {
    const layers = [gzLayer(3000 + i), gzLayer(200)];
    const diffIds = layers.map((l) => sha256(gunzipSync(l)));
    images.push(
      await pushImage(reg, {
        repository: 'convert/app',
        tag: `c${i}`,
        layers,
        mediaType: 'docker',
        config: config(diffIds),
      }),
    );
  }
  // A Docker manifest list over the first two images.
  const target = await pushTarget(reg, 'convert/app', undefined, undefined);
  list = await putManifest(
    target,
    'list',
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.docker.index,
      manifests: images.slice(0, 2).map((image, i) => ({
        mediaType: image.mediaType,
        digest: image.digest,
        size: image.manifestBytes.length,
        platform:
          i === 0
            ? { architecture: 'amd64', os: 'linux' }
            : { architecture: 'arm64', os: 'linux', variant: 'v8' },
      })),
    },
    MEDIA_TYPES.docker.index,
  );
});
afterAll(async () => {
  await reg?.stop();
  await sandbox?.remove();
  if (tmp) removeTempDir(tmp);
});

/** The manifest at `ref` (as skopeo reads it) and its config blob from the layout at `layout`. */
async function layoutImage(layout: string, ref: string) {
  const raw = await skopeoRaw(`oci:${layout}:${ref}`, [], sandbox.env);
  const manifest = JSON.parse(raw.toString('utf8')) as { config: { digest: string }; layers: unknown[] };
  const config = await readFile(
    join(layout, 'blobs', 'sha256', manifest.config.digest.slice('sha256:'.length)),
  );
  return { raw, digest: sha256(raw), manifest, config };
}

describe('Docker → OCI conversion gives skopeo’s digests', () => {
  it.each(CONFIGS.map((c, i) => ({ ...c, i })))('into an oci: layout, config $name', async ({ i }) => {
    const [mine, theirs] = [join(tmp, `b-layout-${i}`), join(tmp, `s-layout-${i}`)];
    const b = await berth(['copy', '--src-tls-verify=false', src(`convert/app:c${i}`), `oci:${mine}:x`]);
    const s = await skopeo(['copy', '--src-tls-verify=false', src(`convert/app:c${i}`), `oci:${theirs}:x`]);
    expect({ berth: b.code, skopeo: s.code }, `berth: ${b.stderr}\nskopeo: ${s.stderr}`).toEqual({
      berth: 0,
      skopeo: 0,
    });
    const [ours, their] = await Promise.all([layoutImage(mine, 'x'), layoutImage(theirs, 'x')]);
    expect(ours.config.toString('utf8')).toBe(their.config.toString('utf8'));
    expect(ours.manifest.config.digest).toBe(their.manifest.config.digest);
    expect(ours.raw.toString('utf8')).toBe(their.raw.toString('utf8'));
    expect(ours.digest).toBe(their.digest);
    // The config really was rewritten: the source's Docker config is not what either stored.
    expect(ours.manifest.config.digest).not.toBe(images[i]!.config.digest);
    // skopeo's progress names the new config blob; so does berth's.
    expect(b.stderr).toContain(`Copying config ${their.manifest.config.digest}`);
    expect(s.stdout).toContain(`Copying config ${their.manifest.config.digest}`);
  });

  it.each(CONFIGS.map((c, i) => ({ ...c, i })))(
    'registry to registry with -f oci, config $name',
    async ({ i }) => {
      const b = await berth([
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '-f',
        'oci',
        src(`convert/app:c${i}`),
        src(`convert/berth:c${i}`),
      ]);
      const s = await skopeo([
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '-f',
        'oci',
        src(`convert/app:c${i}`),
        src(`convert/skopeo:c${i}`),
      ]);
      expect({ berth: b.code, skopeo: s.code }).toEqual({ berth: 0, skopeo: 0 });
      const read = (repo: string) => skopeoRaw(src(`${repo}:c${i}`), ['--tls-verify=false'], sandbox.env);
      const [ours, theirs] = await Promise.all([read('convert/berth'), read('convert/skopeo')]);
      expect(ours.toString('utf8')).toBe(theirs.toString('utf8'));
      const configArgs = (repo: string) => [
        'inspect',
        '--config',
        '--raw',
        '--tls-verify=false',
        src(`${repo}:c${i}`),
      ];
      const [ourConfig, theirConfig] = await Promise.all([
        skopeo(configArgs('convert/berth')),
        skopeo(configArgs('convert/skopeo')),
      ]);
      expect(ourConfig.stdout).toBe(theirConfig.stdout);
    },
  );

  it('a Docker manifest list with --all, into an oci: layout', async () => {
    const [mine, theirs] = [join(tmp, 'b-list'), join(tmp, 's-list')];
    const b = await berth([
      'copy',
      '--all',
      '--src-tls-verify=false',
      src('convert/app:list'),
      `oci:${mine}:x`,
    ]);
    const s = await skopeo([
      'copy',
      '--all',
      '--src-tls-verify=false',
      src('convert/app:list'),
      `oci:${theirs}:x`,
    ]);
    expect({ berth: b.code, skopeo: s.code }, `berth: ${b.stderr}\nskopeo: ${s.stderr}`).toEqual({
      berth: 0,
      skopeo: 0,
    });
    const [ours, their] = await Promise.all([
      skopeoRaw(`oci:${mine}:x`, [], sandbox.env),
      skopeoRaw(`oci:${theirs}:x`, [], sandbox.env),
    ]);
    expect(ours.toString('utf8')).toBe(their.toString('utf8'));
    expect(sha256(ours)).not.toBe(list.digest);
  });
});

describe('inspect --config decodes the config the same way', () => {
  it.each(CONFIGS.map((c, i) => ({ ...c, i })))('config $name', async ({ i }) => {
    // (skopeo 1.9.3 has no `json` template function; berth's is tested with inspect itself.)
    for (const extra of [[], ['--format', '{{.Config}} {{.Created}} {{.History}} {{.RootFS}}']]) {
      const args = ['inspect', '--config', '--tls-verify=false', ...extra, src(`convert/app:c${i}`)];
      const [b, s] = await Promise.all([berth(args), skopeo(args)]);
      expect({ code: b.code, stdout: b.stdout }, b.stderr).toEqual({ code: s.code, stdout: s.stdout });
      expect(b.code).toBe(0);
    }
  });
});
