/**
 * The delete confirmation, drawn by the shell over any screen that asked (`requestDelete`):
 * what each named tag points at, every other tag on the same digest as the lookups find
 * them, and what each answer removes — `t` only the named tags (the digest and its other
 * tags stay), `y` the digest with every tag on it. `y` waits until the other tags are known.
 */
import { Box, Text } from 'ink';
import { useBerth, useBerthStore } from '../app/StoreProvider.js';
import { errorLines } from '../components/ErrorPanel.js';
import { HintSpans } from '../components/KeyHints.js';
import { printable, theme } from '../components/theme.js';
import { hintsFor } from '../keys/keymap.js';
import { useKeymap } from '../keys/use-keymap.js';
import { type DeletePlan, tagsGoing } from '../store/index.js';
import { selectReadOnly } from '../store/selectors.js';

/** Targets listed before "+N more". */
const MAX_TARGETS = 5;
/** The widest the box gets. */
const MAX_WIDTH = 100;
/** Columns the border and padding take from the box's width. */
const FRAME = 4;

/** Props of {@link DeleteDialog}. */
export interface DeleteDialogProps {
  width: number;
  height: number;
}

function title(plan: DeletePlan): string {
  const repo = `${plan.registry}/${plan.repository}`;
  const first = plan.names[0];
  if (plan.names.length === 1 && first?.transport === 'docker') {
    const { tag, digest } = first.ref;
    return `Delete ${repo}${digest ? `@${digest}` : `:${tag ?? ''}`}?`;
  }
  return `Delete ${plan.names.length} tags of ${repo}?`;
}

function siblingLine(plan: DeletePlan): { text: string; color?: string } {
  const s = plan.siblings;
  const on = plan.targets.length === 1 ? 'it' : 'them';
  switch (s.status) {
    case 'loading':
      return { text: `looking up the other tags on ${on}… ${s.done}/${s.total}`, color: theme.muted };
    case 'found':
      return s.tags.length === 0
        ? { text: `no other tag points at ${on}` }
        : { text: `also tagged: ${s.tags.join(', ')}`, color: theme.warn };
    case 'too-many':
      return {
        text: `not checked which other tags point at ${on}: more than ${s.limit} tags`,
        color: theme.warn,
      };
    case 'error':
      return { text: `could not check the other tags: ${errorLines(s.error).join(': ')}`, color: theme.warn };
  }
}

/**
 * One target as lines of at most `width` columns: `tag → sha256:…` when it fits, else the
 * tag, then the full digest on a line of its own (indented when there is room).
 */
export function targetLines(opts: { tag: string | undefined; digest: string; width: number }): string[] {
  const { digest, width } = opts;
  if (!opts.tag) return [digest];
  const tag = printable(opts.tag);
  const one = `${tag} → ${digest}`;
  if ([...one].length <= width) return [one];
  return [`${tag} →`, digest.length + 2 <= width ? `  ${digest}` : digest];
}

/** What each answer removes. */
function consequences(plan: DeletePlan): string[] {
  const named = plan.targets.flatMap((t) => (t.tag ? [t.tag] : []));
  const digests = new Set(plan.targets.map((t) => t.digest)).size;
  const going = tagsGoing(plan);
  const out: string[] = [];
  if (named.length > 0)
    out.push(
      `this tag only: removes ${named.join(', ')}; the digest${digests === 1 ? '' : 's'} and other tags stay`,
    );
  const tags =
    going.length > 0
      ? ` and ${going.length === 1 ? 'the tag' : `all ${going.length} tags`}: ${going.join(', ')}`
      : '';
  out.push(`delete the digest: removes ${digests === 1 ? 'the manifest' : `${digests} manifests`}${tags}`);
  return out;
}

/** The delete confirmation. */
export function DeleteDialog({ width }: DeleteDialogProps) {
  const store = useBerthStore();
  const plan = useBerth((s) => s.deletePlan);
  const readOnly = useBerth(selectReadOnly);
  const s = () => store.getState();
  useKeymap('delete-dialog', {
    deleteTagOnly: () => void s().confirmDelete('tags'),
    deleteDigest: () => void s().confirmDelete('digest'),
    cancel: () => s().cancelDelete(),
    interrupt: () => {
      if (s().busy['delete-plan'] !== undefined) s().interrupt();
      else s().cancelDelete();
    },
  });
  if (!plan) return null;
  const ready = plan.status === 'ready';
  const hints = hintsFor('delete-dialog', { readOnly }).filter((h) => {
    if (h.action === 'deleteTagOnly') return ready && plan.targets.some((t) => t.tag);
    if (h.action === 'deleteDigest') return ready && plan.siblings.status !== 'loading';
    return true;
  });
  const shown = plan.targets.slice(0, MAX_TARGETS);
  const sibling = siblingLine(plan);
  const box = Math.min(width, MAX_WIDTH);
  const inner = Math.max(1, box - FRAME);
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={box}>
      <Text bold wrap="truncate-end">
        {printable(title(plan))}
      </Text>
      {plan.status === 'resolving' ? <Text color={theme.muted}>resolving…</Text> : null}
      {plan.status === 'error' && plan.error ? (
        <Text color={theme.error} wrap="wrap">
          error: {errorLines(plan.error).join(': ')}
        </Text>
      ) : null}
      {shown.flatMap((t) =>
        targetLines({ tag: t.tag, digest: t.digest, width: inner }).map((line, i) => (
          // The digest is what goes: never cut, wrapped if even its own line is too narrow.
          <Text key={`${t.tag ?? ''}@${t.digest} ${String(i)}`} wrap="wrap">
            {line}
          </Text>
        )),
      )}
      {plan.targets.length > shown.length ? (
        <Text color={theme.muted}>+{plan.targets.length - shown.length} more</Text>
      ) : null}
      {ready ? (
        <Text wrap="wrap" {...(sibling.color ? { color: sibling.color } : {})}>
          {printable(sibling.text)}
        </Text>
      ) : null}
      {ready
        ? consequences(plan).map((line) => (
            <Text key={line} wrap="wrap">
              {printable(line)}
            </Text>
          ))
        : null}
      <Text>
        <HintSpans hints={hints} />
      </Text>
    </Box>
  );
}
