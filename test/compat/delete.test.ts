/**
 * `berth delete` against skopeo 1.9.3 on real registries (Basic, token, TLS with Basic, and a
 * registry with deletes disabled). Each case builds the same repository twice, one per tool,
 * runs the same delete, and compares exit code and stdout, then what is left in the registry.
 *
 * Known, deliberate differences:
 * - an image that does not exist exits 2 in berth (skopeo's documented rule since 1.10);
 *   skopeo 1.9.3 exits 1;
 * - berth lists on stderr the other tags that vanish with the manifest; skopeo says nothing;
 * - `--tag-only` and `--retry-delay` exist only in berth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/registry/http/index.js';
import type { Credentials, RegistryInstance, RegistryMode } from '../harness/index.js';
import {
  ACCEPT_ALL_MANIFESTS,
  authorizationFor,
  harnessFetch,
  pushImage,
  pushTags,
  randomLayer,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import {
  makeSandbox,
  type RunResult,
  runBerth,
  runSkopeo,
  type Sandbox,
  skopeoVersion,
  tlsFlags,
} from './auth-sandbox.js';

const USER = 'tester';
const SENTINEL = 'S3ntinel-de1ete-pa55';
const auth: Credentials = { user: USER, password: SENTINEL };

let sandbox: Sandbox;
beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
  sandbox = await makeSandbox('delete');
});
afterAll(async () => sandbox?.remove());

/** The status of a manifest HEAD, as the registry answers it to an authorised client. */
async function headStatus(reg: RegistryInstance, repository: string, reference: string): Promise<number> {
  const authorization = await authorizationFor(reg, { scopes: [`repository:${repository}:pull`], auth });
  const res = await harnessFetch(reg, `/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT_ALL_MANIFESTS, ...(authorization ? { authorization } : {}) },
  });
  return res.status;
}

/** Pushes tags a and b (one manifest) and c (another) to `repository`; returns the shared digest. */
async function pushSet(reg: RegistryInstance, repository: string): Promise<{ ab: string; c: string }> {
  const ab = await pushImage(reg, {
    repository,
    tag: 'a',
    layers: [randomLayer({ size: 2000, seed: 1 })],
    auth,
  });
  await pushTags(reg, { repository, tags: ['b'], manifestBytes: ab.manifestBytes, auth });
  const c = await pushImage(reg, {
    repository,
    tag: 'c',
    layers: [randomLayer({ size: 2000, seed: 2 })],
    auth,
  });
  return { ab: ab.digest, c: c.digest };
}

function cleanOf(r: RunResult): void {
  expect(r.stdout + r.stderr).not.toContain(SENTINEL);
}

describe.each<{ mode: RegistryMode }>([{ mode: 'basic' }, { mode: 'token' }, { mode: 'tls-basic' }])(
  'delete against a $mode registry',
  ({ mode }) => {
    let reg: RegistryInstance;
    let n = 0;
    beforeAll(async () => {
      reg = await startRegistry({ mode, users: { [USER]: SENTINEL } });
    });
    afterAll(async () => reg?.stop());

    const flags = () => ['--creds', `${USER}:${SENTINEL}`, ...tlsFlags(reg)];
    /** Fresh repositories with identical content for berth and skopeo. */
    async function twoRepos(): Promise<{ b: string; s: string; digests: { ab: string; c: string } }> {
      n++;
      const b = `berth${n}/app`;
      const s = `skopeo${n}/app`;
      const digests = await pushSet(reg, b);
      expect(await pushSet(reg, s)).toEqual(digests);
      return { b, s, digests };
    }
    async function both(
      ref: (repo: string) => string,
      repos: { b: string; s: string },
      extra: string[] = [],
    ) {
      const b = await runBerth(
        ['--debug', 'delete', ...flags(), ...extra, `docker://${reg.host}/${ref(repos.b)}`],
        {
          env: sandbox.env,
        },
      );
      const s = await runSkopeo(['delete', ...flags(), ...extra, `docker://${reg.host}/${ref(repos.s)}`], {
        env: sandbox.env,
      });
      cleanOf(b);
      return { b, s };
    }
    const state = async (repo: string, digests: { ab: string; c: string }) => ({
      a: await headStatus(reg, repo, 'a'),
      b: await headStatus(reg, repo, 'b'),
      c: await headStatus(reg, repo, 'c'),
      ab: await headStatus(reg, repo, digests.ab),
    });

    it('deletes by tag, taking the other tags of the manifest along, and says which', async () => {
      const repos = await twoRepos();
      const { b, s } = await both((r) => `${r}:a`, repos);
      expect({ code: b.code, stdout: b.stdout }).toEqual({ code: s.code, stdout: s.stdout });
      expect(b.code).toBe(0);
      expect(b.stderr).toContain(
        `also deletes the tag b, which points at it; use --tag-only to delete only a`,
      );
      const gone = { a: 404, b: 404, c: 200, ab: 404 };
      expect(await state(repos.b, repos.digests)).toEqual(gone);
      expect(await state(repos.s, repos.digests)).toEqual(gone);

      // Deleting it again: not found, which berth reports with exit 2.
      const again = await both((r) => `${r}:a`, repos);
      expect({ berth: again.b.code, skopeo: again.s.code, stdout: again.b.stdout }).toEqual({
        berth: 2,
        skopeo: 1,
        stdout: again.s.stdout,
      });
      expect(again.b.stderr).toContain('Image may not exist');
    });

    it('deletes by digest', async () => {
      const repos = await twoRepos();
      const { b, s } = await both((r) => `${r}@${repos.digests.ab}`, repos);
      expect({ code: b.code, stdout: b.stdout }).toEqual({ code: s.code, stdout: s.stdout });
      expect(b.code).toBe(0);
      expect(b.stderr).toContain(`deletes the tags a, b, which point at it`);
      expect(await state(repos.b, repos.digests)).toEqual(await state(repos.s, repos.digests));
      expect(await state(repos.b, repos.digests)).toEqual({ a: 404, b: 404, c: 200, ab: 404 });
    });

    it('--tag-only removes just the tag; skopeo still inspects its sibling', async () => {
      const repos = await twoRepos();
      const r = await runBerth(
        ['--debug', 'delete', ...flags(), '--tag-only', `docker://${reg.host}/${repos.b}:a`],
        {
          env: sandbox.env,
        },
      );
      cleanOf(r);
      expect(r).toMatchObject({ code: 0, stdout: '' });
      expect(await state(repos.b, repos.digests)).toEqual({ a: 404, b: 200, c: 200, ab: 200 });
      const inspect = await runSkopeo(
        ['inspect', ...flags(), '--format', '{{.Digest}}', `docker://${reg.host}/${repos.b}:b`],
        {
          env: sandbox.env,
        },
      );
      expect(inspect).toMatchObject({ code: 0, stdout: `${repos.digests.ab}\n` });
      const tags = await runSkopeo(['list-tags', ...flags(), `docker://${reg.host}/${repos.b}`], {
        env: sandbox.env,
      });
      expect((JSON.parse(tags.stdout) as { Tags: string[] }).Tags.sort()).toEqual(['b', 'c']);
    });

    it.each([
      { name: 'a missing tag', ref: (r: string) => `${r}:nope`, berth: 2, skopeo: 1 },
      { name: 'a missing digest', ref: (r: string) => `${r}@sha256:${'0'.repeat(64)}`, berth: 2, skopeo: 1 },
      { name: 'a missing repository', ref: () => 'no/such:repo', berth: 2, skopeo: 1 },
    ])('fails for $name', async ({ ref, berth, skopeo }) => {
      const repos = await twoRepos();
      const { b, s } = await both(ref, repos);
      expect({ berth: b.code, skopeo: s.code, stdout: b.stdout }).toEqual({
        berth,
        skopeo,
        stdout: s.stdout,
      });
      expect(await state(repos.b, repos.digests)).toEqual({ a: 200, b: 200, c: 200, ab: 200 });
    });

    it('accepts --retry-times and --retry-delay', async () => {
      const repos = await twoRepos();
      const r = await runBerth(
        [
          'delete',
          ...flags(),
          '--retry-times',
          '2',
          '--retry-delay',
          '10ms',
          `docker://${reg.host}/${repos.b}:c`,
        ],
        {
          env: sandbox.env,
        },
      );
      expect(r).toMatchObject({ code: 0, stdout: '' });
      expect(await headStatus(reg, repos.b, 'c')).toBe(404);
    });
  },
);

describe('delete on a registry that refuses deletes', () => {
  let reg: RegistryInstance;
  beforeAll(async () => {
    reg = await startRegistry({ mode: 'basic', users: { [USER]: SENTINEL }, deleteEnabled: false });
  });
  afterAll(async () => reg?.stop());
  const flags = () => ['--creds', `${USER}:${SENTINEL}`, '--tls-verify=false'];

  it.each([
    { name: 'by tag', extra: [] as string[] },
    { name: 'with --tag-only', extra: ['--tag-only'] },
  ])('fails clearly $name and leaves every tag', async ({ extra }) => {
    const digests = await pushSet(reg, 'locked/app');
    const b = await runBerth(['delete', ...flags(), ...extra, `docker://${reg.host}/locked/app:a`], {
      env: sandbox.env,
    });
    expect(b).toMatchObject({ code: 1, stdout: '' });
    expect(b.stderr).toContain('registry does not allow deletes');
    if (extra.length === 0) {
      const s = await runSkopeo(['delete', ...flags(), `docker://${reg.host}/locked/app:a`], {
        env: sandbox.env,
      });
      expect({ code: s.code, stdout: s.stdout }).toEqual({ code: b.code, stdout: b.stdout });
    }
    for (const tag of ['a', 'b']) {
      const inspect = await runSkopeo(
        ['inspect', ...flags(), '--format', '{{.Digest}}', `docker://${reg.host}/locked/app:${tag}`],
        {
          env: sandbox.env,
        },
      );
      expect(inspect.stdout).toBe(`${digests.ab}\n`);
    }
  });
});

describe('delete: names, transports and large repositories', () => {
  let reg: RegistryInstance;
  beforeAll(async () => {
    reg = await startRegistry({ mode: 'plain' });
  });
  afterAll(async () => reg?.stop());

  it.each([
    { name: 'oci layout', image: () => 'oci:/tmp/berth-no-such-layout:x' },
    { name: 'dir', image: () => 'dir:/tmp/berth-no-such-dir' },
    { name: 'docker-archive', image: () => 'docker-archive:/tmp/berth-no-such.tar' },
    { name: 'no transport', image: () => '/tmp/x' },
    { name: 'docker without //', image: () => `docker:${reg.host}/x:y` },
  ])('refuses $name like skopeo', async ({ image }) => {
    const b = await runBerth(['delete', image()], { env: sandbox.env });
    const s = await runSkopeo(['delete', image()], { env: sandbox.env });
    expect({ code: b.code, stdout: b.stdout }).toEqual({ code: s.code, stdout: s.stdout });
    expect(b.code).toBe(1);
  });

  it('retries the whole delete with --retry-times once the HTTP layer has given up', async () => {
    const img = await pushImage(reg, {
      repository: 'flaky/app',
      tag: 'x',
      layers: [randomLayer({ size: 500, seed: 5 })],
    });
    const proxy = await startFaultProxy({ target: reg.url });
    try {
      // Enough 429s (answered at once: Retry-After 0) to exhaust the per-request retries.
      const rule = proxy.add({
        method: 'DELETE',
        fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        times: DEFAULT_RETRY_POLICY.maxRetries + 1,
      });
      const args = [
        'delete',
        '--tls-verify=false',
        '--retry-times',
        '2',
        '--retry-delay',
        '1ms',
        `docker://${proxy.host}/flaky/app:x`,
      ];
      const r = await runBerth(args, { env: sandbox.env });
      expect(r).toMatchObject({ code: 0, stdout: '' });
      expect(r.stderr).toContain('Failed, retrying in 1ms ... (1/2)');
      expect(rule.hits).toBe(DEFAULT_RETRY_POLICY.maxRetries + 1);
      expect(proxy.requests.filter((q) => q.method === 'DELETE' && q.status === 202)).toHaveLength(1);
      expect(await headStatus(reg, 'flaky/app', img.digest)).toBe(404);
    } finally {
      await proxy.stop();
    }
  });

  it('does not walk more than 1000 tags looking for siblings, and says so', async () => {
    const img = await pushImage(reg, {
      repository: 'many/app',
      tag: 'keep',
      layers: [randomLayer({ size: 500, seed: 3 })],
    });
    const victim = await pushImage(reg, {
      repository: 'many/app',
      tag: 'victim',
      layers: [randomLayer({ size: 500, seed: 4 })],
    });
    const tags = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    await pushTags(reg, {
      repository: 'many/app',
      tags,
      manifestBytes: img.manifestBytes,
      method: 'storage',
    });
    const r = await runBerth(['delete', '--tls-verify=false', `docker://${reg.host}/many/app:victim`], {
      env: sandbox.env,
    });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain(
      `Not checking which other tags point at ${victim.digest}: ${reg.host}/many/app has more than 1000 tags`,
    );
    expect(await headStatus(reg, 'many/app', 'victim')).toBe(404);
    expect(await headStatus(reg, 'many/app', 't999')).toBe(200);
  });
});
