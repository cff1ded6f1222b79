import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseImageName } from '../registry/ref/index.js';
import {
  createRecentRegistriesFile,
  isRecentLayoutPath,
  parseRecentRegistries,
  RECENT_LIMIT,
  recentLayoutOf,
  recentRegistriesPath,
} from './recent-registries.js';

describe('recentRegistriesPath', () => {
  it.each([
    { name: 'XDG_STATE_HOME', env: { XDG_STATE_HOME: '/s' }, out: '/s/berth/recent.json' },
    { name: 'default', env: {}, out: '/h/.local/state/berth/recent.json' },
    { name: 'empty XDG_STATE_HOME', env: { XDG_STATE_HOME: '' }, out: '/h/.local/state/berth/recent.json' },
  ])('$name', ({ env, out }) => {
    expect(recentRegistriesPath(env, '/h')).toBe(out);
  });
});

describe('parseRecentRegistries', () => {
  const none = { registries: [], layouts: [] };
  it.each([
    { name: 'not JSON', text: 'nope', out: none },
    { name: 'null', text: 'null', out: none },
    { name: 'no list', text: '{"registries": 3}', out: none },
    {
      name: 'registries only (the first format): sorted, bad entries dropped',
      text: JSON.stringify({
        registries: [
          { registry: 'a.io', usedAt: 1 },
          { registry: 'b.io:5000', usedAt: 5, tlsVerify: false },
          { registry: 'evil/../x', usedAt: 9 },
          { registry: 'c.io', usedAt: 'yesterday' },
          null,
        ],
      }),
      out: {
        registries: [
          { registry: 'b.io:5000', usedAt: 5, tlsVerify: false },
          { registry: 'a.io', usedAt: 1 },
        ],
        layouts: [],
      },
    },
    {
      name: 'layouts: sorted, once per path, only what is strictly valid',
      text: JSON.stringify({
        version: 1,
        layouts: [
          { transport: 'oci', path: '/srv/a', usedAt: 1 },
          { transport: 'oci', path: '/srv/b', usedAt: 7, missing: true, extra: 'x' },
          { transport: 'oci', path: '/srv/a', usedAt: 4 },
          { transport: 'oci', path: 'relative/c', usedAt: 9 },
          { transport: 'oci', path: '/srv/../etc', usedAt: 9 },
          { transport: 'oci', path: '/srv/d/', usedAt: 9 },
          { transport: 'oci', path: '/srv/e\u001b[31m', usedAt: 9 },
          { transport: 'oci', path: '/srv/f\nx', usedAt: 9 },
          { transport: 'oci', path: '/srv/g\u009b', usedAt: 9 },
          { transport: 'oci', path: '/srv/h:tag', usedAt: 9 },
          { transport: 'oci', path: `/${'x'.repeat(1100)}`, usedAt: 9 },
          { transport: 'oci', path: 42, usedAt: 9 },
          { transport: 'oci-archive', path: '/srv/i.tar', usedAt: 9 },
          { transport: 'dir', path: '/srv/j', usedAt: 9 },
          { path: '/srv/k', usedAt: 9 },
          { transport: 'oci', path: '/srv/l', usedAt: Number.NaN },
          { transport: 'oci', path: '/srv/m' },
          'oci:/srv/n',
          null,
        ],
      }),
      out: {
        registries: [],
        layouts: [
          { transport: 'oci', path: '/srv/b', usedAt: 7 },
          { transport: 'oci', path: '/srv/a', usedAt: 4 },
        ],
      },
    },
    {
      name: 'layouts not a list: the registries still read',
      text: JSON.stringify({ registries: [{ registry: 'a.io', usedAt: 1 }], layouts: { path: '/srv/a' } }),
      out: { registries: [{ registry: 'a.io', usedAt: 1 }], layouts: [] },
    },
  ])('$name', ({ text, out }) => {
    expect(parseRecentRegistries(text)).toEqual(out);
  });

  it('keeps at most RECENT_LIMIT of each', () => {
    const n = RECENT_LIMIT + 3;
    const text = JSON.stringify({
      registries: Array.from({ length: n }, (_, i) => ({ registry: `r${i}.io`, usedAt: i })),
      layouts: Array.from({ length: n }, (_, i) => ({ transport: 'oci', path: `/l/${i}`, usedAt: i })),
    });
    const use = parseRecentRegistries(text);
    expect(use.registries).toHaveLength(RECENT_LIMIT);
    expect(use.layouts).toHaveLength(RECENT_LIMIT);
    expect(use.layouts[0]?.path).toBe(`/l/${n - 1}`);
  });
});

describe('isRecentLayoutPath', () => {
  it.each([
    { path: '/srv/layout', ok: true },
    { path: '/', ok: true },
    { path: '/srv/with space/ünïcode', ok: true },
    { path: 'srv/layout', ok: false },
    { path: './layout', ok: false },
    { path: '/srv/./layout', ok: false },
    { path: '/srv//layout', ok: false },
    { path: '/srv/layout/', ok: false },
    { path: '/srv/lay\tout', ok: false },
    { path: '/srv/lay\u007fout', ok: false },
    { path: '/srv/a:b', ok: false },
    { path: `/${'é'.repeat(600)}`, ok: false },
    { path: '', ok: false },
    { path: undefined, ok: false },
  ])('$path: $ok', ({ path, ok }) => {
    expect(isRecentLayoutPath(path)).toBe(ok);
  });
});

describe('recentLayoutOf', () => {
  it.each([
    { name: 'a relative layout, from cwd', image: 'oci:./layout', out: '/work/layout' },
    { name: 'an absolute layout', image: 'oci:/srv/layout', out: '/srv/layout' },
    { name: 'an image in a layout: the layout', image: 'oci:/srv/layout:v1', out: '/srv/layout' },
    { name: 'an index in a layout: the layout', image: 'oci:../srv/layout/:@2', out: '/srv/layout' },
    { name: 'oci-archive: one image, no list', image: 'oci-archive:/srv/x.tar', out: undefined },
    { name: 'dir: one image, no list', image: 'dir:/srv/x', out: undefined },
    { name: 'docker-archive: one image, no list', image: 'docker-archive:/srv/x.tar', out: undefined },
    { name: 'a registry', image: 'docker://quay.io/org/app', out: undefined },
    { name: 'a path with a control character', image: 'oci:/srv/\u001b]0;x', out: undefined },
  ])('$name', ({ image, out }) => {
    const got = recentLayoutOf(parseImageName(image), { cwd: '/work' });
    expect(got).toEqual(out === undefined ? undefined : { transport: 'oci', path: out });
  });

  it('a working directory with a colon cannot name its layout', () => {
    expect(recentLayoutOf(parseImageName('oci:layout'), { cwd: '/w:x' })).toBeUndefined();
  });
});

describe('createRecentRegistriesFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-recent-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** An OCI layout (as far as the recents care: an index.json) at `dir/name`. */
  const layout = async (name: string): Promise<string> => {
    const path = join(dir, name);
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'index.json'), '{"schemaVersion":2,"manifests":[]}');
    return path;
  };

  it('a missing file is empty', async () => {
    expect(await createRecentRegistriesFile(join(dir, 'none', 'recent.json')).load()).toEqual({
      registries: [],
      layouts: [],
    });
  });

  it('records most recent first, once per registry, in a private file', async () => {
    const path = join(dir, 'state', 'berth', 'recent.json');
    const recents = createRecentRegistriesFile(path);
    await recents.record({ registry: 'a.io', usedAt: 1 });
    await recents.record({ registry: 'b.io', usedAt: 2, tlsVerify: false });
    await recents.record({ registry: 'a.io', usedAt: 3 });
    expect((await recents.load()).registries).toEqual([
      { registry: 'a.io', usedAt: 3 },
      { registry: 'b.io', usedAt: 2, tlsVerify: false },
    ]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // Written through a temp file and a rename: nothing else is left in the directory.
    expect(await readdir(join(dir, 'state', 'berth'))).toEqual(['recent.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it.each([
    {
      name: 'a choice replaces tlsVerify: false',
      keepTlsChoice: false,
      out: { registry: 'a.io', usedAt: 2 },
    },
    {
      name: 'a use that says nothing about TLS keeps it',
      keepTlsChoice: true,
      out: { registry: 'a.io', usedAt: 2, tlsVerify: false },
    },
  ])('$name', async ({ keepTlsChoice, out }) => {
    const recents = createRecentRegistriesFile(join(dir, 'recent.json'));
    await recents.record({ registry: 'a.io', usedAt: 1, tlsVerify: false });
    await recents.record({ registry: 'a.io', usedAt: 2 }, { keepTlsChoice });
    expect((await recents.load()).registries).toEqual([out]);
  });

  it('keeps at most RECENT_LIMIT registries', async () => {
    const recents = createRecentRegistriesFile(join(dir, 'recent.json'));
    for (let i = 0; i < RECENT_LIMIT + 5; i++) await recents.record({ registry: `r${i}.io`, usedAt: i });
    const list = (await recents.load()).registries;
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]?.registry).toBe(`r${RECENT_LIMIT + 4}.io`);
  });

  it('records layouts beside the registries, once per path, and only ones that are there', async () => {
    const path = join(dir, 'recent.json');
    const recents = createRecentRegistriesFile(path);
    const [a, b] = [await layout('a'), await layout('b')];
    await recents.record({ registry: 'a.io', usedAt: 1 });
    expect(await recents.recordLayout({ transport: 'oci', path: a, usedAt: 2 })).toBe(true);
    expect(await recents.recordLayout({ transport: 'oci', path: b, usedAt: 3 })).toBe(true);
    expect(await recents.recordLayout({ transport: 'oci', path: a, usedAt: 4 })).toBe(true);
    expect(await recents.recordLayout({ transport: 'oci', path: join(dir, 'typo'), usedAt: 5 })).toBe(false);
    await recents.record({ registry: 'b.io', usedAt: 6 });
    expect(await recents.load()).toEqual({
      registries: [
        { registry: 'b.io', usedAt: 6 },
        { registry: 'a.io', usedAt: 1 },
      ],
      layouts: [
        { transport: 'oci', path: a, usedAt: 4 },
        { transport: 'oci', path: b, usedAt: 3 },
      ],
    });
    await expect(recents.recordLayout({ transport: 'oci', path: 'rel', usedAt: 7 })).rejects.toThrow(
      /not a layout path/,
    );
  });

  it('marks a layout that is gone as missing, without writing that down', async () => {
    const path = join(dir, 'recent.json');
    const recents = createRecentRegistriesFile(path);
    const gone = await layout('gone');
    await recents.recordLayout({ transport: 'oci', path: gone, usedAt: 1 });
    await rm(gone, { recursive: true });
    expect((await recents.load()).layouts).toEqual([
      { transport: 'oci', path: gone, usedAt: 1, missing: true },
    ]);
    await recents.record({ registry: 'a.io', usedAt: 2 });
    expect(JSON.parse(await readFile(path, 'utf8')).layouts).toEqual([
      { transport: 'oci', path: gone, usedAt: 1 },
    ]);
  });

  it('keeps at most RECENT_LIMIT layouts', async () => {
    const recents = createRecentRegistriesFile(join(dir, 'recent.json'));
    for (let i = 0; i < RECENT_LIMIT + 2; i++)
      await recents.recordLayout({ transport: 'oci', path: await layout(`l${i}`), usedAt: i });
    const list = (await recents.load()).layouts;
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]?.path).toBe(join(dir, `l${RECENT_LIMIT + 1}`));
  });

  it('uses recorded at once all land', async () => {
    const recents = createRecentRegistriesFile(join(dir, 'recent.json'));
    const a = await layout('a');
    await Promise.all([
      recents.record({ registry: 'a.io', usedAt: 1 }),
      recents.recordLayout({ transport: 'oci', path: a, usedAt: 2 }),
      recents.record({ registry: 'b.io', usedAt: 3 }),
    ]);
    const use = await recents.load();
    expect(use.registries.map((r) => r.registry)).toEqual(['b.io', 'a.io']);
    expect(use.layouts.map((l) => l.path)).toEqual([a]);
  });

  it('replaces a malformed file instead of failing', async () => {
    const path = join(dir, 'recent.json');
    await writeFile(path, '{broken');
    const recents = createRecentRegistriesFile(path);
    expect(await recents.load()).toEqual({ registries: [], layouts: [] });
    await recents.record({ registry: 'a.io', usedAt: 1 });
    expect((await recents.load()).registries).toEqual([{ registry: 'a.io', usedAt: 1 }]);
  });
});
