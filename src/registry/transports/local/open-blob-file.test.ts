import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../../test/harness/cleanup.js';
import { openBlobFile, UnsafeFileError } from './open-blob-file.js';

describe('openBlobFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir('open-blob');
    await writeFile(join(dir, 'file'), 'hello');
    await symlink(join(dir, 'file'), join(dir, 'link-to-file'));
    await symlink('/etc/passwd', join(dir, 'link-outside'));
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling'));
    await mkdir(join(dir, 'subdir'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
  });
  afterAll(() => removeTempDir(dir));

  it('opens a regular file and reports its size', async () => {
    const { handle, size } = await openBlobFile({ path: join(dir, 'file') });
    try {
      expect(size).toBe(5);
      expect((await handle.readFile()).toString()).toBe('hello');
    } finally {
      await handle.close();
    }
  });

  it.each([
    { name: 'a symlink to a file inside', file: 'link-to-file', reason: 'it is a symbolic link' },
    { name: 'a symlink to a host file', file: 'link-outside', reason: 'it is a symbolic link' },
    { name: 'a dangling symlink', file: 'dangling', reason: 'it is a symbolic link' },
    { name: 'a directory', file: 'subdir', reason: 'it is not a regular file' },
    // Without O_NONBLOCK this open would hang forever.
    { name: 'a FIFO', file: 'fifo', reason: 'it is not a regular file' },
  ])('refuses $name', async ({ file, reason }) => {
    const err = await openBlobFile({ path: join(dir, file) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeFileError);
    expect((err as UnsafeFileError).reason).toBe(reason);
    expect((err as Error).message).toContain(join(dir, file));
  });

  it('passes ENOENT through for a missing file', async () => {
    await expect(openBlobFile({ path: join(dir, 'missing') })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('honours an aborted signal before opening', async () => {
    const signal = AbortSignal.abort(new Error('stop'));
    await expect(openBlobFile({ path: join(dir, 'file'), signal })).rejects.toThrow('stop');
  });
});
