/**
 * Ctrl-C during a copy or sync: the first SIGINT aborts the command's signal, so the
 * engine cancels its transfers, drops staged data and publishes nothing; the command then
 * exits 130, as a shell reports SIGINT. The handler is installed only while the command
 * runs and only once: a second Ctrl-C gets Node's default and ends the process at once.
 */
import type { CliContext } from '../context.js';

/** Exit code after Ctrl-C, as a shell reports death by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** The reason the command's signal carries after Ctrl-C. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted');
  }
}

export interface InterruptTrap {
  readonly interrupted: boolean;
  /** Removes the handler (call in `finally`). */
  dispose(): void;
}

/** Aborts `ctx` on the next SIGINT until disposed. */
export function trapInterrupt(ctx: CliContext, target: NodeJS.EventEmitter = process): InterruptTrap {
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    ctx.abort(new InterruptedError());
  };
  target.once('SIGINT', onSigint);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose: () => {
      target.removeListener('SIGINT', onSigint);
    },
  };
}
