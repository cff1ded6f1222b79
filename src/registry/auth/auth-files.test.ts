import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../test/harness/cleanup.js';
import {
  AUTH_FILE_LIMIT,
  AuthFileError,
  decodeAuthEntry,
  parseAuthFile,
  readAuthFile,
} from './auth-files.js';
import { authFilePaths } from './auth-paths.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const SECRET = 'S3CR3T-xyz';

describe('decodeAuthEntry', () => {
  const cases = [
    { name: 'user:pass', entry: { auth: b64('alice:pw') }, want: { username: 'alice', password: 'pw' } },
    {
      name: 'split at the first colon',
      entry: { auth: b64('alice:p:w:') },
      want: { username: 'alice', password: 'p:w:' },
    },
    {
      name: 'NULs trimmed from the password',
      entry: { auth: b64('alice:pw\0\0') },
      want: { username: 'alice', password: 'pw' },
    },
    {
      name: 'leading NULs trimmed too',
      entry: { auth: b64('alice:\0pw') },
      want: { username: 'alice', password: 'pw' },
    },
    { name: 'identity token only', entry: { identitytoken: 'idt' }, want: { identityToken: 'idt' } },
    {
      name: 'auth and identity token',
      entry: { auth: b64('alice:pw'), identitytoken: 'idt' },
      want: { username: 'alice', password: 'pw', identityToken: 'idt' },
    },
    { name: 'empty entry {}', entry: {}, want: undefined },
    { name: 'empty auth', entry: { auth: '' }, want: undefined },
    { name: 'user without password', entry: { auth: b64('alice:') }, want: undefined },
    {
      name: 'unpadded base64 accepted',
      entry: { auth: b64('alice:pw').replace(/=+$/, '') },
      want: { username: 'alice', password: 'pw' },
    },
  ];
  it.each(cases)('$name', ({ entry, want }) => {
    const warnings: string[] = [];
    expect(decodeAuthEntry(entry, { key: 'k', path: 'f', onWarning: (m) => warnings.push(m) })).toEqual(want);
    expect(warnings).toEqual([]);
  });

  // G12: no colon → ignored with a warning naming the key, never the decoded text.
  it.each([
    { name: 'G12 no colon', auth: b64(SECRET), problem: 'user:password' },
    { name: 'not base64', auth: `${SECRET}!!`, problem: 'base64' },
  ])('$name → ignored with a warning', ({ auth, problem }) => {
    const warnings: string[] = [];
    const got = decodeAuthEntry(
      { auth },
      { key: 'reg.example', path: '/x/auth.json', onWarning: (m) => warnings.push(m) },
    );
    expect(got).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"reg.example"');
    expect(warnings[0]).toContain('/x/auth.json');
    expect(warnings[0]).toContain(problem);
    expect(warnings[0]).not.toContain(SECRET);
    expect(warnings[0]).not.toContain(auth);
  });
});

describe('parseAuthFile', () => {
  it('reads auths, credHelpers and credsStore and tolerates unknown keys', () => {
    const f = parseAuthFile(
      JSON.stringify({
        auths: { 'a.io': { auth: b64('u:p'), email: 'x' }, 'b.io': {} },
        credHelpers: { 'c.io': 'pass', 'd.io': '' },
        credsStore: 'desktop',
        HttpHeaders: { 'User-Agent': 'x' },
        currentContext: 'default',
      }),
      { path: 'p' },
    );
    expect([...f.auths.keys()]).toEqual(['a.io', 'b.io']);
    expect(f.auths.get('a.io')).toEqual({ auth: b64('u:p') });
    expect([...f.credHelpers]).toEqual([['c.io', 'pass']]);
    expect(f.credsStore).toBe('desktop');
  });

  it('legacy format: top-level map, no helpers', () => {
    const f = parseAuthFile(
      JSON.stringify({ 'https://index.docker.io/v1/': { auth: b64('u:p'), email: 'e' }, credsStore: 'x' }),
      {
        path: 'p',
        legacy: true,
      },
    );
    expect([...f.auths.keys()]).toEqual(['https://index.docker.io/v1/']);
    expect(f.credsStore).toBeUndefined();
  });

  it('an empty file is an empty config', () => {
    expect(parseAuthFile('  \n', { path: 'p' }).auths.size).toBe(0);
  });

  it('skips non-object entries with a warning', () => {
    const warnings: string[] = [];
    const f = parseAuthFile(JSON.stringify({ auths: { 'a.io': 'nope', 'b.io': {} } }), {
      path: 'p',
      onWarning: (m) => warnings.push(m),
    });
    expect([...f.auths.keys()]).toEqual(['b.io']);
    expect(warnings[0]).toContain('"a.io"');
  });

  it.each([
    { name: 'not JSON', text: '{"auths": ', problem: 'not valid JSON' },
    { name: 'array', text: '[]', problem: 'not a JSON object' },
    { name: 'auths is a string', text: '{"auths":"x"}', problem: '"auths" is not an object' },
    { name: 'credHelpers is an array', text: '{"credHelpers":[]}', problem: '"credHelpers"' },
    { name: 'credsStore is a number', text: '{"credsStore":1}', problem: '"credsStore"' },
  ])('rejects $name, naming the file', ({ text, problem }) => {
    expect(() => parseAuthFile(text, { path: '/some/auth.json' })).toThrow(AuthFileError);
    expect(() => parseAuthFile(text, { path: '/some/auth.json' })).toThrow(/\/some\/auth\.json.*/);
    expect(() => parseAuthFile(text, { path: '/some/auth.json' })).toThrow(problem);
  });

  it('__proto__ keys stay data', () => {
    const f = parseAuthFile('{"auths":{"__proto__":{"auth":"eDp5"}},"__proto__":{"polluted":1}}', {
      path: 'p',
    });
    expect([...f.auths.keys()]).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('readAuthFile', () => {
  const dir = makeTempDir('auth-files');
  afterAll(() => removeTempDir(dir));

  it('missing file (or missing directory) → undefined', async () => {
    expect(await readAuthFile({ path: join(dir, 'nope.json') })).toBeUndefined();
    expect(await readAuthFile({ path: join(dir, 'nope', 'auth.json') })).toBeUndefined();
  });

  it('a directory in place of the file is an error naming it', async () => {
    const p = join(dir, 'isdir.json');
    await mkdir(p);
    await expect(readAuthFile({ path: p })).rejects.toThrow(`credentials file ${p}: is not a regular file`);
  });

  it('an oversized file is refused', async () => {
    const p = join(dir, 'big.json');
    await writeFile(p, ' '.repeat(AUTH_FILE_LIMIT + 1));
    await expect(readAuthFile({ path: p })).rejects.toThrow('is larger than');
  });
});

describe('authFilePaths', () => {
  it.each([
    {
      name: 'Linux with XDG_RUNTIME_DIR',
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      platform: 'linux' as const,
      want: {
        primary: '/run/user/1000/containers/auth.json',
        xdgConfig: '/home/u/.config/containers/auth.json',
        dockerConfig: '/home/u/.docker/config.json',
        dockercfg: '/home/u/.dockercfg',
        runtimeDir: '/run/user/1000',
      },
    },
    {
      name: 'Linux without XDG_RUNTIME_DIR',
      env: {},
      platform: 'linux' as const,
      want: { primary: '/run/containers/1234/auth.json' },
    },
    {
      name: 'empty variables count as unset',
      env: { XDG_RUNTIME_DIR: '', XDG_CONFIG_HOME: '', DOCKER_CONFIG: '' },
      platform: 'linux' as const,
      want: {
        primary: '/run/containers/1234/auth.json',
        xdgConfig: '/home/u/.config/containers/auth.json',
        dockerConfig: '/home/u/.docker/config.json',
      },
    },
    {
      name: 'XDG_CONFIG_HOME and DOCKER_CONFIG',
      env: { XDG_CONFIG_HOME: '/cfg', DOCKER_CONFIG: '/dcfg' },
      platform: 'linux' as const,
      want: { xdgConfig: '/cfg/containers/auth.json', dockerConfig: '/dcfg/config.json' },
    },
    {
      name: 'macOS ignores XDG_RUNTIME_DIR',
      env: { XDG_RUNTIME_DIR: '/tmp/x' },
      platform: 'darwin' as const,
      want: { primary: '/home/u/.config/containers/auth.json', runtimeDir: undefined },
    },
  ])('$name', ({ env, platform, want }) => {
    const got = authFilePaths(env, '/home/u', { platform, uid: 1234 });
    expect(got).toMatchObject(Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)));
    if ('runtimeDir' in want && want.runtimeDir === undefined) expect(got.runtimeDir).toBeUndefined();
    expect(got.chain.map((c) => c.kind)).toEqual(['auth-file', 'auth-file', 'docker-config', 'dockercfg']);
    expect(got.chain.map((c) => c.path)).toEqual([
      got.primary,
      got.xdgConfig,
      got.dockerConfig,
      got.dockercfg,
    ]);
  });
});
