/**
 * `berth login` behaviour skopeo cannot be compared on: the password prompt on a terminal (a
 * fake TTY stdin — skopeo needs a real one), Ctrl-C, `--debug` never printing the password,
 * `--compat-auth-file` (newer than skopeo 1.9.3), and a missing `$XDG_RUNTIME_DIR`.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryInstance } from '../harness/index.js';
import { startRegistry } from '../harness/index.js';
import { makeSandbox, modeOf, readJsonFile, runBerth, type Sandbox } from './auth-sandbox.js';

const USER = 'tester';
const SENTINEL = 'S3ntinel-pr0mpt-pa55';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('berth-only login behaviour', () => {
  let reg: RegistryInstance;
  let sb: Sandbox;
  beforeAll(async () => {
    reg = await startRegistry({ mode: 'basic', users: { [USER]: SENTINEL } });
  });
  afterAll(async () => reg?.stop());
  beforeEach(async () => {
    sb = await makeSandbox('berth');
  });
  afterEach(async () => sb?.remove());

  /** A stdin that is a terminal: keys are queued up front, raw-mode switches recorded. */
  function fakeTty(keys: string) {
    const stdin = new PassThrough() as PassThrough & {
      isTTY: boolean;
      isRaw: boolean;
      setRawMode: (m: boolean) => void;
    };
    const modes: boolean[] = [];
    stdin.isTTY = true;
    stdin.isRaw = false;
    stdin.setRawMode = (m) => {
      modes.push(m);
      stdin.isRaw = m;
    };
    stdin.write(keys);
    return { stdin, modes };
  }

  it.each([
    {
      name: 'prompts for both',
      args: [],
      keys: `${USER}\n${SENTINEL}\r`,
      stdout: 'Username: Password: \nLogin Succeeded!\n',
    },
    {
      name: 'prompts for the password with -u, backspace edits',
      args: ['-u', USER],
      keys: `${SENTINEL}x\x7f\r`,
      stdout: 'Password: \nLogin Succeeded!\n',
    },
  ])('on a terminal: $name, without echo', async ({ args, keys, stdout }) => {
    const { stdin, modes } = fakeTty(keys);
    const r = await runBerth(['login', '--tls-verify=false', ...args, reg.host], { env: sb.env, stdin });
    expect(r).toMatchObject({ code: 0, stdout });
    expect(r.stdout + r.stderr).not.toContain(SENTINEL);
    expect(modes).toEqual([true, false]);
    expect(await readJsonFile(sb.primary)).toEqual({
      auths: { [reg.host]: { auth: b64(`${USER}:${SENTINEL}`) } },
    });
  });

  it('Ctrl-C at the password prompt exits 130, stores nothing and restores the terminal', async () => {
    const { stdin, modes } = fakeTty(`${USER}\nS3n\x03`);
    const r = await runBerth(['login', '--tls-verify=false', reg.host], { env: sb.env, stdin });
    expect(r).toMatchObject({ code: 130, stdout: 'Username: Password: \n' });
    expect(modes).toEqual([true, false]);
    expect(await readJsonFile(sb.primary)).toBeUndefined();
  });

  it.each([
    { name: 'right password', args: ['-u', USER, '-p', SENTINEL], stdin: '', code: 0 },
    { name: 'wrong password', args: ['-u', USER, '-p', `${SENTINEL}-wrong`], stdin: '', code: 1 },
    { name: '--password-stdin', args: ['-u', USER, '--password-stdin'], stdin: `${SENTINEL}\n`, code: 0 },
  ])('never prints the password under --debug ($name)', async ({ args, stdin, code }) => {
    const r = await runBerth(['--debug', 'login', '--tls-verify=false', ...args, reg.host], {
      env: sb.env,
      stdin,
    });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain('DEBU ');
    expect(r.stdout + r.stderr).not.toContain(SENTINEL);
  });

  it('--compat-auth-file writes Docker format and keeps Docker’s other settings', async () => {
    const file = join(sb.dir, 'docker', 'config.json');
    await mkdir(join(sb.dir, 'docker'), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({ auths: {}, proxies: { default: { httpProxy: 'x' } }, currentContext: 'c' }),
    );
    await chmod(file, 0o644);
    const r = await runBerth(
      ['login', '--tls-verify=false', '--compat-auth-file', file, '-u', USER, '-p', SENTINEL, reg.host],
      {
        env: sb.env,
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: 'Login Succeeded!\n' });
    expect(await readJsonFile(file)).toEqual({
      auths: { [reg.host]: { auth: b64(`${USER}:${SENTINEL}`) } },
      proxies: { default: { httpProxy: 'x' } },
      currentContext: 'c',
    });
    expect(await modeOf(file)).toBe(0o600);
    const ns = await runBerth(
      [
        'login',
        '--tls-verify=false',
        '--compat-auth-file',
        file,
        '-u',
        USER,
        '-p',
        SENTINEL,
        `${reg.host}/ns`,
      ],
      {
        env: sb.env,
      },
    );
    expect(ns.code).toBe(1);
    expect(ns.stderr).toContain('namespaced key');
    const both = await runBerth(['login', '--authfile', 'a', '--compat-auth-file', file, reg.host], {
      env: sb.env,
    });
    expect(both.code).toBe(1);
  });

  it('refuses to create a missing $XDG_RUNTIME_DIR', async () => {
    const env = { ...sb.env, XDG_RUNTIME_DIR: join(sb.dir, 'no-such-run') };
    const r = await runBerth(['login', '--tls-verify=false', '-u', USER, '-p', SENTINEL, reg.host], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('directory set by $XDG_RUNTIME_DIR does not exist');
    expect(await readJsonFile(join(sb.dir, 'no-such-run', 'containers', 'auth.json'))).toBeUndefined();
  });
});
