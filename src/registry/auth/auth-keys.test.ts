import { describe, expect, it } from 'vitest';
import { authKeyCandidates, matchAuthKeys, matchHelperKey, normalizeAuthKey } from './auth-keys.js';

describe('normalizeAuthKey', () => {
  it.each([
    { name: 'host', key: 'quay.io', want: 'quay.io' },
    { name: 'namespaced', key: 'quay.io/org1/app', want: 'quay.io/org1/app' },
    { name: 'trailing slash', key: 'quay.io/org1/', want: 'quay.io/org1' },
    { name: 'Docker Hub v1 URL', key: 'https://index.docker.io/v1/', want: 'docker.io' },
    { name: 'registry-1 alias', key: 'registry-1.docker.io', want: 'docker.io' },
    { name: 'index alias', key: 'index.docker.io', want: 'docker.io' },
    { name: 'hub alias with a namespace', key: 'index.docker.io/library', want: 'docker.io/library' },
    { name: 'http URL: path dropped, port kept', key: 'http://myreg:5000/v1/', want: 'myreg:5000' },
    { name: 'scheme is case-insensitive', key: 'HTTPS://Quay.IO/v2/', want: 'quay.io' },
    { name: 'host case folded, path kept', key: 'LOCALHOST:5000/Ns', want: 'localhost:5000/Ns' },
    { name: 'IPv6 with port', key: '[::1]:5000', want: '[::1]:5000' },
    { name: 'no host', key: 'https:///v1/', want: undefined },
    { name: 'empty', key: '', want: undefined },
  ])('$name', ({ key, want }) => {
    expect(normalizeAuthKey(key)).toBe(want);
  });

  it('legacy keys lose their path', () => {
    expect(normalizeAuthKey('quay.io/org1', { legacy: true })).toBe('quay.io');
  });
});

describe('authKeyCandidates', () => {
  it('most specific first', () => {
    expect(authKeyCandidates('quay.io', 'org/ns/app')).toEqual({
      raw: ['quay.io/org/ns/app', 'quay.io/org/ns', 'quay.io/org', 'quay.io'],
      normalized: ['quay.io/org/ns/app', 'quay.io/org/ns', 'quay.io/org', 'quay.io'],
    });
    expect(authKeyCandidates('index.docker.io').normalized).toEqual(['docker.io']);
  });
});

describe('matchAuthKeys', () => {
  // G08 and G09 from reliability.md §4.
  const cases: Array<{
    name: string;
    keys: string[];
    registry: string;
    repository?: string;
    legacy?: boolean;
    want: string[];
  }> = [
    {
      name: 'G08 namespace match',
      keys: ['quay.io', 'quay.io/org1'],
      registry: 'quay.io',
      repository: 'org1/x',
      want: ['quay.io/org1', 'quay.io'],
    },
    {
      name: 'G08 other namespace uses the host',
      keys: ['quay.io/org1', 'quay.io'],
      registry: 'quay.io',
      repository: 'org2/x',
      want: ['quay.io'],
    },
    {
      name: 'G08 segment boundary: org1x is not org1',
      keys: ['quay.io/org1'],
      registry: 'quay.io',
      repository: 'org1x/y',
      want: [],
    },
    {
      name: 'full repository key',
      keys: ['quay.io', 'quay.io/org1/x'],
      registry: 'quay.io',
      repository: 'org1/x',
      want: ['quay.io/org1/x', 'quay.io'],
    },
    {
      name: 'a key for a deeper path does not apply',
      keys: ['quay.io/org1/x/y'],
      registry: 'quay.io',
      repository: 'org1/x',
      want: [],
    },
    {
      name: 'G09 hub v1 URL',
      keys: ['https://index.docker.io/v1/'],
      registry: 'docker.io',
      repository: 'library/alpine',
      want: ['https://index.docker.io/v1/'],
    },
    {
      name: 'G09 registry-1',
      keys: ['registry-1.docker.io'],
      registry: 'docker.io',
      want: ['registry-1.docker.io'],
    },
    { name: 'G09 docker.io', keys: ['docker.io'], registry: 'index.docker.io', want: ['docker.io'] },
    {
      name: 'G09 exact spelling preferred over aliases',
      keys: ['https://index.docker.io/v1/', 'docker.io'],
      registry: 'docker.io',
      want: ['docker.io', 'https://index.docker.io/v1/'],
    },
    {
      name: 'G09 http URL key with port',
      keys: ['http://myreg:5000/v1/'],
      registry: 'myreg:5000',
      want: ['http://myreg:5000/v1/'],
    },
    { name: 'G09 port matters (key has a port)', keys: ['myreg:5000'], registry: 'myreg', want: [] },
    { name: 'G09 port matters (registry has a port)', keys: ['myreg'], registry: 'myreg:5000', want: [] },
    {
      name: 'G09 host case is folded',
      keys: ['LOCALHOST:5000'],
      registry: 'localhost:5000',
      want: ['LOCALHOST:5000'],
    },
    {
      name: 'G09 host case: exact spelling first',
      keys: ['localhost:5000', 'LOCALHOST:5000'],
      registry: 'LOCALHOST:5000',
      want: ['LOCALHOST:5000', 'localhost:5000'],
    },
    {
      name: 'URL key with a path is a host key',
      keys: ['https://quay.io/org1'],
      registry: 'quay.io',
      repository: 'other/x',
      want: ['https://quay.io/org1'],
    },
    {
      name: 'legacy file matches hosts only',
      keys: ['quay.io/org1', 'https://quay.io/v1/'],
      registry: 'quay.io',
      repository: 'org2/x',
      legacy: true,
      want: ['quay.io/org1', 'https://quay.io/v1/'],
    },
    { name: 'unrelated host', keys: ['quay.io'], registry: 'ghcr.io', want: [] },
    { name: 'suffix host does not match', keys: ['io'], registry: 'quay.io', want: [] },
  ];
  it.each(cases)('$name', ({ keys, registry, repository, legacy, want }) => {
    expect(
      matchAuthKeys(keys, { registry, ...(repository ? { repository } : {}), ...(legacy ? { legacy } : {}) }),
    ).toEqual(want);
  });
});

describe('matchHelperKey', () => {
  it.each([
    { name: 'exact', keys: ['reg.example'], registry: 'reg.example', want: 'reg.example' },
    {
      name: 'hub by v1 URL',
      keys: ['https://index.docker.io/v1/'],
      registry: 'docker.io',
      want: 'https://index.docker.io/v1/',
    },
    {
      name: 'hub by index host (Docker writes this)',
      keys: ['index.docker.io'],
      registry: 'docker.io',
      want: 'index.docker.io',
    },
    {
      name: 'namespaced helper keys are ignored',
      keys: ['quay.io/org'],
      registry: 'quay.io',
      want: undefined,
    },
    { name: 'port matters', keys: ['reg:5000'], registry: 'reg', want: undefined },
    { name: 'case folded', keys: ['REG.example'], registry: 'reg.example', want: 'REG.example' },
  ])('$name', ({ keys, registry, want }) => {
    expect(matchHelperKey(keys, registry)).toBe(want);
  });
});
