import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { checkNamedFileExists, checkRuntimeDir, resolveAuthTarget } from './auth-target.js';

const home = '/home/u';
const linux = { platform: 'linux' as const, uid: 1000 };

describe('resolveAuthTarget', () => {
  it.each([
    {
      name: '--authfile wins over the environment',
      opts: { authFile: '/a.json', env: { REGISTRY_AUTH_FILE: '/r.json', DOCKER_CONFIG: '/d' } },
      want: { file: '/a.json', compat: false, lookupFile: '/a.json', named: true },
    },
    {
      name: '--compat-auth-file writes Docker format',
      opts: { compatAuthFile: '/c.json', env: { REGISTRY_AUTH_FILE: '/r.json' } },
      want: { file: '/c.json', compat: true, lookupFile: '/c.json', named: true },
    },
    {
      name: 'REGISTRY_AUTH_FILE',
      opts: { env: { REGISTRY_AUTH_FILE: '/r.json', DOCKER_CONFIG: '/d' } },
      want: { file: '/r.json', compat: false, lookupFile: '/r.json', named: true },
    },
    {
      name: 'DOCKER_CONFIG is written in Docker format',
      opts: { env: { DOCKER_CONFIG: '/d' } },
      want: { file: '/d/config.json', compat: true, lookupFile: '/d/config.json', named: true },
    },
    {
      name: 'the primary file under XDG_RUNTIME_DIR, with the default chain',
      opts: { env: { XDG_RUNTIME_DIR: '/run/user/1000' } },
      want: {
        file: '/run/user/1000/containers/auth.json',
        compat: false,
        named: false,
        runtimeDir: '/run/user/1000',
      },
    },
    {
      name: 'the primary file without XDG_RUNTIME_DIR',
      opts: { env: {} },
      want: { file: '/run/containers/1000/auth.json', compat: false, named: false },
    },
  ])('$name', ({ opts, want }) => {
    expect(resolveAuthTarget({ ...opts, homeDir: home, ...linux })).toEqual(want);
  });

  it('warns when auth.json format would go to Docker’s own config file', () => {
    const t = resolveAuthTarget({
      authFile: `${home}/.docker/config.json`,
      env: {},
      homeDir: home,
      ...linux,
    });
    expect(t.warning).toContain('not using Docker-compatible file format');
  });

  it('refuses both file flags', () => {
    expect(() => resolveAuthTarget({ authFile: '/a', compatAuthFile: '/b', env: {}, homeDir: home })).toThrow(
      UsageError,
    );
  });
});

describe('file checks', () => {
  it('checkRuntimeDir fails for a missing XDG_RUNTIME_DIR and passes for an existing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-target-'));
    try {
      await expect(
        checkRuntimeDir({ file: 'x', compat: false, named: false, runtimeDir: dir }),
      ).resolves.toBeUndefined();
      await expect(
        checkRuntimeDir({ file: 'x', compat: false, named: false, runtimeDir: join(dir, 'missing') }),
      ).rejects.toThrow('directory set by $XDG_RUNTIME_DIR does not exist');
      await expect(
        checkNamedFileExists({ file: join(dir, 'none.json'), compat: false, named: true }),
      ).rejects.toThrow(`checking authfile: stat ${join(dir, 'none.json')}: no such file or directory`);
      await expect(
        checkNamedFileExists({ file: join(dir, 'none.json'), compat: false, named: false }),
      ).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
