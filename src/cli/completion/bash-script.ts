/**
 * The bash completion script: a static function generated from the command spec, so a
 * TAB costs no Node start-up. It completes commands, each command's flags (and the
 * global ones), paths after path-valued flags, skopeo transports where an image name
 * goes, and shells after `completion`; anything else falls back to file names.
 */
import {
  type CompletionSpec,
  flagWords,
  SHELLS,
  TRANSPORT_PREFIXES,
  valueFlagWords,
} from './completion-spec.js';

/** Quotes a word list for a bash double-quoted string (flag names and words need no escaping beyond this). */
const words = (list: readonly string[]) => list.join(' ').replace(/["\\$`]/g, '\\$&');
const alternatives = (list: readonly string[]) => (list.length > 0 ? list.join('|') : '--berth-none--');

export function bashScript(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}_completions`;
  const globalValues = valueFlagWords(spec.globalFlags);
  const cases = spec.commands
    .map((c) => {
      const flags = [...c.flags, ...spec.globalFlags];
      return [
        `    ${c.name})`,
        `      flags="${words(flagWords(flags))}"`,
        `      kind=${c.argument}`,
        `      case "$prev" in`,
        `        ${alternatives(valueFlagWords(flags, (f) => f.path))}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;`,
        `        ${alternatives(valueFlagWords(flags, (f) => !f.path))}) return 0 ;;`,
        '      esac',
        '      ;;',
      ].join('\n');
    })
    .join('\n');
  return `# bash completion for ${spec.program}
# Installation: ${spec.program} completion bash > /etc/bash_completion.d/${spec.program}
#    or: source <(${spec.program} completion bash)   (in ~/.bashrc)
${fn}() {
  local cur prev cmd="" kind="" flags="" i w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      # COMP_WORDBREAKS splits --flag=value into three words.
      ${alternatives(globalValues)}) ((i++)); [[ "\${COMP_WORDS[i]}" == "=" ]] && ((i++)) ;;
      =) ((i++)) ;;
      -*) ;;
      *) cmd="$w"; break ;;
    esac
  done
  case "$cmd" in
    "")
      case "$prev" in
        ${alternatives(valueFlagWords(spec.globalFlags, (f) => f.path))}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        ${alternatives(valueFlagWords(spec.globalFlags, (f) => !f.path))}) return 0 ;;
      esac
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "${words(flagWords(spec.globalFlags))}" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "${words(spec.commands.map((c) => c.name))}" -- "$cur"))
      fi
      return 0
      ;;
${cases}
    *) return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ "$kind" == shell ]]; then
    COMPREPLY=($(compgen -W "${words(SHELLS)}" -- "$cur"))
  elif [[ "$kind" == image && "$cur" != *:* ]]; then
    COMPREPLY=($(compgen -W "${words(TRANSPORT_PREFIXES)}" -- "$cur"))
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -o default -o bashdefault -F ${fn} ${spec.program}
`;
}
