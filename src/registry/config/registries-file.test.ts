import { describe, expect, it } from 'vitest';
import { parseRegistriesFile } from './registries-file.js';

describe('parseRegistriesFile', () => {
  it('reads every v2 setting', () => {
    const f = parseRegistriesFile(`
unqualified-search-registries = ["registry.fedoraproject.org", "docker.io/"]
credential-helpers = ["secretservice", "containers-auth.json"]
short-name-mode = "enforcing"

[aliases]
"fedora" = "registry.fedoraproject.org/fedora"
"opensuse/leap" = "registry.opensuse.org/opensuse/leap"
"alpine" = "docker.io/alpine"
"gone" = ""

[[registry]]
prefix = "example.com/foo"
location = "internal.example.com/bar/"
insecure = true
blocked = false

[[registry.mirror]]
location = "mirror.example.com"
insecure = true
pull-from-mirror = "digest-only"

[[registry]]
location = "b.example.com"
mirror-by-digest-only = true
`);
    expect(f.unqualifiedSearchRegistries).toEqual(['registry.fedoraproject.org', 'docker.io']);
    expect(f.credentialHelpers).toEqual(['secretservice', 'containers-auth.json']);
    expect(f.shortNameMode).toBe('enforcing');
    expect([...f.aliases]).toEqual([
      ['fedora', 'registry.fedoraproject.org/fedora'],
      ['opensuse/leap', 'registry.opensuse.org/opensuse/leap'],
      ['alpine', 'docker.io/library/alpine'],
      ['gone', null],
    ]);
    expect(f.registries).toEqual([
      {
        prefix: 'b.example.com',
        location: 'b.example.com',
        insecure: false,
        blocked: false,
        mirrorByDigestOnly: true,
        mirrors: [],
      },
      {
        prefix: 'example.com/foo',
        location: 'internal.example.com/bar',
        insecure: true,
        blocked: false,
        mirrorByDigestOnly: false,
        mirrors: [{ location: 'mirror.example.com', insecure: true, pullFromMirror: 'digest-only' }],
      },
    ]);
  });

  it('leaves unset fields undefined so they do not override earlier files', () => {
    const f = parseRegistriesFile('');
    expect(f.unqualifiedSearchRegistries).toBeUndefined();
    expect(f.credentialHelpers).toBeUndefined();
    expect(f.shortNameMode).toBeUndefined();
    expect(f.registries).toEqual([]);
    expect(parseRegistriesFile('unqualified-search-registries = []').unqualifiedSearchRegistries).toEqual([]);
  });

  it('keeps the first of two entries with one prefix', () => {
    const f = parseRegistriesFile(`
[[registry]]
prefix = "a.com"
location = "first.com"
[[registry]]
prefix = "a.com"
location = "second.com"
`);
    expect(f.registries.map((r) => r.location)).toEqual(['first.com']);
  });

  it('converts version 1 to registry entries', () => {
    const f = parseRegistriesFile(`
[registries.search]
registries = ["registry-a.com", "registry-c.com"]
[registries.insecure]
registries = ["registry-b.com", "registry-d.com:5000"]
[registries.block]
registries = ["registry-b.com"]
`);
    expect(f.unqualifiedSearchRegistries).toEqual(['registry-a.com', 'registry-c.com']);
    expect(f.registries.map((r) => [r.prefix, r.insecure, r.blocked])).toEqual([
      ['registry-b.com', true, true],
      ['registry-d.com:5000', true, false],
    ]);
  });

  it.each([
    {
      name: 'v1 in a drop-in',
      text: '[registries.search]\nregistries = ["a.com"]',
      forceV2: true,
      err: 'registry must be in v2 format but is in v1',
    },
    {
      name: 'v1 mixed with v2',
      text: '[registries.search]\nregistries = ["a.com"]\n[[registry]]\nlocation = "b.com"',
      err: 'mixing sysregistry v1/v2 is not supported',
    },
    {
      name: 'URL scheme',
      text: '[[registry]]\nlocation = "https://a.com"',
      err: "invalid location 'https://a.com': URI schemes are not supported",
    },
    {
      name: 'no prefix, no location',
      text: '[[registry]]\ninsecure = true',
      err: 'invalid condition: both location and prefix are unset',
    },
    {
      name: 'plain prefix without location',
      text: '[[registry]]\nprefix = "a.com"',
      err: 'invalid condition: location is unset and prefix is not in the format: *.example.com',
    },
    {
      name: 'mirror without location',
      text: '[[registry]]\nlocation = "a.com"\n[[registry.mirror]]\ninsecure = true',
      err: 'invalid condition: mirror location is unset',
    },
    {
      name: 'pull-from-mirror on a registry',
      text: '[[registry]]\nprefix = "a.com/foo"\nlocation = "a.com"\npull-from-mirror = "all"',
      err: 'pull-from-mirror must not be set for a non-mirror registry "a.com/foo"',
    },
    {
      name: 'digest-only on both levels',
      text: '[[registry]]\nprefix = "a.com/foo"\nlocation = "a.com"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "m.com"\npull-from-mirror = "all"',
      err: 'cannot set mirror usage mirror-by-digest-only for the registry ("a.com/foo") and pull-from-mirror for per-mirror ("m.com") at the same time',
    },
    {
      name: 'unknown pull-from-mirror',
      text: '[[registry]]\nlocation = "a.com"\n[[registry.mirror]]\nlocation = "m.com"\npull-from-mirror = "notvalid"',
      err: 'unsupported pull-from-mirror value "notvalid" for mirror "m.com"',
    },
    {
      name: 'conflicting insecure',
      text: '[[registry]]\nprefix = "x.com"\nlocation = "registry.com"\ninsecure = true\n[[registry]]\nprefix = "y.com"\nlocation = "registry.com"',
      err: "registry 'registry.com' is defined multiple times with conflicting 'insecure' setting",
    },
    {
      name: 'conflicting blocked',
      text: '[[registry]]\nprefix = "x.com"\nlocation = "registry.com"\nblocked = true\n[[registry]]\nprefix = "y.com"\nlocation = "registry.com"',
      err: "registry 'registry.com' is defined multiple times with conflicting 'blocked' setting",
    },
    {
      name: 'wildcard with a path',
      text: '[[registry]]\nprefix = "*.example.com/foo"\nlocation = "a.com"',
      err: 'Wildcarded prefix should be in the format: *.example.com. Current prefix "*.example.com/foo" is incorrectly formatted',
    },
    {
      name: 'bad search registry',
      text: 'unqualified-search-registries = ["a.com/ns"]',
      err: 'Invalid unqualified-search-registries entry "a.com/ns"',
    },
    {
      name: 'bad short-name mode',
      text: 'short-name-mode = "sometimes"',
      err: 'invalid short-name mode: "sometimes"',
    },
    {
      name: 'alias with registry',
      text: '[aliases]\n"quay.io/x" = "quay.io/x"',
      err: 'invalid short name "quay.io/x": must not contain registry',
    },
    {
      name: 'alias to a short name',
      text: '[aliases]\n"x" = "x"',
      err: 'invalid alias "x": must contain registry and repository',
    },
    {
      name: 'alias with tag',
      text: '[aliases]\n"x" = "quay.io/x:1"',
      err: 'invalid alias "quay.io/x:1": must not contain tag',
    },
    {
      name: 'wrong type',
      text: '[[registry]]\nlocation = "a.com"\ninsecure = "yes"',
      err: 'registry[0].insecure: expected a boolean, got string',
    },
    { name: 'bad TOML', text: '[[registry]\n', err: 'Invalid TOML document' },
  ])('refuses $name', ({ text, forceV2, err }) => {
    expect(() => parseRegistriesFile(text, { forceV2: forceV2 ?? false })).toThrow(err);
  });

  it('ignores unknown keys as containers/image does', () => {
    const f = parseRegistriesFile(
      'additional-layer-store-auth-helper = "x"\n[[registry]]\nlocation = "a.com"\nfuture-key = 1',
    );
    expect(f.registries).toHaveLength(1);
  });
});
