/**
 * The registries and images the `berth copy` compatibility suites share: a plain source
 * registry with an OCI image, a Docker schema 2 image (both with real tar.gz layers) and a
 * two-platform index; a Basic-auth destination registry; a sandbox and a temp dir.
 * `setupCopyFixtures` registers the suite's `beforeAll`/`afterAll` and returns the fixtures
 * (filled in once `beforeAll` has run) with helpers that run both tools the same way.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/cleanup.js';
import {
  ACCEPT_ALL_MANIFESTS,
  authorizationFor,
  harnessFetch,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startRegistry,
} from '../harness/index.js';
import { makeSandbox, runBerth, runSkopeo, type Sandbox, skopeoVersion } from './auth-sandbox.js';
import { gzLayer, pushGzIndex } from './copy-sync-helpers.js';

export const USER = 'copier';
export const PASSWORD = 'c0py-Pa55word';

export interface CopyFixtures {
  sandbox: Sandbox;
  src: RegistryInstance;
  dst: RegistryInstance;
  tmp: string;
  ociImage: PushedImage;
  dockerImage: PushedImage;
  multi: Awaited<ReturnType<typeof pushGzIndex>>;
}

/** Starts the fixtures for the calling suite; see the module comment. */
export function setupCopyFixtures(name: string) {
  const c = {} as CopyFixtures;
  beforeAll(async () => {
    expect(await skopeoVersion()).toContain('1.9.3');
    c.sandbox = await makeSandbox(name);
    c.tmp = makeTempDir(`${name}-compat`);
    [c.src, c.dst] = await Promise.all([
      startRegistry({ mode: 'plain' }),
      startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
    ]);
    c.ociImage = await pushImage(c.src, {
      repository: 'fixtures/app',
      tag: 'oci',
      layers: [gzLayer(300_000), gzLayer(3000)],
    });
    c.dockerImage = await pushImage(c.src, {
      repository: 'fixtures/app',
      tag: 'docker',
      layers: [gzLayer(200_000), gzLayer(2000)],
      mediaType: 'docker',
    });
    c.multi = await pushGzIndex(c.src, {
      repository: 'fixtures/multi',
      tag: 'latest',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([c.src?.stop(), c.dst?.stop()]);
    await c.sandbox?.remove();
    if (c.tmp) removeTempDir(c.tmp);
  });

  const opts = () => ({ env: c.sandbox.env });
  return {
    c,
    opts,
    berth: (args: string[]) => runBerth(['--insecure-policy', 'copy', ...args], opts()),
    skopeo: (args: string[]) => runSkopeo(['--insecure-policy', 'copy', ...args], opts()),
    srcFlags: ['--src-tls-verify=false'],
    dstFlags: () => ['--dest-tls-verify=false', '--dest-creds', `${USER}:${PASSWORD}`],
    readFlags: () => ['--tls-verify=false', '--creds', `${USER}:${PASSWORD}`],
    srcRef: (repoTag: string) => `docker://${c.src.host}/${repoTag}`,
    dstRef: (repoTag: string) => `docker://${c.dst.host}/${repoTag}`,
    /** HEAD status of a manifest on the destination registry. */
    dstStatus: async (repository: string, reference: string): Promise<number> => {
      const authorization = await authorizationFor(c.dst, {
        scopes: [`repository:${repository}:pull`],
        auth: { user: USER, password: PASSWORD },
      });
      const res = await harnessFetch(c.dst, `/v2/${repository}/manifests/${reference}`, {
        method: 'HEAD',
        headers: { accept: ACCEPT_ALL_MANIFESTS, ...(authorization ? { authorization } : {}) },
      });
      return res.status;
    },
  };
}
