import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultProxy, RegistryInstance, RegistryMode } from '../harness/index.js';
import { pushImage, pushIndex, pushTags, startFaultProxy, startRegistry } from '../harness/index.js';
import { type Access, startAccessRegistry } from './access-registry.js';
import { makeSandbox, runSkopeo, type Sandbox, skopeoVersion, tlsFlags } from './auth-sandbox.js';
import { expectOneLineError, expectSame, runBoth } from './run-both.js';

const USER = 'tester';
const PASSWORD = 'S3ntinel-inspect-pa55';

let sandbox: Sandbox;
beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  sandbox = await makeSandbox('inspect');
});
afterAll(async () => sandbox?.remove());

/** An image config with everything skopeo prints or drops: labels and env needing escapes, nanosecond and offset times, Docker-only fields. */
const RICH_CONFIG = {
  created: '2023-01-02T03:04:05.123456789Z',
  author: 'me <x@y>',
  architecture: 'amd64',
  os: 'linux',
  docker_version: '20.10.7',
  container: 'abc',
  config: {
    Env: ['PATH=/usr/bin', 'A=<b>&'],
    Labels: { z: '1', a: 'x<y>', 'com.b': 'q\u2028' },
    Cmd: ['sh'],
    ExposedPorts: { '80/tcp': {} },
    Shell: ['/bin/sh'],
  },
  container_config: { Cmd: ['x'] },
  rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] },
  history: [
    { created: '2023-01-02T03:04:05Z', created_by: 'x', empty_layer: true },
    { created: '2023-01-02T03:04:05.5+02:00', comment: 'c' },
  ],
  'os.version': '1',
};

const OCI_EXTRAS_CONFIG = {
  architecture: 'arm',
  variant: 'v6',
  os: 'linux',
  'os.features': ['x'],
  config: {
    ArgsEscaped: true,
    Entrypoint: ['a'],
    Labels: {},
    Env: [],
    Volumes: { '/v': {} },
    StopSignal: 'TERM',
    User: 'u',
    WorkingDir: '/w',
  },
  rootfs: { type: 'layers' },
  history: [{ created: null, author: 'a' }],
  created: '2023-01-02T03:04:05.000+00:00',
};

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];

interface Fixture {
  host: string;
  /** Access flags for the registry (TLS or plain, credentials). */
  flags: string[];
}

type Case = { name: string; args: (f: Fixture) => string[] };

const img = (f: Fixture, ref: string) => `docker://${f.host}/${ref}`;
const inspect = (f: Fixture, ...rest: string[]) => ['inspect', ...f.flags, ...rest];

const TEMPLATES = [
  '{{.Digest}}',
  '{{.Name}}|{{.Tag}}|{{.Created}}|{{.Labels}}|{{.Env}}|{{.RepoTags}}',
  '{{range .Layers}}{{.}}\\n{{end}}',
  '{{index .Labels "a"}}|{{.Labels.a}}|{{.Labels.nope}}|{{index .Labels "nope"}}',
  '{{json .}}',
  'json',
  'table {{.Os}} {{.Architecture}}\\nend',
  '{{.Os}}\\t{{.Architecture}}\\n{{.Name}}\\t{{.Digest}}\\nend',
  '{{if .Labels}}L{{else}}N{{end}} {{len .Layers}} {{printf "%s!" .Os}} {{eq .Os "linux"}}',
  '{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}',
  '{{- .Os -}}  {{/* comment */}} x',
  '{{$}}',
  '{{.Nope}}',
  '{{index .Layers 9}}',
];

const CONFIG_TEMPLATES = [
  '{{.OS}}',
  '{{.RootFS}}',
  '{{.Config}}',
  '{{.History}}',
  '{{with .Config}}{{.Cmd}}{{end}}',
  '{{(index .History 1).Created}}',
];

/** Cases every registry mode runs. */
const COMMON: Case[] = [
  { name: 'summary JSON with tags', args: (f) => inspect(f, img(f, 'team/app:v1')) },
  { name: '-n', args: (f) => inspect(f, '-n', img(f, 'team/app:v1')) },
  { name: '--config', args: (f) => inspect(f, '--config', img(f, 'team/app:v1')) },
  { name: '--raw', args: (f) => inspect(f, '--raw', img(f, 'team/app:v1')) },
  { name: '--config --raw', args: (f) => inspect(f, '--config', '--raw', img(f, 'team/app:v1')) },
  {
    name: "--format '{{.Digest}}'",
    args: (f) => inspect(f, '--format', '{{.Digest}}', img(f, 'team/app:v1')),
  },
  { name: 'multi-arch for this machine', args: (f) => inspect(f, img(f, 'multi/app:latest')) },
  {
    name: 'multi-arch --override-arch arm64',
    args: (f) => ['--override-arch', 'arm64', ...inspect(f, img(f, 'multi/app:latest'))],
  },
  { name: 'multi-arch --raw is the index', args: (f) => inspect(f, '--raw', img(f, 'multi/app:latest')) },
];

/** Cases for the plain registry only, where the fixtures are richest. */
const PLAIN: Case[] = [
  ...TEMPLATES.map((t) => ({
    name: `--format ${t}`,
    args: (f: Fixture) => inspect(f, '--format', t, img(f, 'team/app:v1')),
  })),
  ...CONFIG_TEMPLATES.map((t) => ({
    name: `--config --format ${t}`,
    args: (f: Fixture) => inspect(f, '--config', '-f', t, img(f, 'team/app:v1')),
  })),
  { name: 'Docker image without created: zero time', args: (f) => inspect(f, img(f, 'docker/img:t')) },
  { name: 'Docker image --config', args: (f) => inspect(f, '--config', img(f, 'docker/img:t')) },
  { name: 'minimal OCI image: nulls', args: (f) => inspect(f, img(f, 'bare/img')) },
  { name: 'minimal OCI image --config', args: (f) => inspect(f, '--config', img(f, 'bare/img')) },
  { name: 'OCI extras --config', args: (f) => inspect(f, '--config', img(f, 't/c1:oci')) },
  { name: 'OCI extras summary', args: (f) => inspect(f, img(f, 't/c1:oci')) },
  { name: 'by digest', args: (f) => inspect(f, `${img(f, 'team/app')}@${digests.app}`) },
  {
    name: 'arm --config',
    args: (f) => ['--override-arch', 'arm', ...inspect(f, '--config', img(f, 'multi/app'))],
  },
  {
    name: 'arm v7 --config --raw',
    args: (f) => [
      '--override-arch',
      'arm',
      '--override-variant',
      'v7',
      ...inspect(f, '--config', '--raw', img(f, 'multi/app')),
    ],
  },
  {
    name: 'no image for the platform',
    args: (f) => ['--override-arch', 's390x', ...inspect(f, img(f, 'multi/app'))],
  },
  {
    name: 'no image for the OS',
    args: (f) => ['--override-os', 'windows', ...inspect(f, '--config', img(f, 'multi/app'))],
  },
  {
    name: 'Docker manifest list',
    args: (f) => ['--override-arch', 'arm64', ...inspect(f, img(f, 'multi/list:latest'))],
  },
  { name: 'Docker manifest list --raw', args: (f) => inspect(f, '--raw', img(f, 'multi/list:latest')) },
  { name: 'oci: copy made by skopeo', args: () => ['inspect', `oci:${join(sandbox.dir, 'layout')}:v1`] },
  {
    name: 'oci: copy --config',
    args: () => ['inspect', '--config', `oci:${join(sandbox.dir, 'layout')}:v1`],
  },
  { name: 'oci: copy, the only image', args: () => ['inspect', `oci:${join(sandbox.dir, 'layout')}`] },
  { name: 'dir: copy made by skopeo', args: () => ['inspect', `dir:${join(sandbox.dir, 'dir-copy')}`] },
  { name: 'dir: copy --raw', args: () => ['inspect', '--raw', `dir:${join(sandbox.dir, 'dir-copy')}`] },
  {
    name: 'oci-archive: copy made by skopeo',
    args: () => ['inspect', `oci-archive:${join(sandbox.dir, 'image.tar')}`],
  },
  {
    name: 'oci-archive: copy --config',
    args: () => ['inspect', '--config', `oci-archive:${join(sandbox.dir, 'image.tar')}:v1`],
  },
  { name: 'dir: missing directory', args: () => ['inspect', `dir:${join(sandbox.dir, 'nope')}`] },
  { name: 'bad reference: upper case', args: (f) => inspect(f, `docker://${f.host}/Bad/x`) },
  { name: 'bad reference: docker without //', args: (f) => inspect(f, `docker:${f.host}/x`) },
  { name: 'bad reference: unknown transport', args: (f) => inspect(f, `foo:${f.host}/x`) },
  { name: 'bad reference: no transport', args: (f) => inspect(f, `${f.host}/x`) },
  {
    name: '--raw with --format',
    args: (f) => inspect(f, '--raw', '-f', '{{.Digest}}', img(f, 'team/app:v1')),
  },
  { name: 'no argument', args: (f) => inspect(f) },
  { name: 'two arguments', args: (f) => inspect(f, img(f, 'team/app:v1'), img(f, 'bare/img')) },
];

const digests: { app: string } = { app: '' };

async function pushFixtures(reg: RegistryInstance, rich: boolean): Promise<void> {
  const app = await pushImage(reg, {
    repository: 'team/app',
    tag: 'v1',
    layers: [
      { size: 1000, seed: 1 },
      { size: 2000, seed: 2 },
    ],
    config: RICH_CONFIG,
  });
  digests.app = app.digest;
  await pushTags(reg, {
    repository: 'team/app',
    tags: ['v2', 'a', 'latest'],
    manifestBytes: app.manifestBytes,
  });
  await pushIndex(reg, { repository: 'multi/app', tag: 'latest', platforms: PLATFORMS });
  if (!rich) return;
  await pushImage(reg, {
    repository: 'docker/img',
    tag: 't',
    mediaType: 'docker',
    layers: [{ size: 10, seed: 4 }],
  });
  await pushImage(reg, { repository: 'bare/img', tag: 'latest', layers: [{ size: 10, seed: 3 }] });
  await pushImage(reg, {
    repository: 't/c1',
    tag: 'oci',
    layers: [{ size: 10, seed: 5 }],
    config: OCI_EXTRAS_CONFIG,
  });
  await pushIndex(reg, { repository: 'multi/list', tag: 'latest', platforms: PLATFORMS, format: 'docker' });
}

describe('inspect against a plain registry', () => {
  let reg: RegistryInstance;
  let fixture: Fixture;

  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    fixture = { host: reg.host, flags: tlsFlags(reg) };
    await pushFixtures(reg, true);
    // Local copies written by skopeo itself, so berth reads what the reference tool writes.
    for (const dest of [
      `oci:${join(sandbox.dir, 'layout')}:v1`,
      `dir:${join(sandbox.dir, 'dir-copy')}`,
      `oci-archive:${join(sandbox.dir, 'image.tar')}:v1`,
    ]) {
      const copy = await runSkopeo(
        ['copy', '-q', '--src-tls-verify=false', img(fixture, 'team/app:v1'), dest],
        { env: sandbox.env },
      );
      expect(copy.code, copy.stderr).toBe(0);
    }
  });
  afterAll(async () => reg?.stop());

  it.each([...COMMON, ...PLAIN])('$name', async ({ args }) => {
    expectSame(await runBoth(sandbox, args(fixture)));
  });

  it.each([
    { name: 'tag', ref: 'team/app:nope' },
    { name: 'repository', ref: 'nope/nope:x' },
    { name: 'digest', ref: `team/app@sha256:${'0'.repeat(64)}` },
  ])('a missing image by $name exits 2 (skopeo 1.9.3: 1) with one line on stderr', async ({ ref }) => {
    const { skopeo, berth } = await runBoth(sandbox, inspect(fixture, img(fixture, ref)));
    expect(skopeo).toMatchObject({ code: 1, stdout: '' });
    expect(berth.code).toBe(2);
    expectOneLineError(berth);
  });

  it('an image missing from an oci: layout exits 2 (skopeo 1.9.3: 1) with one line on stderr', async () => {
    const { skopeo, berth } = await runBoth(sandbox, ['inspect', `oci:${join(sandbox.dir, 'layout')}:nope`]);
    expect(skopeo).toMatchObject({ code: 1, stdout: '' });
    expect(berth.code).toBe(2);
    expectOneLineError(berth);
  });

  it.each([
    { name: 'bad reference', args: (f: Fixture) => inspect(f, `docker://${f.host}/Bad/x`) },
    {
      name: 'no image for the platform',
      args: (f: Fixture) => ['--override-arch', 's390x', ...inspect(f, img(f, 'multi/app'))],
    },
    {
      name: 'unknown template field',
      args: (f: Fixture) => inspect(f, '-f', '{{.Nope}}', img(f, 'team/app:v1')),
    },
  ])('reports a failure in one line: $name', async ({ args }) => {
    const { berth } = await runBoth(sandbox, args(fixture));
    expect(berth.code).toBe(1);
    expectOneLineError(berth);
  });

  it('prints template output whose last line has a tab (skopeo 1.9.3 loses it)', async () => {
    const { skopeo, berth } = await runBoth(
      sandbox,
      inspect(fixture, '-f', '{{.Os}}\\t{{.Architecture}}', img(fixture, 'team/app:v1')),
    );
    expect(skopeo).toMatchObject({ code: 0, stdout: '' });
    expect(berth).toMatchObject({ code: 0, stdout: 'linux   amd64\n' });
  });

  describe.each([401, 403])('when the registry answers the tag list with %i', (status) => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({ target: reg.url });
      proxy.add({
        method: 'GET',
        path: /\/tags\/list/,
        fault: { kind: 'status', status },
        times: Number.POSITIVE_INFINITY,
      });
    });
    afterAll(async () => proxy?.stop());

    it('warns and prints RepoTags null, as skopeo does', async () => {
      const result = await runBoth(sandbox, [
        'inspect',
        '--tls-verify=false',
        `docker://${proxy.host}/team/app:v1`,
      ]);
      expectSame(result);
      expect(result.berth.stdout).toContain('"RepoTags": null,');
      expect(result.berth.stderr).toBe('WARN Registry disallows tag list retrieval; skipping\n');
    });
  });
});

describe.each<{ mode: RegistryMode; access: Access }>([
  { mode: 'basic', access: 'creds' },
  { mode: 'token', access: 'authfile' },
  { mode: 'tls', access: 'anonymous' },
])('inspect against a $mode registry ($access)', ({ mode, access }) => {
  let reg: RegistryInstance;
  let fixture: Fixture;

  beforeAll(async () => {
    let flags: string[];
    ({ reg, flags } = await startAccessRegistry({ sandbox, mode, access, user: USER, password: PASSWORD }));
    fixture = { host: reg.host, flags };
    await pushFixtures(reg, false);
  });
  afterAll(async () => reg?.stop());

  it.each(COMMON)('$name', async ({ args }) => {
    const result = await runBoth(sandbox, args(fixture));
    expectSame(result);
    expect(result.berth.code).toBe(0);
    expect(result.berth.stdout + result.berth.stderr).not.toContain(PASSWORD);
  });

  it('a missing image exits 2 (skopeo 1.9.3: 1)', async () => {
    const { skopeo, berth } = await runBoth(sandbox, inspect(fixture, img(fixture, 'team/app:nope')));
    expect(skopeo).toMatchObject({ code: 1, stdout: '' });
    expect(berth.code).toBe(2);
    expectOneLineError(berth);
  });
});
