/**
 * `berth list-tags` against skopeo 1.9.3: stdout byte for byte and exit codes, for a
 * repository with 3000 tags, a `Link`-paginated listing, an empty list, a repository without
 * tags (distribution answers 404, and both tools fail with exit 1), names that carry a tag or a
 * digest, unsupported transports, and `docker-archive:` files (written by skopeo, or built
 * here with several images, untagged ones and duplicate tags); in plain, Basic (`--creds`),
 * token (`--authfile`) and TLS (`--cert-dir`) registries.
 *
 * Known, deliberate difference: berth also reads a gzip-compressed docker-archive, which
 * skopeo 1.9.3 refuses (not asserted against skopeo).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultProxy, RegistryInstance, RegistryMode } from '../harness/index.js';
import { pushImage, pushTags, startFaultProxy, startRegistry } from '../harness/index.js';
import { type Access, startAccessRegistry } from './access-registry.js';
import { makeSandbox, runSkopeo, type Sandbox, skopeoVersion, tlsFlags } from './auth-sandbox.js';
import { expectOneLineError, expectSame, runBoth } from './run-both.js';

const USER = 'tester';
const PASSWORD = 'S3ntinel-tags-pa55';
const MANY = 3000;

let sandbox: Sandbox;
beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  sandbox = await makeSandbox('list-tags');
});
afterAll(async () => sandbox?.remove());

async function writeArchive(name: string, items: unknown): Promise<string> {
  const p = pack();
  p.entry({ name: 'manifest.json' }, JSON.stringify(items));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  const path = join(sandbox.dir, name);
  await writeFile(path, Buffer.concat(chunks));
  return path;
}

describe('list-tags against a plain registry', () => {
  let reg: RegistryInstance;
  let paginating: FaultProxy;
  let flags: string[];
  const repo = (name: string) => `docker://${reg.host}/${name}`;

  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
    flags = tlsFlags(reg);
    const many = await pushImage(reg, {
      repository: 'big/repo',
      tag: 't0000',
      layers: [{ size: 100, seed: 1 }],
    });
    const tags = Array.from({ length: MANY - 1 }, (_, i) => `t${String(i + 1).padStart(4, '0')}`);
    await pushTags(reg, {
      repository: 'big/repo',
      tags,
      manifestBytes: many.manifestBytes,
      method: 'storage',
    });
    const small = await pushImage(reg, {
      repository: 'team/app',
      tag: 'v1',
      layers: [{ size: 100, seed: 2 }],
    });
    await pushTags(reg, {
      repository: 'team/app',
      tags: ['latest', 'a', 'v2'],
      manifestBytes: small.manifestBytes,
    });
    await pushImage(reg, { repository: 'untagged/app', layers: [{ size: 100, seed: 3 }] });
    paginating = await startFaultProxy({ target: reg.url, paginateTags: true });
  });
  afterAll(async () => {
    await paginating?.stop();
    await reg?.stop();
  });

  it(`lists ${MANY} tags identically`, async () => {
    const result = await runBoth(sandbox, ['list-tags', ...flags, repo('big/repo')]);
    expectSame(result);
    expect(result.berth.code).toBe(0);
    expect((JSON.parse(result.berth.stdout) as { Tags: string[] }).Tags).toHaveLength(MANY);
  });

  it('follows Link pagination in the registry order', async () => {
    // distribution 2.8 paginates only when asked for `n`, which neither tool sends: the first
    // page is served here with a Link, and the paginating proxy serves the pages it leads to.
    const first = Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(4, '0')}`);
    paginating.add({
      method: 'GET',
      path: /\/tags\/list$/,
      fault: {
        kind: 'status',
        status: 200,
        body: JSON.stringify({ name: 'big/repo', tags: first }),
        headers: { link: '</v2/big/repo/tags/list?last=t0999&n=1000>; rel="next"' },
      },
      times: Number.POSITIVE_INFINITY,
    });
    const result = await runBoth(sandbox, [
      'list-tags',
      '--tls-verify=false',
      `docker://${paginating.host}/big/repo`,
    ]);
    expectSame(result);
    const tags = (JSON.parse(result.berth.stdout) as { Tags: string[] }).Tags;
    expect(tags).toHaveLength(MANY);
    expect(tags).toEqual([...tags].sort());
    // Each tool asked for the first page and followed two links.
    expect(paginating.requests.filter((r) => r.url.includes('/tags/list')).length).toBe(6);
  });

  it.each([
    { name: 'a few tags', args: () => ['list-tags', ...flags, repo('team/app')] },
    { name: 'a repository without tags (404)', args: () => ['list-tags', ...flags, repo('untagged/app')] },
    { name: 'a repository that does not exist', args: () => ['list-tags', ...flags, repo('nope/nope')] },
    { name: 'a name with a tag', args: () => ['list-tags', ...flags, repo('team/app:v1')] },
    {
      name: 'a name with a digest',
      args: () => ['list-tags', ...flags, `${repo('team/app')}@sha256:${'0'.repeat(64)}`],
    },
    { name: 'docker: without //', args: () => ['list-tags', `docker:${reg.host}/team/app`] },
    { name: 'an unsupported transport', args: () => ['list-tags', `oci:${sandbox.dir}`] },
    { name: 'no transport', args: () => ['list-tags', `${reg.host}/team/app`] },
    { name: 'an invalid reference', args: () => ['list-tags', 'docker://alpine/'] },
  ])('$name', async ({ args }) => {
    const result = await runBoth(sandbox, args());
    expectSame(result);
    if (result.berth.code !== 0) expectOneLineError(result.berth);
  });

  describe.each([
    { name: 'an empty list', body: '{"name":"team/app","tags":[]}' },
    { name: 'a null list', body: '{"name":"team/app","tags":null}' },
  ])('when the registry answers $name', ({ body }) => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({ target: reg.url });
      proxy.add({
        method: 'GET',
        path: /\/tags\/list/,
        fault: { kind: 'status', status: 200, body },
        times: Number.POSITIVE_INFINITY,
      });
    });
    afterAll(async () => proxy?.stop());

    it('prints "Tags": [] as skopeo does', async () => {
      const result = await runBoth(sandbox, [
        'list-tags',
        '--tls-verify=false',
        `docker://${proxy.host}/team/app`,
      ]);
      expectSame(result);
      expect(result.berth.stdout).toContain('"Tags": []');
    });
  });

  describe('docker-archive', () => {
    it('lists an archive written by skopeo', async () => {
      const path = join(sandbox.dir, 'skopeo.tar');
      const copy = await runSkopeo(
        [
          'copy',
          '-q',
          ...flags.map((f) => f.replace('--', '--src-')),
          repo('team/app:v1'),
          `docker-archive:${path}:example.com/team/app:v1`,
        ],
        { env: sandbox.env },
      );
      expect(copy.code, copy.stderr).toBe(0);
      expectSame(await runBoth(sandbox, ['list-tags', `docker-archive:${path}`]));
      expectSame(await runBoth(sandbox, ['list-tags', `docker-archive:${path}:example.com/team/app:v1`]));
    });

    it.each([
      {
        name: 'several images, untagged ones and a duplicate tag',
        items: [
          { Config: 'c.json', RepoTags: ['busybox:latest', 'foo/bar:1'], Layers: [] },
          { Config: 'c.json', RepoTags: null, Layers: [] },
          { Config: 'c.json', RepoTags: ['docker.io/library/busybox:latest', 'x:y'], Layers: [] },
          { Config: 'c.json', Layers: [] },
        ],
      },
      { name: 'no images', items: [] },
      { name: 'a tag without a tag', items: [{ Config: 'c.json', RepoTags: ['busybox'], Layers: [] }] },
      { name: 'an invalid tag', items: [{ Config: 'c.json', RepoTags: ['Bad:x'], Layers: [] }] },
    ])('$name', async ({ name, items }) => {
      const path = await writeArchive(`${name.replace(/\W+/g, '-')}.tar`, items);
      expectSame(await runBoth(sandbox, ['list-tags', `docker-archive:${path}`]));
    });

    it('a missing file', async () => {
      expectSame(await runBoth(sandbox, ['list-tags', `docker-archive:${join(sandbox.dir, 'nope.tar')}`]));
    });
  });
});

describe.each<{ mode: RegistryMode; access: Access }>([
  { mode: 'basic', access: 'creds' },
  { mode: 'token', access: 'authfile' },
  { mode: 'tls', access: 'anonymous' },
])('list-tags against a $mode registry ($access)', ({ mode, access }) => {
  let reg: RegistryInstance;
  let flags: string[];

  beforeAll(async () => {
    ({ reg, flags } = await startAccessRegistry({ sandbox, mode, access, user: USER, password: PASSWORD }));
    const image = await pushImage(reg, {
      repository: 'team/app',
      tag: 'v1',
      layers: [{ size: 100, seed: 2 }],
    });
    await pushTags(reg, {
      repository: 'team/app',
      tags: ['latest', 'a', 'v2'],
      manifestBytes: image.manifestBytes,
    });
  });
  afterAll(async () => reg?.stop());

  it('lists the tags identically', async () => {
    const result = await runBoth(sandbox, ['list-tags', ...flags, `docker://${reg.host}/team/app`]);
    expectSame(result);
    expect(result.berth.code).toBe(0);
    expect(result.berth.stdout + result.berth.stderr).not.toContain(PASSWORD);
  });

  it('fails identically for a repository that does not exist', async () => {
    const result = await runBoth(sandbox, ['list-tags', ...flags, `docker://${reg.host}/nope/nope`]);
    expectSame(result);
    expectOneLineError(result.berth);
  });
});
