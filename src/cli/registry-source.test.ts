import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistriesConf, type PullSource } from '../registry/config/index.js';
import { digestOf } from '../registry/digest/index.js';
import { type Manifest, parseManifest, serializeManifest } from '../registry/manifest/index.js';
import { parseReference, type Reference } from '../registry/ref/index.js';
import type { RegistryClient } from '../registry/remote/index.js';
import { isBlobLocator, isTagLister } from '../registry/transports/types.js';
import { CliContext, type RegistryPolicy } from './context.js';
import type { ImageAccess } from './image-flags.js';
import { accessFor, openRegistrySource } from './registry-source.js';

const manifest: Manifest = parseManifest({
  bytes: serializeManifest({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digestOf(new Uint8Array([1])),
      size: 1,
    },
    layers: [],
  }),
});

const source = (ref: string, insecure: boolean, mirror = true): PullSource => ({
  ...parseReference(ref),
  insecure,
  mirror,
});

describe('accessFor', () => {
  const logical = parseReference('primary.test/app:1');
  const withCreds: ImageAccess = {
    noCreds: false,
    credential: { username: 'u', password: 'p' },
    authFile: '/a',
  };
  it.each([
    {
      name: 'the registry itself keeps the command-line credentials',
      source: source('primary.test/app:1', false, false),
      access: withCreds,
      want: { ...withCreds, tlsVerify: true },
    },
    {
      name: 'a mirror on the same host keeps them too',
      source: source('primary.test/mirror/app:1', true),
      access: withCreds,
      want: { ...withCreds, tlsVerify: false },
    },
    {
      name: 'a mirror on another host gets the auth file instead',
      source: source('mirror.test/app:1', false),
      access: withCreds,
      want: { noCreds: false, authFile: '/a', tlsVerify: true },
    },
    {
      name: '--no-creds is for the registry named, not a mirror elsewhere',
      source: source('mirror.test/app:1', false),
      access: { noCreds: true },
      want: { noCreds: false, tlsVerify: true },
    },
    {
      name: '--tls-verify wins over the endpoint’s insecure setting',
      source: source('mirror.test/app:1', true),
      access: { noCreds: false, tlsVerify: true },
      want: { noCreds: false, tlsVerify: true },
    },
    {
      name: '--tls-verify=false applies to a mirror too',
      source: source('mirror.test/app:1', false),
      access: { noCreds: false, tlsVerify: false },
      want: { noCreds: false, tlsVerify: false },
    },
  ])('$name', ({ source: s, access, want }) => {
    expect(accessFor(s, logical, access)).toEqual(want);
  });
});

/** A client that serves `manifest` for the repositories in `has` and fails otherwise. */
function fakeClient(registry: string, has: Set<string>, calls: string[]): RegistryClient {
  return {
    async getManifest(o: { repository: string; reference: string }) {
      calls.push(`GET ${registry}/${o.repository}:${o.reference}`);
      if (registry === 'down.test') throw new Error('connect ECONNREFUSED');
      if (!has.has(`${registry}/${o.repository}`)) throw new Error('manifest unknown');
      return manifest;
    },
    async listTags(o: { repository: string }) {
      calls.push(`TAGS ${registry}/${o.repository}`);
      return ['1'];
    },
  } as unknown as RegistryClient;
}

const contexts: CliContext[] = [];
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
});

function setup(conf: string, has: string[]) {
  const dir = `/nonexistent-${contexts.length}`;
  // Read by the real loader, as the command line reads it.
  const c = loadFrom(conf);
  const registries: RegistryPolicy = {
    isInsecure: (n) => c.isInsecure(n),
    isBlocked: (n) => c.isBlocked(n),
    assertNotBlocked: (n) => c.assertNotBlocked(n),
    pullSources: (r) => c.pullSources(r),
  };
  const debug: string[] = [];
  const ctx = new CliContext({
    globals: { debug: true, insecurePolicy: false },
    env: { HOME: dir },
    registries,
    stderr: { write: (s: string) => debug.push(s) } as unknown as NodeJS.WritableStream,
  });
  contexts.push(ctx);
  const calls: string[] = [];
  const clientCalls: Array<{ registry: string; access: ImageAccess; repository: string; probe: boolean }> =
    [];
  const open = (ref: Reference, access: ImageAccess = { noCreds: false }) =>
    openRegistrySource({
      ctx,
      ref,
      access,
      clients: (registry, a, repository, opts) => {
        ctx.assertNotBlocked(`${registry}/${repository}`);
        clientCalls.push({ registry, access: a, repository, probe: opts?.probe === true });
        return fakeClient(registry, new Set(has), calls);
      },
    });
  return { open, calls, clientCalls, debug };
}

const confDir = mkdtempSync(join(tmpdir(), 'berth-registry-source-'));
afterAll(() => rmSync(confDir, { recursive: true, force: true }));
let confCount = 0;
function loadFrom(text: string) {
  const path = join(confDir, `r${confCount++}.conf`);
  writeFileSync(path, text);
  return loadRegistriesConf({ path, env: {}, homeDir: confDir, systemDir: join(confDir, 'none') });
}

const MIRRORED = `
[[registry]]
location = "primary.test"
[[registry.mirror]]
location = "down.test"
[[registry.mirror]]
location = "mirror.test/cache"
insecure = true
`;

describe('openRegistrySource', () => {
  it('reads from the first mirror that has the image, under the name the user gave', async () => {
    const { open, calls, clientCalls } = setup(MIRRORED, ['mirror.test/cache/app']);
    const src = await open(parseReference('primary.test/app:1'));
    expect(calls).toEqual(['GET down.test/app:1', 'GET mirror.test/cache/app:1']);
    expect(src.name).toEqual({ transport: 'docker', ref: parseReference('primary.test/app:1') });
    expect((await src.getManifest({})).digest).toBe(manifest.digest);
    expect(calls).toHaveLength(2); // the top manifest is not read again
    // Mirrors are probed without HTTP retries; what is read afterwards uses a normal client.
    expect(clientCalls.map((c) => [c.registry, c.repository, c.access.tlsVerify, c.probe])).toEqual([
      ['down.test', 'app', true, false],
      ['down.test', 'app', true, true],
      ['mirror.test', 'cache/app', false, false],
      ['mirror.test', 'cache/app', false, true],
    ]);

    expect(isBlobLocator(src) && src.blobLocation()).toEqual({
      registry: 'mirror.test',
      repository: 'cache/app',
    });
    // Tags come from the registry named, as skopeo inspect lists them.
    expect(isTagLister(src) && (await src.listTags({}))).toEqual(['1']);
    expect(calls.at(-1)).toBe('TAGS primary.test/app');
  });

  it('falls back to the registry, and reports every failure when all fail', async () => {
    const { open, calls, clientCalls, debug } = setup(MIRRORED, []);
    const err = await open(parseReference('primary.test/app:1')).catch((e: unknown) => e as Error);
    // The registry itself, tried last, is asked with the HTTP layer's retries.
    expect(clientCalls.filter((c) => c.registry === 'primary.test').map((c) => c.probe)).toEqual([false]);
    expect(calls).toEqual(['GET down.test/app:1', 'GET mirror.test/cache/app:1', 'GET primary.test/app:1']);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      '(Mirrors also failed: [down.test/app:1: connect ECONNREFUSED]\n[mirror.test/cache/app:1: manifest unknown]): primary.test/app:1',
    );
    expect(((err as Error).cause as Error).message).toBe('manifest unknown');
    expect(debug.join('')).toContain('DEBU Trying to access "mirror.test/cache/app:1"');
  });

  it('without mirrors, fails with the registry’s own error, unchanged', async () => {
    const { open } = setup('', []);
    await expect(open(parseReference('primary.test/app:1'))).rejects.toThrow(/^manifest unknown$/);
  });

  it('reads a blocked registry’s image from its mirror, but lists tags only where the user pointed', async () => {
    const blocked = MIRRORED.replace(
      'location = "primary.test"',
      'location = "primary.test"\nblocked = true',
    );
    const { open } = setup(blocked, ['mirror.test/cache/app']);
    const src = await open(parseReference('primary.test/app:1'));
    expect((await src.getManifest({})).digest).toBe(manifest.digest);
    expect(isTagLister(src)).toBe(true);
    if (isTagLister(src))
      await expect(src.listTags({})).rejects.toThrow(/^registry primary\.test is blocked in /);
  });

  it('says the registry is blocked when nothing else has the image', async () => {
    const { open, calls } = setup('[[registry]]\nlocation = "primary.test/app"\nblocked = true\n', []);
    await expect(open(parseReference('primary.test/app:1'))).rejects.toThrow(
      /^registry primary\.test\/app is blocked in .*r\d+\.conf or /,
    );
    expect(calls).toEqual([]);
  });

  it.each([
    {
      name: 'a tag reference skips a digest-only mirror',
      ref: 'primary.test/app:1',
      first: 'GET primary.test/app:1',
    },
    {
      name: 'a digest reference uses it',
      ref: `primary.test/app@sha256:${'a'.repeat(64)}`,
      first: `GET mirror.test/app:sha256:${'a'.repeat(64)}`,
    },
  ])('$name', async ({ ref, first }) => {
    const conf =
      '[[registry]]\nlocation = "primary.test"\n[[registry.mirror]]\nlocation = "mirror.test"\npull-from-mirror = "digest-only"\n';
    const { open, calls } = setup(conf, ['primary.test/app', 'mirror.test/app']);
    await open(parseReference(ref));
    expect(calls[0]).toBe(first);
  });
});
