import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

/** One timed process run. */
export interface Sample {
  wallMs: number;
  /** Peak resident set size from GNU time (`%M`), in KiB. */
  maxRssKiB: number;
  /**
   * User plus system CPU time (`%U + %S`, 10 ms resolution), children included: less disturbed
   * than wall time by other work on a shared machine.
   */
  cpuMs: number;
}

/** Options for {@link measure}. */
export interface MeasureOptions {
  /** GNU time's path. */
  time: string;
  argv: string[];
  /** stdout and stderr of the run go here (appended), for when it fails. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
}

/**
 * Runs `argv` under GNU time and returns its wall time (measured here, around the spawn, so every
 * tool pays the same fork/exec and wait) and peak RSS. Throws with the log's tail when it fails.
 */
export async function measure(opts: MeasureOptions): Promise<Sample> {
  const rssFile = `${opts.logFile}.time`;
  const log = openSync(opts.logFile, 'a');
  const started = process.hrtime.bigint();
  let code: number | null;
  try {
    const child = spawn(opts.time, ['-f', '%M %U %S', '-o', rssFile, '--', ...opts.argv], {
      stdio: ['ignore', log, log],
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
  } finally {
    closeSync(log);
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) {
    const tail = readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    throw new Error(`${opts.argv.join(' ')} exited with ${code}; log ${opts.logFile}:\n${tail}`);
  }
  // GNU time writes "Command exited…" lines first when the command fails; the numbers are last.
  const [rss, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '')
    .split(' ')
    .map(Number);
  rmSync(rssFile, { force: true });
  return { wallMs, maxRssKiB: rss ?? Number.NaN, cpuMs: ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000 };
}
