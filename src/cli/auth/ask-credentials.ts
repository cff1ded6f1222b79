/**
 * containers/common's `getUserAndPass`: whatever `-u`/`-p` did not give is asked for. The
 * prompts go to stdout, where skopeo prints them; an empty answer to `Username (alice): `
 * keeps the stored user. The password is only ever read from a terminal, without echo: a
 * password from a pipe must come through `--password-stdin`, explicitly.
 */
import { write } from '../command.js';
import type { StdinPrompter } from './prompt.js';

/** Options for {@link askCredentials}. */
export interface AskCredentialsOptions {
  prompter: StdinPrompter;
  stdout: NodeJS.WritableStream;
  /** From `-u`; asked for when empty. */
  username?: string;
  /** From `-p` or `--password-stdin`; asked for when empty. */
  password?: string;
  /** The user already stored for the registry, offered as the default. */
  storedUser?: string;
  signal?: AbortSignal;
}

/**
 * Completes the credentials from the terminal.
 * @throws when stdin ends first, or a password is needed and stdin is not a terminal.
 */
export async function askCredentials(
  opts: AskCredentialsOptions,
): Promise<{ username: string; password: string }> {
  const signal = opts.signal ? { signal: opts.signal } : {};
  let username = opts.username ?? '';
  if (username === '') {
    await write(opts.stdout, opts.storedUser ? `Username (${opts.storedUser}): ` : 'Username: ');
    const line = await opts.prompter.readLine(signal);
    if (line === undefined) throw new Error('reading username: EOF');
    username = line.trim() === '' ? (opts.storedUser ?? '') : line;
  }
  username = username.trim();
  // Before the password prompt: a password for nobody would only be thrown away.
  if (username === '') throw new Error('no username given');
  let password = opts.password ?? '';
  if (password === '') {
    await write(opts.stdout, 'Password: ');
    if (!opts.prompter.isTTY) {
      throw new Error(
        'reading password: stdin is not a terminal (use --password-stdin to read the password from a pipe)',
      );
    }
    const secret = await opts.prompter.readSecret(signal);
    if (secret === undefined) throw new Error('reading password: EOF');
    password = secret;
    await write(opts.stdout, '\n');
  }
  return { username, password };
}
