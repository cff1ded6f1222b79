import { spawn } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, trackChild } from '../../../test/harness/cleanup.js';
import { removeAll, removeCredential, setCredential } from './auth-file-write.js';
import { AuthFileError, decodeAuthEntry, readAuthFile } from './auth-files.js';

const root = makeTempDir('auth-write');
afterAll(() => removeTempDir(root));
let n = 0;
const fresh = (): string => {
  const d = join(root, `t${n++}`);
  mkdirSync(d);
  return d;
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const read = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8'));
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('setCredential', () => {
  it('G01: creates the file 0600 in a new 0700 directory, and the entry decodes back', async () => {
    const file = join(fresh(), 'containers', 'auth.json');
    await setCredential({
      file,
      registryKey: 'reg.example',
      credential: { username: 'alice', password: 'p:w' },
    });
    expect(mode(file)).toBe(0o600);
    expect(mode(join(file, '..'))).toBe(0o700);
    const parsed = await readAuthFile({ path: file });
    const raw = parsed?.auths.get('reg.example');
    expect(raw).toEqual({ auth: b64('alice:p:w') });
    expect(decodeAuthEntry(raw ?? {}, { key: 'k', path: file })).toEqual({
      username: 'alice',
      password: 'p:w',
    });
  });

  it('G01: an existing 0644 file is 0600 after a rewrite (policy: always 0600, as containers/image)', async () => {
    const file = join(fresh(), 'auth.json');
    writeFileSync(file, '{"auths":{}}');
    chmodSync(file, 0o644);
    await setCredential({ file, registryKey: 'reg.example', credential: { username: 'a', password: 'b' } });
    expect(mode(file)).toBe(0o600);
  });

  it('stores an identity token', async () => {
    const file = join(fresh(), 'auth.json');
    await setCredential({
      file,
      registryKey: 'reg.example',
      credential: { identityToken: 'idt', username: 'u' },
    });
    expect(read(file)).toEqual({ auths: { 'reg.example': { auth: b64('u:'), identitytoken: 'idt' } } });
  });

  it.each([
    { name: 'plain docker.io', compat: false, key: 'docker.io', want: 'docker.io' },
    {
      name: 'compat docker.io → Docker key',
      compat: true,
      key: 'docker.io',
      want: 'https://index.docker.io/v1/',
    },
    {
      name: 'compat with a namespace keeps it',
      compat: true,
      key: 'docker.io/myorg',
      want: 'docker.io/myorg',
    },
    { name: 'compat for another registry', compat: true, key: 'quay.io', want: 'quay.io' },
  ])('key for $name', async ({ compat, key, want }) => {
    const file = join(fresh(), 'auth.json');
    await setCredential({ file, registryKey: key, credential: { username: 'u', password: 'p' }, compat });
    expect(Object.keys(read(file).auths as object)).toEqual([want]);
  });

  it.each([
    'https://reg.example',
    'user@reg.example',
    'reg.example/repo:tag',
    'reg.example/repo@sha256:abc',
    '',
    'reg example',
    'reg.example/',
  ])('refuses registry key %j', async (registryKey) => {
    const file = join(fresh(), 'auth.json');
    await expect(
      setCredential({ file, registryKey, credential: { username: 'u', password: 'p' } }),
    ).rejects.toThrow('invalid registry key');
    expect(() => statSync(file)).toThrow();
  });

  it('refuses a user name with a colon', async () => {
    const file = join(fresh(), 'auth.json');
    await expect(
      setCredential({ file, registryKey: 'r.io', credential: { username: 'a:b', password: 'p' } }),
    ).rejects.toThrow('user name');
  });

  it('G04: a file with a syntax error is not rewritten, and the error names it', async () => {
    const file = join(fresh(), 'auth.json');
    const broken = '{"auths": {"keep.io": {"auth": "eDp5"}},,}';
    writeFileSync(file, broken);
    const err = await setCredential({
      file,
      registryKey: 'reg.example',
      credential: { username: 'u', password: 'p' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthFileError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('refusing to rewrite');
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(readdirSync(join(file, '..'))).toEqual(['auth.json']);
  });

  it.each([
    { name: 'an array', text: '[]' },
    { name: 'auths as a string', text: '{"auths":"x"}' },
  ])('G04: refuses $name', async ({ text }) => {
    const file = join(fresh(), 'auth.json');
    writeFileSync(file, text);
    await expect(
      setCredential({ file, registryKey: 'r.io', credential: { username: 'u', password: 'p' } }),
    ).rejects.toThrow(AuthFileError);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('G05: unrelated keys and entries survive set and remove unchanged', async () => {
    const file = join(fresh(), 'config.json');
    const original = {
      auths: { 'keep.io': { auth: b64('k:v'), email: 'e@x' }, 'helper.io': {} },
      credsStore: 'desktop',
      credHelpers: { 'gcr.io': 'gcloud' },
      proxies: { default: { httpProxy: 'http://p:3128', noProxy: '*.local' } },
      HttpHeaders: { 'User-Agent': 'Docker-Client' },
      currentContext: 'desktop-linux',
      futureKey: { nested: [1, 'two', null, true] },
    };
    writeFileSync(file, JSON.stringify(original, null, 2));
    await setCredential({ file, registryKey: 'reg.example', credential: { username: 'u', password: 'p' } });
    const after = read(file);
    const { auths, ...rest } = after;
    const { auths: origAuths, ...origRest } = original;
    expect(rest).toEqual(origRest);
    expect(auths).toEqual({ ...origAuths, 'reg.example': { auth: b64('u:p') } });
    expect(Object.keys(after)).toEqual(Object.keys(original));
    expect(await removeCredential({ file, registryKey: 'reg.example' })).toBe(true);
    expect(read(file)).toEqual(original);
  });

  it('G02: an absolute symlink stays a link and its target is updated', async () => {
    const d = fresh();
    const target = join(d, 'real', 'auth.json');
    mkdirSync(join(d, 'real'));
    writeFileSync(target, '{"auths":{"keep.io":{"auth":"eDp5"}}}');
    const link = join(d, 'auth.json');
    symlinkSync(target, link);
    await setCredential({
      file: link,
      registryKey: 'reg.example',
      credential: { username: 'u', password: 'p' },
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(read(target).auths as object)).toEqual(['keep.io', 'reg.example']);
  });

  it('G02: a relative symlink (also a chain of them) resolves against the link directory, not the CWD', async () => {
    const d = fresh();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'b'));
    const target = join(d, 'b', 'auth.json');
    writeFileSync(target, '{}');
    symlinkSync('../b/auth.json', join(d, 'a', 'mid.json'));
    symlinkSync('mid.json', join(d, 'a', 'auth.json'));
    await setCredential({
      file: join(d, 'a', 'auth.json'),
      registryKey: 'reg.example',
      credential: { username: 'u', password: 'p' },
    });
    expect(lstatSync(join(d, 'a', 'auth.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, 'a', 'mid.json')).isSymbolicLink()).toBe(true);
    expect(Object.keys(read(target).auths as object)).toEqual(['reg.example']);
    expect(readdirSync(join(d, 'a')).sort()).toEqual(['auth.json', 'mid.json']);
  });

  it('a dangling symlink creates its target', async () => {
    const d = fresh();
    symlinkSync('target.json', join(d, 'auth.json'));
    await setCredential({
      file: join(d, 'auth.json'),
      registryKey: 'r.io',
      credential: { username: 'u', password: 'p' },
    });
    expect(lstatSync(join(d, 'auth.json')).isSymbolicLink()).toBe(true);
    expect(Object.keys(read(join(d, 'target.json')).auths as object)).toEqual(['r.io']);
  });

  it('a symlink loop is an error', async () => {
    const d = fresh();
    symlinkSync('b.json', join(d, 'a.json'));
    symlinkSync('a.json', join(d, 'b.json'));
    await expect(
      setCredential({
        file: join(d, 'a.json'),
        registryKey: 'r.io',
        credential: { username: 'u', password: 'p' },
      }),
    ).rejects.toThrow('levels of symbolic links');
  });

  it('G03: 10 concurrent writers in one process all land, no temp or lock files left', async () => {
    const d = fresh();
    const file = join(d, 'auth.json');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        setCredential({
          file,
          registryKey: `reg${i}.example`,
          credential: { username: `u${i}`, password: 'p' },
        }),
      ),
    );
    expect(Object.keys(read(file).auths as object).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `reg${i}.example`).sort(),
    );
    expect(readdirSync(d)).toEqual(['auth.json']);
  });

  it('G03: 10 concurrent writer processes all land; a concurrent reader never sees partial JSON', async () => {
    const d = fresh();
    const file = join(d, 'auth.json');
    // Bundle the module so plain `node` children can run it.
    const bundle = join(root, 'auth-file-write.bundle.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'auth-file-write.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
    const script = join(root, 'writer.mjs');
    writeFileSync(
      script,
      `import { setCredential } from ${JSON.stringify(bundle)};\n` +
        `const [file, key] = process.argv.slice(2);\n` +
        `await setCredential({ file, registryKey: key, credential: { username: key, password: 'p' } });\n`,
    );
    const exits = Array.from({ length: 10 }, (_, i) => {
      const child = spawn(process.execPath, [script, file, `proc${i}.example`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      trackChild(child);
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      return new Promise<{ code: number | null; stderr: string }>((resolve) =>
        child.on('close', (code) => resolve({ code, stderr })),
      );
    });
    let done = false;
    const all = Promise.all(exits).finally(() => {
      done = true;
    });
    while (!done) {
      const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (text !== undefined) {
        expect(() => JSON.parse(text)).not.toThrow();
      }
    }
    const results = await all;
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ code: 0, stderr: '' })));
    expect(Object.keys(read(file).auths as object).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `proc${i}.example`).sort(),
    );
    expect(readdirSync(d)).toEqual(['auth.json']);
  });
});

describe('removeCredential and removeAll', () => {
  const setup = (): string => {
    const file = join(fresh(), 'auth.json');
    writeFileSync(
      file,
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:p') },
          'docker.io/myorg': { auth: b64('org:p') },
          'quay.io': { auth: b64('q:p') },
          'quay.io/org1': { auth: b64('q1:p') },
          'LOCALHOST:5000': { auth: b64('l:p') },
        },
        credHelpers: { 'gcr.io': 'gcloud' },
      }),
    );
    return file;
  };

  it.each([
    { name: 'G10: only that key', key: 'quay.io', gone: ['quay.io'] },
    { name: 'a namespaced key only', key: 'quay.io/org1', gone: ['quay.io/org1'] },
    {
      name: "docker.io removes Docker's v1 key too, not the namespace",
      key: 'docker.io',
      gone: ['https://index.docker.io/v1/'],
    },
    { name: 'other host case', key: 'localhost:5000', gone: ['LOCALHOST:5000'] },
  ])('$name', async ({ key, gone }) => {
    const file = setup();
    const before = Object.keys(read(file).auths as object);
    expect(await removeCredential({ file, registryKey: key })).toBe(true);
    expect(Object.keys(read(file).auths as object)).toEqual(before.filter((k) => !gone.includes(k)));
    expect(read(file).credHelpers).toEqual({ 'gcr.io': 'gcloud' });
  });

  it('G10: not logged in → false, and the file is not rewritten', async () => {
    const file = setup();
    const before = readFileSync(file, 'utf8');
    const ino = statSync(file).ino;
    expect(await removeCredential({ file, registryKey: 'ghcr.io' })).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).ino).toBe(ino);
  });

  it('on a missing file → false, and no file is created', async () => {
    const file = join(fresh(), 'auth.json');
    expect(await removeCredential({ file, registryKey: 'r.io' })).toBe(false);
    expect(() => statSync(file)).toThrow();
  });

  it('removeAll clears auths and keeps helper configuration', async () => {
    const file = setup();
    expect(await removeAll({ file })).toBe(true);
    expect(read(file)).toEqual({ auths: {}, credHelpers: { 'gcr.io': 'gcloud' } });
    expect(await removeAll({ file })).toBe(false);
  });
});
