/**
 * `berth completion bash|zsh|fish` (beyond skopeo): prints a completion script for the
 * shell. The scripts are static, generated from the same yargs declarations the commands
 * parse with — unlike yargs's own completion they do not start Node on every TAB, and
 * they know skopeo's transports and which flags take paths.
 */
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { bashScript } from './completion/bash-script.js';
import { type CompletionSpec, completionSpec, SHELLS } from './completion/completion-spec.js';
import { fishScript } from './completion/fish-script.js';
import { zshScript } from './completion/zsh-script.js';
import { UsageError } from './errors.js';

export type Shell = (typeof SHELLS)[number];

const GENERATORS: Record<Shell, (spec: CompletionSpec) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

export const completionCommand: BerthCommand = {
  command: 'completion <shell>',
  describe: 'Print a shell completion script (bash, zsh or fish)',
  builder: (y) => y.positional('shell', { choices: [...SHELLS], description: 'the shell to complete for' }),
  async run(_ctx, argv, io) {
    const shell = argv.shell;
    if (typeof shell !== 'string' || !SHELLS.includes(shell as Shell)) {
      throw new UsageError(`unsupported shell ${JSON.stringify(shell)}: choose bash, zsh or fish`);
    }
    // Imported here, not at the top: program.ts lists this command, so a static import would be a cycle.
    const [{ globalOptions }, { loadAllCommands }] = await Promise.all([
      import('./program.js'),
      import('./commands.js'),
    ]);
    const spec = completionSpec({ program: 'berth', commands: await loadAllCommands(), globalOptions });
    await write(io.stdout, GENERATORS[shell as Shell](spec));
    return 0;
  },
};
