import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ENTER_ALT_SCREEN, guardTerminal, LEAVE_ALT_SCREEN, SHOW_CURSOR } from './terminal-guard.js';

/** A process stand-in: events, and exit recorded instead of done. */
class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code?: number): void {
    this.exits.push(code ?? 0);
  }
}

function setUp() {
  const out: string[] = [];
  const err: string[] = [];
  const proc = new FakeProcess();
  const calls: string[] = [];
  const guard = guardTerminal({
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    proc,
    describe: (e) => `described ${(e as Error).message}`,
  });
  guard.onShutdown(() => {
    calls.push(`unmount with ${out.length} writes`);
  });
  return { out, err, proc, calls, guard };
}

const RESTORE = LEAVE_ALT_SCREEN + SHOW_CURSOR;

describe('guardTerminal', () => {
  it('enters the alternate screen at once', () => {
    const { out } = setUp();
    expect(out).toEqual([ENTER_ALT_SCREEN]);
  });

  it.each([
    { name: 'SIGTERM', event: 'SIGTERM', arg: undefined, code: 143, stderr: [] as string[] },
    { name: 'SIGINT from outside', event: 'SIGINT', arg: undefined, code: 130, stderr: [] as string[] },
    { name: 'SIGHUP', event: 'SIGHUP', arg: undefined, code: 129, stderr: [] as string[] },
    {
      name: 'an uncaught exception',
      event: 'uncaughtException',
      arg: new Error('boom'),
      code: 1,
      stderr: ['berth: described boom\n'],
    },
    {
      name: 'an unhandled rejection',
      event: 'unhandledRejection',
      arg: new Error('late'),
      code: 1,
      stderr: ['berth: described late\n'],
    },
  ])('on $name: unmounts, restores, reports, exits $code', ({ event, arg, code, stderr }) => {
    const { out, err, proc, calls } = setUp();
    proc.emit(event, arg);
    // Ink is unmounted before the screen is left, so its last frame lands in the alternate screen.
    expect(calls).toEqual(['unmount with 1 writes']);
    expect(out).toEqual([ENTER_ALT_SCREEN, RESTORE]);
    expect(err).toEqual(stderr);
    expect(proc.exits).toEqual([code]);
  });

  it('restores on process exit, once', () => {
    const { out, proc, guard } = setUp();
    proc.emit('exit', 0);
    guard.restore();
    proc.emit('exit', 0);
    expect(out).toEqual([ENTER_ALT_SCREEN, RESTORE]);
  });

  it('restores even when unmounting throws', () => {
    const { out, proc, guard } = setUp();
    guard.onShutdown(() => {
      throw new Error('ink broke');
    });
    proc.emit('SIGTERM');
    expect(out).toEqual([ENTER_ALT_SCREEN, RESTORE]);
    expect(proc.exits).toEqual([143]);
  });

  it('dispose restores and removes every listener', () => {
    const { out, proc, guard } = setUp();
    guard.dispose();
    expect(out).toEqual([ENTER_ALT_SCREEN, RESTORE]);
    for (const e of ['exit', 'SIGTERM', 'SIGINT', 'SIGHUP', 'uncaughtException', 'unhandledRejection']) {
      expect(proc.listenerCount(e), e).toBe(0);
    }
  });
});
