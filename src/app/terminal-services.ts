/** The app's services on a real terminal: OSC 52 straight to stdout (it draws nothing). */
import { osc52Sequence } from './osc52.js';
import type { AppServices } from './StoreProvider.js';

/** Services writing to `stdout`; `env.TMUX` decides the passthrough wrapping. */
export function createTerminalServices(opts: {
  stdout: { write(data: string): unknown };
  env: NodeJS.ProcessEnv;
}): AppServices {
  return {
    copyText(text) {
      const seq = osc52Sequence(text, { tmux: Boolean(opts.env.TMUX) });
      if (!seq) return false;
      // Written beside Ink's output: the sequence moves no cursor, so Ink's frame stays valid.
      opts.stdout.write(seq);
      return true;
    },
    animate: true,
  };
}
