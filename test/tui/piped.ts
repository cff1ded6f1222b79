import { spawn } from 'node:child_process';

/** What a process run with pipes (not a terminal) printed and how it ended. */
export interface PipedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with pipes for stdin (ended at once), stdout and stderr: berth off a terminal. */
export async function runPiped(opts: {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}): Promise<PipedRun> {
  const child = spawn(opts.command, opts.args, {
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdin.end();
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}
