import { describe, expect, it } from 'vitest';
import { parseSyncYaml } from './sync-yaml.js';

describe('parseSyncYaml', () => {
  it('reads skopeo’s example, keeping file order and tags as written', () => {
    const text = `
registry.example.com:
  images:
    busybox: []
    redis:
      - "1.0"
      - 1.10
      - sha256:0000000000000000000000000000000000000000000000000000000000000000
    nginx:
  images-by-tag-regex:
    nginx: ^1\\.13\\.[12]-alpine-perl$
  images-by-semver:
    alpine: ">= 3.12.0, < 4"
  credentials:
    username: john
    password: this is a secret
  tls-verify: true
  cert-dir: /home/john/certs
quay.io:
  tls-verify: no
  images:
    coreos/etcd:
      - latest
`;
    expect(parseSyncYaml(text, 'sync.yml')).toEqual([
      {
        registry: 'registry.example.com',
        images: [
          ['busybox', []],
          ['redis', ['1.0', '1.10', `sha256:${'0'.repeat(64)}`]],
          ['nginx', []],
        ],
        byTagRegex: [['nginx', '^1\\.13\\.[12]-alpine-perl$']],
        bySemver: [['alpine', '>= 3.12.0, < 4']],
        credentials: { username: 'john', password: 'this is a secret' },
        tlsVerify: true,
        certDir: '/home/john/certs',
      },
      {
        registry: 'quay.io',
        images: [['coreos/etcd', ['latest']]],
        byTagRegex: [],
        bySemver: [],
        tlsVerify: false,
      },
    ]);
  });

  it.each([
    { name: 'empty file', text: '', want: [] },
    { name: 'comment only', text: '# nothing\n', want: [] },
    {
      name: 'registry without settings',
      text: 'r.io:\n',
      want: [{ registry: 'r.io', images: [], byTagRegex: [], bySemver: [] }],
    },
    {
      name: 'unknown keys ignored',
      text: 'r.io:\n  extra: 1\n  images: {a: [x]}\n',
      want: [{ registry: 'r.io', images: [['a', ['x']]], byTagRegex: [], bySemver: [] }],
    },
  ])('$name', ({ text, want }) => {
    expect(parseSyncYaml(text, 'f.yml')).toEqual(want);
  });

  it.each([
    { name: 'syntax error', text: 'r.io: [\n', want: /^Failed to unmarshal "f.yml": / },
    { name: 'top level is a list', text: '- a\n', want: /top level must be a mapping/ },
    { name: 'images as a list', text: 'r.io:\n  images: [a]\n', want: /r.io.images must be a mapping/ },
    {
      name: 'tags as a string',
      text: 'r.io:\n  images:\n    a: latest\n',
      want: /r.io.images.a must be a list/,
    },
    {
      name: 'tls-verify not a bool',
      text: 'r.io:\n  tls-verify: maybe\n',
      want: /tls-verify must be true or false/,
    },
    {
      name: 'regex as a list',
      text: 'r.io:\n  images-by-tag-regex:\n    a: [x]\n',
      want: /images-by-tag-regex.a must be a string/,
    },
    { name: 'duplicate registry', text: 'r.io: {}\nr.io: {}\n', want: /unique/ },
  ])('refuses $name', ({ text, want }) => {
    expect(() => parseSyncYaml(text, 'f.yml')).toThrow(want);
  });
});
