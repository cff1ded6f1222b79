/**
 * The shape of one berth command: yargs declares its flags, `run` does the work with the
 * shared context and the process's streams (injected, so tests run commands in-process).
 */
import type { Argv } from 'yargs';
import type { CliContext } from './context.js';

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface BerthCommand {
  /** yargs command string, e.g. `inspect IMAGE-NAME`. */
  command: string;
  describe: string;
  builder(y: Argv): Argv;
  /** Resolves with the exit code (default 0); throws to fail with `describeError` and `exitCodeFor`. */
  run(ctx: CliContext, argv: Record<string, unknown>, io: CommandIO): Promise<number | undefined>;
}

/** Writes and waits until the stream has taken the data (large JSON to a pipe). */
export function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
