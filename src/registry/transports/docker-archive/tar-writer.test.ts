import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReader } from './archive-reader.js';
import { encodeTarHeader } from './tar-header-encode.js';
import { indexTar, type TarByteSource } from './tar-index.js';
import { TarFileWriter } from './tar-writer.js';
import { collect } from './testing/copy-image.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-tar-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha512Path = `blobs/sha512/${'ab'.repeat(64)}`; // 141 characters: needs a PAX path
const splitPath = `${'d'.repeat(60)}/${'e'.repeat(60)}`; // 121 characters: fits ustar prefix + name
const rollover = `r/${'x'.repeat(990)}`; // a PAX record whose length grows from 3 to 4 digits

describe('TarFileWriter', () => {
  it('writes names of every length so that GNU tar and berth read the same entries', async () => {
    const path = join(dir, 'names.tar');
    const fh = await open(path, 'wx');
    const w = new TarFileWriter(fh);
    await w.addDirectory({ name: 'blobs', mode: 0o755 });
    await w.addDirectory({ name: 'blobs/sha512', mode: 0o755 });
    await w.addBytes({ name: sha512Path, data: Buffer.from('long'), mode: 0o644 });
    await w.addBytes({ name: splitPath, data: Buffer.from('split'), mode: 0o644 });
    await w.addBytes({ name: rollover, data: Buffer.from('rollover'), mode: 0o644 });
    await w.addSymlink({ name: 'link', target: `../${'t'.repeat(120)}` });
    await w.finish();
    await fh.close();

    const listed = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['blobs/', 'blobs/sha512/', sha512Path, splitPath, rollover, 'link']);
    const verbose = execFileSync('tar', ['-tvf', path], { encoding: 'utf8' });
    expect(verbose).toContain(`link -> ../${'t'.repeat(120)}`);

    const archive = await ArchiveReader.open({ path });
    try {
      expect([...archive.entries.keys()]).toEqual([
        'blobs',
        'blobs/sha512',
        sha512Path,
        splitPath,
        rollover,
        'link',
      ]);
      expect(archive.entries.get('link')?.linkname).toBe(`../${'t'.repeat(120)}`);
      const read = async (name: string) =>
        (await collect(archive.read(archive.resolve(name, 'x')))).toString();
      expect([await read(sha512Path), await read(splitPath), await read(rollover)]).toEqual([
        'long',
        'split',
        'rollover',
      ]);
    } finally {
      await archive.close();
    }
  });

  it('writes sizes beyond 8 GiB in a PAX record', async () => {
    const size = 9 * 1024 ** 3;
    const header = encodeTarHeader({ name: 'big.tar', type: 'file', mode: 0o444, size });
    expect(header.length).toBe(3 * 512);
    let pos = 0;
    const source: TarByteSource = {
      // The header, then the entry's data as zeros, then the end of the stream.
      async read(n) {
        const out =
          pos < header.length
            ? header.subarray(pos, pos + n)
            : Buffer.alloc(pos < header.length + size ? n : 0);
        pos += n;
        return out;
      },
      async skip(n) {
        pos += n;
        return n;
      },
    };
    const entries = await indexTar({ source, archive: 'synthetic' });
    expect(entries.get('big.tar')?.size).toBe(size);
  });
});
