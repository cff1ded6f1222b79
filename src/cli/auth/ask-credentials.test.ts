import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askCredentials } from './ask-credentials.js';
import { type ExitHooks, StdinPrompter } from './prompt.js';

const noExit: ExitHooks = { on: () => undefined, off: () => undefined };

function setup(input: string, tty: boolean, end = false) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (m: boolean) => void };
  if (tty) {
    stdin.isTTY = true;
    stdin.setRawMode = () => undefined;
  }
  if (end) stdin.end(input);
  else stdin.write(input);
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (c: Buffer) => {
    printed += c.toString();
  });
  return { prompter: new StdinPrompter(stdin, noExit), stdout, printed: () => printed };
}

describe('askCredentials', () => {
  it.each([
    {
      name: 'asks for both on a terminal',
      input: 'alice\ns3cret\r',
      flags: {},
      want: { username: 'alice', password: 's3cret' },
      printed: 'Username: Password: \n',
    },
    {
      name: 'offers the stored user; Enter keeps it',
      input: '\ns3cret\r',
      flags: { storedUser: 'bob' },
      want: { username: 'bob', password: 's3cret' },
      printed: 'Username (bob): Password: \n',
    },
    {
      name: 'trims the user name',
      input: '  alice \ns3cret\r',
      flags: {},
      want: { username: 'alice', password: 's3cret' },
      printed: 'Username: Password: \n',
    },
    {
      name: 'asks only for the password with -u',
      input: 's3cret\r',
      flags: { username: 'alice' },
      want: { username: 'alice', password: 's3cret' },
      printed: 'Password: \n',
    },
    {
      name: 'asks only for the user with -p',
      input: 'alice\n',
      flags: { password: 'pw' },
      want: { username: 'alice', password: 'pw' },
      printed: 'Username: ',
    },
    {
      name: 'asks nothing with both',
      input: '',
      flags: { username: 'alice', password: 'pw' },
      want: { username: 'alice', password: 'pw' },
      printed: '',
    },
  ])('$name', async ({ input, flags, want, printed }) => {
    const s = setup(input, true);
    expect(await askCredentials({ prompter: s.prompter, stdout: s.stdout, ...flags })).toEqual(want);
    expect(s.printed()).toBe(printed);
  });

  it.each([
    {
      name: 'no password from a pipe',
      input: 'alice\npw\n',
      tty: false,
      message: 'reading password: stdin is not a terminal',
      printed: 'Username: Password: ',
    },
    {
      name: 'stdin ends before the user name',
      input: 'alice',
      tty: false,
      message: 'reading username: EOF',
      printed: 'Username: ',
    },
    {
      name: 'Ctrl-D at the password',
      input: 'alice\n\x04',
      tty: true,
      message: 'reading password: EOF',
      printed: 'Username: Password: ',
    },
    {
      name: 'an empty user name',
      input: '\n',
      tty: true,
      message: 'no username given',
      printed: 'Username: ',
    },
  ])('fails: $name', async ({ input, tty, message, printed }) => {
    const s = setup(input, tty, true);
    await expect(askCredentials({ prompter: s.prompter, stdout: s.stdout })).rejects.toThrow(message);
    expect(s.printed()).toBe(printed);
  });
});
