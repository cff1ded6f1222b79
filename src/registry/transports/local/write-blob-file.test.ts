import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failingStream, streamOf } from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { DigestMismatchError, digestOf, SizeMismatchError } from '../../digest/index.js';
import { writeBlobFile } from './write-blob-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

const content = randomBytes(200_000);
const digest = digestOf(content);

describe('writeBlobFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('write-blob');
  });
  afterEach(() => removeTempDir(dir));

  it('writes verified content readable by others, leaving no temp file', async () => {
    const path = join(dir, 'blob');
    await writeBlobFile({ path, stream: streamOf(content, 10_000), digest, size: content.length });
    expect((await readFile(path)).equals(content)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['blob']);
  });

  it('replaces an existing copy of the same blob', async () => {
    const path = join(dir, 'blob');
    await writeFile(path, content);
    await writeBlobFile({ path, stream: streamOf(content), digest, size: content.length });
    expect((await readFile(path)).equals(content)).toBe(true);
  });

  const wrong = Buffer.from(content);
  wrong[5]! ^= 0xff;
  it.each([
    {
      name: 'different bytes',
      stream: () => streamOf(wrong),
      size: content.length,
      error: DigestMismatchError,
    },
    {
      name: 'too few bytes',
      stream: () => streamOf(content.subarray(1)),
      size: content.length,
      error: SizeMismatchError,
    },
    {
      name: 'too many bytes',
      stream: () => streamOf(Buffer.concat([content, Buffer.from('x')])),
      size: content.length,
      error: SizeMismatchError,
    },
    {
      name: 'a stream that fails half way',
      stream: () => failingStream(content, 100_000),
      size: content.length,
      error: Error,
    },
  ])('refuses $name and leaves the old file and no temp file', async ({ stream, size, error }) => {
    const path = join(dir, 'blob');
    await writeFile(path, 'previous');
    await expect(writeBlobFile({ path, stream: stream(), digest, size })).rejects.toBeInstanceOf(error);
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['blob']);
  });

  // A stream verified by its source is not hashed again, but its length still is checked,
  // and its failure (the source's verdict on wrong bytes) still commits nothing.
  it.each([
    { name: 'too few bytes', stream: () => streamOf(content.subarray(1)), error: SizeMismatchError },
    {
      name: 'too many bytes',
      stream: () => streamOf(Buffer.concat([content, Buffer.from('x')])),
      error: SizeMismatchError,
    },
    {
      name: 'the source’s mismatch at the end',
      stream: async function* () {
        yield* streamOf(wrong, 50_000);
        throw new DigestMismatchError(digest, digestOf(wrong));
      },
      error: DigestMismatchError,
    },
  ])('verified by the source: refuses $name, leaving the old file', async ({ stream, error }) => {
    const path = join(dir, 'blob');
    await writeFile(path, 'previous');
    const writing = writeBlobFile({
      path,
      stream: stream(),
      digest,
      size: content.length,
      verifiedBySource: true,
    });
    await expect(writing).rejects.toBeInstanceOf(error);
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['blob']);
  });

  it('verified by the source: writes the bytes as given', async () => {
    const path = join(dir, 'blob');
    await writeBlobFile({
      path,
      stream: streamOf(content, 7_000),
      digest,
      size: content.length,
      verifiedBySource: true,
    });
    expect((await readFile(path)).equals(content)).toBe(true);
  });

  it('stops with the signal and cleans up', async () => {
    const controller = new AbortController();
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield content.subarray(0, 1000);
      controller.abort(new Error('cancelled'));
      yield content.subarray(1000);
    }
    const writing = writeBlobFile({
      path: join(dir, 'blob'),
      stream: slow(),
      digest,
      size: content.length,
      signal: controller.signal,
    });
    await expect(writing).rejects.toThrow('cancelled');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('write-atomic');
  });
  afterEach(() => removeTempDir(dir));

  it('creates and replaces a file with mode 0644, leaving no temp file', async () => {
    const path = join(dir, 'index.json');
    await writeFileAtomic({ path, data: 'one' });
    await writeFileAtomic({ path, data: new TextEncoder().encode('two') });
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['index.json']);
  });

  it('leaves one whole version when writers race', async () => {
    const path = join(dir, 'doc');
    const versions = Array.from({ length: 10 }, (_, i) => `version ${i} `.repeat(1000));
    await Promise.all(versions.map((data) => writeFileAtomic({ path, data })));
    expect(versions).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['doc']);
  });
});
