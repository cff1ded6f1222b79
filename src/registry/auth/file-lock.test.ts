import { spawn } from 'node:child_process';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../test/harness/cleanup.js';
import { withFileLock } from './file-lock.js';

const dir = makeTempDir('file-lock');
afterAll(() => removeTempDir(dir));
let n = 0;
const lockPath = (): string => join(dir, `l${n++}.lock`);

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('withFileLock', () => {
  it('serialises holders and removes the lock afterwards', async () => {
    const path = lockPath();
    const order: string[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        withFileLock({ path }, async () => {
          order.push(`in${i}`);
          await new Promise((r) => setImmediate(r));
          order.push(`out${i}`);
        }),
      ),
    );
    // Each holder leaves before the next enters.
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace('in', 'out'));
    expect(existsSync(path)).toBe(false);
  });

  it('releases the lock when the work throws', async () => {
    const path = lockPath();
    await expect(withFileLock({ path }, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(existsSync(path)).toBe(false);
  });

  it('breaks a lock left by a dead process on this host', async () => {
    const path = lockPath();
    writeFileSync(path, `${await deadPid()}@${hostname()}\n`);
    expect(await withFileLock({ path, timeoutMs: 5_000 }, async () => 'ran')).toBe('ran');
    expect(readdirSync(dir).filter((f) => f.includes('.stale'))).toEqual([]);
  });

  it('breaks a lock older than staleMs even if its holder looks alive', async () => {
    const path = lockPath();
    writeFileSync(path, `${process.ppid}@${hostname()}\n`);
    const old = new Date(Date.now() - 120_000);
    utimesSync(path, old, old);
    expect(await withFileLock({ path, timeoutMs: 5_000, staleMs: 30_000 }, async () => 'ran')).toBe('ran');
  });

  it('times out on a fresh lock held by a live process, naming the holder', async () => {
    const path = lockPath();
    writeFileSync(path, `${process.ppid}@${hostname()}\n`);
    await expect(withFileLock({ path, timeoutMs: 100 }, async () => 'ran')).rejects.toThrow(
      `waiting for the lock ${path} (held by ${process.ppid}@${hostname()})`,
    );
    expect(existsSync(path)).toBe(true);
  });

  it('a lock from another host is only broken by age', async () => {
    const path = lockPath();
    writeFileSync(path, `${await deadPid()}@some-other-host\n`);
    await expect(withFileLock({ path, timeoutMs: 100 }, async () => 'ran')).rejects.toThrow('timed out');
  });

  it('stops waiting when the signal aborts', async () => {
    const path = lockPath();
    writeFileSync(path, `${process.ppid}@${hostname()}\n`);
    const ac = new AbortController();
    const p = withFileLock({ path, timeoutMs: 60_000, signal: ac.signal }, async () => 'ran');
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
  });
});
