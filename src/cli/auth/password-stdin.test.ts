import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { joinStdinLines, readPasswordStdin } from './password-stdin.js';

describe('joinStdinLines (containers/common line joining)', () => {
  it.each([
    { name: 'no line break', input: 'pw', want: 'pw' },
    { name: 'LF', input: 'pw\n', want: 'pw' },
    { name: 'CRLF', input: 'pw\r\n', want: 'pw' },
    { name: 'trailing CR without LF', input: 'pw\r', want: 'pw' },
    { name: 'blank line after', input: 'pw\n\n', want: 'pw' },
    { name: 'lines are concatenated', input: 'p\nw\r\n', want: 'pw' },
    { name: 'only one CR dropped per line', input: 'pw\r\r\n', want: 'pw\r' },
    { name: 'CR inside a line kept', input: 'p\rw\n', want: 'p\rw' },
    { name: 'spaces kept', input: ' pw \n', want: ' pw ' },
    { name: 'empty', input: '', want: '' },
  ])('$name', ({ input, want }) => {
    expect(joinStdinLines(input)).toBe(want);
  });
});

describe('readPasswordStdin', () => {
  it('reads every chunk to the end', async () => {
    const stdin = Readable.from([Buffer.from('s3c'), Buffer.from('ret\r'), Buffer.from('\n')]);
    expect(await readPasswordStdin({ stdin })).toBe('s3cret');
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('pässwörd\n');
    const stdin = Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]);
    expect(await readPasswordStdin({ stdin })).toBe('pässwörd');
  });

  it('refuses more than the limit without quoting it', async () => {
    const stdin = Readable.from([Buffer.from('a'.repeat(10)), Buffer.from('SECRET')]);
    const err = await readPasswordStdin({ stdin, limit: 12 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('the password on stdin is longer than 12 bytes');
  });

  it('stops waiting when aborted', async () => {
    const stdin = new PassThrough();
    const ac = new AbortController();
    const reading = readPasswordStdin({ stdin, signal: ac.signal });
    ac.abort(new Error('timed out'));
    await expect(reading).rejects.toThrow('timed out');
  });
});
