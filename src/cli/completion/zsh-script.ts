/**
 * The zsh completion script (`#compdef`): commands and flags with their descriptions
 * through `_describe`, paths after path-valued flags, transports where an image name
 * goes, shells after `completion`, file names otherwise. Generated from the command spec.
 */
import {
  type CompletionSpec,
  type FlagSpec,
  SHELLS,
  TRANSPORT_PREFIXES,
  valueFlagWords,
} from './completion-spec.js';

/** A single-quoted zsh word. */
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
/** `name:description` for `_describe`; a colon in the name must be escaped. */
const entry = (name: string, describe: string) =>
  quote(`${name.replace(/:/g, '\\:')}:${describe.replace(/\s+/g, ' ')}`);
const alternatives = (list: readonly string[]) => (list.length > 0 ? list.join('|') : '--berth-none--');

function flagEntries(flags: readonly FlagSpec[]): string {
  return flags
    .flatMap((f) => [`--${f.name}`, ...f.short.map((s) => `-${s}`)].map((w) => entry(w, f.describe)))
    .join(' ');
}

export function zshScript(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const cases = spec.commands
    .map((c) => {
      const flags = [...c.flags, ...spec.globalFlags];
      return [
        `    ${c.name})`,
        `      opts=(${flagEntries(flags)})`,
        `      kind=${c.argument}`,
        `      case $prev in`,
        `        ${alternatives(valueFlagWords(flags, (f) => f.path))}) _files; return ;;`,
        `        ${alternatives(valueFlagWords(flags, (f) => !f.path))}) _message 'value'; return ;;`,
        '      esac',
        '      ;;',
      ].join('\n');
    })
    .join('\n');
  return `#compdef ${spec.program}
# zsh completion for ${spec.program}
# Installation: ${spec.program} completion zsh > "\${fpath[1]}/_${spec.program}"
#    or: source <(${spec.program} completion zsh)   (in ~/.zshrc, after compinit)
${fn}() {
  local cmd="" kind="" prev=\${words[CURRENT-1]} i
  local -a opts commands
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      ${alternatives(valueFlagWords(spec.globalFlags))}) (( i++ )) ;;
      -*) ;;
      *) cmd=\${words[i]}; break ;;
    esac
  done
  case $cmd in
    "")
      case $prev in
        ${alternatives(valueFlagWords(spec.globalFlags, (f) => f.path))}) _files; return ;;
        ${alternatives(valueFlagWords(spec.globalFlags, (f) => !f.path))}) _message 'value'; return ;;
      esac
      if [[ \${words[CURRENT]} == -* ]]; then
        opts=(${flagEntries(spec.globalFlags)})
        _describe -t options 'global option' opts
      else
        commands=(${spec.commands.map((c) => entry(c.name, c.describe)).join(' ')})
        _describe -t commands '${spec.program} command' commands
      fi
      return
      ;;
${cases}
    *) _files; return ;;
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    _describe -t options 'option' opts
  elif [[ $kind == shell ]]; then
    compadd -- ${SHELLS.join(' ')}
  elif [[ $kind == image && \${words[CURRENT]} != *:* ]]; then
    compadd -S '' -- ${TRANSPORT_PREFIXES.map(quote).join(' ')}
    _files
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.program}
fi
`;
}
