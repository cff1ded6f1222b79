/**
 * How copy and sync end when they fail, with skopeo's exit codes: 2 only when the input
 * image itself is missing (a `SourceError` with a not-found cause, skopeo's rule since
 * 1.16; 1.9.3 exits 1), 130 after Ctrl-C, 1 for everything else — including a 404 from the
 * destination, which the generic mapping in `program.ts` would report as 2.
 */
import { isNotFound } from '../../registry/http/index.js';
import { type CommandIO, write } from '../command.js';
import { describeError, EXIT_ERROR, EXIT_NOT_FOUND } from '../errors.js';
import { SourceError } from './copy-once.js';
import { EXIT_INTERRUPTED } from './interrupt.js';

/** The exit code for a failed copy. */
export function copyExitCode(err: unknown, interrupted: boolean): number {
  if (interrupted) return EXIT_INTERRUPTED;
  return err instanceof SourceError && isNotFound(err) ? EXIT_NOT_FOUND : EXIT_ERROR;
}

/** Prints `Error: …` on one line and returns the exit code. */
export async function reportFailure(io: CommandIO, err: unknown, interrupted: boolean): Promise<number> {
  await write(io.stderr, `Error: ${interrupted ? 'interrupted' : describeError(err)}\n`);
  return copyExitCode(err, interrupted);
}
