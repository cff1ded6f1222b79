import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A safety net for test processes that end without calling `stop()` (a crashed test, a timed-out
 * hook): on exit every child still running is SIGKILLed and every temp dir removed. `stop()` is the
 * normal path; this only keeps a failed run from leaving registries and files behind.
 */

const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();
let installed = false;

function installExitHook(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

let base: string | undefined;

/**
 * Where harness temp dirs go: `BERTH_HARNESS_TMPDIR` if set, else `/dev/shm` when it is a writable
 * directory, else the OS temp dir. tmpfs matters: on this project's machines (ext4 with `discard`)
 * creating a file costs about a millisecond, and a registry creates several per tag and per blob;
 * on tmpfs the same work is about six times faster.
 */
export function tempBase(): string {
  if (base !== undefined) return base;
  base = process.env.BERTH_HARNESS_TMPDIR ?? tmpdir();
  if (process.env.BERTH_HARNESS_TMPDIR === undefined) {
    try {
      if (statSync('/dev/shm').isDirectory()) {
        accessSync('/dev/shm', constants.W_OK);
        base = '/dev/shm';
      }
    } catch {
      // no usable tmpfs: keep the OS temp dir
    }
  }
  return base;
}

/** Creates a fresh directory under {@link tempBase} that is removed at exit unless released earlier. */
export function makeTempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tempBase(), `berth-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes a directory made by {@link makeTempDir} now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kills `child` at process exit if it is still running then. */
export function trackChild(child: ChildProcess): void {
  installExitHook();
  children.add(child);
  child.once('exit', () => children.delete(child));
}
