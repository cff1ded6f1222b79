/**
 * The names of berth's commands, in the order help lists them. A module of its own, without
 * imports, so boot.ts (which picks a code cache per command) stays small; commands.ts maps
 * each name to its module, and program.test.ts checks every module names itself the same.
 */
export const COMMAND_NAMES = [
  'manifest-digest',
  'login',
  'logout',
  'delete',
  'inspect',
  'list-tags',
  'catalog',
  'standalone-sign',
  'standalone-verify',
  'completion',
  'copy',
  'sync',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
