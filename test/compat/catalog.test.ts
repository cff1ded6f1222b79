import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultProxy, RegistryInstance, RegistryMode } from '../harness/index.js';
import { pushImage, startFaultProxy, startRegistry } from '../harness/index.js';
import { type Access, startAccessRegistry } from './access-registry.js';
import { makeSandbox, runBerth, type Sandbox } from './auth-sandbox.js';
import { expectOneLineError } from './run-both.js';

const USER = 'tester';
const PASSWORD = 'S3ntinel-catalog-pa55';
const REPOSITORIES = ['alpha/app', 'beta', 'gamma/deep/tool'];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await makeSandbox('catalog');
});
afterAll(async () => sandbox?.remove());

const berth = (args: string[]) => runBerth(args, { env: sandbox.env });

async function pushAll(reg: RegistryInstance): Promise<void> {
  for (const [i, repository] of REPOSITORIES.entries()) {
    await pushImage(reg, { repository, tag: 'v1', layers: [{ size: 10, seed: i }] });
  }
}

describe.each<{ mode: RegistryMode; access: Access }>([
  { mode: 'plain', access: 'anonymous' },
  { mode: 'basic', access: 'creds' },
  { mode: 'token', access: 'authfile' },
  { mode: 'tls', access: 'anonymous' },
])('catalog of a $mode registry ($access)', ({ mode, access }) => {
  let reg: RegistryInstance;
  let flags: string[];

  beforeAll(async () => {
    ({ reg, flags } = await startAccessRegistry({ sandbox, mode, access, user: USER, password: PASSWORD }));
    await pushAll(reg);
  });
  afterAll(async () => reg?.stop());

  it('prints one repository per line', async () => {
    const result = await berth(['catalog', ...flags, reg.host]);
    expect(result).toMatchObject({ code: 0, stdout: `${REPOSITORIES.join('\n')}\n` });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('prints JSON with --json, for a docker:// registry name', async () => {
    const result = await berth(['catalog', '--json', ...flags, `docker://${reg.host}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `{\n    "Registry": "${reg.host}",\n    "Repositories": [\n${REPOSITORIES.map((r) => `        "${r}"`).join(',\n')}\n    ]\n}\n`,
    );
  });

  if (mode === 'token') {
    it('says the registry refused when it gives an anonymous caller no catalog scope', async () => {
      const result = await berth(['catalog', '--tls-verify=false', reg.host]);
      expect(result.code).toBe(1);
      expectOneLineError(result);
      expect(result.stderr).toContain(`registry ${reg.host} refused to list its catalog`);
    });
  }
});

describe('catalog through a proxy', () => {
  let reg: RegistryInstance;
  let proxy: FaultProxy;

  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    await pushAll(reg);
    proxy = await startFaultProxy({ target: reg.url });
  });
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it('follows Link pagination with --page-size', async () => {
    proxy.reset();
    const result = await berth(['catalog', '--tls-verify=false', '--page-size', '2', proxy.host]);
    expect(result).toMatchObject({ code: 0, stdout: `${REPOSITORIES.join('\n')}\n` });
    expect(proxy.requests.filter((r) => r.url.startsWith('/v2/_catalog')).map((r) => r.url)).toEqual([
      '/v2/_catalog?n=2',
      '/v2/_catalog?last=beta&n=2',
    ]);
  });

  it.each([
    { status: 404, message: 'does not offer a catalog' },
    { status: 405, message: 'does not offer a catalog' },
    { status: 401, message: 'refused to list its catalog' },
    { status: 403, message: 'refused to list its catalog' },
  ])('reports a registry that answers the catalog with $status', async ({ status, message }) => {
    proxy.reset();
    proxy.add({
      method: 'GET',
      path: /^\/v2\/_catalog/,
      fault: { kind: 'status', status },
      times: Number.POSITIVE_INFINITY,
    });
    const result = await berth(['catalog', '--tls-verify=false', '--json', proxy.host]);
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toContain(
      `registry ${proxy.host} ${message} (GET http://${proxy.host}/v2/_catalog`,
    );
  });

  it.each([
    {
      name: 'Docker Hub, without asking it',
      args: ['catalog', 'docker.io'],
      error: /docker\.io does not offer a catalog/,
    },
    {
      name: 'a repository instead of a registry',
      args: ['catalog', 'registry.example/team'],
      error: /invalid registry/,
    },
    {
      name: 'a bad page size',
      args: ['catalog', '--page-size', '0', 'registry.example'],
      error: /--page-size/,
    },
  ])('refuses $name', async ({ args, error }) => {
    const result = await berth(args);
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toMatch(error);
  });
});
