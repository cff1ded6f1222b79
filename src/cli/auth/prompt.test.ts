import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ExitHooks, PromptInterruptedError, StdinPrompter } from './prompt.js';

/** A stdin that claims to be a terminal and records raw-mode switches. */
function fakeTty(opts: { tty?: boolean } = {}) {
  const stream = new PassThrough() as PassThrough & {
    isTTY?: boolean;
    isRaw: boolean;
    setRawMode?: (mode: boolean) => void;
  };
  const modes: boolean[] = [];
  stream.isRaw = false;
  if (opts.tty ?? true) {
    stream.isTTY = true;
    stream.setRawMode = (mode: boolean) => {
      modes.push(mode);
      stream.isRaw = mode;
    };
  }
  return { stream, modes };
}

function fakeExitHooks() {
  const listeners = new Set<() => void>();
  const hooks: ExitHooks = {
    on: (_e, fn) => listeners.add(fn),
    off: (_e, fn) => listeners.delete(fn),
  };
  return { hooks, listeners };
}

describe('StdinPrompter.readLine', () => {
  it.each([
    { name: 'LF', input: 'alice\n', lines: ['alice', undefined] },
    { name: 'CRLF', input: 'alice\r\n', lines: ['alice', undefined] },
    { name: 'two lines in one chunk', input: 'alice\nbob\n', lines: ['alice', 'bob', undefined] },
    { name: 'no line break before EOF', input: 'alice', lines: [undefined] },
    { name: 'empty line', input: '\n', lines: ['', undefined] },
    { name: 'nothing', input: '', lines: [undefined] },
  ])('$name', async ({ input, lines }) => {
    const { stream } = fakeTty({ tty: false });
    stream.end(input);
    const p = new StdinPrompter(stream);
    for (const want of lines) expect(await p.readLine()).toBe(want);
  });

  it('joins a multi-byte character split across chunks', async () => {
    const { stream } = fakeTty({ tty: false });
    const bytes = Buffer.from('jürgen\n');
    stream.write(bytes.subarray(0, 2));
    stream.end(bytes.subarray(2));
    expect(await new StdinPrompter(stream).readLine()).toBe('jürgen');
  });

  it('rejects with the reason when aborted while waiting', async () => {
    const { stream } = fakeTty({ tty: false });
    const ac = new AbortController();
    const p = new StdinPrompter(stream).readLine({ signal: ac.signal });
    ac.abort(new Error('timed out'));
    await expect(p).rejects.toThrow('timed out');
    expect(stream.listenerCount('data')).toBe(0);
  });
});

describe('StdinPrompter.readSecret', () => {
  it.each([
    { name: 'Enter (CR)', keys: ['s3cret\r'], want: 's3cret' },
    { name: 'Enter (LF)', keys: ['s3cret\n'], want: 's3cret' },
    { name: 'one key per chunk', keys: ['s', '3', 'c', '\r'], want: 's3c' },
    { name: 'backspace (DEL)', keys: ['abx\x7fc\r'], want: 'abc' },
    { name: 'backspace (BS)', keys: ['abx\bc\r'], want: 'abc' },
    { name: 'backspace past the start', keys: ['\x7f\x7fab\r'], want: 'ab' },
    { name: 'Ctrl-U clears', keys: ['wrong\x15right\r'], want: 'right' },
    { name: 'control characters dropped', keys: ['a\x1b[Ab\x00\r'], want: 'a[Ab' },
    { name: 'non-ASCII kept, deleted per character', keys: ['pässwörd€\x7f\r'], want: 'pässwörd' },
    { name: 'Ctrl-D inside an entry is ignored', keys: ['ab\x04c\r'], want: 'abc' },
    { name: 'Ctrl-D on an empty entry is EOF', keys: ['\x04'], want: undefined },
  ])('$name', async ({ keys, want }) => {
    const { stream, modes } = fakeTty();
    for (const k of keys) stream.write(k);
    const { hooks, listeners } = fakeExitHooks();
    expect(await new StdinPrompter(stream, hooks).readSecret()).toBe(want);
    expect(modes).toEqual([true, false]);
    expect(listeners.size).toBe(0);
  });

  it('turns raw mode on only while reading, with a restore hook for process exit', async () => {
    const { stream, modes } = fakeTty();
    const { hooks, listeners } = fakeExitHooks();
    const reading = new StdinPrompter(stream, hooks).readSecret();
    // Raw mode goes on synchronously, before the first wait for a key.
    expect(modes).toEqual([true]);
    expect(listeners.size).toBe(1);
    for (const fn of listeners) fn();
    expect(stream.isRaw).toBe(false);
    stream.write('x\r');
    expect(await reading).toBe('x');
    expect(listeners.size).toBe(0);
  });

  it('keeps a raw terminal raw afterwards', async () => {
    const { stream, modes } = fakeTty();
    stream.isRaw = true;
    stream.write('x\r');
    await new StdinPrompter(stream, fakeExitHooks().hooks).readSecret();
    expect(modes).toEqual([true, true]);
  });

  it('throws PromptInterruptedError on Ctrl-C and restores the terminal', async () => {
    const { stream, modes } = fakeTty();
    stream.write('half\x03rest\r');
    await expect(new StdinPrompter(stream, fakeExitHooks().hooks).readSecret()).rejects.toBeInstanceOf(
      PromptInterruptedError,
    );
    expect(modes).toEqual([true, false]);
  });

  it('restores the terminal when aborted', async () => {
    const { stream, modes } = fakeTty();
    const ac = new AbortController();
    const reading = new StdinPrompter(stream, fakeExitHooks().hooks).readSecret({ signal: ac.signal });
    ac.abort(new Error('timed out'));
    await expect(reading).rejects.toThrow('timed out');
    expect(modes).toEqual([true, false]);
  });

  it('returns what was typed when input ends without Enter', async () => {
    const { stream } = fakeTty();
    stream.end('partial');
    expect(await new StdinPrompter(stream, fakeExitHooks().hooks).readSecret()).toBe('partial');
  });

  it('leaves input after Enter for the next read, and a pasted CRLF is one Enter', async () => {
    const { stream } = fakeTty();
    stream.write('pw\r\nnext\n');
    const p = new StdinPrompter(stream, fakeExitHooks().hooks);
    expect(await p.readSecret()).toBe('pw');
    expect(await p.readLine()).toBe('next');
  });

  it('refuses a stdin that is not a terminal', async () => {
    const { stream, modes } = fakeTty({ tty: false });
    stream.end('pw\n');
    const p = new StdinPrompter(stream);
    expect(p.isTTY).toBe(false);
    await expect(p.readSecret()).rejects.toThrow('stdin is not a terminal');
    expect(modes).toEqual([]);
  });

  it('reads the user name as a line, then the password raw, from one stream', async () => {
    const { stream, modes } = fakeTty();
    stream.write('alice\n');
    const p = new StdinPrompter(stream, fakeExitHooks().hooks);
    expect(await p.readLine()).toBe('alice');
    expect(modes).toEqual([]);
    stream.write('pw\r');
    expect(await p.readSecret()).toBe('pw');
    expect(stream.isPaused()).toBe(true);
  });
});
