import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../command-names.js';
import { codeCacheLocation, codeCacheMode, readCodeCache, writeCodeCache } from './code-cache.js';

describe('codeCacheLocation', () => {
  it.each([
    {
      name: 'XDG_CACHE_HOME',
      env: { XDG_CACHE_HOME: '/x/cache' },
      home: '/h',
      file: '/x/cache/berth/code-k1-inspect.bin',
    },
    { name: 'home without XDG', env: {}, home: '/h', file: '/h/.cache/berth/code-k1-inspect.bin' },
    {
      name: 'relative XDG ignored',
      env: { XDG_CACHE_HOME: 'rel' },
      home: '/h',
      file: '/h/.cache/berth/code-k1-inspect.bin',
    },
    { name: 'no home', env: {}, home: undefined, file: undefined },
    { name: 'turned off', env: { BERTH_CODE_CACHE: '0' }, home: '/h', file: undefined },
  ])('$name', ({ env, home, file }) => {
    expect(codeCacheLocation({ env, homeDir: home, key: 'k1', mode: 'inspect' })?.file).toBe(file);
  });

  it('keeps path separators and odd characters out of the file name', () => {
    const loc = codeCacheLocation({ env: {}, homeDir: '/h', key: '0.1/v20 x64', mode: '../x' });
    expect(loc?.file).toBe('/h/.cache/berth/code-0.1_v20_x64-.._x.bin');
    expect(loc?.prefix).toBe('code-0.1_v20_x64-');
  });
});

describe('codeCacheMode', () => {
  it.each([
    { args: ['inspect', 'docker://x/y'], mode: 'inspect' },
    { args: ['--debug', '--command-timeout', '5s', 'list-tags', 'docker://x/y'], mode: 'list-tags' },
    { args: [], mode: 'tui' },
    { args: ['docker://x/y', '--read-only', '--no-color'], mode: 'tui' },
    { args: ['--version'], mode: 'other' },
    { args: ['--help'], mode: 'other' },
    { args: ['--debug'], mode: 'other' },
  ])('$args → $mode', ({ args, mode }) => {
    expect(codeCacheMode(args, COMMAND_NAMES)).toBe(mode);
  });
});

describe('reading and writing the cache', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('round-trips, private to the user, and drops other builds but not other modes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-cc-'));
    const env = { XDG_CACHE_HOME: dir };
    const old = codeCacheLocation({ env, homeDir: undefined, key: 'old', mode: 'inspect' })!;
    const other = codeCacheLocation({ env, homeDir: undefined, key: 'new', mode: 'copy' })!;
    const loc = codeCacheLocation({ env, homeDir: undefined, key: 'new', mode: 'inspect' })!;
    expect(readCodeCache(loc)).toBeUndefined();
    expect(writeCodeCache(old, Buffer.from('a'))).toBe(true);
    expect(writeCodeCache(other, Buffer.from('b'))).toBe(true);
    expect(writeCodeCache(loc, Buffer.from('cached bytes'))).toBe(true);
    expect(readCodeCache(loc)?.toString()).toBe('cached bytes');
    expect((await readdir(loc.dir)).sort()).toEqual(['code-new-copy.bin', 'code-new-inspect.bin']);
    expect((await stat(loc.file)).mode & 0o777).toBe(0o600);
    expect((await stat(loc.dir)).mode & 0o777).toBe(0o700);
  });

  it('reports a failed write and leaves no temp file behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-cc-'));
    // The cache directory's place is taken by a file.
    await writeFile(join(dir, 'berth'), 'not a directory');
    const loc = codeCacheLocation({
      env: { XDG_CACHE_HOME: dir },
      homeDir: undefined,
      key: 'k',
      mode: 'tui',
    })!;
    expect(writeCodeCache(loc, Buffer.from('x'))).toBe(false);
    expect(readCodeCache(loc)).toBeUndefined();
    expect(await readdir(dir)).toEqual(['berth']);
  });
});
