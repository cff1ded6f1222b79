import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSavedRepositoriesFile,
  parseSavedRepositories,
  RECENT_REPOSITORY_LIMIT,
  savedRepositoriesPath,
} from './saved-repositories.js';

describe('savedRepositoriesPath', () => {
  it.each([
    { name: 'XDG_STATE_HOME', env: { XDG_STATE_HOME: '/s' }, out: '/s/berth/repositories.json' },
    { name: 'default', env: {}, out: '/h/.local/state/berth/repositories.json' },
  ])('$name', ({ env, out }) => {
    expect(savedRepositoriesPath(env, '/h')).toBe(out);
  });
});

describe('parseSavedRepositories', () => {
  it.each([
    { name: 'not JSON', text: 'nope', out: {} },
    { name: 'registries not a map', text: '{"registries": []}', out: {} },
    {
      name: 'bad entries dropped, recents newest first',
      text: JSON.stringify({
        registries: {
          'quay.io': {
            bookmarks: ['org/app', 'org/app', '../etc', 7],
            recent: [
              { repository: 'org/old', usedAt: 1 },
              { repository: 'org/new', usedAt: 9 },
              { repository: 'UPPER/case', usedAt: 5 },
              { repository: 'org/x', usedAt: 'soon' },
            ],
          },
          'bad host!': { bookmarks: ['a'] },
        },
      }),
      out: {
        'quay.io': {
          bookmarks: ['org/app'],
          recent: [
            { repository: 'org/new', usedAt: 9 },
            { repository: 'org/old', usedAt: 1 },
          ],
        },
      },
    },
  ])('$name', ({ text, out }) => {
    expect(Object.fromEntries(parseSavedRepositories(text))).toEqual(out);
  });
});

describe('createSavedRepositoriesFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-saved-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('toggles bookmarks and records recents per registry, atomically and privately', async () => {
    const path = join(dir, 'state', 'berth', 'repositories.json');
    const saved = createSavedRepositoriesFile(path);
    expect(await saved.load('quay.io')).toEqual({ bookmarks: [], recent: [] });
    // Two quick changes in a row both land.
    await Promise.all([saved.toggleBookmark('quay.io', 'org/a'), saved.toggleBookmark('quay.io', 'org/b')]);
    await saved.recordRecent('ghcr.io', { repository: 'me/tool', usedAt: 3 });
    expect(await saved.toggleBookmark('quay.io', 'org/a')).toEqual({ bookmarks: ['org/b'], recent: [] });
    expect(await saved.load('ghcr.io')).toEqual({
      bookmarks: [],
      recent: [{ repository: 'me/tool', usedAt: 3 }],
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'state', 'berth'))).toEqual(['repositories.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('keeps the newest recents, each once', async () => {
    const saved = createSavedRepositoriesFile(join(dir, 'r.json'));
    for (let i = 0; i < RECENT_REPOSITORY_LIMIT + 5; i++)
      await saved.recordRecent('quay.io', {
        repository: `org/r${i % (RECENT_REPOSITORY_LIMIT + 2)}`,
        usedAt: i,
      });
    const { recent } = await saved.load('quay.io');
    expect(recent).toHaveLength(RECENT_REPOSITORY_LIMIT);
    expect(recent[0]).toEqual({ repository: `org/r2`, usedAt: RECENT_REPOSITORY_LIMIT + 4 });
    expect(new Set(recent.map((r) => r.repository)).size).toBe(RECENT_REPOSITORY_LIMIT);
  });

  it('treats a malformed file as empty and replaces it on the next write', async () => {
    const path = join(dir, 'r.json');
    await writeFile(path, '{oops');
    const saved = createSavedRepositoriesFile(path);
    expect(await saved.load('quay.io')).toEqual({ bookmarks: [], recent: [] });
    await saved.toggleBookmark('quay.io', 'org/a');
    expect(await saved.load('quay.io')).toEqual({ bookmarks: ['org/a'], recent: [] });
  });
});
