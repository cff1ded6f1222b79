import {
  chmod,
  chown,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../command-names.js';
import {
  codeCacheLocation,
  codeCacheMode,
  readCodeCache,
  STALE_AFTER_MS,
  writeCodeCache,
} from './code-cache.js';

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
    { args: ['--version'], mode: 'version' },
    { args: ['-v'], mode: 'version' },
    { args: ['--version', '--debug'], mode: 'other' },
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
    dir = undefined;
  });

  async function location(key = 'k1', mode = 'inspect') {
    dir ??= await mkdtemp(join(tmpdir(), 'berth-cc-'));
    return codeCacheLocation({ env: { XDG_CACHE_HOME: dir }, homeDir: undefined, key, mode })!;
  }

  it('round-trips, private to the user; other modes stay, fresh caches of other builds too', async () => {
    const other = await location('new', 'copy');
    const old = await location('old', 'inspect');
    const loc = await location('new', 'inspect');
    expect(readCodeCache(loc)).toBeUndefined();
    expect(writeCodeCache(old, () => Buffer.from('a'))).toBe(true);
    expect(writeCodeCache(other, () => Buffer.from('b'))).toBe(true);
    expect(writeCodeCache(loc, () => Buffer.from('cached bytes'))).toBe(true);
    expect(readCodeCache(loc)?.toString()).toBe('cached bytes');
    expect((await readdir(loc.dir)).sort()).toEqual([
      'code-new-copy.bin',
      'code-new-inspect.bin',
      'code-old-inspect.bin',
    ]);
    expect((await stat(loc.file)).mode & 0o777).toBe(0o600);
    expect((await stat(loc.dir)).mode & 0o777).toBe(0o700);
  });

  it('removes caches of other builds once stale', async () => {
    const old = await location('old', 'inspect');
    const loc = await location('new', 'inspect');
    writeCodeCache(old, () => Buffer.from('a'));
    const long = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    await utimes(old.file, long, long);
    writeCodeCache(loc, () => Buffer.from('b'));
    expect(await readdir(loc.dir)).toEqual(['code-new-inspect.bin']);
  });

  // V8 checks a cache only against the source's length and runs the bytecode it holds: a cache
  // anyone else could have written, or one that changed on disk, must not be used.
  it.each([
    { name: 'a flipped byte', spoil: async (f: string) => flipLastByte(f) },
    { name: 'a file another user owns', spoil: async (f: string) => chown(f, 12345, 12345) },
    { name: 'a group-writable file', spoil: async (f: string) => chmod(f, 0o620) },
    { name: 'a group-writable directory', spoil: async (f: string) => chmod(join(f, '..'), 0o770) },
    {
      name: 'a symlink',
      spoil: async (f: string) => {
        await rename(f, `${f}.real`);
        await symlink(`${f}.real`, f);
      },
    },
  ])('ignores $name', async ({ spoil }) => {
    const loc = await location();
    expect(writeCodeCache(loc, () => Buffer.from('cached bytes'))).toBe(true);
    await spoil(loc.file);
    expect(readCodeCache(loc)).toBeUndefined();
  });

  it('reports a failed write without producing the cache, and leaves no temp file', async () => {
    const loc = await location('k', 'tui');
    // The cache directory's place is taken by a file.
    await writeFile(loc.dir, 'not a directory');
    let produced = false;
    expect(
      writeCodeCache(loc, () => {
        produced = true;
        return Buffer.from('x');
      }),
    ).toBe(false);
    expect(produced).toBe(false);
    expect(readCodeCache(loc)).toBeUndefined();
    expect(await readdir(dir!)).toEqual(['berth']);
  });
});

async function flipLastByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[bytes.length - 1]! ^= 0xff;
  await writeFile(file, bytes);
}
