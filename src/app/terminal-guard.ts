/**
 * The terminal must come back as it was, however berth ends. Ink 6 has no alternate-screen
 * option, so berth enters it itself (`CSI ?1049h`) and leaves it (`CSI ?1049l`, then shows
 * the cursor) on every way out: a normal exit, Ctrl-C (a key in raw mode, handled by the
 * app), SIGINT/SIGTERM/SIGHUP from outside, and an uncaught exception or rejection. Ink is
 * unmounted first (it restores raw mode and writes its last frame), then the screen is left.
 */

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

/** The parts of `process` the guard uses; tests pass an EventEmitter. */
export interface GuardedProcess {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code?: number): void;
}

/** Options for {@link guardTerminal}. */
export interface GuardTerminalOptions {
  stdout: { write(data: string): unknown };
  stderr: { write(data: string): unknown };
  proc: GuardedProcess;
  /** Describes a fatal error for stderr (after the screen is restored, so it stays visible). */
  describe?: (err: unknown) => string;
}

/** A guarded terminal. */
export interface TerminalGuard {
  /** Called before restoring on a signal or fatal error (unmount Ink here). */
  onShutdown(fn: () => void): void;
  /** Leaves the alternate screen and shows the cursor; safe to call more than once. */
  restore(): void;
  /** Restores and removes the process listeners (after a normal exit). */
  dispose(): void;
}

const SIGNAL_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Enters the alternate screen and installs the handlers that leave it. */
export function guardTerminal(opts: GuardTerminalOptions): TerminalGuard {
  const { stdout, stderr, proc } = opts;
  let restored = false;
  let shutdown: (() => void) | undefined;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  const stop = (code: number, err?: unknown): void => {
    try {
      shutdown?.();
    } catch {
      // Ink may be what failed; the screen is restored regardless.
    }
    restore();
    if (err !== undefined) {
      const text = opts.describe
        ? opts.describe(err)
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
      stderr.write(`berth: ${text}\n`);
    }
    proc.exit(code);
  };
  const listeners: Array<[string, (...args: unknown[]) => void]> = [
    ['exit', restore],
    ...Object.entries(SIGNAL_CODES).map(([sig, code]): [string, () => void] => [sig, () => stop(code)]),
    ['uncaughtException', (err: unknown) => stop(1, err)],
    ['unhandledRejection', (err: unknown) => stop(1, err)],
  ];
  for (const [event, fn] of listeners) proc.on(event, fn);
  stdout.write(ENTER_ALT_SCREEN);
  return {
    onShutdown(fn) {
      shutdown = fn;
    },
    restore,
    dispose() {
      restore();
      for (const [event, fn] of listeners) proc.off(event, fn);
    },
  };
}
