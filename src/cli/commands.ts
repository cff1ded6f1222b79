/**
 * Every command, loaded on demand: a run imports only the module of the command it runs, so
 * `inspect` does not initialise sync's YAML parser, openpgp or the copy engine (start-up time,
 * measured by bench/). Help, completion and misspelt commands load them all.
 */
import type { BerthCommand } from './command.js';
import { COMMAND_NAMES, type CommandName } from './command-names.js';

const LOADERS: Record<CommandName, () => Promise<BerthCommand>> = {
  'manifest-digest': async () => (await import('./manifest-digest.js')).manifestDigestCommand,
  login: async () => (await import('./login.js')).loginCommand,
  logout: async () => (await import('./logout.js')).logoutCommand,
  delete: async () => (await import('./delete.js')).deleteCommand,
  inspect: async () => (await import('./inspect.js')).inspectCommand,
  'list-tags': async () => (await import('./list-tags.js')).listTagsCommand,
  catalog: async () => (await import('./catalog.js')).catalogCommand,
  'standalone-sign': async () => (await import('./standalone-sign.js')).standaloneSignCommand,
  'standalone-verify': async () => (await import('./standalone-verify.js')).standaloneVerifyCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
  copy: async () => (await import('./copy.js')).copyCommand,
  sync: async () => (await import('./sync.js')).syncCommand,
};

export function isCommandName(s: string): s is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(s);
}

/** The command called `name`. */
export function loadCommand(name: CommandName): Promise<BerthCommand> {
  return LOADERS[name]();
}

/** Every command, in COMMAND_NAMES order (the order help lists them in). */
export function loadAllCommands(): Promise<BerthCommand[]> {
  return Promise.all(COMMAND_NAMES.map((name) => LOADERS[name]()));
}
