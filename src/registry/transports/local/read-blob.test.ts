import { randomBytes } from 'node:crypto';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../../test/contract/images.js';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { DigestMismatchError, digestOf, LimitExceededError, SizeMismatchError } from '../../digest/index.js';
import { UnsafeFileError } from './open-blob-file.js';
import { readBlobStream, readSmallFile } from './read-blob.js';

describe('readBlobStream', () => {
  let dir: string;
  const content = randomBytes(700_000); // several read chunks
  const digest = digestOf(content);
  beforeAll(async () => {
    dir = makeTempDir('read-blob');
    await writeFile(join(dir, 'good'), content);
    const tampered = Buffer.from(content);
    tampered[123_456]! ^= 1;
    await writeFile(join(dir, 'tampered'), tampered);
    await writeFile(join(dir, 'short'), content.subarray(1));
    await symlink(join(dir, 'good'), join(dir, 'link'));
  });
  afterAll(() => removeTempDir(dir));

  it('streams a blob whose content matches', async () => {
    const bytes = await collect(
      await readBlobStream({ path: join(dir, 'good'), digest, size: content.length }),
    );
    expect(bytes.equals(content)).toBe(true);
  });

  it.each([
    {
      name: 'a flipped byte fails at the end of the stream',
      file: 'tampered',
      when: 'read',
      error: DigestMismatchError,
    },
    {
      name: 'a file of the wrong size fails before reading',
      file: 'short',
      when: 'open',
      error: SizeMismatchError,
    },
    { name: 'a symlink to the right content is refused', file: 'link', when: 'open', error: UnsafeFileError },
  ])('$name', async ({ file, when, error }) => {
    const opening = readBlobStream({ path: join(dir, file), digest, size: content.length });
    if (when === 'open') {
      await expect(opening).rejects.toBeInstanceOf(error);
    } else {
      await expect(collect(await opening)).rejects.toBeInstanceOf(error);
    }
  });

  it('refuses a file swapped for a symlink between the check and the read', async () => {
    await writeFile(join(dir, 'swapped'), content);
    const stream = await readBlobStream({ path: join(dir, 'swapped'), digest, size: content.length });
    await rm(join(dir, 'swapped'));
    await symlink(join(dir, 'good'), join(dir, 'swapped'));
    await expect(collect(stream)).rejects.toBeInstanceOf(UnsafeFileError);
  });

  it('stops with the signal', async () => {
    const controller = new AbortController();
    const stream = await readBlobStream({
      path: join(dir, 'good'),
      digest,
      size: content.length,
      signal: controller.signal,
    });
    const reading = (async () => {
      for await (const _ of stream) controller.abort(new Error('cancelled'));
    })();
    await expect(reading).rejects.toThrow('cancelled');
  });
});

describe('readSmallFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir('read-small');
    await writeFile(join(dir, 'doc'), '{"a":1}');
    await symlink(join(dir, 'doc'), join(dir, 'link'));
  });
  afterAll(() => removeTempDir(dir));

  it.each([
    { name: 'reads a file within the limit', file: 'doc', limit: 7, expected: '{"a":1}' },
    { name: 'refuses a file over the limit', file: 'doc', limit: 6, error: LimitExceededError },
    { name: 'refuses a symlink', file: 'link', limit: 100, error: UnsafeFileError },
  ])('$name', async ({ file, limit, expected, error }) => {
    const reading = readSmallFile({ path: join(dir, file), limit, what: 'doc' });
    if (error) await expect(reading).rejects.toBeInstanceOf(error);
    else expect((await reading).toString()).toBe(expected);
  });
});
