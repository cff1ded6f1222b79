/**
 * `berth login` / `logout` against skopeo 1.9.3 on real registries (plain, Basic, token, TLS
 * with Basic): for each command or sequence both tools run in their own sandbox, and stdout,
 * exit code and the resulting credential file must match. A sentinel password must never show
 * up in anything berth prints (`login-prompt.test.ts` checks `--debug` and the terminal prompt).
 *
 * Known, deliberate differences (asserted where they matter):
 * - skopeo writes `{"auths": {}}` even when `logout` had nothing to remove; berth leaves a
 *   missing file missing. A missing file is compared as `{"auths": {}}`.
 * - skopeo reads a password from a non-terminal stdin and fails with an ioctl error; berth
 *   fails without reading it. Both print the same prompts first.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryInstance, RegistryMode } from '../harness/index.js';
import { startRegistry } from '../harness/index.js';
import {
  makeSandbox,
  modeOf,
  type RunResult,
  readJsonFile,
  runBerth,
  runSkopeo,
  type Sandbox,
  skopeoVersion,
  tlsFlags,
} from './auth-sandbox.js';

const USER = 'tester';
const SENTINEL = 'S3ntinel-l0gin-pa55';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const EMPTY = { auths: {} };

const modes: Array<{ mode: RegistryMode; auth: boolean }> = [
  { mode: 'basic', auth: true },
  { mode: 'token', auth: true },
  { mode: 'tls-basic', auth: true },
  { mode: 'plain', auth: false },
];

beforeAll(async () => {
  expect(await skopeoVersion()).toContain('1.9.3');
});

describe.each(modes)('login and logout against a $mode registry', ({ mode, auth }) => {
  let reg: RegistryInstance;
  let berth: Sandbox;
  let skopeo: Sandbox;

  beforeAll(async () => {
    reg = await startRegistry({ mode, ...(auth ? { users: { [USER]: SENTINEL } } : {}) });
  });
  afterAll(async () => reg?.stop());
  beforeEach(async () => {
    berth = await makeSandbox('berth');
    skopeo = await makeSandbox('skopeo');
  });
  afterEach(async () => {
    await berth?.remove();
    await skopeo?.remove();
  });

  type Args = (sb: Sandbox) => string[];
  const tls = () => tlsFlags(reg);

  /** Runs the same command in both sandboxes; berth's output must match and never hold the secret. */
  async function both(args: Args, stdin = ''): Promise<{ b: RunResult; s: RunResult }> {
    const b = await runBerth(args(berth), { env: berth.env, stdin });
    const s = await runSkopeo(args(skopeo), { env: skopeo.env, stdin });
    const clean = (text: string, sb: Sandbox) => text.split(sb.dir).join('<sandbox>');
    expect({ code: b.code, stdout: clean(b.stdout, berth) }, b.stderr).toEqual({
      code: s.code,
      stdout: clean(s.stdout, skopeo),
    });
    expect(b.stdout + b.stderr).not.toContain(SENTINEL);
    return { b, s };
  }

  /** Both primary files hold the same JSON (a missing file counts as no logins). */
  async function sameFiles(path: (sb: Sandbox) => string = (sb) => sb.primary): Promise<unknown> {
    const b = (await readJsonFile(path(berth))) ?? EMPTY;
    const s = (await readJsonFile(path(skopeo))) ?? EMPTY;
    expect(b).toEqual(s);
    return b;
  }

  const login: Args = () => ['login', ...tls(), '-u', USER, '-p', SENTINEL, reg.host];
  const stored = (password: string) => ({ auths: { [reg.host]: { auth: b64(`${USER}:${password}`) } } });

  it('stores the right password, mode 0600 in a 0700 directory', async () => {
    const { b } = await both(login);
    expect(b).toMatchObject({ code: 0, stdout: 'Login Succeeded!\n' });
    expect(await sameFiles()).toEqual(stored(SENTINEL));
    expect(await modeOf(berth.primary)).toBe(0o600);
    expect(await modeOf(join(berth.env.XDG_RUNTIME_DIR as string, 'containers'))).toBe(0o700);
  });

  it('stores nothing for a wrong password', async () => {
    const { b } = await both(() => ['login', ...tls(), '-u', USER, '-p', 'wrong-password', reg.host]);
    if (auth) {
      expect(b.code).toBe(1);
      expect(b.stderr).toContain(`logging into "${reg.host}": invalid username/password`);
      expect(await readJsonFile(berth.primary)).toBeUndefined();
      expect(await readJsonFile(skopeo.primary)).toBeUndefined();
    } else {
      // Without authentication any password is accepted, and stored, as skopeo does.
      expect(b.code).toBe(0);
      expect(await sameFiles()).toEqual(stored('wrong-password'));
    }
  });

  it.each([
    { name: 'LF', input: `${SENTINEL}\n` },
    { name: 'CRLF', input: `${SENTINEL}\r\n` },
    { name: 'no line break', input: SENTINEL },
    {
      name: 'split over lines, blank line after',
      input: `${SENTINEL.slice(0, 5)}\n${SENTINEL.slice(5)}\n\n`,
    },
  ])('takes --password-stdin ($name)', async ({ input }) => {
    const { b } = await both(() => ['login', ...tls(), '-u', USER, '--password-stdin', reg.host], input);
    expect(b).toMatchObject({ code: 0, stdout: 'Login Succeeded!\n' });
    expect(await sameFiles()).toEqual(stored(SENTINEL));
  });

  it.each([
    { name: '--password-stdin without -u', args: ['--password-stdin'], stdin: SENTINEL, stdout: '' },
    {
      name: '--password-stdin with -p',
      args: ['-u', USER, '-p', 'x', '--password-stdin'],
      stdin: SENTINEL,
      stdout: '',
    },
    {
      name: 'no password and stdin not a terminal',
      args: ['-u', USER],
      stdin: `${SENTINEL}\n`,
      stdout: 'Password: ',
    },
    { name: 'no user and stdin empty', args: ['-p', SENTINEL], stdin: '', stdout: 'Username: ' },
  ])('refuses $name and stores nothing', async ({ args, stdin, stdout }) => {
    const { b } = await both(() => ['login', ...tls(), ...args, reg.host], stdin);
    expect(b).toMatchObject({ code: 1, stdout });
    expect(await readJsonFile(berth.primary)).toBeUndefined();
  });

  it('stores a namespaced key and says where with -v; --get-login finds the most specific', async () => {
    const { b } = await both(() => ['login', ...tls(), '-v', '-u', USER, '-p', SENTINEL, `${reg.host}/team`]);
    expect(b.stdout).toBe(`Used:  ${berth.primary}\nLogin Succeeded!\n`);
    await both(login);
    const got = await both(() => ['login', '--get-login', `${reg.host}/team/app`]);
    expect(got.b).toMatchObject({ code: 0, stdout: `${USER}\n` });
    expect(await sameFiles()).toEqual({
      auths: {
        [reg.host]: { auth: b64(`${USER}:${SENTINEL}`) },
        [`${reg.host}/team`]: { auth: b64(`${USER}:${SENTINEL}`) },
      },
    });
  });

  it('writes to --authfile, creating its directories 0700', async () => {
    const file = (sb: Sandbox) => join(sb.dir, 'new', 'dir', 'auth.json');
    await both((sb) => ['login', ...tls(), '--authfile', file(sb), '-u', USER, '-p', SENTINEL, reg.host]);
    expect(await sameFiles(file)).toEqual(stored(SENTINEL));
    expect(await modeOf(file(berth))).toBe(0o600);
    expect(await modeOf(join(berth.dir, 'new'))).toBe(0o700);
    expect(await readJsonFile(berth.primary)).toBeUndefined();
  });

  it('runs a login/logout sequence to the same file', async () => {
    const steps: Array<{ args: Args; stdin?: string; code: number; stdout: string }> = [
      { args: login, code: 0, stdout: 'Login Succeeded!\n' },
      {
        args: () => ['login', ...tls(), '-u', USER, '-p', SENTINEL, `${reg.host}/ns`],
        code: 0,
        stdout: 'Login Succeeded!\n',
      },
      {
        args: () => ['login', ...tls(), reg.host],
        code: 0,
        stdout: `Authenticating with existing credentials for ${reg.host}\nExisting credentials are valid. Already logged in to ${reg.host}\n`,
      },
      { args: () => ['login', '--get-login', reg.host], code: 0, stdout: `${USER}\n` },
      { args: () => ['logout', reg.host], code: 0, stdout: `Removed login credentials for ${reg.host}\n` },
      { args: () => ['logout', reg.host], code: 1, stdout: '' },
      { args: () => ['login', '--get-login', reg.host], code: 1, stdout: '' },
      { args: () => ['login', '--get-login', `${reg.host}/ns/app`], code: 0, stdout: `${USER}\n` },
    ];
    for (const step of steps) {
      const { b } = await both(step.args, step.stdin);
      expect(b).toMatchObject({ code: step.code, stdout: step.stdout });
    }
    expect(await sameFiles()).toEqual({
      auths: { [`${reg.host}/ns`]: { auth: b64(`${USER}:${SENTINEL}`) } },
    });
    const all = await both(() => ['logout', '-a']);
    expect(all.b).toMatchObject({ code: 0, stdout: 'Removed login credentials for all registries\n' });
    expect(await sameFiles()).toEqual(EMPTY);
  });

  it('asks again when the stored login no longer works', async () => {
    for (const sb of [berth, skopeo]) {
      await mkdir(join(sb.env.XDG_RUNTIME_DIR as string, 'containers'), { recursive: true });
      await writeFile(sb.primary, JSON.stringify(stored('old-password')));
    }
    const { b } = await both(() => ['login', ...tls(), reg.host], `${USER}\n`);
    if (auth) {
      expect(b.stdout).toBe(
        `Authenticating with existing credentials for ${reg.host}\nExisting credentials are invalid, please enter valid username and password\nUsername (${USER}): Password: `,
      );
      expect(await sameFiles()).toEqual(stored('old-password'));
    } else {
      expect(b.stdout).toContain('Existing credentials are valid');
    }
  });

  it('refuses to rewrite a credential file that is not JSON, and names it', async () => {
    for (const sb of [berth, skopeo]) {
      await mkdir(join(sb.env.XDG_RUNTIME_DIR as string, 'containers'), { recursive: true });
      await writeFile(sb.primary, '{"auths": {"other.example": ');
    }
    for (const args of [login, () => ['logout', reg.host], () => ['logout', '-a']]) {
      const { b } = await both(args);
      expect(b.code).toBe(1);
    }
    const { b } = await both(login);
    expect(b.stderr).toContain(berth.primary);
    expect(await readFile(berth.primary, 'utf8')).toBe('{"auths": {"other.example": ');
  });

  it.each([
    { name: 'working', password: SENTINEL, works: true },
    { name: 'stale', password: 'old-password', works: false },
  ])('logout leaves a $name Docker login alone', async ({ password, works }) => {
    for (const sb of [berth, skopeo]) {
      await mkdir(join(sb.env.HOME as string, '.docker'), { recursive: true });
      await writeFile(
        join(sb.env.HOME as string, '.docker', 'config.json'),
        JSON.stringify(stored(password)),
      );
    }
    const { b } = await both(() => ['logout', ...(reg.certsDir ? [] : ['--tls-verify=false']), reg.host]);
    // logout has no --cert-dir, so a TLS registry's check fails and both report "not logged into".
    if ((works || !auth) && !reg.certsDir) {
      expect(b).toMatchObject({
        code: 0,
        stdout: `Not logged into ${reg.host} with current tool. Existing credentials were established via docker login. Please use docker logout instead.\n`,
      });
    } else {
      expect(b).toMatchObject({ code: 1, stdout: '' });
      expect(b.stderr).toContain(`not logged into ${reg.host}`);
    }
    expect(await readJsonFile(join(berth.env.HOME as string, '.docker', 'config.json'))).toEqual(
      stored(password),
    );
  });

  it.each([
    { name: 'logout when not logged in', args: () => ['logout', reg.host], code: 1 },
    { name: 'logout -a with an argument', args: () => ['logout', '-a', reg.host], code: 1 },
    { name: 'logout without a registry', args: () => ['logout'], code: 1 },
    { name: 'login without a registry', args: () => ['login'], code: 1 },
    { name: 'login with two registries', args: () => ['login', reg.host, 'other.example'], code: 1 },
    {
      name: 'login to a key with a tag',
      args: () => ['login', '-u', USER, '-p', SENTINEL, `${reg.host}/ns:tag`],
      code: 1,
    },
    { name: 'logout -a with nothing stored', args: () => ['logout', '-a'], code: 0 },
    {
      name: 'logout from a missing --authfile',
      args: (sb: Sandbox) => ['logout', '--authfile', join(sb.dir, 'none.json'), reg.host],
      code: 1,
    },
  ])('$name', async ({ args, code }) => {
    const { b } = await both(args);
    expect(b.code).toBe(code);
    await sameFiles();
  });
});
