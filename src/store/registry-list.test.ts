import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistriesConf, type RegistriesConf } from '../registry/config/index.js';
import type { StoredLogin } from '../registry/login/index.js';
import { buildRegistryList } from './registry-list.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** registries.conf with `toml` as its only file. */
const conf = (toml: string): RegistriesConf => {
  const path = join(dir, 'registries.conf');
  writeFileSync(path, toml);
  return loadRegistriesConf({ env: {}, homeDir: dir, path, systemDir: join(dir, 'none.d') });
};

const login = (registry: string, extra: Partial<StoredLogin> = {}): StoredLogin => ({
  key: registry,
  registry,
  kind: 'auth-file',
  path: '/run/auth.json',
  ...extra,
});

describe('buildRegistryList', () => {
  it('lists docker.io when nothing else is known', () => {
    expect(buildRegistryList({ logins: [], recents: [], added: [] }).map((e) => [e.id, e.sources])).toEqual([
      ['docker.io', ['default']],
    ]);
  });

  it('merges sources per registry: command line first, then recent, then by name', () => {
    const list = buildRegistryList({
      logins: [
        login('quay.io', { username: 'alice' }),
        login('quay.io', {
          key: 'quay.io/org',
          kind: 'docker-config',
          path: '/h/.docker/config.json',
          username: 'bob',
        }),
        login('ghcr.io', { kind: 'docker-config', helper: 'pass' }),
      ],
      conf: conf(
        'unqualified-search-registries = ["registry.fedoraproject.org"]\n[[registry]]\nlocation = "mirror.local:5000"\ninsecure = true\n[[registry]]\nprefix = "*.example.com"\nlocation = ""\nblocked = true\n',
      ),
      recents: [
        { registry: 'old.io', usedAt: 1 },
        { registry: 'quay.io', usedAt: 5 },
      ],
      commandLine: { transport: 'oci', path: './layout' },
      added: [{ registry: 'new.io:5000', tlsVerify: false }],
    });
    expect(list.map((e) => [e.id, e.sources])).toEqual([
      ['oci:./layout', ['command-line']],
      ['quay.io', ['recent', 'auth-file', 'docker-config']],
      ['old.io', ['recent']],
      ['docker.io', ['default']],
      ['ghcr.io', ['docker-config']],
      ['mirror.local:5000', ['registries-conf']],
      ['new.io:5000', ['added']],
      ['registry.fedoraproject.org', ['registries-conf']],
    ]);
    const byId = new Map(list.map((e) => [e.id, e]));
    expect(byId.get('quay.io')?.logins.map((l) => l.username)).toEqual(['alice', 'bob']);
    expect(byId.get('ghcr.io')?.logins[0]?.helper).toBe('pass');
    expect(byId.get('mirror.local:5000')?.insecure).toBe(true);
    expect(byId.get('new.io:5000')?.tlsVerify).toBe(false);
    expect(byId.get('oci:./layout')?.kind).toBe('layout');
  });

  it('a docker:// name on the command line puts its registry first', () => {
    const list = buildRegistryList({
      logins: [],
      recents: [{ registry: 'a.io', usedAt: 9 }],
      commandLine: { transport: 'docker', ref: { registry: 'b.io', repository: 'x/y', tag: 'latest' } },
      added: [],
    });
    expect(list.map((e) => e.id)).toEqual(['b.io', 'a.io', 'docker.io']);
  });

  it.each([
    {
      name: 'recent layouts come below the registries, most recent first, a missing one marked',
      commandLine: undefined,
      commandLineLayout: undefined,
      out: [
        ['a.io', ['recent'], undefined],
        ['docker.io', ['default'], undefined],
        ['oci:/srv/new', ['recent'], undefined],
        ['oci:/srv/gone', ['recent'], true],
        ['oci:/srv/old', ['recent'], undefined],
      ],
    },
    {
      name: "the command line's layout takes its recent entry into its row",
      commandLine: { transport: 'oci', path: './new', image: 'v1' } as const,
      commandLineLayout: '/srv/new',
      out: [
        ['oci:./new:v1', ['command-line', 'recent'], undefined],
        ['a.io', ['recent'], undefined],
        ['docker.io', ['default'], undefined],
        ['oci:/srv/gone', ['recent'], true],
        ['oci:/srv/old', ['recent'], undefined],
      ],
    },
    {
      name: 'a layout named the same way on the command line is listed once',
      commandLine: { transport: 'oci', path: '/srv/old' } as const,
      commandLineLayout: undefined,
      out: [
        ['oci:/srv/old', ['command-line'], undefined],
        ['a.io', ['recent'], undefined],
        ['docker.io', ['default'], undefined],
        ['oci:/srv/new', ['recent'], undefined],
        ['oci:/srv/gone', ['recent'], true],
      ],
    },
  ])('$name', ({ commandLine, commandLineLayout, out }) => {
    const list = buildRegistryList({
      logins: [],
      recents: [{ registry: 'a.io', usedAt: 1 }],
      layouts: [
        { transport: 'oci', path: '/srv/old', usedAt: 2 },
        { transport: 'oci', path: '/srv/new', usedAt: 9 },
        { transport: 'oci', path: '/srv/gone', usedAt: 5, missing: true },
      ],
      ...(commandLine ? { commandLine } : {}),
      ...(commandLineLayout ? { commandLineLayout } : {}),
      added: [],
    });
    expect(list.map((e) => [e.id, e.sources, e.missing])).toEqual(out);
    for (const e of list.filter((x) => x.sources.includes('recent') && x.id.startsWith('oci:'))) {
      expect(e.kind).toBe('layout');
      expect(e.registry).toBeUndefined();
    }
    expect(list.find((e) => e.id === 'oci:/srv/gone')?.image).toEqual({
      transport: 'oci',
      path: '/srv/gone',
    });
  });
});
