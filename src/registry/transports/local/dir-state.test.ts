import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { makeDirs, pathState, removeCreatedDirs } from './dir-state.js';

describe('pathState', () => {
  let dir: string;
  beforeEach(async () => {
    dir = makeTempDir('dir-state');
    await mkdir(join(dir, 'staging-only'));
    await writeFile(join(dir, 'staging-only', '.berth-x.tmp'), '');
    await mkdir(join(dir, 'full'));
    await writeFile(join(dir, 'full', 'a'), '');
    await writeFile(join(dir, 'file'), '');
    await symlink(join(dir, 'full'), join(dir, 'link'));
  });
  afterEach(() => removeTempDir(dir));

  it.each([
    { name: 'a missing path', at: 'missing', expected: { kind: 'missing' } },
    {
      name: 'a directory holding only staging leftovers',
      at: 'staging-only',
      expected: { kind: 'dir', entries: [] },
    },
    { name: 'a directory with content', at: 'full', expected: { kind: 'dir', entries: ['a'] } },
    { name: 'a file', at: 'file', expected: { kind: 'other' } },
    { name: 'a symlink (not followed)', at: 'link', expected: { kind: 'symlink' } },
  ])('describes $name', async ({ at, expected }) => {
    expect(await pathState(join(dir, at))).toEqual(expected);
  });
});

describe('makeDirs and removeCreatedDirs', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('make-dirs');
  });
  afterEach(() => removeTempDir(dir));

  it('removes exactly the directories it created', async () => {
    const leaf = join(dir, 'a', 'b', 'c');
    const created = await makeDirs(leaf);
    expect(created).toBe(join(dir, 'a'));
    await removeCreatedDirs(leaf, created);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a directory someone else started using, and its parents', async () => {
    const leaf = join(dir, 'a', 'b');
    const created = await makeDirs(leaf);
    await writeFile(join(leaf, 'theirs'), '');
    await removeCreatedDirs(leaf, created);
    expect(await readdir(leaf)).toEqual(['theirs']);
  });

  it('removes nothing when the directory already existed', async () => {
    expect(await makeDirs(dir)).toBeUndefined();
    await removeCreatedDirs(dir, undefined);
    expect(await readdir(dir)).toEqual([]);
  });
});
