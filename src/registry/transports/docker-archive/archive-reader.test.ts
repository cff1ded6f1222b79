import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReader } from './archive-reader.js';
import { InvalidArchiveError } from './errors.js';
import { indexTar, type TarByteSource } from './tar-index.js';
import { collect } from './testing/copy-image.js';
import { craftTar, END_MARKER, rawEntry, rawHeader, rawMeta } from './testing/craft-tar.js';

let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-archive-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `a${n++}.tar`);
  await writeFile(path, bytes);
  return path;
}

async function expectRefused(bytes: Uint8Array, reason: RegExp, maxEntries?: number): Promise<void> {
  const err = await ArchiveReader.open({ path: await fileWith(bytes), maxEntries }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidArchiveError);
  expect((err as Error).message).toMatch(reason);
}

const layer = Buffer.from('layer bytes '.repeat(300));
const wellFormed = [
  { name: 'manifest.json', content: '[]' },
  { name: 'dir/', type: 'directory' as const },
  { name: 'dir/layer.tar', content: layer },
  { name: 'link.tar', type: 'symlink' as const, linkname: 'dir/layer.tar' },
  { name: 'dir/up.tar', type: 'symlink' as const, linkname: '../dir/layer.tar' },
  { name: 'hard.tar', type: 'link' as const, linkname: 'dir/layer.tar' },
  { name: `long/${'x'.repeat(120)}/name.json`, content: 'pax path' },
];

describe('ArchiveReader: reading', () => {
  const compressions = [
    { name: 'plain', compress: (b: Buffer) => b, expected: undefined },
    { name: 'gzip', compress: (b: Buffer) => gzipSync(b), expected: 'gzip' },
    {
      name: 'zstd',
      compress: (b: Buffer) => execFileSync('zstd', ['-q', '-c'], { input: b }),
      expected: 'zstd',
    },
  ];

  it.each(compressions)(
    'indexes and reads a $name archive by name, links followed once',
    async ({ compress, expected }) => {
      const archive = await ArchiveReader.open({
        path: await fileWith(compress(await craftTar(wellFormed))),
      });
      try {
        expect(archive.compression).toBe(expected);
        const read = async (name: string) => collect(archive.read(archive.resolve(name, 'component')));
        // Out of order and at once: compressed archives serve this through several cursors.
        const [long, viaSymlink, viaUp, viaHardlink, direct, manifest] = await Promise.all([
          read(`long/${'x'.repeat(120)}/name.json`),
          read('link.tar'),
          read('dir/up.tar'),
          read('hard.tar'),
          read('./dir//layer.tar'),
          read('manifest.json'),
        ]);
        expect(long.toString()).toBe('pax path');
        for (const b of [viaSymlink, viaUp, viaHardlink, direct]) expect(b.equals(layer)).toBe(true);
        expect(manifest.toString()).toBe('[]');
        expect(Buffer.from(archive.resolve('dir/layer.tar', 'layer').head).equals(layer.subarray(0, 8))).toBe(
          true,
        );
      } finally {
        await archive.close();
      }
    },
  );

  it('accepts ./-prefixed names and GNU long names', async () => {
    const longName = `gnu/${'y'.repeat(150)}`;
    const bytes = Buffer.concat([
      rawEntry({ name: './', typeflag: '5' }),
      rawEntry({ name: './manifest.json', content: 'm' }),
      rawMeta('L', longName),
      rawEntry({ name: 'ignored', content: 'g' }),
      END_MARKER,
    ]);
    const archive = await ArchiveReader.open({ path: await fileWith(bytes) });
    try {
      expect([...archive.entries.keys()]).toEqual(['.', 'manifest.json', longName]);
      expect((await collect(archive.read(archive.resolve(longName, 'x')))).toString()).toBe('g');
    } finally {
      await archive.close();
    }
  });

  it('stops at the end marker: 8 GiB of padding after it is never read (F08)', async () => {
    const path = await fileWith(await craftTar([{ name: 'manifest.json', content: '[]' }]));
    const fh = await open(path, 'r+');
    await fh.truncate(8 * 1024 ** 3); // sparse: costs no disk
    await fh.close();
    const archive = await ArchiveReader.open({ path });
    expect([...archive.entries.keys()]).toEqual(['manifest.json']);
    await archive.close();
  });

  it('reads only headers when indexing, however large the entries', async () => {
    const big = 4 * 1024 ** 3;
    let requested = 0;
    const blocks = [rawHeader({ name: 'huge.tar', typeflag: '0', size: big }), END_MARKER];
    let pos = 0;
    // A tar whose single entry is 4 GiB of zeros, served without storing it.
    const source: TarByteSource = {
      async read(len) {
        requested += len;
        const out = Buffer.alloc(len);
        const headerEnd = 512;
        if (pos < headerEnd) (blocks[0] as Buffer).copy(out, 0, pos, Math.min(headerEnd, pos + len));
        pos += len;
        return pos > headerEnd + big + 1024 ? out.subarray(0, 0) : out;
      },
      async skip(len) {
        pos += len;
        return len;
      },
    };
    const entries = await indexTar({ source, archive: 'synthetic' });
    expect(entries.get('huge.tar')?.size).toBe(big);
    expect(requested).toBeLessThan(4096);
  });
});

describe('ArchiveReader: refusing archives', () => {
  const entry = (name: string, content = 'x') => rawEntry({ name, content });
  const cases: {
    name: string;
    bytes: () => Promise<Buffer> | Buffer;
    reason: RegExp;
    maxEntries?: number;
  }[] = [
    {
      name: '../escape',
      bytes: () => craftTar([{ name: '../escape' }]),
      reason: /"\.\.\/escape" reaches outside/,
    },
    {
      name: '/abs/escape',
      bytes: () => craftTar([{ name: '/abs/escape' }]),
      reason: /"\/abs\/escape" reaches outside/,
    },
    { name: 'a/../b', bytes: () => craftTar([{ name: 'a/../b' }]), reason: /reaches outside/ },
    {
      name: 'duplicate manifest.json (F07)',
      bytes: () =>
        craftTar([
          { name: 'manifest.json', content: '[]' },
          { name: 'manifest.json', content: '[{}]' },
        ]),
      reason: /duplicate entry "manifest.json"/,
    },
    {
      name: 'duplicate after cleaning (./x and x)',
      bytes: () => craftTar([{ name: './layer.tar' }, { name: 'layer.tar', content: 'other' }]),
      reason: /duplicate entry "layer.tar"/,
    },
    {
      name: 'a root entry that is a symlink',
      bytes: () => Buffer.concat([rawEntry({ name: './', typeflag: '2', linkname: '/' }), END_MARKER]),
      reason: /archive root that is not a directory/,
    },
    {
      name: 'bad checksum',
      bytes: async () => {
        const b = await craftTar([{ name: 'x' }]);
        b[0] = 0x79;
        return b;
      },
      reason: /checksum/,
    },
    {
      name: 'not a tar',
      bytes: () => Buffer.from('{"not":"a tar"}'.repeat(100)),
      reason: /checksum|truncated/,
    },
    {
      name: 'entry running past the end of the file',
      bytes: async () => (await craftTar([{ name: 'x', content: 'y'.repeat(5000) }])).subarray(0, 2048),
      reason: /runs past the end/,
    },
    {
      name: 'gzip archive truncated mid-entry',
      bytes: async () =>
        gzipSync((await craftTar([{ name: 'x', content: 'y'.repeat(5000) }])).subarray(0, 2048)),
      reason: /truncated/,
    },
    {
      name: 'a header after a zero block',
      bytes: () => Buffer.concat([entry('a'), Buffer.alloc(512), entry('b'), END_MARKER]),
      reason: /zero block followed by data/,
    },
    {
      name: 'two PAX headers for one entry',
      bytes: () =>
        Buffer.concat([rawMeta('x', { path: 'a' }), rawMeta('x', { path: 'b' }), entry('c'), END_MARKER]),
      reason: /two PAX headers/,
    },
    {
      name: 'a GNU long name and a PAX path',
      bytes: () => Buffer.concat([rawMeta('L', 'a'), rawMeta('x', { path: 'b' }), entry('c'), END_MARKER]),
      reason: /both a GNU long name and a PAX path/,
    },
    {
      name: 'a global PAX header renaming entries',
      bytes: () => Buffer.concat([rawMeta('g', { path: 'evil' }), entry('c'), END_MARKER]),
      reason: /global PAX header/,
    },
    {
      name: 'a PAX header at the end with no entry',
      bytes: () => Buffer.concat([entry('a'), rawMeta('x', { path: 'b' }), END_MARKER]),
      reason: /without an entry/,
    },
    {
      name: 'a symlink carrying data',
      bytes: () =>
        Buffer.concat([rawEntry({ name: 'l', typeflag: '2', content: 'data', linkname: 'x' }), END_MARKER]),
      reason: /type 2 entry with a size/,
    },
    {
      name: 'an oversized PAX header',
      bytes: () =>
        Buffer.concat([rawHeader({ name: 'p', typeflag: 'x', size: 2 * 1024 * 1024 }), END_MARKER]),
      reason: /larger than/,
    },
    {
      name: 'a malformed PAX record',
      bytes: () =>
        Buffer.concat([
          rawEntry({ name: 'p', typeflag: 'x', content: '99 path=x\n' }),
          entry('c'),
          END_MARKER,
        ]),
      reason: /malformed PAX/,
    },
    {
      name: 'too many entries',
      bytes: () => craftTar([{ name: 'a' }, { name: 'b' }, { name: 'c' }]),
      reason: /more than 2 entries/,
      maxEntries: 2,
    },
    {
      name: 'bzip2 compression',
      bytes: () => execFileSync('bzip2', ['-c'], { input: Buffer.from('anything') }),
      reason: /bzip2-compressed archives are not supported/,
    },
  ];

  it.each(cases)('refuses $name', async ({ bytes, reason, maxEntries }) => {
    await expectRefused(await bytes(), reason, maxEntries);
  });

  it('refuses a directory', async () => {
    const sub = join(dir, 'a-directory');
    await mkdir(sub);
    await expect(ArchiveReader.open({ path: sub })).rejects.toThrow(InvalidArchiveError);
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(ArchiveReader.open({ path: fifo })).rejects.toThrow(/not a regular file/);
  });
});

describe('ArchiveReader: resolving components (F04, F06)', () => {
  let archive: ArchiveReader;
  beforeAll(async () => {
    const bytes = await craftTar([
      { name: 'real.tar', content: 'real' },
      { name: 'dir/', type: 'directory' },
      { name: 'to-passwd', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'climbs', type: 'symlink', linkname: '../../etc/passwd' },
      { name: 'dir/climbs', type: 'symlink', linkname: '../../real.tar' },
      { name: 'to-link', type: 'symlink', linkname: 'to-real' },
      { name: 'to-real', type: 'symlink', linkname: 'real.tar' },
      { name: 'dangling', type: 'symlink', linkname: 'missing' },
      { name: 'hard-shadow', type: 'link', linkname: '/etc/shadow' },
      { name: 'hard-up', type: 'link', linkname: '../real.tar' },
      { name: 'hard-missing', type: 'link', linkname: 'nothing' },
      { name: 'dev', type: 'character-device' },
      { name: 'pipe', type: 'fifo' },
      { name: 'sparse', content: 'x', pax: { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0' } },
    ]);
    archive = await ArchiveReader.open({ path: await fileWith(bytes) });
  });
  afterAll(async () => archive?.close());

  const refused = [
    { name: 'symlink to /etc/passwd', component: 'to-passwd', reason: /links outside the archive/ },
    { name: 'symlink climbing out', component: 'climbs', reason: /links outside the archive/ },
    {
      name: 'symlink climbing out of a subdirectory',
      component: 'dir/climbs',
      reason: /links outside the archive/,
    },
    { name: 'link to a link', component: 'to-link', reason: /link to another link/ },
    {
      name: 'dangling symlink',
      component: 'dangling',
      reason: /links to "missing", which is not in the archive/,
    },
    { name: 'hardlink to /etc/shadow', component: 'hard-shadow', reason: /links outside the archive/ },
    { name: 'hardlink climbing out', component: 'hard-up', reason: /links outside the archive/ },
    { name: 'dangling hardlink', component: 'hard-missing', reason: /not in the archive/ },
    { name: 'a directory', component: 'dir', reason: /not a regular file/ },
    { name: 'a character device', component: 'dev', reason: /not a regular file/ },
    { name: 'a FIFO', component: 'pipe', reason: /not a regular file/ },
    { name: 'a GNU sparse file', component: 'sparse', reason: /not a regular file/ },
    { name: 'a name climbing out', component: '../../../etc/passwd', reason: /reaches outside the archive/ },
    { name: 'an absolute name', component: '/etc/passwd', reason: /reaches outside the archive/ },
    { name: 'a missing name', component: 'nope.json', reason: /"nope.json" is not in the archive/ },
  ];

  it.each(refused)('refuses $name', ({ component, reason }) => {
    expect(() => archive.resolve(component, 'layer')).toThrow(reason);
  });

  it('follows one symlink hop inside the archive', async () => {
    expect((await collect(archive.read(archive.resolve('to-real', 'layer')))).toString()).toBe('real');
  });

  it('never creates anything outside its temp dir', async () => {
    expect((await readdir(dir)).every((f) => /^a\d+\.tar$|^a-directory$|^a-fifo$/.test(f))).toBe(true);
  });
});
