import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunHelper, RunHelperOptions } from '../../registry/auth/index.js';
import type { AuthTarget } from './auth-target.js';
import { eraseAllCredentials, eraseCredential, storeCredential } from './credential-store.js';
import { parseCredentialsKey } from './credentials-key.js';

/** A fake credential helper keeping secrets in a map, recording every call. */
function fakeHelpers() {
  const store = new Map<string, { Username: string; Secret: string }>();
  const calls: RunHelperOptions[] = [];
  const run: RunHelper = async (opts) => {
    calls.push(opts);
    if (opts.action === 'store') {
      const doc = JSON.parse(opts.input) as { ServerURL: string; Username: string; Secret: string };
      store.set(`${opts.name}|${doc.ServerURL}`, { Username: doc.Username, Secret: doc.Secret });
      return { code: 0, stdout: '', stderr: '' };
    }
    if (opts.action === 'erase') {
      const had = store.delete(`${opts.name}|${opts.input}`);
      return had
        ? { code: 0, stdout: '', stderr: '' }
        : { code: 1, stdout: 'credentials not found in native keychain', stderr: '' };
    }
    return { code: 1, stdout: 'unsupported', stderr: '' };
  };
  return { store, calls, run };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-store-'));
  file = join(dir, 'sub', 'auth.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const target = (compat = false): AuthTarget => ({ file, compat, lookupFile: file, named: true });
const readJson = async () => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('storeCredential', () => {
  it.each([
    { name: 'host key', arg: '127.0.0.1:5000', compat: false, key: '127.0.0.1:5000' },
    { name: 'namespaced key', arg: 'quay.io/org', compat: false, key: 'quay.io/org' },
    { name: 'Hub in auth.json', arg: 'docker.io', compat: false, key: 'docker.io' },
    { name: 'Hub in Docker format', arg: 'docker.io', compat: true, key: 'https://index.docker.io/v1/' },
  ])('writes $name to the file, mode 0600 in a 0700 directory', async ({ arg, compat, key }) => {
    const used = await storeCredential({
      target: target(compat),
      key: parseCredentialsKey(arg),
      username: 'alice',
      password: 'pw',
      env: {},
    });
    expect(used).toBe(file);
    expect(await readJson()).toEqual({ auths: { [key]: { auth: b64('alice:pw') } } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'sub'))).mode & 0o777).toBe(0o700);
  });

  it('refuses a namespaced key in Docker format', async () => {
    await expect(
      storeCredential({
        target: target(true),
        key: parseCredentialsKey('quay.io/org'),
        username: 'a',
        password: 'b',
        env: {},
      }),
    ).rejects.toThrow(
      'Credentials cannot be recorded in Docker-compatible format with namespaced key "quay.io/org"',
    );
  });

  it.each([
    { name: 'credHelpers entry', config: { credHelpers: { 'reg.example': 'pass' } }, helper: 'pass' },
    { name: 'credsStore', config: { credsStore: 'desktop' }, helper: 'desktop' },
  ])('hands the secret to the $name and leaves the file alone', async ({ config, helper }) => {
    await writeFile(join(dir, 'auth.json'), JSON.stringify(config));
    file = join(dir, 'auth.json');
    const h = fakeHelpers();
    const used = await storeCredential({
      target: target(),
      key: parseCredentialsKey('reg.example'),
      username: 'alice',
      password: 's3cret',
      env: {},
      runHelper: h.run,
    });
    expect(used).toBe(`credential helper: ${helper}`);
    expect(h.store.get(`${helper}|reg.example`)).toEqual({ Username: 'alice', Secret: 's3cret' });
    expect(await readJson()).toEqual(config);
    // The secret travels on stdin only.
    expect(
      h.calls.every((c) => c.action === 'store' && !JSON.stringify(c.env ?? {}).includes('s3cret')),
    ).toBe(true);
  });

  it('refuses a namespaced key for a registry with a credential helper', async () => {
    await writeFile(join(dir, 'auth.json'), JSON.stringify({ credHelpers: { 'reg.example': 'pass' } }));
    file = join(dir, 'auth.json');
    await expect(
      storeCredential({
        target: target(),
        key: parseCredentialsKey('reg.example/ns'),
        username: 'a',
        password: 'b',
        env: {},
        runHelper: fakeHelpers().run,
      }),
    ).rejects.toThrow('namespaced key "reg.example/ns" is not supported for credential helper pass');
  });

  it('fails without writing the file when the helper fails (no plaintext fallback)', async () => {
    const config = { credHelpers: { 'reg.example': 'broken' } };
    await writeFile(join(dir, 'auth.json'), JSON.stringify(config));
    file = join(dir, 'auth.json');
    const run: RunHelper = async () => ({ code: 1, stdout: 'keychain locked', stderr: '' });
    await expect(
      storeCredential({
        target: target(),
        key: parseCredentialsKey('reg.example'),
        username: 'a',
        password: 'b',
        env: {},
        runHelper: run,
      }),
    ).rejects.toThrow('keychain locked');
    expect(await readJson()).toEqual(config);
  });
});

describe('eraseCredential', () => {
  it('removes only that key, under any spelling, and reports whether it was there', async () => {
    await writeFile(
      join(dir, 'auth.json'),
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('a:b') },
          'quay.io': { auth: b64('c:d') },
          'quay.io/org': { auth: b64('e:f') },
        },
        proxies: { keep: true },
      }),
    );
    file = join(dir, 'auth.json');
    const erase = (arg: string) =>
      eraseCredential({ target: target(), key: parseCredentialsKey(arg), env: {} });
    expect(await erase('docker.io')).toBe(true);
    expect(await erase('docker.io')).toBe(false);
    expect(await erase('quay.io')).toBe(true);
    expect(await readJson()).toEqual({
      auths: { 'quay.io/org': { auth: b64('e:f') } },
      proxies: { keep: true },
    });
  });

  it('erases from the helper the file names', async () => {
    await writeFile(join(dir, 'auth.json'), JSON.stringify({ credHelpers: { 'reg.example': 'pass' } }));
    file = join(dir, 'auth.json');
    const h = fakeHelpers();
    h.store.set('pass|reg.example', { Username: 'a', Secret: 'b' });
    const erase = () =>
      eraseCredential({
        target: target(),
        key: parseCredentialsKey('reg.example'),
        env: {},
        runHelper: h.run,
      });
    expect(await erase()).toBe(true);
    expect(h.store.size).toBe(0);
    expect(await erase()).toBe(false);
  });
});

describe('eraseAllCredentials', () => {
  it('empties auths, erases credHelpers secrets, keeps configuration', async () => {
    const doc = {
      auths: { 'quay.io': { auth: b64('c:d') }, 'ghcr.io': { auth: b64('e:f') } },
      credHelpers: { 'reg.example': 'pass' },
      credsStore: 'desktop',
    };
    await writeFile(join(dir, 'auth.json'), JSON.stringify(doc));
    file = join(dir, 'auth.json');
    const h = fakeHelpers();
    h.store.set('pass|reg.example', { Username: 'a', Secret: 'b' });
    h.store.set('desktop|other.example', { Username: 'a', Secret: 'b' });
    await eraseAllCredentials({ target: target(), env: {}, runHelper: h.run });
    expect(await readJson()).toEqual({
      auths: {},
      credHelpers: { 'reg.example': 'pass' },
      credsStore: 'desktop',
    });
    expect([...h.store.keys()]).toEqual(['desktop|other.example']);
  });
});
