import { describe, expect, it } from 'vitest';
import { type Digest, parseDigest } from '../digest/index.js';
import { InvalidReferenceError } from './errors.js';
import {
  DOCKER_HUB,
  familiarName,
  formatReference,
  parseReference,
  parseRepository,
  type Reference,
  registryEndpoint,
  withDigest,
  withTag,
} from './reference.js';

const F64 = 'f'.repeat(64);
const D256 = `sha256:${F64}` as Digest;
const D512 = `sha512:${'f'.repeat(128)}` as Digest;
const HEX = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5c7b9a1f3e5d7c9b1a3f';

type Row = { name: string; input: string; want: Reference } | { name: string; input: string; error: RegExp };

const hub = (repository: string, tag = 'latest'): Reference => ({ registry: DOCKER_HUB, repository, tag });
const BAD_FORMAT = /invalid reference format/;
const LOWERCASE = /repository name must be lowercase/;
const TAG_AND_DIGEST = /both a tag and digest are currently not supported/;

/**
 * reliability.md §5, rows 1–58, column N (ParseNormalizedNamed). Where berth deliberately
 * differs from N the row says why: tag+digest is refused (as skopeo's docker transport
 * does) and ports above 65535 are refused.
 */
const rows: Row[] = [
  { name: '#1', input: 'test_com', want: hub('library/test_com') },
  {
    name: '#2 dotted name without / is not a registry',
    input: 'test.com:tag',
    want: hub('library/test.com', 'tag'),
  },
  { name: '#3 port-looking tag', input: 'test.com:5000', want: hub('library/test.com', '5000') },
  { name: '#4', input: 'test:5000/repo', want: { registry: 'test:5000', repository: 'repo', tag: 'latest' } },
  { name: '#5 tag+digest refused', input: `test:5000/repo:tag@${D256}`, error: TAG_AND_DIGEST },
  { name: '#6 empty', input: '', error: /at least one component/ },
  { name: '#7', input: ':justtag', error: BAD_FORMAT },
  { name: '#8', input: `@${D256}`, error: BAD_FORMAT },
  {
    name: '#9 short digest',
    input: `repo@sha256:${'f'.repeat(34)}`,
    error: /invalid digest: sha256 needs 64/,
  },
  { name: '#10', input: `validname@invaliddigest:${F64}`, error: /unsupported digest algorithm/ },
  { name: '#11', input: 'Uppercase:tag', error: LOWERCASE },
  { name: '#12', input: 'test:5000/Uppercase/lowercase:tag', error: LOWERCASE },
  {
    name: '#13 tags may be uppercase',
    input: 'lowercase:Uppercase',
    want: hub('library/lowercase', 'Uppercase'),
  },
  { name: '#14 path of 257', input: `${'a/'.repeat(128)}a:tag`, error: /not be more than 255 characters/ },
  {
    name: '#15 path of 255, tag not counted',
    input: `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
    want: hub(`${'a/'.repeat(127)}a`, 'tag-puts-this-over-max'),
  },
  { name: '#16', input: 'aa/asdf$$^/aa', error: BAD_FORMAT },
  {
    name: '#17',
    input: 'b.gcr.io/test.example.com/my-app:test.example.com',
    want: { registry: 'b.gcr.io', repository: 'test.example.com/my-app', tag: 'test.example.com' },
  },
  {
    name: '#18 tag+digest refused',
    input: `xn--7o8h.com/myimage:xn--7o8h.com@${D512}`,
    error: TAG_AND_DIGEST,
  },
  {
    name: '#18 sha512 digest alone',
    input: `xn--7o8h.com/myimage@${D512}`,
    want: { registry: 'xn--7o8h.com', repository: 'myimage', digest: D512 },
  },
  {
    name: '#19 _ is not allowed in domains',
    input: 'foo_bar.com:8080',
    want: hub('library/foo_bar.com', '8080'),
  },
  { name: '#20', input: 'foo/foo_bar.com:8080', want: hub('foo/foo_bar.com', '8080') },
  {
    name: '#21',
    input: '192.168.1.1:5000/repo:5050',
    want: { registry: '192.168.1.1:5000', repository: 'repo', tag: '5050' },
  },
  { name: '#22 IPv6 needs a path', input: '[2001:db8::1]', error: BAD_FORMAT },
  { name: '#23', input: '[2001:db8::1]:5000', error: BAD_FORMAT },
  { name: '#24 tag+digest refused', input: `[2001:db8::1]:5000/repo:tag@${D256}`, error: TAG_AND_DIGEST },
  {
    name: '#24 IPv6 with tag',
    input: '[2001:db8::1]:5000/repo:tag',
    want: { registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag' },
  },
  {
    name: '#24 IPv6 with digest',
    input: `[2001:db8::1]:5000/repo@${D256}`,
    want: { registry: '[2001:db8::1]:5000', repository: 'repo', digest: D256 },
  },
  { name: '#25 zone ids are forbidden', input: '[fe80::1%eth0]:5000/repo', error: /IPv6/ },
  { name: '#26 embedded IPv4', input: '[2001:db8:3:4::192.0.2.33]:5000/debian', error: /IPv6/ },
  { name: '#27', input: 'ubuntu', want: hub('library/ubuntu') },
  { name: '#28', input: 'library/ubuntu', want: hub('library/ubuntu') },
  { name: '#29', input: 'docker.io/ubuntu', want: hub('library/ubuntu') },
  { name: '#30', input: 'index.docker.io/library/ubuntu', want: hub('library/ubuntu') },
  { name: '#31', input: 'library/foo/bar', want: hub('library/foo/bar') },
  { name: '#32', input: 'localhost/foo', want: { registry: 'localhost', repository: 'foo', tag: 'latest' } },
  {
    name: '#33 uppercase first component is a domain, kept as typed',
    input: 'LOCALHOST/foo',
    want: { registry: 'LOCALHOST', repository: 'foo', tag: 'latest' },
  },
  { name: '#34 Foo/bar', input: 'Foo/bar', want: { registry: 'Foo', repository: 'bar', tag: 'latest' } },
  { name: '#34 FOO/bar', input: 'FOO/bar', want: { registry: 'FOO', repository: 'bar', tag: 'latest' } },
  { name: '#35', input: 'docker/Docker', error: LOWERCASE },
  { name: '#36 -docker', input: '-docker', error: BAD_FORMAT },
  { name: '#36 -docker/docker', input: '-docker/docker', error: BAD_FORMAT },
  { name: '#36 docker-/docker', input: 'docker-/docker', error: BAD_FORMAT },
  { name: '#37 docker///docker', input: 'docker///docker', error: BAD_FORMAT },
  { name: '#37 a//a', input: 'a//a', error: BAD_FORMAT },
  { name: '#37 foo.com/', input: 'foo.com/', error: BAD_FORMAT },
  { name: '#38 dock..er/docker', input: 'dock..er/docker', error: BAD_FORMAT },
  { name: '#38 dock_.er/docker', input: 'dock_.er/docker', error: BAD_FORMAT },
  { name: '#38 dock-.er/docker', input: 'dock-.er/docker', error: BAD_FORMAT },
  { name: '#39 double underscore', input: 'dock__er/docker', want: hub('dock__er/docker') },
  { name: '#40 runs of -', input: 'docker---rules/docker', want: hub('docker---rules/docker') },
  { name: '#41 ____/____', input: '____/____', error: BAD_FORMAT },
  { name: '#41 _docker/_docker', input: '_docker/_docker', error: BAD_FORMAT },
  { name: '#42 no schemes', input: 'https://github.com/docker/docker', error: /port must be a number/ },
  { name: '#43 looks like an image ID', input: HEX, error: /64-byte hexadecimal/ },
  { name: '#44 hex name with a host', input: `docker.io/${HEX}`, want: hub(`library/${HEX}`) },
  { name: '#45 tag+digest refused', input: `busybox:latest@${D256}`, error: TAG_AND_DIGEST },
  { name: '#46 busybox:-foo', input: 'busybox:-foo', error: /invalid tag/ },
  { name: '#46 busybox:.foo', input: 'busybox:.foo', error: /invalid tag/ },
  {
    name: '#47 tag of 128',
    input: `busybox:${'a'.repeat(128)}`,
    want: hub('library/busybox', 'a'.repeat(128)),
  },
  { name: '#47 tag of 129', input: `busybox:${'a'.repeat(129)}`, error: /invalid tag/ },
  { name: '#48 uppercase hex', input: `busybox@sha256:${'F'.repeat(64)}`, error: /lowercase hex/ },
  { name: '#49 uppercase algorithm', input: `busybox@SHA256:${F64}`, error: /invalid digest/ },
  { name: '#50 digest path injection', input: `busybox@sha256:${F64}/../../x`, error: /invalid digest/ },
  {
    name: '#51 port above 65535 (berth is stricter)',
    input: '192.168.1.1:75050/repo',
    error: /out of range/,
  },
  { name: '#52', input: 'foo.com:http/bar', error: /port must be a number/ },
  { name: '#53 ..dots', input: 'example.com/..dots/myimage', error: BAD_FORMAT },
  { name: '#53 .dots', input: 'example.com/.dots/myimage', error: BAD_FORMAT },
  { name: '#54 docker./docker', input: 'docker./docker', error: BAD_FORMAT },
  { name: '#54 .docker/docker', input: '.docker/docker', error: BAD_FORMAT },
  { name: '#55 _ in a domain', input: 'do__cker:8080/docker', error: BAD_FORMAT },
  { name: '#56 -ab.com/x', input: '-ab.com/x', error: BAD_FORMAT },
  { name: '#56 ab-.com/x', input: 'ab-.com/x', error: BAD_FORMAT },
  { name: '#56 ab.-com/x', input: 'ab.-com/x', error: BAD_FORMAT },
  {
    name: '#57 0101.com/x',
    input: '0101.com/x',
    want: { registry: '0101.com', repository: 'x', tag: 'latest' },
  },
  {
    name: '#57 001a.com/x',
    input: '001a.com/x',
    want: { registry: '001a.com', repository: 'x', tag: 'latest' },
  },
  {
    name: '#58 deep paths',
    input: 'registry:5000/a/b/c/d/e/f:v1',
    want: { registry: 'registry:5000', repository: 'a/b/c/d/e/f', tag: 'v1' },
  },
];

/** Cases beyond the table: berth's own strictness and normalisation. */
const extra: Row[] = [
  {
    name: 'registry-1.docker.io folds into docker.io',
    input: 'registry-1.docker.io/alpine',
    want: hub('library/alpine'),
  },
  {
    name: 'index.docker.io with one component',
    input: 'index.docker.io/alpine:3',
    want: hub('library/alpine', '3'),
  },
  { name: 'port 0', input: 'localhost:0/x', error: /out of range/ },
  {
    name: 'port 65535',
    input: 'localhost:65535/x',
    want: { registry: 'localhost:65535', repository: 'x', tag: 'latest' },
  },
  { name: 'port 65536', input: 'localhost:65536/x', error: /out of range/ },
  { name: 'six-digit port', input: 'localhost:000001/x', error: /port must be a number/ },
  { name: 'empty port', input: 'localhost:/x', error: /port must be a number/ },
  {
    name: 'IPv6 loopback',
    input: '[::1]:5000/x',
    want: { registry: '[::1]:5000', repository: 'x', tag: 'latest' },
  },
  {
    name: 'IPv6 without port',
    input: '[::1]/x',
    want: { registry: '[::1]', repository: 'x', tag: 'latest' },
  },
  { name: 'not an IPv6 address', input: '[:::]:5000/x', error: /IPv6/ },
  { name: 'unterminated IPv6', input: '[::1:5000/x', error: /IPv6|format/ },
  { name: 'DNS label of 64', input: `${'a'.repeat(64)}.com/x`, error: BAD_FORMAT },
  {
    name: 'digest only',
    input: `alpine@${D256}`,
    want: { registry: DOCKER_HUB, repository: 'library/alpine', digest: D256 },
  },
  { name: 'empty tag', input: 'alpine:', error: /invalid tag/ },
  { name: 'two @', input: `alpine@${D256}@${D256}`, error: /invalid digest/ },
  { name: 'newline', input: 'alpine\n:tag', error: BAD_FORMAT },
  { name: 'space', input: 'alpine :tag', error: BAD_FORMAT },
  { name: 'very long input', input: `a/${'b'.repeat(1_000_000)}`, error: /too long/ },
  { name: 'hex with a tag is a name', input: `${HEX}:1`, want: hub(`library/${HEX}`, '1') },
];

describe('parseReference', () => {
  it.each([...rows, ...extra])('$name: $input', (row) => {
    if ('want' in row) {
      expect(parseReference(row.input)).toStrictEqual(row.want);
      return;
    }
    let caught: unknown;
    try {
      parseReference(row.input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidReferenceError);
    const err = caught as InvalidReferenceError;
    expect(err.name).toBe('InvalidReferenceError');
    expect(err.reason).toMatch(row.error);
    expect(err.message).not.toMatch(/[\n\r]/);
    expect(err.message.length).toBeLessThan(3200);
  });

  it('quotes the input in the message', () => {
    expect(() => parseReference('Alpine')).toThrow(
      'invalid reference "Alpine": invalid reference format: repository name must be lowercase',
    );
  });

  it('leaves a bare name untagged when asked', () => {
    expect(parseReference('alpine', { defaultTag: false })).toStrictEqual({
      registry: DOCKER_HUB,
      repository: 'library/alpine',
    });
    expect(parseReference('alpine:3', { defaultTag: false }).tag).toBe('3');
  });

  it('keeps the digest as a parsed Digest', () => {
    const r = parseReference(`ghcr.io/o/a@${D256}`);
    expect(r.digest).toBe(parseDigest(D256));
    expect(r.tag).toBeUndefined();
  });
});

describe('parseRepository', () => {
  const cases = [
    { name: 'official image', input: 'alpine', want: { registry: DOCKER_HUB, repository: 'library/alpine' } },
    { name: 'user repo', input: 'user/app', want: { registry: DOCKER_HUB, repository: 'user/app' } },
    {
      name: 'other registry',
      input: 'quay.io/org/app',
      want: { registry: 'quay.io', repository: 'org/app' },
    },
    {
      name: 'registry with port',
      input: 'localhost:5000/x',
      want: { registry: 'localhost:5000', repository: 'x' },
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(parseRepository(input)).toStrictEqual(want);
  });

  const bad = [
    { name: 'tag', input: 'alpine:3' },
    { name: 'digest', input: `alpine@${D256}` },
    { name: 'registry without a repository', input: 'localhost:5000' },
    { name: 'uppercase', input: 'Alpine' },
  ];
  it.each(bad)('refuses a $name', ({ input }) => {
    expect(() => parseRepository(input)).toThrow(InvalidReferenceError);
  });
});

describe('formatReference and familiarName', () => {
  const cases = [
    { input: 'alpine:3.20', full: 'docker.io/library/alpine:3.20', familiar: 'alpine:3.20' },
    { input: 'alpine', full: 'docker.io/library/alpine:latest', familiar: 'alpine:latest' },
    { input: 'user/app:1', full: 'docker.io/user/app:1', familiar: 'user/app:1' },
    {
      input: 'docker.io/library/foo/bar:x',
      full: 'docker.io/library/foo/bar:x',
      familiar: 'library/foo/bar:x',
    },
    {
      input: `ghcr.io/org/app@${D256}`,
      full: `ghcr.io/org/app@${D256}`,
      familiar: `ghcr.io/org/app@${D256}`,
    },
    { input: 'localhost:5000/x:1', full: 'localhost:5000/x:1', familiar: 'localhost:5000/x:1' },
    { input: '[::1]:5000/x:1', full: '[::1]:5000/x:1', familiar: '[::1]:5000/x:1' },
    { input: 'LOCALHOST/foo', full: 'LOCALHOST/foo:latest', familiar: 'LOCALHOST/foo:latest' },
    { input: `index.docker.io/${HEX}:1`, full: `docker.io/library/${HEX}:1`, familiar: `${HEX}:1` },
  ];
  it.each(cases)('$input', ({ input, full, familiar }) => {
    const r = parseReference(input);
    expect(formatReference(r)).toBe(full);
    expect(familiarName(r)).toBe(familiar);
    // Both forms parse back to the same reference.
    expect(parseReference(full)).toStrictEqual(r);
    expect(parseReference(familiar)).toStrictEqual(r);
  });

  it('round-trips every valid row of the table', () => {
    for (const row of [...rows, ...extra]) {
      if (!('want' in row)) continue;
      expect(parseReference(formatReference(row.want)), row.name).toStrictEqual(row.want);
      expect(parseReference(familiarName(row.want)), row.name).toStrictEqual(row.want);
    }
  });

  it('formats a name-only reference without a suffix', () => {
    expect(familiarName({ registry: DOCKER_HUB, repository: 'library/alpine' })).toBe('alpine');
  });
});

describe('withTag and withDigest', () => {
  const r = parseReference(`alpine@${D256}`);
  it('replaces the digest with a tag', () => {
    expect(withTag(r, '3.20')).toStrictEqual({
      registry: DOCKER_HUB,
      repository: 'library/alpine',
      tag: '3.20',
    });
  });
  it('replaces the tag with a digest', () => {
    expect(withDigest(parseReference('alpine:3'), D256)).toStrictEqual({
      registry: DOCKER_HUB,
      repository: 'library/alpine',
      digest: D256,
    });
  });
  it('refuses an invalid tag', () => {
    expect(() => withTag(r, '../x')).toThrow(InvalidReferenceError);
  });
});

describe('registryEndpoint', () => {
  const cases = [
    { registry: DOCKER_HUB, want: 'registry-1.docker.io' },
    { registry: 'ghcr.io', want: 'ghcr.io' },
    { registry: 'localhost:5000', want: 'localhost:5000' },
    { registry: '[::1]:5000', want: '[::1]:5000' },
  ];
  it.each(cases)('$registry → $want', ({ registry, want }) => {
    expect(registryEndpoint(registry)).toBe(want);
  });
  it('is the host for what parseReference returns', () => {
    expect(registryEndpoint(parseReference('alpine').registry)).toBe('registry-1.docker.io');
  });
});
