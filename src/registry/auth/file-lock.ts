import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * A lock file next to the file it protects, so that berth processes (and berth with itself
 * under `Promise.all`) take turns rewriting it. The lock is a file created with `O_EXCL`
 * holding `pid@host`; waiting is bounded, and a lock left by a dead process on this host, or
 * older than `staleMs`, is broken. containers/image has no such lock and loses entries under
 * concurrent logins (containers/image#1365).
 */

/** Options for {@link withFileLock}. */
export interface FileLockOptions {
  /** The lock file, e.g. `auth.json.lock`. Its directory must exist. */
  path: string;
  /** How long to wait for the lock; default 10 s. */
  timeoutMs?: number;
  /** Age after which a lock counts as abandoned whoever holds it; default 30 s. */
  staleMs?: number;
  signal?: AbortSignal;
}

const DEFAULTS = { timeoutMs: 10_000, staleMs: 30_000 } as const;
const host = hostname();

/** Runs `fn` while holding the lock at `opts.path`, and releases it afterwards whatever happens. */
export async function withFileLock<T>(opts: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  const ino = await acquire(opts);
  try {
    return await fn();
  } finally {
    await release(opts.path, ino);
  }
}

async function acquire(opts: FileLockOptions): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const staleMs = opts.staleMs ?? DEFAULTS.staleMs;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const fh = await open(opts.path, 'wx', 0o600);
      try {
        await fh.writeFile(`${process.pid}@${host}\n`);
        return (await fh.stat()).ino;
      } finally {
        await fh.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await breakIfStale(opts.path, staleMs)) continue;
    if (Date.now() >= deadline) {
      const holder = await readFile(opts.path, 'utf8').catch(() => '');
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for the lock ${opts.path}${holder ? ` (held by ${holder.trim()})` : ''}`,
      );
    }
    await sleep(delay + Math.random() * delay, opts.signal);
    delay = Math.min(delay * 2, 100);
  }
}

/** Removes the lock if it is abandoned; true when it did (or the lock vanished meanwhile). */
async function breakIfStale(path: string, staleMs: number): Promise<boolean> {
  let before: import('node:fs').Stats;
  let content: string;
  try {
    before = await stat(path);
    content = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const [pidText, owner] = content.trim().split('@');
  const pid = Number(pidText);
  // A lock being written has no content yet; only its age can tell it is abandoned.
  const deadOwner =
    owner === host && Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
  if (!deadOwner && Date.now() - before.mtimeMs <= staleMs) return false;
  // Move the lock aside rather than unlinking it, then check that what moved is the stale one:
  // another waiter may have broken it and taken a fresh lock between our stat and the rename.
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const moved = await stat(aside);
  if (moved.ino !== before.ino) {
    // Put the fresh lock back; if someone made another meanwhile, theirs stands.
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function release(path: string, ino: number): Promise<void> {
  try {
    // Only remove our own lock: if ours was broken as stale, the file now belongs to someone else.
    if ((await stat(path)).ino === ino) await unlink(path);
  } catch {
    // already gone
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
