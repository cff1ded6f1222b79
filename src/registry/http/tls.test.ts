import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from './test-helpers.js';
import { certsDirName, createTlsResolver, defaultCertDirs } from './tls.js';

describe('defaultCertDirs and certsDirName', () => {
  it('searches the user directory first, then the system ones', () => {
    expect(defaultCertDirs({ HOME: '/home/u' })).toEqual([
      '/home/u/.config/containers/certs.d',
      '/etc/containers/certs.d',
      '/etc/docker/certs.d',
    ]);
  });

  it.each([
    { host: 'registry-1.docker.io', want: 'docker.io' },
    { host: 'reg.example:5000', want: 'reg.example:5000' },
    { host: '[::1]:5000', want: '[::1]:5000' },
  ])('names the directory of $host', ({ host, want }) => {
    expect(certsDirName(host)).toBe(want);
  });
});

describe('createTlsResolver', () => {
  let pki: TestPki;
  let root: string;
  let user: string;
  let system: string;

  beforeAll(async () => {
    pki = await makePki();
    root = await mkdtemp(join(tmpdir(), 'berth-tls-'));
    user = join(root, 'user');
    system = join(root, 'system');
    const write = async (dir: string, files: Record<string, string>) => {
      await mkdir(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    };
    await write(join(user, 'reg.example:5000'), { 'ca.crt': pki.caPem });
    await write(join(system, 'reg.example:5000'), {
      'ca.crt': pki.caPem,
      'client.cert': pki.clientCert,
      'client.key': pki.clientKey,
    });
    await write(join(system, 'other.example'), { 'ca.crt': pki.caPem });
    await write(join(system, 'docker.io'), { 'ca.crt': pki.caPem });
    await write(join(system, 'broken.example'), { 'client.cert': pki.clientCert });
    await write(join(root, 'explicit'), { 'ca.crt': pki.caPem });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await pki.cleanup();
  });

  const resolver = (extra: Partial<Parameters<typeof createTlsResolver>[0]> = {}) =>
    createTlsResolver({ env: {}, certDirs: [user, system], systemCaFiles: [], ...extra });

  it.each([
    { name: 'first existing base wins', host: 'reg.example:5000', dir: () => join(user, 'reg.example:5000') },
    {
      name: 'later base when earlier has none',
      host: 'other.example',
      dir: () => join(system, 'other.example'),
    },
    { name: 'Docker Hub uses docker.io', host: 'registry-1.docker.io', dir: () => join(system, 'docker.io') },
    { name: 'no directory', host: 'plain.example', dir: () => undefined },
  ])('$name', async ({ host, dir }) => {
    const settings = await resolver().forHost(host);
    expect(settings.certDir).toBe(dir());
    expect(settings.rejectUnauthorized).toBe(true);
  });

  it('uses certDirFor instead of searching', async () => {
    const settings = await resolver({
      certDirFor: (h) => (h === 'reg.example:5000' ? join(root, 'explicit') : undefined),
    }).forHost('reg.example:5000');
    expect(settings.certDir).toBe(join(root, 'explicit'));
  });

  it('marks insecure hosts and keeps their settings apart from verified ones', async () => {
    const tls = resolver({ insecureHosts: (h) => h === 'insecure.example' });
    const insecure = await tls.forHost('insecure.example');
    const verified = await tls.forHost('plain.example');
    expect(insecure.rejectUnauthorized).toBe(false);
    expect(insecure.id).not.toBe(verified.id);
  });

  it('caches per host and shares the default settings between hosts', async () => {
    const tls = resolver();
    const [a1, a2, b] = await Promise.all([
      tls.forHost('a.example'),
      tls.forHost('a.example'),
      tls.forHost('b.example'),
    ]);
    expect(a1).toBe(a2);
    expect(a1.id).toBe(b.id);
    expect(a1.secureContext).toBe(b.secureContext);
  });

  it('reports a broken certs.d each time it is used', async () => {
    const tls = resolver();
    await expect(tls.forHost('broken.example')).rejects.toThrow(/has no key/);
    await expect(tls.forHost('broken.example')).rejects.toThrow(/has no key/);
  });
});
