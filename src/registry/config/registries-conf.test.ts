import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistriesConf } from './registries-conf.js';
import { removeTrees, tree } from './testing/tree.js';

afterAll(removeTrees);

const reg = (location: string, extra = '') => `[[registry]]\nlocation = "${location}"\n${extra}\n`;
const USER = 'home/.config/containers/registries.conf';
const USER_D = 'home/.config/containers/registries.conf.d';

interface SelectionCase {
  name: string;
  files: Record<string, string>;
  env: Record<string, string>;
}

describe('loadRegistriesConf file selection', () => {
  it.each<SelectionCase & { loaded: string[] }>([
    {
      name: 'system file and both drop-in directories',
      files: {
        'etc/registries.conf': reg('sys.com'),
        'etc/registries.conf.d/a.conf': reg('sysd.com'),
        [`${USER_D}/a.conf`]: reg('userd.com'),
      },
      env: {},
      loaded: ['etc/registries.conf', 'etc/registries.conf.d/a.conf', `${USER_D}/a.conf`],
    },
    {
      name: 'a user file hides the system file and the system drop-ins',
      files: {
        'etc/registries.conf': reg('sys.com'),
        'etc/registries.conf.d/a.conf': reg('sysd.com'),
        [USER]: reg('user.com'),
        [`${USER_D}/a.conf`]: reg('userd.com'),
      },
      env: {},
      loaded: [USER, `${USER_D}/a.conf`],
    },
    {
      name: 'CONTAINERS_REGISTRIES_CONF wins, drop-ins of both directories still apply',
      files: {
        'etc/registries.conf': reg('sys.com'),
        'other.conf': reg('other.com'),
        'etc/registries.conf.d/a.conf': reg('sysd.com'),
        [USER]: reg('user.com'),
      },
      env: {
        CONTAINERS_REGISTRIES_CONF: '$ROOT/other.conf',
        REGISTRIES_CONFIG_PATH: '$ROOT/etc/registries.conf',
      },
      loaded: ['other.conf', 'etc/registries.conf.d/a.conf'],
    },
    {
      name: 'REGISTRIES_CONFIG_PATH when the first variable is unset',
      files: { 'etc/registries.conf': reg('sys.com'), 'legacy.conf': reg('legacy.com') },
      env: { REGISTRIES_CONFIG_PATH: '$ROOT/legacy.conf' },
      loaded: ['legacy.conf'],
    },
    {
      name: 'an empty CONTAINERS_REGISTRIES_CONF means the default and hides REGISTRIES_CONFIG_PATH',
      files: { 'etc/registries.conf': reg('sys.com'), 'legacy.conf': reg('legacy.com') },
      env: { CONTAINERS_REGISTRIES_CONF: '', REGISTRIES_CONFIG_PATH: '$ROOT/legacy.conf' },
      loaded: ['etc/registries.conf'],
    },
    {
      name: 'no files at all',
      files: {},
      env: {},
      loaded: [],
    },
    {
      name: 'drop-ins in byte order, .conf only, subdirectories skipped',
      files: {
        'etc/registries.conf.d/b.conf': reg('b.com'),
        'etc/registries.conf.d/10-a.conf': reg('a.com'),
        'etc/registries.conf.d/c.conf.ignore': reg('c.com'),
        'etc/registries.conf.d/sub.conf/x.conf': reg('x.com'),
        'etc/registries.conf.d/B.conf': reg('bb.com'),
      },
      env: {},
      loaded: [
        'etc/registries.conf.d/10-a.conf',
        'etc/registries.conf.d/B.conf',
        'etc/registries.conf.d/b.conf',
      ],
    },
  ])('$name', ({ files, env, loaded }) => {
    const { root, opts } = tree(files, env);
    const conf = loadRegistriesConf(opts);
    expect(conf.files).toEqual(loaded.map((f) => join(root, f)));
  });

  it('describes its sources as containers/image does', () => {
    const { root, opts } = tree({});
    expect(loadRegistriesConf(opts).describeSources()).toBe(
      [join(root, 'etc/registries.conf'), join(root, 'etc/registries.conf.d'), join(root, USER_D)].join(', '),
    );
  });

  it.each<SelectionCase & { err: RegExp }>([
    {
      name: 'a missing explicit file',
      files: {},
      env: { CONTAINERS_REGISTRIES_CONF: '$ROOT/nope.conf' },
      err: /loading registries configuration ".*nope.conf": .*ENOENT/,
    },
    {
      name: 'a v1 drop-in',
      files: { 'etc/registries.conf.d/a.conf': '[registries.search]\nregistries = ["a.com"]' },
      env: {},
      err: /loading drop-in registries configuration ".*a.conf": registry must be in v2 format but is in v1/,
    },
    {
      name: 'a broken main file',
      files: { 'etc/registries.conf': '[[registry]]\nlocation = 1' },
      env: {},
      err: /loading registries configuration ".*registries.conf": registry\[0\].location: expected a string/,
    },
  ])('fails on $name', ({ files, env, err }) => {
    const { opts } = tree(files, env);
    expect(() => loadRegistriesConf(opts)).toThrow(err);
  });
});

describe('loadRegistriesConf merging', () => {
  const { opts } = tree({
    'etc/registries.conf': `
unqualified-search-registries = ["a.com", "b.com"]
credential-helpers = ["pass"]
[aliases]
"one" = "quay.io/one"
"two" = "quay.io/two"
[[registry]]
prefix = "base.com"
location = "base.com"
insecure = true
[[registry]]
prefix = "keep.com"
location = "keep.com"
`,
    'etc/registries.conf.d/1.conf': `
unqualified-search-registries = []
short-name-mode = "disabled"
credential-helpers = []
[aliases]
"two" = ""
"three" = "quay.io/three"
[[registry]]
prefix = "base.com"
location = "replaced.com"
blocked = true
`,
  });
  const conf = loadRegistriesConf(opts);

  it('replaces a same-prefix entry as a whole and keeps the others', () => {
    expect(conf.findRegistry('base.com')).toEqual({
      prefix: 'base.com',
      location: 'replaced.com',
      insecure: false,
      blocked: true,
      mirrorByDigestOnly: false,
      mirrors: [],
    });
    expect(conf.findRegistry('keep.com')?.location).toBe('keep.com');
  });

  it('overrides scalars a later file sets, even to empty', () => {
    expect(conf.unqualifiedSearchRegistries).toEqual([]);
    expect(conf.shortNameMode).toBe('disabled');
    // An empty list means the default helper, as containers/image does.
    expect(conf.credentialHelpers).toEqual(['containers-auth.json']);
  });

  it('adds and removes aliases', () => {
    expect([...conf.aliases]).toEqual([
      ['one', 'quay.io/one'],
      ['three', 'quay.io/three'],
    ]);
  });

  it('defaults short-name-mode to permissive', () => {
    expect(loadRegistriesConf(tree({}).opts).shortNameMode).toBe('permissive');
  });
});
