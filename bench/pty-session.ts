/**
 * A process on a real pseudo-terminal, timed from the outside: util-linux `script` gives it a
 * pty (sized by `stty`, as test/tui/pty.ts does) and copies everything the terminal receives
 * to us. Each output chunk is stamped with `performance.now()` as it arrives, so "the output
 * first shows X" is a time, not a poll. The measured path is the user's: the program writes
 * to the pty, `script` reads it and passes it on; `script` and the pipe are the floor that a
 * bare `node -e` run on the same pty measures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { childrenOf } from './proc-status.js';

/** Options for {@link startPty}. */
export interface PtyOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  columns: number;
  rows: number;
}

/** When a pattern showed, and what matched. */
export interface PtyMatch {
  /** `performance.now()` when the chunk completing the match arrived. */
  at: number;
  match: RegExpExecArray;
}

/** A running pty session. */
export interface PtySession {
  /** `performance.now()` just before `script` was spawned. */
  readonly startedAt: number;
  /** The output position now: {@link PtySession.waitFor} from here sees only what comes later. */
  mark(): number;
  /** Waits until the text written since `since` (escape sequences removed) matches `pattern`. */
  waitFor(pattern: RegExp, opts?: { since?: number; timeoutMs?: number }): Promise<PtyMatch>;
  /** Waits until nothing has been written for `ms` (frames settled, Ink's throttle window passed). */
  quiet(ms: number, timeoutMs?: number): Promise<void>;
  /** Writes keys to the terminal; returns `performance.now()` just before the write. */
  write(keys: string): number;
  /** The program's pid (`script`'s child, once the shell has exec'd it). */
  programPid(): number | undefined;
  /** Writes `keys` (or sends SIGTERM when none) and waits for the exit; kills it after `timeoutMs`. */
  stop(opts?: { keys?: string; timeoutMs?: number }): Promise<number | null>;
}

// CSI (colours, cursor moves, modes), OSC (titles, clipboard), and two-byte escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[78=>@-Z\\-_])|\r/g;

/** The text a terminal shows from `raw`: escape sequences and carriage returns removed. */
export function visibleText(raw: string): string {
  return raw.replace(ESCAPES, '');
}

/** A shell word for `sh -c`. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Starts `argv` on a fresh pty of `columns` × `rows`. */
export function startPty(opts: PtyOptions): PtySession {
  const size = `stty cols ${opts.columns} rows ${opts.rows} 2>/dev/null; `;
  const startedAt = performance.now();
  const child: ChildProcess = spawn(
    'script',
    ['-qfec', `${size}exec ${opts.argv.map(quote).join(' ')}`, '/dev/null'],
    { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let raw = '';
  let lastDataAt = startedAt;
  const listeners = new Set<(at: number) => void>();
  const onData = (chunk: Buffer): void => {
    const at = performance.now();
    lastDataAt = at;
    raw += chunk.toString('utf8');
    for (const l of [...listeners]) l(at);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.stdin?.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of [...listeners]) l(performance.now());
  });

  const tail = (): string => JSON.stringify(visibleText(raw).slice(-1500));
  return {
    startedAt,
    mark: () => raw.length,
    waitFor(pattern, { since = 0, timeoutMs = 30_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = (at: number): void => {
          const match = pattern.exec(visibleText(raw.slice(since)));
          if (match) finish(() => resolve({ at, match }));
          else if (done)
            finish(() => reject(new Error(`exited before the output showed ${pattern}: ${tail()}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`timed out waiting for ${pattern}; output: ${tail()}`))),
          timeoutMs,
        );
        const finish = (then: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check(performance.now());
      });
    },
    quiet(ms, timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const tick = (): void => {
          const now = performance.now();
          if (now - lastDataAt >= ms || done) resolve();
          else if (now > deadline) reject(new Error(`the output did not settle for ${ms} ms`));
          else setTimeout(tick, ms - (now - lastDataAt));
        };
        tick();
      });
    },
    write(keys) {
      const at = performance.now();
      child.stdin?.write(keys);
      return at;
    },
    programPid: () => (child.pid === undefined ? undefined : childrenOf(child.pid)[0]),
    async stop({ keys, timeoutMs = 10_000 } = {}) {
      if (done) return exited;
      const pid = child.pid === undefined ? undefined : childrenOf(child.pid)[0];
      if (keys !== undefined) child.stdin?.write(keys);
      else if (pid !== undefined) process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        // Not quitting is a result too (the caller sees a non-zero code), but no process may leak.
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
        child.kill('SIGKILL');
      }, timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      child.stdin?.end();
      return code;
    },
  };
}
