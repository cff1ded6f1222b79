import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import { trackChild } from './cleanup.js';

/** Options for {@link spawnRegistry}. */
export interface SpawnRegistryOptions {
  configFile: string;
  logFile: string;
  /** Base URL the registry will answer on. */
  url: string;
  /** CA that signed the registry's TLS certificate, for https URLs. */
  caPem?: string;
  /** How long to wait for `GET /v2/` to answer. */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A registry process that answered `GET /v2/`. */
export interface RegistryProcess {
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited within a short bounded wait. */
  stop(): Promise<void>;
}

/** Thrown when the process exits before it answers; `addressInUse` tells callers to retry on another port. */
export class RegistryStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'RegistryStartError';
  }
}

const POLL_MS = 25;
const STOP_GRACE_MS = 3000;

/**
 * Spawns `docker-registry serve CONFIG` with stdout and stderr appended to the log file, then polls
 * `GET /v2/` until any HTTP answer arrives (200 or 401 both mean it is serving).
 *
 * The environment is stripped of `REGISTRY_*` variables: distribution reads them as config overrides,
 * and a stray `REGISTRY_HTTP_ADDR` would silently move the server.
 */
export async function spawnRegistry(opts: SpawnRegistryOptions): Promise<RegistryProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
  const logFd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('docker-registry', ['serve', opts.configFile], { stdio: ['ignore', logFd, logFd], env });
  } finally {
    closeSync(logFd);
  }
  trackChild(child);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    child.once('error', (err) => resolve(`failed to start: ${err.message}`));
  });
  const stop = () => stopChild(child);

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 15_000);
  let lastError = 'no attempt';
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
  });
  while (Date.now() < deadline) {
    if (opts.signal?.aborted) {
      await stop();
      opts.signal.throwIfAborted();
    }
    if (exitReason !== undefined) {
      const tail = logTail(opts.logFile);
      throw new RegistryStartError(
        `docker-registry ${exitReason} before answering ${opts.url}/v2/; log tail:\n${tail}`,
        /address already in use/i.test(tail),
      );
    }
    try {
      await probe(`${opts.url}/v2/`, opts.caPem);
      return { child, stop };
    } catch (err) {
      lastError = (err as Error).message;
    }
    await delay(POLL_MS);
  }
  await stop();
  throw new Error(
    `docker-registry did not answer ${opts.url}/v2/ in time (last error: ${lastError}); log tail:\n${logTail(opts.logFile)}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Resolves on any HTTP response, rejects on a connection error; each attempt is bounded to 1 s. */
function probe(url: string, caPem: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', timeout: 1000, ...(caPem ? { ca: caPem } : {}) }, (res) => {
      res.resume();
      resolve();
    });
    req.once('timeout', () => req.destroy(new Error('probe timed out')));
    req.once('error', reject);
    req.end();
  });
}

/** Last lines of the registry log, for error messages. */
export function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(empty log)';
  } catch {
    return '(no log file)';
  }
}
