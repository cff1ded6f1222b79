import type { spawn as Spawn } from 'node:child_process';
import { sanitizeText } from '../http/sanitize-text.js';
import type { Credential } from './credentials.js';

/**
 * Docker credential helpers (`docker-credential-<name>`), spoken as docker-credential-helpers'
 * `client` package does: the action is the only argument, the server URL or the credential
 * JSON goes on stdin, and the answer comes back on stdout. Secrets never appear in argv or
 * in the environment, where other users' `ps` could see them.
 *
 * A helper that is not installed is an error, never a reason to look elsewhere: Docker once
 * sent credentials meant for a private registry to Docker Hub when a helper could not run
 * (CVE-2021-41092).
 */

/** The actions of the helper protocol berth uses. */
export type HelperAction = 'get' | 'store' | 'erase' | 'list';

/** What a helper prints on a miss (docker-credential-helpers `credentials/error.go`). */
export const HELPER_NOT_FOUND = 'credentials not found in native keychain';

/** Default time a helper may take before it is killed; unlocking a keychain can prompt. */
export const HELPER_TIMEOUT_MS = 10_000;
/** Most stdout accepted from a helper. */
export const HELPER_OUTPUT_LIMIT = 1024 * 1024;
const STDERR_KEEP = 64 * 1024;
const MESSAGE_MAX = 200;

/** Why a helper call failed. */
export type HelperFailure =
  | 'not-found'
  | 'invalid-name'
  | 'timeout'
  | 'output-limit'
  | 'failed'
  | 'invalid-output';

/** A credential helper could not answer. The message names the helper and never a secret. */
export class CredentialHelperError extends Error {
  override readonly name = 'CredentialHelperError';
  /** The helper suffix, e.g. `osxkeychain`. */
  readonly helper: string;
  readonly reason: HelperFailure;
  constructor(helper: string, reason: HelperFailure, message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.helper = helper;
    this.reason = reason;
  }
}

/** Options for one helper run. */
export interface RunHelperOptions {
  /** The helper suffix: `pass` runs `docker-credential-pass`. */
  name: string;
  action: HelperAction;
  /** Written to the helper's stdin. */
  input: string;
  /** The helper's environment (and the PATH it is looked up in); defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A finished helper run. */
export interface HelperRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a helper; rejects only when it could not run to completion (see {@link runCredentialHelper}). */
export type RunHelper = (opts: RunHelperOptions) => Promise<HelperRun>;

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Spawns `docker-credential-<name> <action>` and collects its output.
 * @throws {CredentialHelperError} when the name is not a plain suffix (it must not be a path),
 *   the binary is not on PATH or not executable, the run exceeds its time, or stdout exceeds
 *   {@link HELPER_OUTPUT_LIMIT}. The helper (and anything it started) is killed then.
 */
export const runCredentialHelper: RunHelper = (opts) => {
  const { name } = opts;
  const bin = `docker-credential-${name}`;
  if (!HELPER_NAME.test(name)) {
    return Promise.reject(
      new CredentialHelperError(
        name,
        'invalid-name',
        `credential helper name ${JSON.stringify(sanitizeText(name, 64))} is not valid`,
      ),
    );
  }
  if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
  const timeoutMs = opts.timeoutMs ?? HELPER_TIMEOUT_MS;
  // Loaded here: most runs use no helper, and child_process costs every start-up ~3 ms.
  return import('node:child_process').then(({ spawn }) => spawnHelper(spawn, bin, opts, timeoutMs));
};

function spawnHelper(
  spawn: typeof Spawn,
  bin: string,
  opts: RunHelperOptions,
  timeoutMs: number,
): Promise<HelperRun> {
  const { name, action } = opts;
  // Aborted while child_process loaded: the listener below would never hear of it.
  if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
  return new Promise<HelperRun>((resolve, reject) => {
    // Its own process group, so a timeout also kills what a shell-script helper started.
    const detached = process.platform !== 'win32';
    const child = spawn(bin, [action], {
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;

    const kill = (): void => {
      try {
        if (detached && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (e: Error): void => {
      kill();
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish(() => reject(e));
    };
    const onAbort = (): void => fail(opts.signal?.reason as Error);
    const timer = setTimeout(() => {
      fail(
        new CredentialHelperError(
          name,
          'timeout',
          `credential helper ${bin} ${action} timed out after ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        fail(
          new CredentialHelperError(name, 'not-found', `credential helper ${bin} not found`, { cause: e }),
        );
      else if (e.code === 'EACCES') {
        fail(
          new CredentialHelperError(name, 'not-found', `credential helper ${bin} is not executable`, {
            cause: e,
          }),
        );
      } else
        fail(
          new CredentialHelperError(
            name,
            'failed',
            `credential helper ${bin} could not be run (${e.code ?? e.message})`,
            { cause: e },
          ),
        );
    });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > HELPER_OUTPUT_LIMIT) {
        fail(
          new CredentialHelperError(
            name,
            'output-limit',
            `credential helper ${bin} ${action} wrote more than ${HELPER_OUTPUT_LIMIT} bytes`,
          ),
        );
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < STDERR_KEEP) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('close', (code, signal) => {
      finish(() =>
        resolve({
          code: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8').slice(0, STDERR_KEEP),
        }),
      );
    });
    // A helper that exits without reading stdin closes the pipe; that is its answer, not ours to report.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input);
  });
}

/** Shared options of the helper actions. */
export interface HelperCallOptions {
  name: string;
  /** The server URL the helper knows the registry by (`https://index.docker.io/v1/` for Hub). */
  serverUrl: string;
  run?: RunHelper;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const isMiss = (r: HelperRun): boolean =>
  r.stdout.trim() === HELPER_NOT_FOUND || r.stderr.trim() === HELPER_NOT_FOUND;

function failure(name: string, action: HelperAction, r: HelperRun, secret?: string): CredentialHelperError {
  let text = r.stdout.trim() || r.stderr.trim() || `exit status ${r.code}`;
  if (secret) text = text.split(secret).join('***');
  const msg = sanitizeText(text, MESSAGE_MAX);
  return new CredentialHelperError(
    name,
    'failed',
    `credential helper docker-credential-${name} ${action} failed: ${msg}`,
  );
}

async function call(opts: HelperCallOptions, action: HelperAction, input: string): Promise<HelperRun> {
  const run = opts.run ?? runCredentialHelper;
  return run({
    name: opts.name,
    action,
    input,
    env: opts.env,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
  });
}

/**
 * Asks a helper for the credential of `serverUrl`; undefined on a miss. A `Username` of
 * `<token>` means the secret is an identity (refresh) token, as Docker defines it.
 */
export async function helperGet(opts: HelperCallOptions): Promise<Credential | undefined> {
  const r = await call(opts, 'get', opts.serverUrl);
  if (r.code !== 0) {
    if (isMiss(r)) return undefined;
    throw failure(opts.name, 'get', r);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    // Not quoted: the output may hold the secret.
    throw new CredentialHelperError(
      opts.name,
      'invalid-output',
      `credential helper docker-credential-${opts.name} get returned invalid JSON`,
    );
  }
  if (typeof doc !== 'object' || doc === null) {
    throw new CredentialHelperError(
      opts.name,
      'invalid-output',
      `credential helper docker-credential-${opts.name} get returned no object`,
    );
  }
  const { Username: user, Secret: secret } = doc as { Username?: unknown; Secret?: unknown };
  if (
    (user !== undefined && typeof user !== 'string') ||
    (secret !== undefined && typeof secret !== 'string')
  ) {
    throw new CredentialHelperError(
      opts.name,
      'invalid-output',
      `credential helper docker-credential-${opts.name} get returned fields of the wrong type`,
    );
  }
  if (!secret) return undefined;
  if (user === '<token>') return { identityToken: secret };
  return user ? { username: user, password: secret } : undefined;
}

/** Stores a credential in a helper. An identity token is stored under the user `<token>`. */
export async function helperStore(opts: HelperCallOptions & { credential: Credential }): Promise<void> {
  const { credential: c } = opts;
  const username = c.identityToken ? '<token>' : c.username;
  const secret = c.identityToken ?? c.password;
  if (!username || !secret)
    throw new Error('storing a credential in a helper needs a user and a password, or an identity token');
  const input = JSON.stringify({ ServerURL: opts.serverUrl, Username: username, Secret: secret });
  const r = await call(opts, 'store', input);
  if (r.code !== 0) throw failure(opts.name, 'store', r, secret);
}

/** Removes a credential from a helper; false when the helper had none. */
export async function helperErase(opts: HelperCallOptions): Promise<boolean> {
  const r = await call(opts, 'erase', opts.serverUrl);
  if (r.code === 0) return true;
  if (isMiss(r)) return false;
  throw failure(opts.name, 'erase', r);
}
