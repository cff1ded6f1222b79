import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReference, parseReference } from '../ref/index.js';
import { loadRegistriesConf } from './registries-conf.js';
import { removeTrees, tree } from './testing/tree.js';

afterAll(removeTrees);

describe('RegistriesConf lookups', () => {
  const { opts } = tree({
    'etc/registries.conf': `
[[registry]]
location = "registry.com:5000"
prefix = "simple-prefix.com"
[[registry]]
location = "another-registry.com:5000"
prefix = "complex-prefix.com:4000/with/path"
[[registry]]
location = "subdomain-prefix.com"
prefix = "*.so.simple-prefix.com"
[[registry]]
location = "subdomain-prefix-2.com"
prefix = "*.simple-prefix.com"
[[registry]]
location = "bar-docker.com"
prefix = "*.bar.docker.io"
[[registry]]
location = "docker-wild.com"
prefix = "*.docker.io"
[[registry]]
prefix = "*.internal.example.com"
insecure = true
[[registry]]
location = "blocked.com"
blocked = true
[[registry]]
location = "insecure.com:5000"
insecure = true
[[registry]]
prefix = "docker.io/library/busybox"
location = "docker.io/library/busybox"
blocked = true
`,
  });
  const conf = loadRegistriesConf(opts);

  it.each([
    { name: 'ref under a host prefix', ref: 'simple-prefix.com/foo/bar:latest', want: 'registry.com:5000' },
    { name: 'host alone', ref: 'simple-prefix.com', want: 'registry.com:5000' },
    { name: 'longest wildcard wins', ref: 'not.so.simple-prefix.com/x', want: 'subdomain-prefix.com' },
    {
      name: 'shorter wildcard',
      ref: 'not.quite.simple-prefix.com:5000/with/path:tag',
      want: 'subdomain-prefix-2.com',
    },
    {
      name: 'nested wildcard beats outer wildcard',
      ref: 'foo.bar.docker.io:5000/omg:foo',
      want: 'bar-docker.com',
    },
    {
      name: 'path prefix',
      ref: 'complex-prefix.com:4000/with/path/and/beyond:tag',
      want: 'another-registry.com:5000',
    },
    {
      name: 'path prefix not matched by a sibling path',
      ref: 'complex-prefix.com:4000/with/pathology',
      want: undefined,
    },
    { name: 'no partial host match', ref: 'simple-prefix.comx', want: undefined },
    { name: 'wildcard without location', ref: 'a.internal.example.com/x', want: '' },
  ])('findRegistry: $name', ({ ref, want }) => {
    expect(conf.findRegistry(ref)?.location).toBe(want);
  });

  it.each([
    { name: 'insecure host', host: 'insecure.com:5000', insecure: true, blocked: false },
    { name: 'insecure wildcard', host: 'reg.internal.example.com', insecure: true, blocked: false },
    { name: 'blocked host', host: 'blocked.com', insecure: false, blocked: true },
    { name: 'unconfigured host', host: 'quay.io', insecure: false, blocked: false },
    // A repository-level entry does not make the whole host blocked.
    { name: 'host of a blocked repository', host: 'docker.io', insecure: false, blocked: false },
    { name: 'the blocked repository', host: 'docker.io/library/busybox', insecure: false, blocked: true },
  ])('isInsecure / isBlocked: $name', ({ host, insecure, blocked }) => {
    expect(conf.isInsecure(host)).toBe(insecure);
    expect(conf.isBlocked(host)).toBe(blocked);
  });

  it('matches a Reference by its repository name', () => {
    expect(conf.isBlocked(parseReference('busybox:1'))).toBe(true);
    expect(conf.isBlocked(parseReference('alpine'))).toBe(false);
  });

  it("refuses a blocked registry with containers/image's message", () => {
    expect(() => conf.assertNotBlocked('blocked.com')).toThrow(
      `registry blocked.com is blocked in ${opts.systemPath} or ${join(opts.homeDir, '.config/containers/registries.conf.d')}`,
    );
    expect(() => conf.assertNotBlocked('quay.io')).not.toThrow();
  });
});

describe('RegistriesConf.pullSources', () => {
  const { opts } = tree({
    'etc/registries.conf': `
[[registry]]
prefix = "a.com/foo"
location = "a.com/bar"
[[registry.mirror]]
location = "m1.a.com"
[[registry.mirror]]
location = "m2.a.com"
insecure = true

[[registry]]
prefix = "d.com/foo"
location = "d.com/bar"
mirror-by-digest-only = true
[[registry.mirror]]
location = "m1.d.com"

[[registry]]
prefix = "g.com/foo"
location = "g.com/bar"
insecure = true
[[registry.mirror]]
location = "m1.g.com"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "m2.g.com"
pull-from-mirror = "tag-only"
[[registry.mirror]]
location = "m3.g.com"
pull-from-mirror = "all"

[[registry]]
prefix = "docker.io/library"
location = "hub-mirror.local/lib"

[[registry]]
prefix = "*.wild.io"
location = "wild-mirror.com"

[[registry]]
prefix = "*.plain.io"

[[registry]]
prefix = "bad.com"
location = "bad.com/trailing//x"

[[registry]]
prefix = "norm.com/lib"
location = "docker.io"

[[registry]]
location = "blocked.com"
blocked = true
[[registry.mirror]]
location = "open-mirror.com"
`,
  });
  const conf = loadRegistriesConf(opts);
  const D = `sha256:${'a'.repeat(64)}`;

  it.each([
    {
      name: 'tag, all mirrors',
      ref: 'a.com/foo/image:1',
      want: ['m1.a.com/image:1', 'm2.a.com/image:1 insecure', 'a.com/bar/image:1'],
    },
    {
      name: 'digest, all mirrors',
      ref: `a.com/foo/image@${D}`,
      want: [`m1.a.com/image@${D}`, `m2.a.com/image@${D} insecure`, `a.com/bar/image@${D}`],
    },
    {
      name: 'mirror-by-digest-only skips mirrors for tags',
      ref: 'd.com/foo/image:1',
      want: ['d.com/bar/image:1'],
    },
    {
      name: 'mirror-by-digest-only uses mirrors for digests',
      ref: `d.com/foo/image@${D}`,
      want: [`m1.d.com/image@${D}`, `d.com/bar/image@${D}`],
    },
    {
      name: 'per-mirror rules for tags',
      ref: 'g.com/foo/x:t',
      want: ['m2.g.com/x:t', 'm3.g.com/x:t', 'g.com/bar/x:t insecure'],
    },
    {
      name: 'per-mirror rules for digests',
      ref: `g.com/foo/x@${D}`,
      want: [`m1.g.com/x@${D}`, `m3.g.com/x@${D}`, `g.com/bar/x@${D} insecure`],
    },
    { name: 'Docker Hub namespace', ref: 'busybox', want: ['hub-mirror.local/lib/busybox:latest'] },
    {
      name: 'wildcard rewrite keeps the port',
      ref: 'r.wild.io:5000/ns/app:2',
      want: ['wild-mirror.com:5000/ns/app:2'],
    },
    {
      name: 'wildcard without location keeps the reference',
      ref: 'r.plain.io/ns/app:2',
      want: ['r.plain.io/ns/app:2'],
    },
    { name: 'unconfigured registry', ref: 'quay.io/x/y:1', want: ['quay.io/x/y:1'] },
    {
      name: 'a mirror of a blocked registry is not blocked itself',
      ref: 'blocked.com/x:1',
      want: ['open-mirror.com/x:1', 'blocked.com/x:1 blocked'],
    },
  ])('$name', ({ ref, want }) => {
    const got = conf
      .pullSources(parseReference(ref))
      .map((s) => `${formatReference(s)}${s.insecure ? ' insecure' : ''}${s.blocked ? ' blocked' : ''}`);
    expect(got).toEqual(want);
  });

  it('marks mirrors', () => {
    expect(conf.pullSources(parseReference('a.com/foo/image:1')).map((s) => s.mirror)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it.each([
    {
      name: 'a rewrite that is not a valid reference',
      ref: 'bad.com/image:1',
      err: 'rewriting reference: invalid reference format "bad.com/trailing//x/image:1"',
    },
    {
      name: 'a rewrite that would need normalising',
      ref: 'norm.com/lib/busybox:1',
      err: 'rewriting reference: invalid reference format "docker.io/busybox:1"',
    },
  ])('fails on $name', ({ ref, err }) => {
    expect(() => conf.pullSources(parseReference(ref))).toThrow(err);
  });
});
