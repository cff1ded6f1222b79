/**
 * Running berth (in-process, through `runCli`) and skopeo (as a process) side by side for the
 * credential-sensitive compatibility suites (login, logout, delete). Each tool gets its own
 * sandbox — a temp HOME and an existing XDG_RUNTIME_DIR, nothing from this machine's real
 * configuration — so the same command sequence can run in both and the resulting files can
 * be compared.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';
import type { RegistryInstance } from '../harness/index.js';

/** What one run printed and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An isolated environment for one tool. */
export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** `$XDG_RUNTIME_DIR/containers/auth.json`, where `login` writes by default. */
  primary: string;
  remove(): Promise<void>;
}

/** Creates a sandbox: HOME and XDG_RUNTIME_DIR in a fresh temp dir. */
export async function makeSandbox(name: string): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), `berth-compat-${name}-`));
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  await mkdir(home, { recursive: true });
  await mkdir(runtime, { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: join(home, '.config'),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  return {
    dir,
    env,
    primary: join(runtime, 'containers', 'auth.json'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Options of one run. */
export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Fed to stdin, which then ends; default: empty. A Readable is passed as is (berth only). */
  stdin?: string | NodeJS.ReadableStream;
}

/** Runs berth in-process with its own streams. */
export async function runBerth(args: string[], opts: RunOptions): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const stdin = typeof opts.stdin === 'object' ? opts.stdin : Readable.from([Buffer.from(opts.stdin ?? '')]);
  const code = await runCli(args, { io: { stdout, stderr, stdin }, env: opts.env });
  return { code, stdout: out, stderr: err };
}

/** Runs `skopeo` with `args`, stdin fed from `opts.stdin`. */
export function runSkopeo(args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('skopeo', args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: out, stderr: err }));
    child.stdin.on('error', () => {});
    child.stdin.end(typeof opts.stdin === 'string' ? opts.stdin : '');
  });
}

/** Flags that let a tool reach `reg`: its CA for TLS modes, plain http otherwise. */
export function tlsFlags(reg: RegistryInstance, prefix = ''): string[] {
  return reg.certsDir
    ? [`--${prefix}cert-dir`, join(reg.certsDir, reg.host)]
    : [`--${prefix}tls-verify=false`];
}

/** A file's JSON, or undefined when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Permission bits of a path. */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** `skopeo --version` works (the suites fail loudly rather than skip when it is missing). */
export function skopeoVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('skopeo', ['--version'], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}
