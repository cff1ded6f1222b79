import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRecentRegistriesFile,
  parseRecentRegistries,
  RECENT_LIMIT,
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
  it.each([
    { name: 'not JSON', text: 'nope', out: [] },
    { name: 'no list', text: '{"registries": 3}', out: [] },
    {
      name: 'sorted, bad entries dropped',
      text: JSON.stringify({
        registries: [
          { registry: 'a.io', usedAt: 1 },
          { registry: 'b.io:5000', usedAt: 5, tlsVerify: false },
          { registry: 'evil/../x', usedAt: 9 },
          { registry: 'c.io', usedAt: 'yesterday' },
          null,
        ],
      }),
      out: [
        { registry: 'b.io:5000', usedAt: 5, tlsVerify: false },
        { registry: 'a.io', usedAt: 1 },
      ],
    },
  ])('$name', ({ text, out }) => {
    expect(parseRecentRegistries(text)).toEqual(out);
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

  it('a missing file is empty', async () => {
    expect(await createRecentRegistriesFile(join(dir, 'none', 'recent.json')).load()).toEqual([]);
  });

  it('records most recent first, once per registry, in a private file', async () => {
    const path = join(dir, 'state', 'berth', 'recent.json');
    const recents = createRecentRegistriesFile(path);
    await recents.record({ registry: 'a.io', usedAt: 1 });
    await recents.record({ registry: 'b.io', usedAt: 2, tlsVerify: false });
    await recents.record({ registry: 'a.io', usedAt: 3 });
    expect(await recents.load()).toEqual([
      { registry: 'a.io', usedAt: 3 },
      { registry: 'b.io', usedAt: 2, tlsVerify: false },
    ]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // Written through a temp file and a rename: nothing else is left in the directory.
    expect(await readdir(join(dir, 'state', 'berth'))).toEqual(['recent.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('keeps at most RECENT_LIMIT entries', async () => {
    const recents = createRecentRegistriesFile(join(dir, 'recent.json'));
    for (let i = 0; i < RECENT_LIMIT + 5; i++) await recents.record({ registry: `r${i}.io`, usedAt: i });
    const list = await recents.load();
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]?.registry).toBe(`r${RECENT_LIMIT + 4}.io`);
  });

  it('replaces a malformed file instead of failing', async () => {
    const path = join(dir, 'recent.json');
    await writeFile(path, '{broken');
    const recents = createRecentRegistriesFile(path);
    expect(await recents.load()).toEqual([]);
    await recents.record({ registry: 'a.io', usedAt: 1 });
    expect(await recents.load()).toEqual([{ registry: 'a.io', usedAt: 1 }]);
  });
});
