/**
 * Running the built berth on a real pseudo-terminal: util-linux `script` gives the child a pty
 * (of the size `stty` sets) and copies its output, escape sequences included. Keys are sent
 * when the output shows what the test waits for, never after a delay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One step: when the output (since the last step) matches `when`, do `send` (keys or a signal). */
export interface PtyStep {
  when: string | RegExp;
  send: string | { signal: NodeJS.Signals };
}

/** What a run produced. */
export interface PtyResult {
  code: number | null;
  /** Everything the terminal received. */
  out: string;
}

/** Options for {@link runInPty}. */
export interface PtyOptions {
  /** The command, run by `sh -c` inside the pty. */
  command: string;
  env: NodeJS.ProcessEnv;
  steps: readonly PtyStep[];
  columns?: number;
  rows?: number;
  timeoutMs?: number;
}

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Runs `command` on a pty and plays `steps`; resolves when it exits. */
export function runInPty(opts: PtyOptions): Promise<PtyResult> {
  const size = `stty cols ${opts.columns ?? 100} rows ${opts.rows ?? 30} 2>/dev/null; `;
  const child: ChildProcess = spawn('script', ['-qfec', `${size}exec ${opts.command}`, '/dev/null'], {
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let from = 0;
  let step = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `the pty run did not end; step ${step} waited for ${String(opts.steps[step]?.when)}; output:\n${JSON.stringify(out)}`,
        ),
      );
    }, opts.timeoutMs ?? 30_000);
    const advance = (): void => {
      while (step < opts.steps.length) {
        const s = opts.steps[step] as PtyStep;
        const seen = out.slice(from);
        const hit = typeof s.when === 'string' ? seen.includes(s.when) : s.when.test(seen);
        if (!hit) return;
        from = out.length;
        step++;
        if (typeof s.send === 'string') child.stdin?.write(s.send);
        else {
          // script's child is the shell that exec'd berth: berth itself.
          for (const pid of childrenOf(child.pid as number)) process.kill(pid, s.send.signal);
        }
      }
    };
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      advance();
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stdin?.on('error', () => {});
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin?.end();
      resolve({ code, out });
    });
  });
}
