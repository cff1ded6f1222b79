/**
 * The footer: the keys of what has the keyboard now, generated from the keymap (never
 * written by hand). Hints that do not fit are dropped from the end; `?` lists them all.
 */
import { Text } from 'ink';
import type { Hint } from '../keys/keymap.js';
import { theme } from './theme.js';

/** Props of {@link KeyHints}. */
export interface KeyHintsProps {
  hints: readonly Hint[];
  width: number;
}

/** The hints that fit in `width` columns, as `key label` pairs two spaces apart. */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
  const out: Hint[] = [];
  let used = 0;
  for (const h of hints) {
    const w = [...h.key].length + 1 + [...h.label].length + (out.length > 0 ? 2 : 0);
    if (used + w > width) break;
    out.push(h);
    used += w;
  }
  return out;
}

/** Hints as `key label` pairs two spaces apart, for a line of text (a dialog's, say). */
export function HintSpans({ hints }: { hints: readonly Hint[] }) {
  return hints.map((h, i) => (
    <Text key={h.action}>
      {i > 0 ? '  ' : ''}
      <Text bold color={theme.key}>
        {h.key}
      </Text>{' '}
      {h.label}
    </Text>
  ));
}

/** One line of key hints. */
export function KeyHints({ hints, width }: KeyHintsProps) {
  return (
    <Text wrap="truncate-end">
      <HintSpans hints={fitHints(hints, width)} />
    </Text>
  );
}
