import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../test/harness/cleanup.js';
import { createKeychain, type KeychainOptions } from './keychain.js';
import { HELPER_SECRET, writeFakeHelpers } from './testing/fake-helpers.js';

const root = makeTempDir('keychain');
const fakes = writeFakeHelpers(root);
afterAll(() => removeTempDir(root));

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const entry = (user: string, pass = 'pw') => ({ auth: b64(`${user}:${pass}`) });

type FileName = 'primary' | 'xdg' | 'docker' | 'dockercfg' | 'explicit';
let sandboxCount = 0;

/** A fresh HOME and XDG_RUNTIME_DIR with the given files written. */
interface SandboxExtra extends Partial<KeychainOptions> {
  envExtra?: NodeJS.ProcessEnv;
  /** Point --authfile (`option`) or REGISTRY_AUTH_FILE (`env`) at the sandbox's explicit.json. */
  explicit?: 'option' | 'env';
  /** Point --authfile at another sandbox file. */
  authFileOption?: FileName;
}

function sandbox(files: Partial<Record<FileName, unknown>>, extra: SandboxExtra = {}) {
  const base = join(root, `s${sandboxCount++}`);
  const home = join(base, 'home');
  const run = join(base, 'run');
  mkdirSync(home, { recursive: true });
  mkdirSync(run, { recursive: true });
  const paths: Record<FileName, string> = {
    primary: join(run, 'containers', 'auth.json'),
    xdg: join(home, '.config', 'containers', 'auth.json'),
    docker: join(home, '.docker', 'config.json'),
    dockercfg: join(home, '.dockercfg'),
    explicit: join(base, 'explicit.json'),
  };
  for (const [name, content] of Object.entries(files)) {
    const p = paths[name as FileName];
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  }
  const warnings: string[] = [];
  const { envExtra, explicit, authFileOption, ...rest } = extra;
  if (explicit === 'option') rest.authFile = paths.explicit;
  if (authFileOption) rest.authFile = paths[authFileOption];
  const keychain = createKeychain({
    env: {
      ...fakes.env,
      XDG_RUNTIME_DIR: run,
      ...(explicit === 'env' ? { REGISTRY_AUTH_FILE: paths.explicit } : {}),
      ...envExtra,
    },
    homeDir: home,
    platform: { platform: 'linux', uid: 1000 },
    onWarning: (m) => warnings.push(m),
    ...rest,
  });
  return { keychain, paths, warnings, base };
}

describe('keychain: chain order', () => {
  const cases: Array<{
    name: string;
    files: Partial<Record<FileName, unknown>>;
    want: { kind: string; file?: FileName; user?: string };
  }> = [
    { name: 'nothing stored → anonymous', files: {}, want: { kind: 'anonymous' } },
    {
      name: 'dockercfg (legacy format)',
      files: { dockercfg: { 'https://reg.example/v1/': entry('legacy') } },
      want: { kind: 'dockercfg', file: 'dockercfg', user: 'legacy' },
    },
    {
      name: 'docker config before dockercfg',
      files: {
        docker: { auths: { 'reg.example': entry('docker') } },
        dockercfg: { 'reg.example': entry('legacy') },
      },
      want: { kind: 'docker-config', file: 'docker', user: 'docker' },
    },
    {
      name: 'XDG config auth.json before docker config',
      files: {
        xdg: { auths: { 'reg.example': entry('xdg') } },
        docker: { auths: { 'reg.example': entry('docker') } },
      },
      want: { kind: 'auth-file', file: 'xdg', user: 'xdg' },
    },
    {
      name: 'primary (XDG_RUNTIME_DIR) first',
      files: {
        primary: { auths: { 'reg.example': entry('primary') } },
        xdg: { auths: { 'reg.example': entry('xdg') } },
      },
      want: { kind: 'auth-file', file: 'primary', user: 'primary' },
    },
    {
      name: 'a file without this registry is passed over',
      files: {
        primary: { auths: { 'other.example': entry('other') } },
        docker: { auths: { 'reg.example': entry('docker') } },
      },
      want: { kind: 'docker-config', file: 'docker', user: 'docker' },
    },
    {
      name: 'empty {} entries are skipped, to the next file',
      files: { primary: { auths: { 'reg.example': {} } }, xdg: { auths: { 'reg.example': entry('xdg') } } },
      want: { kind: 'auth-file', file: 'xdg', user: 'xdg' },
    },
    {
      name: 'an empty namespaced entry falls back to the host entry in the same file',
      files: { primary: { auths: { 'reg.example/ns': {}, 'reg.example': entry('host') } } },
      want: { kind: 'auth-file', file: 'primary', user: 'host' },
    },
    {
      name: 'namespaced key wins within a file',
      files: { primary: { auths: { 'reg.example': entry('host'), 'reg.example/ns': entry('ns') } } },
      want: { kind: 'auth-file', file: 'primary', user: 'ns' },
    },
    {
      name: 'a namespaced key in an earlier file beats a host key in a later one (first file wins)',
      files: {
        primary: { auths: { 'reg.example/ns': entry('ns') } },
        xdg: { auths: { 'reg.example/ns/app': entry('app') } },
      },
      want: { kind: 'auth-file', file: 'primary', user: 'ns' },
    },
    {
      name: 'identity token entry',
      files: { primary: { auths: { 'reg.example': { identitytoken: 'idt' } } } },
      want: { kind: 'auth-file', file: 'primary' },
    },
  ];

  it.each(cases)('$name', async ({ files, want }) => {
    const { keychain, paths } = sandbox(files);
    const r = await keychain.resolve({ registry: 'reg.example', repository: 'ns/app' });
    expect(r.source.kind).toBe(want.kind);
    if (want.file) expect(r.source.path).toBe(paths[want.file]);
    if (want.user) expect(r.credential?.username).toBe(want.user);
    if (want.kind === 'anonymous') expect(r.credential).toBeUndefined();
  });

  it('reports the matching key', async () => {
    const { keychain } = sandbox({ docker: { auths: { 'https://index.docker.io/v1/': entry('hub') } } });
    const r = await keychain.resolve({ registry: 'docker.io', repository: 'library/alpine' });
    expect(r.source).toMatchObject({ kind: 'docker-config', key: 'https://index.docker.io/v1/' });
    expect(r.credential).toEqual({ username: 'hub', password: 'pw' });
  });
});

describe('keychain: --authfile and REGISTRY_AUTH_FILE', () => {
  const files = {
    primary: { auths: { 'reg.example': entry('primary') } },
    docker: { auths: { 'reg.example': entry('docker') } },
    explicit: { auths: { 'other.example': entry('explicit') } },
  };

  it.each([
    { name: '--authfile', how: 'option' as const },
    { name: 'REGISTRY_AUTH_FILE (the default --authfile)', how: 'env' as const },
  ])('$name is the only file read (no fallback)', async ({ how }) => {
    const { keychain, paths } = sandbox(files, { explicit: how });
    expect((await keychain.resolve({ registry: 'reg.example' })).source).toEqual({ kind: 'anonymous' });
    const r = await keychain.resolve({ registry: 'other.example' });
    expect(r.source).toEqual({ kind: 'auth-file', path: paths.explicit, key: 'other.example' });
    expect(r.credential?.username).toBe('explicit');
  });

  it('--authfile wins over REGISTRY_AUTH_FILE', async () => {
    const { keychain } = sandbox(files, { explicit: 'env', authFileOption: 'primary' });
    expect((await keychain.resolve({ registry: 'reg.example' })).credential?.username).toBe('primary');
  });

  it('a missing --authfile means anonymous, not the default chain', async () => {
    const { keychain } = sandbox({ primary: files.primary, docker: files.docker }, { explicit: 'option' });
    expect((await keychain.resolve({ registry: 'reg.example' })).source.kind).toBe('anonymous');
  });
});

describe('keychain: helpers and credsStore', () => {
  it('credHelpers[host] answers', async () => {
    const { keychain, paths } = sandbox({
      docker: { credHelpers: { 'reg.example': 'ok' }, auths: { 'reg.example': entry('inline') } },
    });
    const r = await keychain.resolve({ registry: 'reg.example' });
    expect(r.credential).toEqual({ username: 'alice', password: HELPER_SECRET });
    expect(r.source).toEqual({ kind: 'cred-helper', path: paths.docker, helper: 'ok', key: 'reg.example' });
  });

  it("a credHelpers miss moves to the next file, not to the same file's auths", async () => {
    const { keychain } = sandbox({
      docker: { credHelpers: { 'reg.example': 'notfound' }, auths: { 'reg.example': entry('inline') } },
      dockercfg: { 'reg.example': entry('legacy') },
    });
    expect((await keychain.resolve({ registry: 'reg.example' })).credential?.username).toBe('legacy');
  });

  it('G06: a helper that is not installed fails the lookup; no fallback anywhere', async () => {
    const { keychain } = sandbox({
      docker: {
        credHelpers: { 'reg.example': 'missing' },
        auths: { 'reg.example': entry('inline') },
        credsStore: 'ok',
      },
      dockercfg: { 'reg.example': entry('legacy') },
    });
    await expect(keychain.resolve({ registry: 'reg.example' })).rejects.toThrow(
      'credential helper docker-credential-missing not found',
    );
  });

  it('a failing credsStore fails the lookup too', async () => {
    const { keychain } = sandbox({
      docker: { credsStore: 'fail', auths: { 'reg.example': entry('inline') } },
    });
    await expect(keychain.resolve({ registry: 'reg.example' })).rejects.toThrow(
      'docker-credential-fail get failed',
    );
  });

  it('precedence in a Docker file: credHelpers > credsStore > auths', async () => {
    const both = sandbox({
      docker: {
        credHelpers: { 'reg.example': 'token' },
        credsStore: 'ok',
        auths: { 'reg.example': entry('inline') },
      },
    });
    expect((await both.keychain.resolve({ registry: 'reg.example' })).source.kind).toBe('cred-helper');
    const store = sandbox({ docker: { credsStore: 'ok', auths: { 'reg.example': entry('inline') } } });
    const r = await store.keychain.resolve({ registry: 'reg.example' });
    expect(r.source).toMatchObject({ kind: 'creds-store', helper: 'ok' });
    expect(r.credential?.username).toBe('alice');
    const miss = sandbox({ docker: { credsStore: 'notfound', auths: { 'reg.example': entry('inline') } } });
    const m = await miss.keychain.resolve({ registry: 'reg.example' });
    expect(m.source.kind).toBe('docker-config');
    expect(m.credential?.username).toBe('inline');
  });

  it('credHelpers for Docker Hub by index host; asks with the v1 URL first', async () => {
    const { keychain } = sandbox({ docker: { credHelpers: { 'index.docker.io': 'ok' } } });
    const r = await keychain.resolve({ registry: 'docker.io', repository: 'library/alpine' });
    expect(r.credential?.username).toBe('hubuser');
    expect(r.source.key).toBe('https://index.docker.io/v1/');
  });

  it('Docker Hub: falls back to asking with docker.io', async () => {
    const { keychain } = sandbox({ docker: { credsStore: 'hubdockerio' } });
    const r = await keychain.resolve({ registry: 'docker.io' });
    expect(r.credential?.username).toBe('late');
    expect(r.source.key).toBe('docker.io');
  });

  it('<token> from a helper becomes an identity token', async () => {
    const { keychain } = sandbox({ primary: { credHelpers: { 'reg.example': 'token' } } });
    const r = await keychain.resolve({ registry: 'reg.example' });
    expect(r.credential).toEqual({ identityToken: `refresh-${HELPER_SECRET}` });
    expect(r.source.kind).toBe('cred-helper');
  });

  it('the injected runHelper is used instead of spawning', async () => {
    const calls: string[] = [];
    const { keychain } = sandbox(
      { docker: { credsStore: 'anything' } },
      {
        runHelper: async ({ name, action, input }) => {
          calls.push(`${name} ${action} ${input}`);
          return { code: 0, stdout: '{"Username":"inj","Secret":"s"}', stderr: '' };
        },
      },
    );
    expect((await keychain.resolve({ registry: 'reg.example' })).credential?.username).toBe('inj');
    expect(calls).toEqual(['anything get reg.example']);
  });
});

describe('keychain: errors and warnings', () => {
  it('a malformed file in the chain is an error naming it', async () => {
    const { keychain, paths } = sandbox({
      primary: '{not json',
      docker: { auths: { 'reg.example': entry('d') } },
    });
    await expect(keychain.resolve({ registry: 'reg.example' })).rejects.toThrow(paths.primary);
  });

  it('warns once when XDG_RUNTIME_DIR does not exist, and continues', async () => {
    const { keychain, warnings } = sandbox(
      { docker: { auths: { 'reg.example': entry('d') } } },
      { envExtra: { XDG_RUNTIME_DIR: join(root, 'no-such-runtime-dir') } },
    );
    expect((await keychain.resolve({ registry: 'reg.example' })).credential?.username).toBe('d');
    await keychain.resolve({ registry: 'reg.example' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('XDG_RUNTIME_DIR');
  });

  it('an undecodable entry warns (without the secret) and is passed over', async () => {
    const { keychain, warnings } = sandbox({
      primary: { auths: { 'reg.example': { auth: b64(`nocolon${HELPER_SECRET}`) } } },
      xdg: { auths: { 'reg.example': entry('xdg') } },
    });
    expect((await keychain.resolve({ registry: 'reg.example' })).credential?.username).toBe('xdg');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"reg.example"');
    expect(warnings[0]).not.toContain(HELPER_SECRET);
  });
});
