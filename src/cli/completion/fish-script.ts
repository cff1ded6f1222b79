/**
 * The fish completion script: one static `complete` line per command and flag, generated
 * from the command spec (commands offered before one is given, each command's flags after
 * it, paths for path-valued flags, transports for image names, shells for `completion`).
 */
import { type CompletionSpec, type FlagSpec, SHELLS, TRANSPORT_PREFIXES } from './completion-spec.js';

/** A single-quoted fish word. */
const quote = (s: string) => `'${s.replace(/[\\']/g, '\\$&')}'`;

function flagLine(program: string, condition: string, f: FlagSpec): string {
  const parts = [`complete -c ${program} -n ${quote(condition)} -l ${f.name}`];
  for (const s of f.short) parts.push(`-s ${s}`);
  if (f.takesValue) parts.push(f.path ? '-r -F' : '-x');
  if (f.describe) parts.push(`-d ${quote(f.describe)}`);
  return parts.join(' ');
}

export function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  const names = spec.commands.map((c) => c.name).join(' ');
  const lines = [
    `# fish completion for ${p}`,
    `# Installation: ${p} completion fish > ~/.config/fish/completions/${p}.fish`,
    `complete -c ${p} -f`,
    ...spec.globalFlags.map((f) => flagLine(p, `not __fish_seen_subcommand_from ${names}`, f)),
  ];
  for (const c of spec.commands) {
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(`complete -c ${p} -n ${quote('__fish_use_subcommand')} -a ${c.name} -d ${quote(c.describe)}`);
    for (const f of [...c.flags, ...spec.globalFlags]) lines.push(flagLine(p, seen, f));
    if (c.argument === 'image') {
      lines.push(
        `complete -c ${p} -n ${quote(seen)} -a ${quote(TRANSPORT_PREFIXES.join(' '))} -d 'transport'`,
      );
      lines.push(`complete -c ${p} -n ${quote(seen)} -F`);
    } else if (c.argument === 'file') {
      lines.push(`complete -c ${p} -n ${quote(seen)} -F`);
    } else if (c.argument === 'shell') {
      lines.push(`complete -c ${p} -n ${quote(seen)} -a ${quote(SHELLS.join(' '))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
