/**
 * What shell completion knows about berth, read from the same yargs declarations the
 * commands parse with, so the scripts never drift from the flags: each command's name,
 * description, flags (with aliases, descriptions and whether they take a value) and
 * what its positional arguments are.
 */

import type { Argv } from 'yargs';
import yargs from 'yargs';
import type { BerthCommand } from '../command.js';

export interface FlagSpec {
  /** Long name without dashes (`tls-verify`). */
  name: string;
  /** One-letter aliases (`f` for `format`). */
  short: string[];
  describe: string;
  takesValue: boolean;
  /** The value is a path (`--authfile`, `--cert-dir`, …). */
  path: boolean;
}

/** What a command's positional arguments are, for completing them. */
export type ArgumentKind = 'image' | 'file' | 'shell' | 'none';

export interface CommandSpec {
  name: string;
  describe: string;
  flags: FlagSpec[];
  argument: ArgumentKind;
}

export interface CompletionSpec {
  program: string;
  commands: CommandSpec[];
  globalFlags: FlagSpec[];
}

/** skopeo's transports, offered where an image name goes. */
export const TRANSPORT_PREFIXES = ['docker://', 'oci:', 'dir:', 'oci-archive:', 'docker-archive:'];
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const PATH_FLAG =
  /(^|-)(authfile|cert-dir|dir|file|digestfile|policy|registries\.d|tmpdir|public-key-file|passphrase-file|output)$/;

interface YargsIntrospection {
  getOptions(): {
    key: Record<string, unknown>;
    alias: Record<string, string[]>;
    boolean: string[];
    count: string[];
    hiddenOptions: string[];
  };
  getInternalMethods(): { getUsageInstance(): { getDescriptions(): Record<string, string | undefined> } };
}

function flagsOf(y: Argv, exclude: ReadonlySet<string>): FlagSpec[] {
  const intro = y as unknown as YargsIntrospection;
  const opts = intro.getOptions();
  const descriptions = intro.getInternalMethods().getUsageInstance().getDescriptions();
  const aliases = new Set(Object.values(opts.alias).flat());
  const hidden = new Set(opts.hiddenOptions);
  return Object.keys(opts.key)
    .filter((k) => !aliases.has(k) && !exclude.has(k) && !hidden.has(k))
    .sort()
    .map((name) => ({
      name,
      short: (opts.alias[name] ?? []).filter((a) => a.length === 1),
      // yargs marks its own built-in descriptions with a prefix.
      describe: (descriptions[name] ?? '').replace(/^__yargsString__:/, ''),
      takesValue: !opts.boolean.includes(name) && !opts.count.includes(name),
      path: PATH_FLAG.test(name),
    }));
}

function positionals(command: string): string[] {
  return [...command.matchAll(/[<[]([^>\]]+)[>\]]/g)].map((m) => m[1]!.replace(/\.\.\.$/, ''));
}

function argumentKind(command: string): ArgumentKind {
  const args = command.split(/\s+/).slice(1).join(' ');
  if (/IMAGE|REPOSITORY|SOURCE|DESTINATION/.test(args)) return 'image';
  if (/FILE|MANIFEST|SIGNATURE/.test(args)) return 'file';
  if (/shell|SHELL/.test(args)) return 'shell';
  return 'none';
}

/** Reads the spec from the commands' builders and the global flags. */
export function completionSpec(opts: {
  program: string;
  commands: readonly BerthCommand[];
  globalOptions: (y: Argv) => Argv;
}): CompletionSpec {
  const builtIn = new Set(['help', 'version']);
  const globalFlags = flagsOf(opts.globalOptions(yargs([])), builtIn);
  globalFlags.push(
    { name: 'help', short: ['h'], describe: 'help for berth', takesValue: false, path: false },
    { name: 'version', short: ['v'], describe: 'Version for berth', takesValue: false, path: false },
  );
  const commands = opts.commands
    .map((cmd) => ({
      name: cmd.command.split(/\s+/)[0]!,
      describe: cmd.describe,
      // Positionals are declared as options too; they are not flags.
      flags: flagsOf(cmd.builder(yargs([])), new Set([...builtIn, ...positionals(cmd.command)])),
      argument: argumentKind(cmd.command),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { program: opts.program, commands, globalFlags };
}

/** Every flag a command accepts (its own and the global ones), long and short spellings. */
export function flagWords(flags: readonly FlagSpec[]): string[] {
  return flags.flatMap((f) => [`--${f.name}`, ...f.short.map((s) => `-${s}`)]);
}

/** Flags whose value is the next word, long and short spellings. */
export function valueFlagWords(
  flags: readonly FlagSpec[],
  which: (f: FlagSpec) => boolean = () => true,
): string[] {
  return flagWords(flags.filter((f) => f.takesValue && which(f)));
}
